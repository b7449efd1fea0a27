package uk.safeguarding.hub.register;

import java.sql.Timestamp;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import uk.safeguarding.hub.message.Event;
import uk.safeguarding.hub.message.InboundMessage;

/**
 * Requests a later message may answer (table {@code request_record}): Section 47 information requests (who asked
 * about whom, and which agencies received the request), and referrals that reached children's social care (who
 * referred, to which agency, on which basis; answered by a referral outcome, or overdue).
 */
final class RequestRecords {

    /** Whom a request is about is only ever read back, never looked up: sealed, with no hash. */
    static final String SUBJECT = "request_record.subject";

    private final JdbcTemplate jdbc;
    private final People people;

    RequestRecords(JdbcTemplate jdbc, People people) {
        this.jdbc = jdbc;
        this.people = people;
    }

    /** Requests recorded before the vault: their subjects sealed. Returns how many rows. */
    int upgrade() {
        List<Object[]> rows = jdbc.query(
                "SELECT hub_message_id, subject_nhs FROM request_record WHERE subject_nhs NOT LIKE 'vault:%'",
                (rs, i) -> new Object[] {people.seal(rs.getString(2), SUBJECT), rs.getString(1)});
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("UPDATE request_record SET subject_nhs = ? WHERE hub_message_id = ?", rows);
        }
        return rows.size();
    }

    /** The request a message's {@code basedOn} names, if the hub recorded one. */
    FamilyFacts.AnsweredRequest answeredBy(InboundMessage message) {
        if (message.basedOn() == null) {
            return null;
        }
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT event, sender_agency, subject_nhs, recipients, basis FROM request_record"
                        + " WHERE hub_message_id = ?",
                message.basedOn());
        if (rows.isEmpty()) {
            return null;
        }
        Map<String, Object> row = rows.get(0);
        return new FamilyFacts.AnsweredRequest(
                message.basedOn(),
                (String) row.get("EVENT"),
                (String) row.get("SENDER_AGENCY"),
                people.open((String) row.get("SUBJECT_NHS"), SUBJECT),
                Sql.split((String) row.get("RECIPIENTS")),
                (String) row.get("BASIS"));
    }

    /** A referral (or mandatory referral) shared with children's social care: its outcome will answer it. */
    void recordReferral(InboundMessage message, String cscAgency, String basis, Timestamp now) {
        int updated = jdbc.update(
                "UPDATE request_record SET recipients = recipients || ',' || ? WHERE hub_message_id = ?",
                cscAgency,
                message.hubMessageId());
        if (updated == 0) {
            jdbc.update(
                    "INSERT INTO request_record (hub_message_id, event, sender_agency, subject_nhs, recipients,"
                            + " received_at, basis, referral_level) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    message.hubMessageId(),
                    message.event().code(),
                    message.senderAgency(),
                    people.seal(message.serviceUserNhsNumber(), SUBJECT),
                    cscAgency,
                    now,
                    basis,
                    message.referralLevel());
        }
    }

    /** The referral a referral outcome answers is answered (the first outcome stands for the follow-up). */
    void answer(InboundMessage outcome, Timestamp now) {
        jdbc.update(
                "UPDATE request_record SET answered_at = ?, outcome = ? WHERE hub_message_id = ? AND answered_at IS NULL",
                now,
                outcome.referralOutcome(),
                outcome.basedOn());
    }

    void record(InboundMessage message, Collection<String> recipients, Timestamp now) {
        if (message.event() != Event.S47_INFORMATION_REQUEST) {
            return;
        }
        jdbc.update(
                "INSERT INTO request_record (hub_message_id, event, sender_agency, subject_nhs, recipients,"
                        + " received_at) VALUES (?, ?, ?, ?, ?, ?)",
                message.hubMessageId(),
                message.event().code(),
                message.senderAgency(),
                people.seal(message.serviceUserNhsNumber(), SUBJECT),
                String.join(",", new TreeSet<>(recipients)),
                now);
    }

    /** Referral-like requests (these events) with no answer and not yet overdue, oldest first. */
    List<Registers.OpenReferral> unanswered(Collection<String> events) {
        return jdbc.query(
                "SELECT hub_message_id, sender_agency, subject_nhs, event, received_at, referral_level, recipients"
                        + " FROM request_record WHERE event IN ("
                        + String.join(",", java.util.Collections.nCopies(events.size(), "?"))
                        + ") AND answered_at IS NULL AND overdue_at IS NULL ORDER BY received_at",
                (rs, i) -> new Registers.OpenReferral(
                        rs.getString(1),
                        rs.getString(2),
                        people.open(rs.getString(3), SUBJECT),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant(),
                        (Integer) rs.getObject(6),
                        rs.getString(7),
                        null),
                events.toArray());
    }

    /** Marks it overdue, once: false when it was answered or marked already (by another instance, say). */
    boolean markOverdue(String hubId, Timestamp at) {
        return jdbc.update(
                        "UPDATE request_record SET overdue_at = ? WHERE hub_message_id = ? AND overdue_at IS NULL"
                                + " AND answered_at IS NULL",
                        at,
                        hubId)
                == 1;
    }

    /** These requests as recorded, by hub id, answered or not. */
    Map<String, Registers.OpenReferral> of(Collection<String> hubIds) {
        Map<String, Registers.OpenReferral> out = new java.util.HashMap<>();
        if (hubIds.isEmpty()) {
            return out;
        }
        jdbc.query(
                "SELECT hub_message_id, sender_agency, subject_nhs, event, received_at, referral_level, recipients,"
                        + " answered_at FROM request_record WHERE hub_message_id IN ("
                        + String.join(",", java.util.Collections.nCopies(hubIds.size(), "?")) + ")",
                rs -> {
                    Timestamp answered = rs.getTimestamp(8);
                    out.put(
                            rs.getString(1),
                            new Registers.OpenReferral(
                                    rs.getString(1),
                                    rs.getString(2),
                                    people.open(rs.getString(3), SUBJECT),
                                    rs.getString(4),
                                    rs.getTimestamp(5).toInstant(),
                                    (Integer) rs.getObject(6),
                                    rs.getString(7),
                                    answered == null ? null : answered.toInstant()));
                },
                hubIds.toArray());
        return out;
    }
}
