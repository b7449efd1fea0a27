package uk.safeguarding.hub.delivery;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import uk.safeguarding.hub.audit.AuditTrail;

/**
 * Acknowledgements that do not come through the mailbox API: an agency that collects from its mailbox queue over
 * JMS acknowledges by consuming (the broker reports it), and a push endpoint by answering 2xx. Either is recorded
 * as the mailbox API's acknowledgement is: status ACKED, audit ACKNOWLEDGED, with how it came.
 */
@Component
public class Acknowledgements {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AuditTrail audit;
    private final Clock clock;

    public Acknowledgements(JdbcTemplate jdbc, TransactionTemplate tx, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.clock = clock;
    }

    public void acknowledged(String agency, String deliveryId, String via) {
        tx.executeWithoutResult(status -> {
            List<Map<String, Object>> rows = jdbc.queryForList("SELECT d.hub_message_id, d.event, m.subject_nhs"
                    + " FROM delivery d JOIN inbound_message m ON m.hub_message_id = d.hub_message_id"
                    + " WHERE d.delivery_id = ? AND d.recipient_agency = ?", deliveryId, agency);
            if (rows.isEmpty()) {
                return;
            }
            // Consumed by the agency or by the push route: already off its queue.
            Timestamp now = Timestamp.from(Instant.now(clock));
            if (jdbc.update("UPDATE delivery SET status = 'ACKED', acked_at = ?, dequeued_at = ?, payload = NULL"
                    + " WHERE delivery_id = ? AND status IN ('PENDING', 'QUEUED')", now, now, deliveryId) == 1) {
                Map<String, Object> row = rows.get(0);
                audit.append(new AuditTrail.Entry("ACKNOWLEDGED", (String) row.get("HUB_MESSAGE_ID"), agency,
                        (String) row.get("SUBJECT_NHS"), (String) row.get("EVENT"),
                        Map.of("deliveryId", deliveryId, "via", via)));
            }
        });
    }
}
