package uk.safeguarding.hub.delivery;

import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Queue;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.ChainWriter;

/**
 * An agency's mailbox is its durable queue on the broker: listing browses it, fetching browses one message by
 * its delivery id, acknowledging consumes it in a transacted session that commits only after the database has
 * recorded the acknowledgement.
 */
@Component
public class Mailbox {

    /** How far one listing browses past acknowledged shares waiting for removal. */
    static final int MOST_BROWSED = 10_000;

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
     * Urgent first, then oldest first: the broker hands out higher priorities first, so browsing the first
     * {@code limit} messages finds the urgent ones, which are then ordered by age.
     */
    public List<Entry> list(String agency, int limit) {
        // Acknowledged shares wait on the queue for the next batch removal: browse page by page, keeping those still
        // waiting, until enough are found (or a bounded number have been looked at).
        List<Entry> entries = jms.browse(Outbox.queueFor(agency), (session, browser) -> {
            List<Entry> waiting = new ArrayList<>();
            List<Entry> page = new ArrayList<>();
            Enumeration<?> messages = browser.getEnumeration();
            int seen = 0;
            while (waiting.size() < limit && messages.hasMoreElements() && seen < MOST_BROWSED) {
                jakarta.jms.Message m = (jakarta.jms.Message) messages.nextElement();
                seen++;
                page.add(new Entry(
                        m.getStringProperty("deliveryId"),
                        m.getStringProperty("hubMessageId"),
                        m.getStringProperty("event"),
                        m.getStringProperty("senderAgency"),
                        m.getStringProperty("basis"),
                        m.getBooleanProperty("urgent"),
                        m.getStringProperty("receivedAt"),
                        m.getIntProperty("size"),
                        m.getStringProperty("duplicateOf")));
                if (page.size() == limit || !messages.hasMoreElements()) {
                    waiting.addAll(stillQueued(page));
                    page.clear();
                }
            }
            waiting.addAll(stillQueued(page));
            return waiting;
        });
        return entries.stream()
                .sorted(Comparator.comparing(Entry::urgent).reversed().thenComparing(Entry::receivedAt))
                .limit(limit)
                .toList();
    }

    private List<Entry> stillQueued(List<Entry> page) {
        if (page.isEmpty()) {
            return List.of();
        }
        java.util.Set<String> queued = new java.util.HashSet<>(jdbc.queryForList(
                "SELECT delivery_id FROM delivery WHERE status = " + DeliveryStatus.QUEUED.sql()
                        + " AND delivery_id IN (" + String.join(",", java.util.Collections.nCopies(page.size(), "?"))
                        + ")",
                String.class,
                page.stream().map(Entry::id).toArray()));
        return page.stream().filter(e -> queued.contains(e.id())).toList();
    }

    /**
     * The sealed share, from the delivery record (indexed), while it waits in the agency's mailbox. The first fetch
     * is recorded: from then on the share cannot be recalled, only followed by a recall-notice.
     */
    public Optional<byte[]> fetch(String agency, String deliveryId) {
        if (!Acknowledgements.DELIVERY_ID.matcher(deliveryId).matches()) {
            return Optional.empty();
        }
        Optional<byte[]> sealed = jdbc
                .query(
                        "SELECT payload FROM delivery WHERE delivery_id = ? AND recipient_agency = ?" + " AND status = "
                                + DeliveryStatus.QUEUED.sql() + " AND payload IS NOT NULL",
                        (rs, i) -> rs.getBytes(1),
                        deliveryId,
                        agency)
                .stream()
                .findFirst();
        return sealed;
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

    /** Takes a recalled share off the agency's queue (a no-op when it is not there). */
    public void remove(String agency, String deliveryId) {
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
