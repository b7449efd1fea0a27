package uk.safeguarding.hub.explain;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.safeguarding.hub.TestDatabase;
import uk.safeguarding.hub.delivery.AcceptedMessages;
import uk.safeguarding.hub.intake.FhirMessageReader;
import uk.safeguarding.hub.message.AgencyRole;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.message.LinkedChild;
import uk.safeguarding.hub.policy.Decision;
import uk.safeguarding.hub.policy.MinimumNecessary;
import uk.safeguarding.hub.policy.PolicyEngine;
import uk.safeguarding.hub.policy.PolicyProperties;
import uk.safeguarding.hub.policy.RuleFileLoader;
import uk.safeguarding.hub.policy.RuleSet;
import uk.safeguarding.hub.policy.SharingDecisions;
import uk.safeguarding.hub.policy.TestAgencies;
import uk.safeguarding.hub.register.AgencyRegister;
import uk.safeguarding.hub.register.AgencyTrust;
import uk.safeguarding.hub.register.FactsCodec;
import uk.safeguarding.hub.register.FamilyFacts;

/**
 * A dry run decides kept messages again under proposed rules, on the facts each was decided on: the same rules
 * change nothing; a rule without one of its bases lists each decision it turns; content past its keeping is
 * forgotten and no longer decided.
 */
class DryRunTest {

    static final Path RULES = Path.of("config/rules/sharing-rules.yaml");
    static final String MOTHER = "9990000018";
    static final String CHILD = "9990000026";

    final TestDatabase db = TestDatabase.create();
    final FhirContext fhir = FhirContext.forR4Cached();
    final FhirMessageReader reader = new FhirMessageReader(fhir);
    final PolicyEngine engine = new PolicyEngine(RuleFileLoader.load(RULES));
    final AgencyRegister agencies = new AgencyRegister(List.of(
            TestAgencies.agency("drug-service", AgencyRole.DRUG_TREATMENT, false),
            TestAgencies.agency("social-care", AgencyRole.CHILDRENS_SOCIAL_CARE, true),
            TestAgencies.agency("gp", AgencyRole.GP, false)));
    final uk.safeguarding.hub.vault.Vault vault = uk.safeguarding.hub.vault.TestVaults.inMemory();
    final SharingDecisions decisions = new SharingDecisions(
            engine,
            agencies,
            new AgencyTrust(
                    Path.of("target/no-such.crl"),
                    agencies.find("gp").orElseThrow().certificate(),
                    agencies),
            new MinimumNecessary(fhir),
            null);
    final DryRun dryRun = new DryRun(
            new AcceptedMessages(db.jdbc, vault),
            reader,
            engine,
            Clock.systemUTC(),
            new PolicyProperties(
                    RULES.toString(), Duration.ofDays(90), Duration.ofSeconds(10), Duration.ofHours(1), true),
            decisions,
            agencies);

    /** A screening result about a child on a plan, kept with its facts and the decisions made at the time. */
    String keep(Instant receivedAt) throws Exception {
        String hubId = UUID.randomUUID().toString();
        byte[] body = Files.readString(Path.of("src/test/resources/messages/examples/screening-result.json"))
                .getBytes(StandardCharsets.UTF_8);
        FamilyFacts facts = new FamilyFacts(
                MOTHER,
                List.of(new LinkedChild(CHILD, java.time.LocalDate.of(2022, 3, 14), null, "MTH")),
                Set.of(),
                Set.of(CHILD),
                List.of(),
                Set.of("drug-service", "social-care"));
        db.jdbc.update(
                "INSERT INTO inbound_message (hub_message_id, sender_agency, sender_message_id, event,"
                        + " subject_nhs, received_at, rule_version, body, facts) VALUES (?, 'drug-service', ?,"
                        + " 'screening-result', ?, ?, 2, ?, ?)",
                hubId,
                "s-" + hubId,
                MOTHER,
                Timestamp.from(receivedAt),
                // Sealed as the hub stores it.
                vault.seal(uk.safeguarding.hub.vault.Purpose.CONTENT, body, "inbound_message.body"),
                vault.sealText(
                        uk.safeguarding.hub.vault.Purpose.CONTENT, FactsCodec.write(facts), "inbound_message.facts"));
        InboundMessage message = reader.reread(body, hubId, receivedAt);
        for (Decision d : decisions.decide(engine.rules(), message, facts).decisions()) {
            db.jdbc.update(
                    "INSERT INTO decision (hub_message_id, agency, role, outcome, basis, rule_version,"
                            + " inform_subject, urgent, reasons) VALUES (?, ?, ?, ?, ?, 2, FALSE, FALSE, '')",
                    hubId,
                    d.agency(),
                    d.role().name(),
                    d.decision().name(),
                    d.basis() == null ? null : d.basis().name());
        }
        return hubId;
    }

