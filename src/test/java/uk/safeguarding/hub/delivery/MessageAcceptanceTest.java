package uk.safeguarding.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.safeguarding.hub.TestDatabase;
import uk.safeguarding.hub.audit.AuditDetail;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.ChainKey;
import uk.safeguarding.hub.audit.ChainWriter;
import uk.safeguarding.hub.intake.FhirMessageReader;
import uk.safeguarding.hub.message.Accepted;
import uk.safeguarding.hub.message.AgencyRole;
import uk.safeguarding.hub.message.FhirJson;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.policy.Basis;
import uk.safeguarding.hub.policy.Decision;
import uk.safeguarding.hub.policy.PolicyEngine;
import uk.safeguarding.hub.policy.RuleFileLoader;
import uk.safeguarding.hub.policy.SharingDecisions.Decided;
import uk.safeguarding.hub.protect.Protection.Protected;
import uk.safeguarding.hub.protect.Protection.ProtectedDecision;
import uk.safeguarding.hub.register.AgencyRegister;
import uk.safeguarding.hub.register.FamilyFacts;
import uk.safeguarding.hub.register.RegisterProperties;
import uk.safeguarding.hub.register.Registers;

/**
 * The store step: a decided, sealed message stored whole in one transaction (message, receipt, a decision per
 * candidate, a pending share per recipient, the registers' news, an audit entry each); a resend finds the first.
 */
class MessageAcceptanceTest {

    static final String KEY =
            java.util.Base64.getEncoder().encodeToString("a test key of thirty-two bytes!!".getBytes());

    final TestDatabase db = TestDatabase.create();
    final FhirContext fhir = FhirContext.forR4Cached();
    final ChainWriter chain = new ChainWriter(db.tx, db.dataSource, new SimpleMeterRegistry());
    final AuditTrail audit = new AuditTrail(
            db.jdbc, Clock.systemUTC(), new ChainKey(KEY), uk.safeguarding.hub.vault.TestVaults.shared());
    final Registers registers = new Registers(
            db.jdbc, new RegisterProperties("config/agencies.yaml", 12), uk.safeguarding.hub.vault.TestVaults.shared());
    final PolicyEngine engine = new PolicyEngine(RuleFileLoader.load(Path.of("config/rules/sharing-rules.yaml")));
    final uk.safeguarding.hub.vault.Vault vault = uk.safeguarding.hub.vault.TestVaults.shared();
    final MessageAcceptance acceptance = new MessageAcceptance(
            db.jdbc,
            registers,
            audit,
            new ReceiptWriter(fhir),
            new Recalls(db.jdbc, engine, new AgencyRegister(List.of()), audit, null, vault),
            new FhirJson(fhir),
            chain,
            vault);

    @AfterEach
    void stop() throws InterruptedException {
        chain.stop();
    }

    InboundMessage screening(String senderMessageId) throws Exception {
        String json = Files.readString(Path.of("src/test/resources/messages/examples/screening-result.json"))
                .replace("ex-screen-1", senderMessageId);
        return new FhirMessageReader(fhir).read(json.getBytes(StandardCharsets.UTF_8), "drug-service");
    }

    static Protected sealed(InboundMessage m) {
        Decision share = new Decision(
                "gp",
                AgencyRole.GP,
                Decision.Outcome.SHARE,
                Basis.CONSENT,
                "to-gp",
                2,
                List.of("consent covers GP"),
                true,
                false,
                "full",
                null,
                null,
                List.of());
        Decision withhold = new Decision(
                "maternity",
                AgencyRole.MATERNITY,
                Decision.Outcome.WITHHOLD,
                null,
                null,
                2,
                List.of("no rule"),
                null,
                false,
                null,
                Decision.WithheldBecause.NO_RULE,
                null,
                List.of());
        FamilyFacts facts =
                new FamilyFacts(m.serviceUserNhsNumber(), m.linkedChildren(), Set.of(), Set.of(), List.of(), Set.of());
        Decided decided = new Decided(
                m,
                facts,
                RuleFileLoader.load(Path.of("config/rules/sharing-rules.yaml")),
                AgencyRole.DRUG_TREATMENT,
                List.of(share, withhold),
                Map.of());
        String deliveryId = UUID.randomUUID().toString();
        return new Protected(
                decided,
                List.of(
                        new ProtectedDecision(share, detail("SHARE", deliveryId), deliveryId, new byte[] {1, 2, 3}),
                        new ProtectedDecision(withhold, detail("WITHHOLD", null), null, null)));
    }

    static AuditDetail.Decided detail(String outcome, String deliveryId) {
        return new AuditDetail.Decided(
                outcome,
                null,
                null,
                2,
                List.of(),
                null,
                false,
                "GP",
                "DRUG_TREATMENT",
                null,
                null,
                null,
                null,
                null,
                null,
                deliveryId,
                null);
    }

    @Test
    void aMessageIsStoredWholeWithItsDecisionsPendingShareAndAudit() throws Exception {
        InboundMessage m = screening("store-1");
        assertThat(acceptance.earlier(m)).isNull();
        Accepted accepted = acceptance.store(sealed(m));
        assertThat(accepted.duplicate()).isFalse();
        assertThat(accepted.deliveryIds()).hasSize(1);
        assertThat(accepted.receipt()).contains("\"resourceType\":\"Bundle\"").contains(m.hubMessageId());
        assertThat(db.jdbc.queryForObject(
                        "SELECT COUNT(*) FROM decision WHERE hub_message_id = ?", Integer.class, m.hubMessageId()))
                .isEqualTo(2);
        assertThat(db.jdbc.queryForMap(
                        "SELECT recipient_agency, status, size_bytes FROM delivery WHERE" + " delivery_id = ?",
                        accepted.deliveryIds().get(0)))
                .containsEntry("RECIPIENT_AGENCY", "gp")
                .containsEntry("STATUS", "PENDING")
                .containsEntry("SIZE_BYTES", 3);
        assertThat(db.jdbc.queryForList("SELECT entry_type FROM audit_entry ORDER BY seq", String.class))
                .as("the receipt carrying the decision to withhold, then the share's decision")
                .containsExactly("RECEIVED", "DECIDED");
        assertThat(registers.factsFor(screening("store-2")).involvedAgencies()).contains("drug-service", "gp");
    }

    @Test
    void aResendFindsTheFirstAcceptanceAndStoringItAgainAddsNothing() throws Exception {
        InboundMessage first = screening("again-1");
        Accepted accepted = acceptance.store(sealed(first));
        InboundMessage resent = screening("again-1");
        Accepted earlier = acceptance.earlier(resent);
        assertThat(earlier.duplicate()).isTrue();
        assertThat(earlier.hubMessageId()).isEqualTo(first.hubMessageId());
        assertThat(earlier.receipt()).isEqualTo(accepted.receipt());
        assertThat(earlier.deliveryIds()).isEqualTo(accepted.deliveryIds());
        // Two at once: the second store loses on the unique sender id and answers with the first acceptance.
        Accepted raced = acceptance.store(sealed(resent));
        assertThat(raced.duplicate()).isTrue();
        assertThat(raced.hubMessageId()).isEqualTo(first.hubMessageId());
        assertThat(db.jdbc.queryForObject("SELECT COUNT(*) FROM inbound_message", Integer.class))
                .isEqualTo(1);
        assertThat(db.jdbc.queryForObject("SELECT COUNT(*) FROM audit_entry", Integer.class))
                .isEqualTo(2);
    }
}
