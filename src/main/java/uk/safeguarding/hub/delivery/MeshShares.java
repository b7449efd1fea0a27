package uk.safeguarding.hub.delivery;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The shares that wait in agencies' MESH inboxes (queue {@code mesh}), as the MESH API lists and serves them, oldest
 * first; and those left there past the time MESH allows.
 */
@Component
public class MeshShares {

    /** One share waiting, and its event. */
    public record Waiting(String deliveryId, Instant at, String event) {}

    /** A waiting share's particulars for its download. */
    public record Particulars(String event, Instant receivedAt, String hubMessageId) {}

    /** A share left uncollected: who it is from and to, and about whom. */
    public record Late(
            String deliveryId,
            String hubMessageId,
            String recipientAgency,
            String senderAgency,
            String event,
            String subjectNhs) {}

    private final JdbcTemplate jdbc;

    private final uk.safeguarding.hub.vault.Vault vault;

    public MeshShares(JdbcTemplate jdbc, uk.safeguarding.hub.vault.Vault vault) {
        this.jdbc = jdbc;
        this.vault = vault;
    }

    /**
     * At most {@code limit} shares after ({@code afterAt}, {@code afterId}) in (time, id) order; of these events
     * only, when {@code events} is given (the MESH inbox filters by workflow id, one per event).
     */
    public List<Waiting> waiting(
            String agency, Instant afterAt, String afterId, java.util.Collection<String> events, int limit) {
        if (events != null && events.isEmpty()) {
            return List.of();
        }
        List<Object> args = new ArrayList<>(List.of(agency, Outbox.MESH_INBOX));
        StringBuilder sql = new StringBuilder("SELECT delivery_id, received_at, event FROM delivery"
                + " WHERE recipient_agency = ? AND queue = ? AND status = " + DeliveryStatus.QUEUED.sql());
        if (afterAt != null) {
            sql.append(" AND (received_at > ? OR (received_at = ? AND delivery_id > ?))");
            args.add(Timestamp.from(afterAt));
            args.add(Timestamp.from(afterAt));
            args.add(afterId);
        }
        if (events != null) {
            sql.append(" AND event IN (")
                    .append(String.join(", ", java.util.Collections.nCopies(events.size(), "?")))
                    .append(")");
            args.addAll(events);
        }
        sql.append(" ORDER BY received_at, delivery_id FETCH FIRST ? ROWS ONLY");
        args.add(limit);
        return jdbc.query(
                sql.toString(),
                (rs, i) -> new Waiting(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3)),
                args.toArray());
    }

    public int count(String agency) {
        Integer n = jdbc.queryForObject(
                "SELECT COUNT(*) FROM delivery WHERE recipient_agency = ? AND queue = ? AND status = "
                        + DeliveryStatus.QUEUED.sql(),
                Integer.class,
                agency,
                Outbox.MESH_INBOX);
        return n == null ? 0 : n;
    }

    /** Whether the share is (or was) in the agency's MESH inbox: empty if never; true while it waits there. */
    public Optional<Boolean> waitsThere(String agency, String deliveryId) {
        List<String> status = jdbc.queryForList(
                "SELECT status FROM delivery WHERE delivery_id = ? AND recipient_agency = ? AND queue = ?",
                String.class,
                deliveryId,
                agency,
                Outbox.MESH_INBOX);
        return status.isEmpty()
                ? Optional.empty()
                : Optional.of(DeliveryStatus.QUEUED.name().equals(status.get(0)));
    }

    public Optional<Particulars> particulars(String agency, String deliveryId) {
        return jdbc
                .query(
                        "SELECT event, received_at, hub_message_id FROM delivery WHERE delivery_id = ?"
                                + " AND recipient_agency = ? AND queue = ? AND status = "
                                + DeliveryStatus.QUEUED.sql(),
                        (rs, i) -> new Particulars(
                                rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3)),
                        deliveryId,
                        agency,
                        Outbox.MESH_INBOX)
                .stream()
                .findFirst();
    }

    /** Shares queued to a MESH inbox before {@code before}, still there and not yet found late; oldest first. */
    public List<Late> late(Instant before, int limit) {
        return jdbc.query(
                "SELECT d.delivery_id, d.hub_message_id, d.recipient_agency, d.sender_agency, d.event,"
                        + " m.subject_sealed FROM delivery d JOIN inbound_message m ON m.hub_message_id = d.hub_message_id"
                        + " WHERE d.queue = ? AND d.status = " + DeliveryStatus.QUEUED.sql()
                        + " AND d.uncollected_at IS NULL AND d.queued_at < ? ORDER BY d.queued_at FETCH FIRST ? ROWS ONLY",
                (rs, i) -> new Late(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        MessageAcceptance.subject(vault, rs.getString(6))),
                Outbox.MESH_INBOX,
                Timestamp.from(before),
                limit);
    }

    /** Marks the share found late; false if another instance did first (call within the caller's transaction). */
    public boolean markLate(String deliveryId, Instant at) {
        return jdbc.update(
                        "UPDATE delivery SET uncollected_at = ? WHERE delivery_id = ? AND uncollected_at IS NULL",
                        Timestamp.from(at),
                        deliveryId)
                == 1;
    }
}
