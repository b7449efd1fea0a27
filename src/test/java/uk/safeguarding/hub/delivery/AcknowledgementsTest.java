package uk.safeguarding.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.safeguarding.hub.TestDatabase;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.ChainKey;
import uk.safeguarding.hub.audit.ChainWriter;
import uk.safeguarding.hub.delivery.Acknowledgements.Result;
import uk.safeguarding.hub.delivery.Acknowledgements.Via;

/**
 * The one acknowledgement path: through the API only a share in the mailbox, through the broker or a push
 * endpoint a pending or queued one; never another agency's; each recorded once, with how it came.
 */
class AcknowledgementsTest {

    static final String KEY =
            java.util.Base64.getEncoder().encodeToString("a test key of thirty-two bytes!!".getBytes());

    final TestDatabase db = TestDatabase.create();
    final ChainWriter chain = new ChainWriter(db.tx, db.dataSource, new SimpleMeterRegistry());
    final Acknowledgements acknowledgements = new Acknowledgements(
            db.jdbc,
            chain,
            new AuditTrail(
                    db.jdbc, Clock.systemUTC(), new ChainKey(KEY), uk.safeguarding.hub.vault.TestVaults.shared()),
            Clock.systemUTC(),
            uk.safeguarding.hub.vault.TestVaults.shared());

    @AfterEach
    void stop() throws InterruptedException {
        chain.stop();
    }

    String share(DeliveryStatus status) {
        String hubId = UUID.randomUUID().toString();
        String deliveryId = UUID.randomUUID().toString();
        Timestamp now = Timestamp.from(Instant.now());
        db.jdbc.update(
                "INSERT INTO inbound_message (hub_message_id, sender_agency, sender_message_id, event,"
                        + " subject_nhs, received_at, rule_version) VALUES (?, 'drug-service', ?, 'screening-result',"
                        + " '9990000018', ?, 1)",
                hubId,
                "s-" + hubId,
                now);
        db.jdbc.update(
                "INSERT INTO delivery (delivery_id, hub_message_id, recipient_agency, event, sender_agency,"
                        + " basis, urgent, received_at, size_bytes, status) VALUES (?, ?, 'gp', 'screening-result',"
                        + " 'drug-service', 'CONSENT', FALSE, ?, 3, ?)",
                deliveryId,
                hubId,
                now,
                status.name());
        db.jdbc.update("INSERT INTO delivery_payload (delivery_id, payload) VALUES (?, X'010203')", deliveryId);
        return deliveryId;
    }

    Map<String, Object> row(String deliveryId) {
        return db.jdbc.queryForMap(
                "SELECT status, (SELECT payload FROM delivery_payload p WHERE p.delivery_id = d.delivery_id) AS payload,"
                        + " dequeued_at FROM delivery d WHERE delivery_id = ?",
                deliveryId);
    }

    String audited(String deliveryId) {
        return uk.safeguarding.hub.audit.AuditDetails.of(db.jdbc, "ACKNOWLEDGED").stream()
                .filter(d -> d.contains(deliveryId))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void throughTheApiAQueuedShareIsAcknowledgedOnceAndLeftForTheSweepToTakeOffItsQueue() {
        String id = share(DeliveryStatus.QUEUED);
        assertThat(acknowledgements.acknowledge("gp", id, Via.MAILBOX_API)).isEqualTo(Result.ACKNOWLEDGED);
        assertThat(acknowledgements.acknowledge("gp", id, Via.MAILBOX_API)).isEqualTo(Result.ALREADY_ACKNOWLEDGED);
        Map<String, Object> row = row(id);
        assertThat(row.get("STATUS")).isEqualTo("ACKED");
        assertThat(row.get("PAYLOAD")).isNull();
        assertThat(row.get("DEQUEUED_AT")).isNull();
        assertThat(audited(id)).isEqualTo("{\"deliveryId\":\"" + id + "\"}");
    }

    @Test
    void throughTheApiAShareNotYetInTheMailboxOrRecalledIsNotFound() {
        assertThat(acknowledgements.acknowledge("gp", share(DeliveryStatus.PENDING), Via.MAILBOX_API))
                .isEqualTo(Result.NOT_FOUND);
        assertThat(acknowledgements.acknowledge("gp", share(DeliveryStatus.RECALLING), Via.MAILBOX_API))
                .isEqualTo(Result.NOT_FOUND);
        assertThat(acknowledgements.acknowledge("gp", share(DeliveryStatus.RECALLED), Via.BROKER))
                .isEqualTo(Result.NOT_FOUND);
    }

    @Test
    void consumedThroughTheBrokerOrPushedAShareIsAlreadyOffItsQueue() {
        String pending = share(DeliveryStatus.PENDING);
        assertThat(acknowledgements.acknowledge("gp", pending, Via.BROKER)).isEqualTo(Result.ACKNOWLEDGED);
        assertThat(row(pending).get("DEQUEUED_AT")).isNotNull();
        assertThat(audited(pending)).contains("\"via\":\"broker\"");
        String queued = share(DeliveryStatus.QUEUED);
        assertThat(acknowledgements.acknowledge("gp", queued, Via.PUSH)).isEqualTo(Result.ACKNOWLEDGED);
        assertThat(audited(queued)).contains("\"via\":\"push\"");
    }

    @Test
    void anotherAgencysShareOrAnIdThatIsNoIdIsNotFound() {
        String id = share(DeliveryStatus.QUEUED);
        assertThat(acknowledgements.acknowledge("maternity", id, Via.MAILBOX_API))
                .isEqualTo(Result.NOT_FOUND);
        assertThat(acknowledgements.acknowledge("gp", "'; DROP TABLE delivery; --", Via.MAILBOX_API))
                .isEqualTo(Result.NOT_FOUND);
        assertThat(row(id).get("STATUS")).isEqualTo("QUEUED");
    }
}
