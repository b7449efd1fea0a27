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
                        Event.REFERRAL);
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
                .hasMessageContaining("statutory bases only ever authorise sharing with CHILDRENS_SOCIAL_CARE");
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
