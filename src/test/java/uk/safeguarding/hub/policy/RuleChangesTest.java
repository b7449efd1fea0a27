package uk.safeguarding.hub.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RuleChangesTest {

    static final Path FILE = Path.of("config/rules/sharing-rules.yaml");

    RuleSet shipped() throws Exception {
        return RuleFileLoader.parse(Files.readString(FILE), "shipped");
    }

    RuleSet with(String from, String to) throws Exception {
        String yaml = Files.readString(FILE);
        assertThat(yaml).contains(from);
        return RuleFileLoader.parse(yaml.replace(from, to), "changed");
    }

    @Test
    void theSameRulesChangeNothing() throws Exception {
        assertThat(RuleChanges.between(shipped(), shipped())).isEmpty();
    }

    @Test
    void aRoleTakenOutOfARuleNoLongerReceivesTheEvent() throws Exception {
        RuleSet after = with(
                "      - id: dropout-to-other-services\n"
                        + "        guidance: the core group under a plan; otherwise only with consent\n"
                        + "        recipients: [DRUG_TREATMENT, MATERNITY, GP, HEALTH_VISITOR]",
                "      - id: dropout-to-other-services\n"
                        + "        guidance: the core group under a plan; otherwise only with consent\n"
                        + "        recipients: [DRUG_TREATMENT, MATERNITY, GP]");
        assertThat(RuleChanges.between(shipped(), after))
                .containsExactly(new RuleChanges.Change(
                        "Treatment dropouts", "Health visitors would no longer receive treatment dropouts."));
        assertThat(RuleChanges.between(after, shipped()))
                .extracting(RuleChanges.Change::sentence)
                .containsExactly("Health visitors would now receive treatment dropouts when a child of the family has"
                        + " a child protection plan, or when the service user's consent covers them for care"
                        + " management, continuity of care or treatment.");
    }

    @Test
    void basesSendersUrgencyAndProfilesAreSaidInWords() throws Exception {
        RuleSet changed = with(
                "    senders: [DRUG_TREATMENT, MATERNITY, CHILDRENS_SOCIAL_CARE, GP, HEALTH_VISITOR]\n"
                        + "    urgentWhen:\n      assertions: [immediate-harm-risk]\n      referralLevels: [3]",
                "    senders: [DRUG_TREATMENT, MATERNITY, CHILDRENS_SOCIAL_CARE, HEALTH_VISITOR]\n"
                        + "    urgentWhen:\n      assertions: [immediate-harm-risk]");
        assertThat(RuleChanges.between(shipped(), changed))
                .extracting(RuleChanges.Change::sentence)
                .containsExactly(
                        "GP practices may no longer send referrals.",
                        "A share of a referral would be urgent when the sender sees a risk of immediate harm, instead"
                                + " of when the sender sees a risk of immediate harm or the referral level is 3.");
        RuleSet profile = with("    remove: [Observation.note]\n", "    remove: []\n");
        assertThat(RuleChanges.between(shipped(), profile))
                .extracting(RuleChanges.Change::sentence)
                .containsExactly("The profile \u201cscreening-summary\u201d would no longer remove free-text notes on"
                        + " test results.");
    }
}
