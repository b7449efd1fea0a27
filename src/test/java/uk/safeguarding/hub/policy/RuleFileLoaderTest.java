package uk.safeguarding.hub.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import uk.safeguarding.hub.message.Event;

class RuleFileLoaderTest {

    static final String PROFILES = """
            profiles:
              summary:
                resources: [MessageHeader, Patient, Observation]
                remove: [Observation.note]
            """;

    @Test
    void theShippedRuleFileLoadsAndCoversTheEventsOfThePipeline() {
        RuleSet rules = RuleFileLoader.load(Path.of("config/rules/sharing-rules.yaml"));
        assertThat(rules.version()).isPositive();
        assertThat(rules.events().keySet())
                .contains(
                        Event.CONSENT_UPDATE,
                        Event.S47_ENQUIRY,
                        Event.CP_PLAN_STATUS,
                        Event.SCREENING_RESULT,
                        Event.TREATMENT_DROPOUT,
                        Event.PREGNANCY_SUBSTANCE_USE,
                        Event.NEONATAL_WITHDRAWAL,
                        Event.REFERRAL,
                        Event.REFERRAL_OUTCOME);
        assertThat(rules.profiles().get("screening-summary").remove()).containsExactly("Observation.note");
    }

    @Test
    void aStatutoryBasisOfferedToAnotherRoleIsRefusedWithItsLine() {
        String yaml = """
                version: 2
                events:
                  screening-result:
                    senders: [DRUG_TREATMENT]
                    rules:
                      - id: to-gp
                        recipients: [GP]
                        bases:
                          - basis: SECTION_47
                        profile: summary
                """ + PROFILES;
        assertThatThrownBy(() -> RuleFileLoader.parse(yaml, "test.yaml"))
                .isInstanceOf(RuleFileException.class)
                .hasMessageContaining("line 9:")
                .hasMessageContaining("a statutory basis only authorises sharing with children's social care");
    }

    /** The second edition's exceptions: a pre-birth plan's core group, and a referral outcome only to the referrer. */
    @Test
    void aPreBirthPlansCoreGroupIsAllowedAndAReferralOutcomeMustGoToTheReferrerAlone() {
        String pregnancy = """
                version: 2
                events:
                  pregnancy-substance-use:
                    senders: [DRUG_TREATMENT]
                    rules:
                      - id: to-gp
                        recipients: [GP]
                        bases:
                          - basis: CHILD_PROTECTION_PLAN
                        profile: summary
                """ + PROFILES;
        assertThat(RuleFileLoader.parse(pregnancy, "test.yaml").version()).isEqualTo(2);
        String outcome = """
                version: 2
                events:
                  referral-outcome:
                    senders: [CHILDRENS_SOCIAL_CARE]
                    rules:
                      - id: to-everyone
                        recipients: [GP]
                        bases:
                          - basis: SECTION_47
                        profile: summary
                """ + PROFILES;
        assertThatThrownBy(() -> RuleFileLoader.parse(outcome, "test.yaml"))
                .isInstanceOf(RuleFileException.class)
                .hasMessageContaining("line 6:")
                .hasMessageContaining("a referral outcome goes only to the referrer (reach REQUESTER)");
        assertThat(RuleFileLoader.parse(
                                outcome.replace("recipients: [GP]", "recipients: [GP]\n        reach: REQUESTER"), "t")
                        .version())
                .isEqualTo(2);
        String requesterElsewhere = outcome.replace("referral-outcome", "screening-result")
                .replace("[CHILDRENS_SOCIAL_CARE]", "[DRUG_TREATMENT]")
                .replace("recipients: [GP]", "recipients: [CHILDRENS_SOCIAL_CARE]\n        reach: REQUESTER");
        assertThatThrownBy(() -> RuleFileLoader.parse(requesterElsewhere, "test.yaml"))
                .isInstanceOf(RuleFileException.class)
                .hasMessageContaining("line 8:")
                .hasMessageContaining("reach REQUESTER only applies to s47-information-response and referral-outcome");
    }

    @Test
    void everyProblemIsListedEachWithItsLine() {
        String yaml = """
                version: 1
                events:
                  screening-reslut:
                    senders: [DRUG_TREATMENT]
                  referral:
                    senders: [SOCIAL_WORKER]
                    rules:
                      - id: r
                        recipients: [CHILDRENS_SOCIAL_CARE]
                        bases:
                          - basis: CONSENSUS
                        profile: nowhere
                """ + PROFILES;
        assertThatThrownBy(() -> RuleFileLoader.parse(yaml, "test.yaml"))
                .isInstanceOfSatisfying(
                        RuleFileException.class,
                        e -> assertThat(e.problems())
                                .containsExactly(
                                        "line 3: unknown event 'screening-reslut'",
                                        "line 6: unknown agency role 'SOCIAL_WORKER' in senders",
                                        "line 11: unknown basis 'CONSENSUS'",
                                        "line 12: rule 'r' names unknown profile 'nowhere'"));
    }

    @Test
    void aRuleThatCanNeverApplyIsRefused() {
        String yaml = """
                version: 1
                events:
                  referral:
                    senders: [GP]
                    rules:
                      - id: first
                        recipients: [CHILDRENS_SOCIAL_CARE]
                        bases: [{basis: CONSENT}]
                        profile: summary
                      - id: second
                        recipients: [CHILDRENS_SOCIAL_CARE]
                        bases: [{basis: SIGNIFICANT_HARM}]
                        profile: summary
                """ + PROFILES;
        assertThatThrownBy(() -> RuleFileLoader.parse(yaml, "test.yaml"))
                .hasMessageContaining("line 10: rule 'second' can never apply");
    }

    @Test
    void unknownKeysAndBrokenYamlNameTheirLine() {
        assertThatThrownBy(() -> RuleFileLoader.parse("version: 1\nevents: {}\nprofile: {}\n", "t.yaml"))
                .hasMessageContaining("line 3: unknown key 'profile'");
        assertThatThrownBy(() -> RuleFileLoader.parse("version: 1\nevents:\n  - [unclosed\n", "t.yaml"))
                .hasMessageContaining("not valid YAML");
    }
}
