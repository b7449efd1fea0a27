package uk.safeguarding.hub.delivery;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.audit.AuditDetail;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.AuditType;
import uk.safeguarding.hub.audit.ChainWriter;

/**
 * The one way a share becomes acknowledged, however the recipient took it: through the mailbox API (the share
 * is still on its queue, and the sweep takes it off in batches), by consuming it from its mailbox queue over the
 * broker, or by a push endpoint answering 2xx (either way already off its queue). Each records status ACKED and
 * an ACKNOWLEDGED audit entry saying how, in the group commit of the audit chain.
 */
@Component
public class Acknowledgements {

    /** How the recipient took the share. */
    public enum Via {
        MAILBOX_API(false, false),
        BROKER(true, true),
        PUSH(true, true),
        /** From its MESH inbox: never on a broker queue, and only once listed there (queued). */
        MESH(false, true);

        /** It may have taken a share still pending (on its way to the queue it was consumed from). */
        final boolean whilePending;
        /** Nothing is left on a broker queue for the sweep to take off. */
        final boolean offItsQueue;

        Via(boolean whilePending, boolean offItsQueue) {
            this.whilePending = whilePending;
            this.offItsQueue = offItsQueue;
        }
    }

    public enum Result {
        ACKNOWLEDGED,
        ALREADY_ACKNOWLEDGED,
        NOT_FOUND
    }

    /** A delivery id as the hub makes them (a UUID); anything else is nobody's share. */
    static final Pattern DELIVERY_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final JdbcTemplate jdbc;
    private final ChainWriter chain;
    private final AuditTrail audit;
    private final Clock clock;

    private final uk.safeguarding.hub.vault.Vault vault;

    public Acknowledgements(
            JdbcTemplate jdbc,
            ChainWriter chain,
            AuditTrail audit,
            Clock clock,
            uk.safeguarding.hub.vault.Vault vault) {
        this.vault = vault;
        this.jdbc = jdbc;
        this.chain = chain;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * NOT_FOUND for an id that is not the agency's, or not (or no longer) deliverable to it: through the API only a
     * share in its mailbox can be acknowledged; the broker and a push endpoint can only have taken a pending or
     * queued one.
     */
    public Result acknowledge(String agency, String deliveryId, Via via) {
        if (deliveryId == null || !DELIVERY_ID.matcher(deliveryId).matches()) {
            return Result.NOT_FOUND;
        }
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT d.status, d.queue, d.hub_message_id, d.event, m.subject_sealed"
                        + " FROM delivery d JOIN inbound_message m ON m.hub_message_id = d.hub_message_id"
                        + " WHERE d.delivery_id = ? AND d.recipient_agency = ?",
                deliveryId,
                agency);
        if (rows.isEmpty()) {
            return Result.NOT_FOUND;
        }
        Map<String, Object> row = rows.get(0);
        DeliveryStatus status = DeliveryStatus.valueOf((String) row.get("STATUS"));
        // A share in a MESH inbox is acknowledged through MESH only, and one in a hub mailbox never through MESH.
        boolean inMesh = Outbox.MESH_INBOX.equals(row.get("QUEUE"));
        if (inMesh != (via == Via.MESH)) {
            return Result.NOT_FOUND;
        }
        List<DeliveryStatus> acknowledgeable = via.whilePending
                ? List.of(DeliveryStatus.PENDING, DeliveryStatus.QUEUED)
                : List.of(DeliveryStatus.QUEUED);
        if (status == DeliveryStatus.ACKED) {
            return Result.ALREADY_ACKNOWLEDGED;
        }
        if (!acknowledgeable.contains(status)) {
            return Result.NOT_FOUND;
        }
        Timestamp now = Timestamp.from(Instant.now(clock));
        chain.write(() -> {
            // Through the API the share is still on its queue (the sweep takes it off); otherwise it is off already.
            int updated = jdbc.update(
                    "UPDATE delivery SET status = ?, acked_at = ?,"
                            + " dequeued_at = COALESCE(?, dequeued_at) WHERE delivery_id = ? AND status IN (?, ?)",
                    DeliveryStatus.ACKED.name(),
                    now,
                    via.offItsQueue ? now : null,
                    deliveryId,
                    acknowledgeable.get(0).name(),
                    acknowledgeable.get(acknowledgeable.size() - 1).name());
            if (updated == 1) {
                SealedCopies.remove(jdbc, deliveryId);
                audit.append(new AuditTrail.Entry(
                        AuditType.ACKNOWLEDGED,
                        (String) row.get("HUB_MESSAGE_ID"),
                        agency,
                        MessageAcceptance.subject(vault, row.get("SUBJECT_SEALED")),
                        (String) row.get("EVENT"),
                        new AuditDetail.Acknowledged(
                                deliveryId,
                                via == Via.MAILBOX_API ? null : via.name().toLowerCase())));
            }
            return null;
        });
        return Result.ACKNOWLEDGED;
    }
}