    static RuleSet proposed(String yaml) {
        return RuleFileLoader.parse(yaml.replaceFirst("(?m)^version: \\d+$", "version: 99"), "proposed");
    }

    @Test
    void theSameRulesChangeNothing() throws Exception {
        keep(Instant.now().minus(Duration.ofDays(2)));
        DryRun.Report report = dryRun.run(proposed(Files.readString(RULES)), 30);
        assertThat(report.messages()).isEqualTo(1);
        assertThat(report.decisions()).isPositive();
        assertThat(report.changed()).isZero();
        assertThat(report.proposedVersion()).isEqualTo(99);
        assertThat(report.runningVersion()).isEqualTo(engine.rules().version());
    }

    @Test
    void aBasisTakenAwayListsEachDecisionItTurns() throws Exception {
        String hubId = keep(Instant.now().minus(Duration.ofDays(2)));
        String yaml = Files.readString(RULES);
        int rule = yaml.indexOf("id: screening-result-to-social-care");
        int basis = yaml.indexOf("- basis: CHILD_PROTECTION_PLAN", rule);
        String without = yaml.substring(0, basis) + yaml.substring(yaml.indexOf("- basis:", basis + 1));
        DryRun.Report report = dryRun.run(proposed(without), 30);
        assertThat(report.changes()).singleElement().satisfies(c -> {
            assertThat(c.hubMessageId()).isEqualTo(hubId);
            assertThat(c.agency()).isEqualTo("social-care");
            assertThat(c.before()).isEqualTo("SHARE CHILD_PROTECTION_PLAN");
            assertThat(c.after()).isNotEqualTo(c.before());
        });
    }

    /**
     * A message decided under an earlier version (here: a GP share the running rules would not make) is compared with
     * what the running rules decide now: a proposal equal to the running rules changes nothing.
     */
    @Test
    void aProposalIsComparedWithTheRunningRulesNotWithWhatWasDecidedThen() throws Exception {
        String hubId = keep(Instant.now().minus(Duration.ofDays(2)));
        db.jdbc.update(
                "INSERT INTO decision (hub_message_id, agency, role, outcome, basis, rule_version, inform_subject,"
                        + " urgent, reasons) VALUES (?, 'gp-earlier', 'GP', 'SHARE', 'CONSENT', 1, FALSE, FALSE, '')",
                hubId);
        DryRun.Report report = dryRun.run(proposed(Files.readString(RULES)), 30);
        assertThat(report.changed()).isZero();
        assertThat(report.groups()).isEmpty();
    }

    @Test
    void changesAreGroupedByEventRecipientAndWhatChangedWithCounts() throws Exception {
        keep(Instant.now().minus(Duration.ofDays(2)));
        keep(Instant.now().minus(Duration.ofDays(3)));
        String yaml = Files.readString(RULES);
        int rule = yaml.indexOf("id: screening-result-to-social-care");
        int basis = yaml.indexOf("- basis: CHILD_PROTECTION_PLAN", rule);
        String without = yaml.substring(0, basis) + yaml.substring(yaml.indexOf("- basis:", basis + 1));
        DryRun.Report report = dryRun.run(proposed(without), 30);
        assertThat(report.changed()).isEqualTo(2);
        assertThat(report.groups()).singleElement().satisfies(g -> {
            assertThat(g.event()).isEqualTo("screening-result");
            assertThat(g.agency()).isEqualTo("social-care");
            assertThat(g.before()).isEqualTo("SHARE CHILD_PROTECTION_PLAN");
            assertThat(g.count()).isEqualTo(2);
        });
        assertThat(DryRun.inWords("SHARE CHILD_PROTECTION_PLAN")).isEqualTo("shared on a child protection plan");
        assertThat(DryRun.inWords("WITHHOLD")).isEqualTo("not shared");
    }

    @Test
    void onlyTheDaysAskedForAreDecidedAndOldContentIsForgotten() throws Exception {
        keep(Instant.now().minus(Duration.ofDays(10)));
        keep(Instant.now().minus(Duration.ofDays(100)));
        assertThat(dryRun.run(proposed(Files.readString(RULES)), 30).messages()).isEqualTo(1);
        assertThat(dryRun.run(proposed(Files.readString(RULES)), 365).messages())
                .isEqualTo(2);
        assertThat(new AcceptedMessages(db.jdbc, vault)
                        .forgetContentBefore(Instant.now().minus(Duration.ofDays(90)), java.util.Set.of()))
                .isEqualTo(1);
        assertThat(dryRun.run(proposed(Files.readString(RULES)), 365).messages())
                .isEqualTo(1);
    }
}
