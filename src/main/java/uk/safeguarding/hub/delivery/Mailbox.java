package uk.safeguarding.hub.delivery;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.ChainWriter;

/**
 * An agency's mailbox is its durable queue on the broker, mirrored by the delivery records: listing and fetching
 * read the records (by index), an acknowledgement through the API is recorded there and the sweep takes the
 * acknowledged shares off the queue in batches.
 */
@Component
public class Mailbox {

    /**
     * One waiting message, as {@code GET /mailbox/messages} lists it; {@code duplicateOf} marks a referral about a
     * child or pregnancy already referred (the earlier one's hub message id).
     */
    public record Entry(
            String id,
            String hubMessageId,
            String event,
            String senderAgency,
            String basis,
            boolean urgent,
            String receivedAt,
            int size,
            String duplicateOf) {}

    private final JmsTemplate jms;
    private final JdbcTemplate jdbc;
    private final ChainWriter chain;
    private final AuditTrail audit;
    private final Clock clock;
    private final DeliveryProperties properties;

    public Mailbox(
            ConnectionFactory connectionFactory,
            JdbcTemplate jdbc,
            ChainWriter chain,
            AuditTrail audit,
            Clock clock,
            DeliveryProperties properties) {
        // Transacted sessions: an acknowledgement consumes the message only when the database has recorded it.
        this.jms = new JmsTemplate(connectionFactory);
        this.jms.setSessionTransacted(true);
        this.jdbc = jdbc;
        this.chain = chain;
        this.audit = audit;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * Urgent first, then oldest first, from the delivery records (indexed): a share is in the mailbox from the
     * moment the broker has it on the agency's queue until it is acknowledged or recalled. Shares that went to the
     * push queue are not listed; rows queued before the queue was recorded count as the mailbox's.
     */
    public List<Entry> list(String agency, int limit) {
        return jdbc.query(
                "SELECT delivery_id, hub_message_id, event, sender_agency, basis, urgent, received_at, size_bytes,"
                        + " duplicate_of FROM delivery WHERE recipient_agency = ? AND status = "
                        + DeliveryStatus.QUEUED.sql() + " AND (queue = ? OR queue IS NULL)"
                        + " ORDER BY urgent DESC, received_at, delivery_id FETCH FIRST ? ROWS ONLY",
                (rs, i) -> new Entry(
                        rs.getString("delivery_id"),
                        rs.getString("hub_message_id"),
                        rs.getString("event"),
                        rs.getString("sender_agency"),
                        rs.getString("basis"),
                        rs.getBoolean("urgent"),
                        rs.getTimestamp("received_at").toInstant().toString(),
                        rs.getInt("size_bytes"),
                        rs.getString("duplicate_of")),
                agency,
                Outbox.queueFor(agency),
                limit);
    }

    /**
     * The sealed share, from the delivery record (indexed), while it waits in the agency's mailbox. The first fetch
     * is recorded: from then on the share cannot be recalled, only followed by a recall-notice.
     */
    public Optional<byte[]> fetch(String agency, String deliveryId) {
        return fetch(agency, deliveryId, false);
    }

    /**
     * The same for a share in the agency's MESH inbox ({@code mesh}) or in its hub mailbox: each share is handed out
     * one way only.
     */
    public Optional<byte[]> fetch(String agency, String deliveryId, boolean mesh) {
        if (deliveryId == null
                || !Acknowledgements.DELIVERY_ID.matcher(deliveryId).matches()) {
            return Optional.empty();
        }
        return jdbc
                .query(
                        "SELECT p.payload FROM delivery d JOIN delivery_payload p ON p.delivery_id = d.delivery_id"
                                + " WHERE d.delivery_id = ? AND d.recipient_agency = ? AND d.status = "
                                + DeliveryStatus.QUEUED.sql()
                                + (mesh ? " AND d.queue = ?" : " AND (d.queue IS NULL OR d.queue <> ?)"),
                        (rs, i) -> rs.getBytes(1),
                        deliveryId,
                        agency,
                        Outbox.MESH_INBOX)
                .stream()
                .findFirst();
    }

    /**
     * The first fetch's time, in the commit of the fetch's audit entry (Access.WITH_ENTRY), before the answer goes
     * out. A share recalled since it was read is not marked, and the read fails, so its answer is withheld: a share
     * is either recalled unseen or fetched, never both.
     */
    public void markFetched(String deliveryId) {
        int marked = jdbc.update(
                "UPDATE delivery SET fetched_at = COALESCE(fetched_at, ?) WHERE delivery_id = ? AND status = "
                        + DeliveryStatus.QUEUED.sql(),
                Timestamp.from(Instant.now(clock)),
                deliveryId);
        if (marked == 0) {
            throw new IllegalStateException(
                    "share " + deliveryId + " was recalled or acknowledged while being fetched");
        }
    }

    /**
     * Takes shares acknowledged through the API off their queues, many per queue search: selecting one message
     * by delivery id means the broker scans the queue, so doing it once per acknowledgement made a backlog feed
     * itself. Until then the listing hides them. The sweep calls this; a crash only delays it.
     */
    public int removeAcknowledged() {
        List<Map<String, Object>> rows =
                jdbc.queryForList("SELECT delivery_id, recipient_agency FROM delivery" + " WHERE status = "
                        + DeliveryStatus.ACKED.sql() + " AND dequeued_at IS NULL FETCH FIRST 1000 ROWS ONLY");
        Map<String, List<String>> byAgency = new java.util.TreeMap<>();
        rows.forEach(r -> byAgency.computeIfAbsent((String) r.get("RECIPIENT_AGENCY"), a -> new ArrayList<>())
                .add((String) r.get("DELIVERY_ID")));
        int removed = 0;
        for (var e : byAgency.entrySet()) {
            for (int from = 0; from < e.getValue().size(); from += 200) {
                List<String> batch = e.getValue()
                        .subList(from, Math.min(from + 200, e.getValue().size()));
                String selector = "deliveryId IN ('" + String.join("','", batch) + "')";
                removed += jms.execute(
                        session -> {
                            int taken = 0;
                            try (MessageConsumer consumer = session.createConsumer(
                                    session.createQueue(Outbox.queueFor(e.getKey())), selector)) {
                                while (taken < batch.size() && consumer.receive(200) != null) {
                                    taken++;
                                }
                                session.commit();
                            }
                            return taken;
                        },
                        true);
                jdbc.update(
                        "UPDATE delivery SET dequeued_at = ? WHERE delivery_id IN ("
                                + String.join(",", java.util.Collections.nCopies(batch.size(), "?")) + ")",
                        concat(Timestamp.from(Instant.now(clock)), batch));
            }
        }
        return removed;
    }

    private static Object[] concat(Object first, List<String> rest) {
        List<Object> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all.toArray();
    }

    /** Takes a recalled share off the agency's queue (a no-op when it is not there, or in a MESH inbox). */
    public void remove(String agency, String deliveryId, String queueColumn) {
        if (Outbox.MESH_INBOX.equals(queueColumn)) {
            return;
        }
        jms.execute(
                session -> {
                    Queue queue = session.createQueue(Outbox.queueFor(agency));
                    try (MessageConsumer consumer = session.createConsumer(queue, selector(deliveryId))) {
                        consumer.receive(properties.receiveTimeout().toMillis());
                        session.commit();
                    }
                    return null;
                },
                true);
    }

    private static String selector(String deliveryId) {
        return "deliveryId = '" + deliveryId + "'";
    }
}
