package uk.safeguarding.hub.delivery;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.AuditType;
import uk.safeguarding.hub.audit.ChainWriter;
import uk.safeguarding.hub.message.QueueAddress;
import uk.safeguarding.hub.register.AgencyRegister;

/**
 * The outbox between acceptance and the recipients' queues. The relay route loads a pending share, sends it to
 * the agency's queue with Artemis's duplicate id set to the delivery id, then marks it queued. A crash between
 * send and mark means the sweep sends it again, and the broker drops the duplicate: delivered once.
 */
@Component
public class Outbox {

    /** Artemis drops a second message carrying the same value of this property on the same address. */
    static final String DUPLICATE_ID = "_AMQ_DUPL_ID";

    static final int URGENT_PRIORITY = 9;
    static final int ROUTINE_PRIORITY = 4;
    /** Shares for agencies that registered a push endpoint wait here instead of in a mailbox. */
    public static final String PUSH_QUEUE = QueueAddress.PUSH.address();
    /**
     * The queue column of a share that waits in its recipient's MESH inbox: it goes on no broker queue (the MESH inbox
     * is read from the delivery records), so neither the mailbox API nor the broker can hand it out too.
     */
    public static final String MESH_INBOX = "mesh";

    private final JdbcTemplate jdbc;
    private final ChainWriter chain;
    private final AuditTrail audit;
    private final Clock clock;
    private final DeliveryProperties properties;
    private final AgencyRegister agencies;
    private final uk.safeguarding.hub.vault.Vault vault;

    public Outbox(
            JdbcTemplate jdbc,
            ChainWriter chain,
            AuditTrail audit,
            Clock clock,
            DeliveryProperties properties,
            AgencyRegister agencies,
            uk.safeguarding.hub.vault.Vault vault) {
        this.vault = vault;
        this.agencies = agencies;
        this.jdbc = jdbc;
        this.chain = chain;
        this.audit = audit;
        this.clock = clock;
        this.properties = properties;
    }

    public static String queueFor(String agencyId) {
        return QueueAddress.MAILBOX.of(agencyId);
    }

    /** Shares accepted a while ago but not yet queued: left behind by a crash or a broker that was down. */
    public List<String> stranded() {
        Instant before = Instant.now(clock).minus(properties.sweepAfter());
        return jdbc.queryForList(
                "SELECT delivery_id FROM delivery WHERE status = " + DeliveryStatus.PENDING.sql()
                        + " AND received_at < ?" + " ORDER BY received_at FETCH FIRST 500 ROWS ONLY",
                String.class,
                Timestamp.from(before));
    }

    /** Puts the sealed share in the body and its mailbox properties in the headers; empty body if not pending. */
    public void load(String deliveryId, Exchange exchange) {
        Message in = exchange.getIn();
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT d.hub_message_id, d.recipient_agency, d.event, d.sender_agency, d.basis, d.urgent,"
                        + " d.received_at, d.size_bytes, d.duplicate_of, p.payload, m.subject_sealed FROM delivery d"
                        + " JOIN delivery_payload p ON p.delivery_id = d.delivery_id"
                        + " JOIN inbound_message m ON m.hub_message_id = d.hub_message_id"
                        + " WHERE d.delivery_id = ? AND d.status = " + DeliveryStatus.PENDING.sql(),
                deliveryId);
        in.getHeaders().clear();
        if (rows.isEmpty()) {
            in.setBody(null);
            return;
        }
        Map<String, Object> row = rows.get(0);
        boolean urgent = Boolean.TRUE.equals(row.get("URGENT"));
        in.setHeader(DUPLICATE_ID, deliveryId);
        in.setHeader("JMSPriority", urgent ? URGENT_PRIORITY : ROUTINE_PRIORITY);
        in.setHeader("deliveryId", deliveryId);
        in.setHeader("hubMessageId", row.get("HUB_MESSAGE_ID"));
        in.setHeader("event", row.get("EVENT"));
        in.setHeader("senderAgency", row.get("SENDER_AGENCY"));
        in.setHeader("basis", row.get("BASIS"));
        in.setHeader("urgent", urgent);
        in.setHeader("receivedAt", instant(row.get("RECEIVED_AT")).toString());
        in.setHeader("size", ((Number) row.get("SIZE_BYTES")).intValue());
        String recipient = (String) row.get("RECIPIENT_AGENCY");
        var agency = agencies.find(recipient);
        boolean push = agency.map(a -> a.pushes()).orElse(false);
        boolean mesh = agency.map(a -> a.collectsThroughMesh()).orElse(false);
        in.setHeader("recipientAgency", recipient);
        in.setHeader("recipientQueue", push ? PUSH_QUEUE : mesh ? MESH_INBOX : queueFor(recipient));
        if (row.get("DUPLICATE_OF") != null) {
            in.setHeader("duplicateOf", row.get("DUPLICATE_OF"));
        }
        in.setBody(row.get("PAYLOAD"));
        // For the audit entry once it is queued: a property, which stays with the exchange and never reaches the
        // broker (a header would).
        exchange.setProperty(SUBJECT_SEALED, row.get("SUBJECT_SEALED"));
    }

    static final String SUBJECT_SEALED = "hubSubjectSealed";

    /** After the broker has the share: marked queued (and audited), so the sweep leaves it alone. */
    public void markQueued(Exchange exchange) {
        String deliveryId = exchange.getIn().getHeader("deliveryId", String.class);
        String queue = exchange.getIn().getHeader("recipientQueue", String.class);
        // What load() read with the share, so that marking it queued reads nothing again.
        String hubId = exchange.getIn().getHeader("hubMessageId", String.class);
        String recipient = exchange.getIn().getHeader("recipientAgency", String.class);
        String event = exchange.getIn().getHeader("event", String.class);
        String subject = MessageAcceptance.subject(vault, exchange.getProperty(SUBJECT_SEALED));
        chain.write(() -> {
            // The sealed copy stays until acknowledged: fetching reads it here by its key instead of searching the
            // recipient's queue for it.
            int updated = jdbc.update(
                    "UPDATE delivery SET status = " + DeliveryStatus.QUEUED.sql() + ", queued_at = ?, queue = ?"
                            + " WHERE delivery_id = ? AND status = " + DeliveryStatus.PENDING.sql(),
                    Timestamp.from(Instant.now(clock)),
                    queue,
                    deliveryId);
            if (updated == 1) {
                audit.append(new AuditTrail.Entry(
                        AuditType.QUEUED,
                        hubId,
                        recipient,
                        subject,
                        event,
                        Map.of("deliveryId", deliveryId, "queue", queue)));
            } else {
                // Recalled while on its way: the sweep takes it off the queue again.
                jdbc.update(
                        "UPDATE delivery SET status = " + DeliveryStatus.RECALLING.sql()
                                + " WHERE delivery_id = ? AND status = " + DeliveryStatus.RECALLED.sql(),
                        deliveryId);
            }
            return null;
        });
    }

    /** H2 reads a TIMESTAMP WITH TIME ZONE as an OffsetDateTime, PostgreSQL as a Timestamp. */
    private static java.time.Instant instant(Object value) {
        return value instanceof java.sql.Timestamp t ? t.toInstant() : ((java.time.OffsetDateTime) value).toInstant();
    }
}
