package uk.safeguarding.hub.mesh;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.AuditType;
import uk.safeguarding.hub.delivery.MeshShares;
import uk.safeguarding.hub.register.Agency;
import uk.safeguarding.hub.register.AgencyRegister;

/**
 * A share left in a MESH inbox longer than MESH allows ({@code hub.mesh.uncollected-after}, 5 days as MESH): its
 * sender gets a MESH non-delivery report in its own MESH inbox (message type {@code REPORT}, status code 14,
 * "Undelivered message", linked to the message it sent), the operations dashboard lists the share, and an audit entry
 * records it; once per share. The share itself stays in the inbox: the hub never drops a safeguarding share.
 */
@Component
public class MeshUncollected {

    private static final Logger log = LoggerFactory.getLogger(MeshUncollected.class);

    private final MeshShares shares;
    private final MeshStore store;
    private final TransactionTemplate tx;
    private final AuditTrail audit;
    private final Clock clock;
    private final MeshProperties properties;
    private final AgencyRegister agencies;
    private final Workflows workflows;

    MeshUncollected(
            MeshShares shares,
            MeshStore store,
            TransactionTemplate tx,
            AuditTrail audit,
            Clock clock,
            MeshProperties properties,
            AgencyRegister agencies,
            Workflows workflows) {
        this.workflows = workflows;
        this.shares = shares;
        this.store = store;
        this.tx = tx;
        this.audit = audit;
        this.clock = clock;
        this.properties = properties;
        this.agencies = agencies;
    }

    /**
     * Called by the watch-mesh-inboxes route's timer; how many shares it reported. It also forgets sends whose
     * chunks stopped coming a day ago, and MESH records done with for 30 days (as MESH keeps them).
     */
    public int check() {
        Instant now = Instant.now(clock);
        store.prune(now.minus(java.time.Duration.ofDays(1)), now.minus(java.time.Duration.ofDays(30)));
        int reported = 0;
        for (MeshShares.Late late : shares.late(now.minus(properties.uncollectedAfter()), 500)) {
            if (report(late, now)) {
                reported++;
            }
        }
        return reported;
    }

    private boolean report(MeshShares.Late late, Instant now) {
        Agency sender = agencies.find(late.senderAgency()).orElse(null);
        String recipientName =
                agencies.find(late.recipientAgency()).map(Agency::name).orElse(late.recipientAgency());
        String description = "Message not collected by recipient after "
                + properties.uncollectedAfter().toDays() + " days: the share to " + recipientName
                + " still waits in its inbox";
        Boolean mine = tx.execute(status -> {
            // Another instance may have reported it first: only the one whose update wins does.
            if (!shares.markLate(late.deliveryId(), now)) {
                return false;
            }
            Map<String, Object> detail = new java.util.LinkedHashMap<>();
            detail.put("deliveryId", late.deliveryId());
            detail.put("uncollectedAfter", properties.uncollectedAfter().toString());
            if (sender != null && sender.meshMailbox() != null) {
                store.report(
                        properties.hubMailbox(),
                        sender.meshMailbox(),
                        sender.id(),
                        workflows.of(late.event()),
                        store.sentAs(late.hubMessageId(), sender.meshMailbox()).orElse(null),
                        late.hubMessageId(),
                        description);
                detail.put("reportTo", sender.id());
            }
            audit.append(new AuditTrail.Entry(
                    AuditType.UNCOLLECTED,
                    late.hubMessageId(),
                    late.recipientAgency(),
                    late.subjectNhs(),
                    late.event(),
                    detail));
            return true;
        });
        if (Boolean.TRUE.equals(mine)) {
            log.warn(
                    "MESH-UNCOLLECTED share {} ({}) to {} waited over {} in its MESH inbox; its sender is told",
                    late.deliveryId(),
                    late.event(),
                    late.recipientAgency(),
                    properties.uncollectedAfter());
            return true;
        }
        return false;
    }
}
