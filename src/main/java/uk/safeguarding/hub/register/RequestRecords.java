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
 * Section 47 information requests a later response may answer (table {@code request_record}): who asked about
 * whom, and which agencies received the request.
 */
final class RequestRecords {

    private final JdbcTemplate jdbc;

    RequestRecords(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The request a message's {@code basedOn} names, if the hub recorded one. */
    FamilyFacts.AnsweredRequest answeredBy(InboundMessage message) {
        if (message.basedOn() == null) {
            return null;
        }
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT event, sender_agency, subject_nhs, recipients FROM request_record WHERE hub_message_id = ?",
                message.basedOn());
        if (rows.isEmpty()) {
            return null;
        }
        Map<String, Object> row = rows.get(0);
        return new FamilyFacts.AnsweredRequest(
                message.basedOn(),
                (String) row.get("EVENT"),
                (String) row.get("SENDER_AGENCY"),
                (String) row.get("SUBJECT_NHS"),
                Sql.split((String) row.get("RECIPIENTS")));
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
                message.serviceUserNhsNumber(),
                String.join(",", new TreeSet<>(recipients)),
                now);
    }
}
