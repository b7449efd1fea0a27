package uk.safeguarding.hub.operations;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What happened to one message, for operations: received, each candidate's decision (rule, version, basis,
 * reasons), each share's way (queued, fetched, acknowledged, recalled, alerted), and the audit entries about it,
 * with times. Never the message's content; NHS numbers in the reasons are masked. Every look-up uses an index:
 * the hub id, the sender and its message id, the NHS number, or a time range (with an event).
 */
@Component
public class MessageTrace {

    static final int MOST_FOUND = 50;
    private static final Pattern NHS_NUMBER = Pattern.compile("\\b\\d{10}\\b");

    public record Found(String hubMessageId, String event, String senderAgency, String receivedAt) {}

    public record Step(String at, String what, String agency, String detail) {}

    public record Trace(
            String hubMessageId,
            String senderAgency,
            String senderMessageId,
            String event,
            String receivedAt,
            int ruleVersion,
            List<Map<String, Object>> decisions,
            List<Map<String, Object>> shares,
            List<Step> steps) {}

    private final JdbcTemplate jdbc;

    public MessageTrace(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Messages matching one indexed key, newest first, at most 50. */
    public List<Found> find(
            String hubId,
            String senderAgency,
            String senderMessageId,
            String nhs,
            Instant from,
            Instant to,
            String event) {
        String select = "SELECT hub_message_id, event, sender_agency, received_at FROM inbound_message WHERE ";
        List<Map<String, Object>> rows;
        if (hubId != null) {
            rows = jdbc.queryForList(select + "hub_message_id = ?", hubId);
        } else if (senderAgency != null && senderMessageId != null) {
            rows = jdbc.queryForList(
                    select + "sender_agency = ? AND sender_message_id = ?", senderAgency, senderMessageId);
        } else if (nhs != null) {
            rows = jdbc.queryForList(
                    select + "subject_nhs = ? ORDER BY received_at DESC FETCH FIRST " + MOST_FOUND + " ROWS ONLY", nhs);
        } else if (from != null && to != null && senderAgency != null) {
            rows = jdbc.queryForList(
                    select + "sender_agency = ? AND received_at >= ? AND received_at < ?"
                            + (event != null ? " AND event = ?" : "")
                            + " ORDER BY received_at DESC FETCH FIRST " + MOST_FOUND + " ROWS ONLY",
                    event != null
                            ? new Object[] {senderAgency, Timestamp.from(from), Timestamp.from(to), event}
                            : new Object[] {senderAgency, Timestamp.from(from), Timestamp.from(to)});
        } else if (from != null && to != null) {
            rows = event != null
                    ? jdbc.queryForList(
                            select + "event = ? AND received_at >= ? AND received_at < ? ORDER BY received_at DESC"
                                    + " FETCH FIRST " + MOST_FOUND + " ROWS ONLY",
                            event,
                            Timestamp.from(from),
                            Timestamp.from(to))
                    : jdbc.queryForList(
                            select + "received_at >= ? AND received_at < ? ORDER BY received_at DESC FETCH FIRST "
                                    + MOST_FOUND + " ROWS ONLY",
                            Timestamp.from(from),
                            Timestamp.from(to));
        } else {
            return List.of();
        }
        return rows.stream()
                .map(r -> new Found(
                        (String) r.get("HUB_MESSAGE_ID"),
                        (String) r.get("EVENT"),
                        (String) r.get("SENDER_AGENCY"),
                        instant(r.get("RECEIVED_AT")).toString()))
                .toList();
    }

    public Optional<Trace> of(String hubId) {
        List<Map<String, Object>> message = jdbc.queryForList(
                "SELECT hub_message_id, sender_agency, sender_message_id, event, received_at, rule_version"
                        + " FROM inbound_message WHERE hub_message_id = ?",
                hubId);
        if (message.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> m = message.get(0);
        List<Map<String, Object>> decisions = jdbc.queryForList(
                "SELECT agency, role, outcome, basis, rule_id, rule_version, withheld_because, inform_subject, urgent,"
                        + " reasons FROM decision WHERE hub_message_id = ? ORDER BY agency",
                hubId);
        decisions.forEach(d -> d.put("REASONS", mask((String) d.get("REASONS"))));
        List<Map<String, Object>> shares = jdbc.queryForList(
                "SELECT delivery_id, recipient_agency, sender_agency, event, basis, status, urgent, received_at,"
                        + " queued_at, fetched_at, acked_at, alerted_at FROM delivery WHERE hub_message_id = ?"
                        + " ORDER BY received_at, recipient_agency",
                hubId);
        List<Step> steps = new ArrayList<>();
        jdbc.query(
                "SELECT recorded_at, entry_type, agency, detail FROM audit_entry WHERE hub_message_id = ? ORDER BY seq",
                rs -> {
                    steps.add(new Step(
                            rs.getString("recorded_at"),
                            rs.getString("entry_type"),
                            rs.getString("agency"),
                            "DECIDED".equals(rs.getString("entry_type"))
                                            || "RECEIVED".equals(rs.getString("entry_type"))
                                    ? ""
                                    : mask(rs.getString("detail"))));
                },
                hubId);
        return Optional.of(new Trace(
                hubId,
                (String) m.get("SENDER_AGENCY"),
                (String) m.get("SENDER_MESSAGE_ID"),
                (String) m.get("EVENT"),
                instant(m.get("RECEIVED_AT")).toString(),
                ((Number) m.get("RULE_VERSION")).intValue(),
                decisions,
                shares,
                steps));
    }

    /** Operations see that a child was the reason, not which child. */
    static String mask(String text) {
        return text == null ? null : NHS_NUMBER.matcher(text).replaceAll("(NHS number)");
    }

    private static Instant instant(Object value) {
        return value instanceof Timestamp t ? t.toInstant() : ((java.time.OffsetDateTime) value).toInstant();
    }
}
