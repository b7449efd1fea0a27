package uk.safeguarding.hub.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.AuditType;

/**
 * docs/decisions.md: an urgent delivery not acknowledged within the configured time (1 hour by default) raises an alert:
 * an audit entry, a metric ({@code hub_urgent_unacknowledged_alerts_total} and the gauge
 * {@code hub_urgent_unacknowledged}) and an ERROR log line starting {@code URGENT-UNACKNOWLEDGED} for the
 * operators' monitoring. Each delivery alerts once; the gauge counts those still waiting.
 */
@Component
public class UrgentWatch {

    private static final Logger log = LoggerFactory.getLogger(UrgentWatch.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AuditTrail audit;
    private final Clock clock;
    private final Duration ackWithin;
    private final Counter alerts;
    private final AtomicInteger waiting = new AtomicInteger();
    private final uk.safeguarding.hub.vault.Vault vault;

    public UrgentWatch(
            JdbcTemplate jdbc,
            TransactionTemplate tx,
            AuditTrail audit,
            Clock clock,
            DeliveryProperties properties,
            MeterRegistry meters,
            uk.safeguarding.hub.vault.Vault vault) {
        this.vault = vault;
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.clock = clock;
        this.ackWithin = properties.urgentAckWithin();
        this.alerts = Counter.builder("hub.urgent.unacknowledged.alerts")
                .description("urgent deliveries that passed their acknowledgement deadline")
                .register(meters);
        Gauge.builder("hub.urgent.unacknowledged", waiting, AtomicInteger::get)
                .description("urgent deliveries past their deadline and still not acknowledged")
                .register(meters);
    }

    /** Called by the watch-urgent route's timer. Returns how many new alerts it raised. */
    public int check() {
        Instant deadline = Instant.now(clock).minus(ackWithin);
        List<Map<String, Object>> overdue = jdbc.queryForList(
                "SELECT d.delivery_id, d.hub_message_id,"
                        + " d.recipient_agency, d.event, d.received_at, m.subject_sealed FROM delivery d JOIN inbound_message m"
                        + " ON m.hub_message_id = d.hub_message_id WHERE d.urgent = TRUE AND d.status IN ("
                        + DeliveryStatus.PENDING.sql() + ", " + DeliveryStatus.QUEUED.sql() + ")"
                        + " AND d.alerted_at IS NULL AND d.received_at < ?",
                Timestamp.from(deadline));
        int raised = 0;
        for (Map<String, Object> row : overdue) {
            String deliveryId = (String) row.get("DELIVERY_ID");
            String agency = (String) row.get("RECIPIENT_AGENCY");
            // Another instance may have alerted first: only the one whose update wins raises it.
            boolean mine = Boolean.TRUE.equals(tx.execute(status -> {
                if (jdbc.update(
                                "UPDATE delivery SET alerted_at = ? WHERE delivery_id = ? AND alerted_at IS NULL",
                                Timestamp.from(Instant.now(clock)),
                                deliveryId)
                        != 1) {
                    return false;
                }
                audit.append(new AuditTrail.Entry(
                        AuditType.URGENT_UNACKNOWLEDGED,
                        (String) row.get("HUB_MESSAGE_ID"),
                        agency,
                        MessageAcceptance.subject(vault, row.get("SUBJECT_SEALED")),
                        (String) row.get("EVENT"),
                        Map.of("deliveryId", deliveryId, "ackWithin", ackWithin.toString())));
                return true;
            }));
            if (mine) {
                raised++;
                alerts.increment();
                log.error(
                        "URGENT-UNACKNOWLEDGED delivery {} ({}) to {} not acknowledged within {}",
                        deliveryId,
                        row.get("EVENT"),
                        agency,
                        ackWithin);
            }
        }
        waiting.set(jdbc.queryForObject(
                "SELECT COUNT(*) FROM delivery WHERE urgent = TRUE AND alerted_at IS NOT NULL" + " AND status IN ("
                        + DeliveryStatus.PENDING.sql() + ", " + DeliveryStatus.QUEUED.sql() + ")",
                Integer.class));
        return raised;
    }
}
