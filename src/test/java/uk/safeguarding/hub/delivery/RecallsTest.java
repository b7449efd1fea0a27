package uk.safeguarding.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.safeguarding.hub.TestDatabase;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.ChainKey;
import uk.safeguarding.hub.message.AgencyRole;
import uk.safeguarding.hub.message.ConsentUpdate;
import uk.safeguarding.hub.message.Event;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.policy.PolicyEngine;
import uk.safeguarding.hub.policy.RuleFileLoader;
import uk.safeguarding.hub.policy.TestAgencies;
import uk.safeguarding.hub.register.AgencyRegister;
import uk.safeguarding.hub.register.ConsentRecord;
import uk.safeguarding.hub.register.FamilyFacts;

/**
 * Consent withdrawn: the service user's consent-based shares not yet collected are recalled (a queued one marked
 * for taking off its queue, a pending one recalled at once), each audited; statutory shares, shares already
 * collected, and shares whose consent still holds stay.
 */
class RecallsTest {

    static final String KEY =
            java.util.Base64.getEncoder().encodeToString("a test key of thirty-two bytes!!".getBytes());
    static final String MOTHER = "9990000018";

    final TestDatabase db = TestDatabase.create();
    final AgencyRegister agencies = new AgencyRegister(List.of(
            TestAgencies.agency("gp", AgencyRole.GP, false),
            TestAgencies.agency("social-care", AgencyRole.CHILDRENS_SOCIAL_CARE, true)));
    final Recalls recalls = new Recalls(
            db.jdbc,
            new PolicyEngine(RuleFileLoader.load(Path.of("config/rules/sharing-rules.yaml"))),
            agencies,
            new AuditTrail(
                    db.jdbc, Clock.systemUTC(), new ChainKey(KEY), uk.safeguarding.hub.vault.TestVaults.shared()),
            null,
            uk.safeguarding.hub.vault.TestVaults.shared());

    String share(String subject, String recipient, String basis, DeliveryStatus status) {
        String hubId = UUID.randomUUID().toString();
        String deliveryId = UUID.randomUUID().toString();
        Timestamp now = Timestamp.from(Instant.now());
        db.jdbc.update(
                "INSERT INTO inbound_message (hub_message_id, sender_agency, sender_message_id, event,"
                        + " subject_nhs, received_at, rule_version) VALUES (?, 'drug-service', ?, 'screening-result', ?, ?,"
                        + " 1)",
                hubId,
                "s-" + hubId,
                uk.safeguarding.hub.vault.TestVaults.shared().index(subject),
                now);
        db.jdbc.update(
                "INSERT INTO delivery (delivery_id, hub_message_id, recipient_agency, event, sender_agency,"
                        + " basis, urgent, received_at, size_bytes, status) VALUES (?, ?, ?, 'screening-result',"
                        + " 'drug-service', ?, FALSE, ?, 3, ?)",
                deliveryId,
                hubId,
                recipient,
                basis,
                now,
                status.name());
        db.jdbc.update("INSERT INTO delivery_payload (delivery_id, payload) VALUES (?, X'010203')", deliveryId);
        return deliveryId;
    }

    String status(String deliveryId) {
        return db.jdbc.queryForObject("SELECT status FROM delivery WHERE delivery_id = ?", String.class, deliveryId);
    }

    static InboundMessage withdrawal() {
        return uk.safeguarding.hub.message.TestMessages.message(
                UUID.randomUUID().toString(),
                "w-1",
                "drug-service",
                Event.CONSENT_UPDATE,
                Instant.now(),
                MOTHER,
                null,
                null,
                List.of(),
                List.of(),
                List.of(),
                new uk.safeguarding.hub.message.EventDetails.Consent(
                        new ConsentUpdate("inactive", Set.of(), Set.of(), null, null, Instant.now())));
    }

    @Test
    void consentBasedSharesNotYetCollectedAreRecalledAndTheRestStay() {
        String queued = share(MOTHER, "gp", "CONSENT", DeliveryStatus.QUEUED);
        String pending = share(MOTHER, "gp", "CONSENT", DeliveryStatus.PENDING);
        String collected = share(MOTHER, "gp", "CONSENT", DeliveryStatus.ACKED);
        String statutory = share(MOTHER, "gp", "CHILD_PROTECTION_PLAN", DeliveryStatus.QUEUED);
        String someoneElse = share("9990000026", "gp", "CONSENT", DeliveryStatus.QUEUED);
        InboundMessage withdrawal = withdrawal();
        db.tx.executeWithoutResult(s -> recalls.markWithdrawnShares(
                withdrawal, new FamilyFacts(MOTHER, List.of(), Set.of(), Set.of(), List.of(), Set.of())));
        assertThat(status(queued)).isEqualTo("RECALLING");
        assertThat(status(pending)).isEqualTo("RECALLED");
        assertThat(status(collected)).isEqualTo("ACKED");
        assertThat(status(statutory)).isEqualTo("QUEUED");
        assertThat(status(someoneElse)).isEqualTo("QUEUED");
        assertThat(db.jdbc.queryForObject(
                        "SELECT COUNT(*) FROM audit_entry WHERE entry_type = 'RECALLED'", Integer.class))
                .isEqualTo(2);
        assertThat(db.jdbc.queryForObject(
                        "SELECT COUNT(*) FROM delivery_payload WHERE delivery_id = ?", Integer.class, queued))
                .isZero();
    }

    @Test
    void aFetchedShareIsNotRecalledButItsRecipientIsOwedARecallNotice() {
        String fetched = share(MOTHER, "gp", "CONSENT", DeliveryStatus.QUEUED);
        db.jdbc.update("UPDATE delivery SET fetched_at = CURRENT_TIMESTAMP WHERE delivery_id = ?", fetched);
        InboundMessage withdrawal = withdrawal();
        db.tx.executeWithoutResult(s -> recalls.markWithdrawnShares(
                withdrawal, new FamilyFacts(MOTHER, List.of(), Set.of(), Set.of(), List.of(), Set.of())));
        assertThat(status(fetched)).isEqualTo("QUEUED");
        assertThat(db.jdbc.queryForObject(
                        "SELECT agency FROM follow_up WHERE hub_message_id = ? AND kind = 'RECALL_NOTICE'",
                        String.class,
                        fetched))
                .isEqualTo("gp");
        assertThat(db.jdbc.queryForObject(
                        "SELECT COUNT(*) FROM audit_entry WHERE entry_type = 'RECALL_NOTICE'", Integer.class))
                .isEqualTo(1);
        assertThat(db.jdbc.queryForObject(
                        "SELECT COUNT(*) FROM audit_entry WHERE entry_type = 'RECALLED'", Integer.class))
                .isZero();
    }

    @Test
    void aShareWhoseConsentStillHoldsStays() {
        String queued = share(MOTHER, "social-care", "CONSENT", DeliveryStatus.QUEUED);
        ConsentRecord stillHolds = new ConsentRecord(
                "maternity",
                "active",
                Set.of(AgencyRole.CHILDRENS_SOCIAL_CARE),
                Set.of("TREAT", "COC", "CAREMGT"),
                null,
                null,
                Instant.now());
        db.tx.executeWithoutResult(s -> recalls.markWithdrawnShares(
                withdrawal(), new FamilyFacts(MOTHER, List.of(), Set.of(), Set.of(), List.of(stillHolds), Set.of())));
        assertThat(status(queued)).isEqualTo("QUEUED");
    }
}
