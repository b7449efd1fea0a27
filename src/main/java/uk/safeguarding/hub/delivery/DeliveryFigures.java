package uk.safeguarding.hub.delivery;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What delivery's records count, for the operations dashboard: messages, decisions and shares per agency since a
 * time, accepted messages in a window, and urgent shares still waiting after their alert. Counts and ids only,
 * read from the covering indexes; nothing about a person.
 */
@Component
public class DeliveryFigures {

    /** An agency's messages sent since a time, and when it sent the last. */
    public record Sent(long messages, Instant last) {}

    /** Decisions about one agency as a recipient: shared with it, withheld from it. */
    public record Decided(long shared, long withheld) {}

    /** Shares to one agency: put on its queue, acknowledged by it. */
    public record Delivered(long queued, long acknowledged) {}

    /** An urgent share still waiting after its alert was raised. */
    public record LateUrgent(String deliveryId, String hubMessageId, String agency, String event, Instant receivedAt) {}

    private final JdbcTemplate jdbc;

    public DeliveryFigures(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Map<String, Sent> sentSince(Instant since) {
        Map<String, Sent> out = new TreeMap<>();
        jdbc.query(
                "SELECT sender_agency, COUNT(*) AS n, MAX(received_at) AS last FROM inbound_message"
                        + " WHERE received_at >= ? GROUP BY sender_agency",
                rs -> {
                    out.put(
                            rs.getString(1),
                            new Sent(rs.getLong(2), rs.getTimestamp(3).toInstant()));
                },
                Timestamp.from(since));
        return out;
    }

    public Map<String, Decided> decidedSince(Instant since) {
        Map<String, long[]> counts = new TreeMap<>();
        jdbc.query(
                "SELECT agency, outcome, COUNT(*) FROM decision WHERE received_at >= ? GROUP BY agency, outcome",
                rs -> {
                    long[] c = counts.computeIfAbsent(rs.getString(1), k -> new long[2]);
                    c["SHARE".equals(rs.getString(2)) ? 0 : 1] += rs.getLong(3);
                },
                Timestamp.from(since));
        Map<String, Decided> out = new TreeMap<>();
        counts.forEach((agency, c) -> out.put(agency, new Decided(c[0], c[1])));
        return out;
    }

    public Map<String, Delivered> deliveredSince(Instant since) {
        Map<String, Delivered> out = new TreeMap<>();
        jdbc.query(
                "SELECT recipient_agency, SUM(CASE WHEN queued_at IS NOT NULL THEN 1 ELSE 0 END),"
                        + " SUM(CASE WHEN acked_at IS NOT NULL THEN 1 ELSE 0 END) FROM delivery WHERE received_at >= ?"
                        + " GROUP BY recipient_agency",
                rs -> {
                    out.put(rs.getString(1), new Delivered(rs.getLong(2), rs.getLong(3)));
                },
                Timestamp.from(since));
        return out;
    }

    /** Messages accepted from {@code from} (inclusive) to {@code to} (exclusive). */
    public long acceptedBetween(Instant from, Instant to) {
        Long n = jdbc.queryForObject(
                "SELECT COUNT(*) FROM inbound_message WHERE received_at >= ? AND received_at < ?",
                Long.class,
                Timestamp.from(from),
                Timestamp.from(to));
        return n == null ? 0 : n;
    }

    /** Oldest first, at most {@code limit}. */
    public List<LateUrgent> lateUrgent(int limit) {
        return jdbc.query(
                "SELECT delivery_id, hub_message_id, recipient_agency, event, received_at FROM delivery"
                        + " WHERE status IN ('PENDING', 'QUEUED') AND urgent = TRUE AND alerted_at IS NOT NULL"
                        + " ORDER BY received_at FETCH FIRST ? ROWS ONLY",
                LATE,
                limit);
    }

    /** A row of delivery_id, hub_message_id, recipient_agency, event, received_at. */
    private static final org.springframework.jdbc.core.RowMapper<LateUrgent> LATE = (rs, i) -> new LateUrgent(
            rs.getString(1),
            rs.getString(2),
            rs.getString(3),
            rs.getString(4),
            rs.getTimestamp(5).toInstant());

    /** Shares past the time MESH allows in a MESH inbox, still there; oldest first, at most {@code limit}. */
    public List<LateUrgent> uncollectedInMesh(int limit) {
        return jdbc.query(
                "SELECT delivery_id, hub_message_id, recipient_agency, event, received_at FROM delivery"
                        + " WHERE status = 'QUEUED' AND queue = ? AND uncollected_at IS NOT NULL"
                        + " ORDER BY received_at FETCH FIRST ? ROWS ONLY",
                LATE,
                Outbox.MESH_INBOX,
                limit);
    }
}
