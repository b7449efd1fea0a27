package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The rule set as governed data, over real TLS: officers read, check, dry-run and change it; a change is a new
 * version, audited with who and why, and decides the next message at once; a bad change is refused with every
 * problem and leaves the running rules alone; nobody else may touch it.
 */
class RulesAdministrationTest extends HubTestBase {

    static final String PROPOSED_HEADER = "application/yaml";

    int runningVersion() throws Exception {
        var response = People.officer(port).get("/api/rules");
        assertThat(response.statusCode()).isEqualTo(200);
        return Integer.parseInt(response.headers().firstValue("X-Rules-Version").orElseThrow());
    }

    String runningRules() throws Exception {
        return People.officer(port).get("/api/rules").body();
    }

    /** Four eyes: the officer proposes, the second officer approves; returns the approval's answer. */
    java.net.http.HttpResponse<String> proposeAndApprove(String yaml, String reason) throws Exception {
        var put = People.officer(port).send("PUT", "/api/rules?reason=" + reason, yaml, PROPOSED_HEADER);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(202);
        String id = JSON.readTree(put.body()).get("proposal").get("id").asString();
        return People.secondOfficer(port)
                .send("POST", "/api/rules/proposals/" + id + "/approve?reason=checked", "", "text/plain");
    }

    static String withVersion(String yaml, int version) {
        return yaml.replaceFirst("(?m)^version: \\d+$", "version: " + version);
    }

    @Test
    void onlyInformationGovernanceOfficersMayReadOrChangeTheRules() throws Exception {
        assertThat(as("social-care").get("/api/rules").statusCode()).isEqualTo(403);
        assertThat(People.ops(port).get("/api/rules").statusCode()).isEqualTo(403);
        assertThat(People.ops(port)
                        .send("PUT", "/api/rules?reason=x", runningRules(), PROPOSED_HEADER)
                        .statusCode())
                .isEqualTo(403);
        assertThat(AgencyClient.anonymous(port).get("/api/rules").statusCode()).isEqualTo(401);
        assertThat(People.officer(port).get("/api/rules").body()).contains("events:");
    }

    @Test
    void aBadChangeIsRefusedWithEveryProblemAndTheRunningRulesStay() throws Exception {
        int before = runningVersion();
        String bad = withVersion(runningRules(), before + 1)
                .replace(
                        "recipients: [DRUG_TREATMENT, MATERNITY, GP, HEALTH_VISITOR]\n        bases:\n"
                                + "          - basis: CHILD_PROTECTION_PLAN",
                        "recipients: [DRUG_TREATMENT, MATERNITY, GP, HEALTH_VISITOR]\n        bases:\n"
                                + "          - basis: SECTION_47")
                .replace("cp-plan-status:", "cp-plan-stats:");
        var check = People.officer(port).send("POST", "/api/rules/validate", bad, PROPOSED_HEADER);
        assertThat(check.statusCode()).isEqualTo(422);
        JsonNode problems = JSON.readTree(check.body()).get("problems");
        assertThat(problems.valueStream().map(JsonNode::asString))
                .anyMatch(p -> p.matches("line \\d+: unknown event 'cp-plan-stats'"))
                .anyMatch(p -> p.matches("line \\d+: rule 'dropout-to-other-services' offers an open Section 47 enquiry"
                        + " \\(SECTION_47\\) to .*"));
        var put = People.officer(port).send("PUT", "/api/rules?reason=try", bad, PROPOSED_HEADER);
        assertThat(put.statusCode()).isEqualTo(422);
        assertThat(runningVersion()).isEqualTo(before);

        var stale = People.officer(port).send("PUT", "/api/rules?reason=stale", runningRules(), PROPOSED_HEADER);
        assertThat(stale.statusCode()).isEqualTo(422);
        assertThat(stale.body()).contains("version must be " + (before + 1));
        var noReason = People.officer(port)
                .send("PUT", "/api/rules", withVersion(runningRules(), before + 1), PROPOSED_HEADER);
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(runningVersion()).isEqualTo(before);
    }

    @Test
    void aChangeIsVersionedAuditedDryRunFirstAndTakesEffectAtOnce() throws Exception {
        String original = runningRules();
        int before = runningVersion();
        String family = "9990000166";
        // Consent to GP and a dropout that shares with the GP under the running rules.
        as("drug-service")
                .post(
                        PROCESS,
                        example("consent-update.json")
                                .replace("ex-consent-1", "gov-consent")
                                .replace("9990000018", family)
                                .replace("9990000026", "9990000174"));
        var first = as("drug-service")
                .post(
                        PROCESS,
                        example("treatment-dropout.json")
                                .replace("ex-dropout-1", "gov-dropout-1")
                                .replace("9990000018", family)
                                .replace("9990000026", "9990000174"));
        assertThat(decisions(first.body())).containsEntry("gp", "SHARE CONSENT");

        // The proposal: dropout no longer goes to GPs.
        String proposal = withVersion(original, before + 1)
                .replace(
                        "recipients: [DRUG_TREATMENT, MATERNITY, GP, HEALTH_VISITOR]\n        bases:\n"
                                + "          - basis: CHILD_PROTECTION_PLAN\n          - basis: CONSENT\n"
                                + "            purposes: [TREAT, COC, CAREMGT]\n        profile: treatment-status\n\n"
                                + "  treatment-change",
                        "recipients: [DRUG_TREATMENT, MATERNITY, HEALTH_VISITOR]\n        bases:\n"
                                + "          - basis: CHILD_PROTECTION_PLAN\n          - basis: CONSENT\n"
                                + "            purposes: [TREAT, COC, CAREMGT]\n        profile: treatment-status\n\n"
                                + "  treatment-change");
        assertThat(proposal).isNotEqualTo(withVersion(original, before + 1));
        var dry = People.officer(port).send("POST", "/api/rules/dry-run?days=7", proposal, PROPOSED_HEADER);
        assertThat(dry.statusCode()).isEqualTo(200);
        JsonNode report = JSON.readTree(dry.body());
        assertThat(report.get("changed").asInt()).isPositive();
        assertThat(report.get("changes").valueStream())
                .anyMatch(c -> c.get("agency").asString().equals("gp")
                        && c.get("before").asString().equals("SHARE CONSENT")
                        && c.get("after").asString().equals("WITHHOLD")
                        && c.get("event").asString().equals("treatment-dropout"));
        assertThat(runningVersion()).isEqualTo(before);

        try {
            var put = People.officer(port)
                    .send("PUT", "/api/rules?reason=GPs+get+dropout+from+the+drug+service", proposal, PROPOSED_HEADER);
            assertThat(put.statusCode()).as(put.body()).isEqualTo(202);
            assertThat(runningVersion()).as("proposed, not applied").isEqualTo(before);
            String id = JSON.readTree(put.body()).get("proposal").get("id").asString();
            var own = People.officer(port)
                    .send("POST", "/api/rules/proposals/" + id + "/approve?reason=mine", "", "text/plain");
            assertThat(own.statusCode()).isEqualTo(403);
            assertThat(runningVersion()).isEqualTo(before);
            var approved = People.secondOfficer(port)
                    .send("POST", "/api/rules/proposals/" + id + "/approve?reason=read+the+guidance", "", "text/plain");
            assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
            assertThat(runningVersion()).isEqualTo(before + 1);
            var again = People.secondOfficer(port)
                    .send("POST", "/api/rules/proposals/" + id + "/approve?reason=twice", "", "text/plain");
            assertThat(again.statusCode()).isEqualTo(409);
            var second = as("drug-service")
                    .post(
                            PROCESS,
                            example("treatment-dropout.json")
                                    .replace("ex-dropout-1", "gov-dropout-2")
                                    .replace("9990000018", family)
                                    .replace("9990000026", "9990000174"));
            assertThat(decisions(second.body())).containsEntry("gp", "WITHHOLD -");
            assertThat(second.body()).contains("\"valueInteger\":" + (before + 1));
            var changes = auditEntries("RULES_CHANGED");
            String audited = (String) changes.get(changes.size() - 1).get("DETAIL");
            assertThat(audited)
                    .contains("\"changedBy\":\"" + People.OFFICER + "\"")
                    .contains("\"approvedBy\":\"" + People.SECOND_OFFICER + "\"")
                    .contains("GPs get dropout from the drug service")
                    .contains("\"version\":" + (before + 1));
            JsonNode versions = JSON.readTree(
                    People.officer(port).get("/api/rules/versions").body());
            assertThat(versions.get(0).get("version").asInt()).isEqualTo(before + 1);
            assertThat(versions.get(0).get("changedBy").asString()).isEqualTo(People.OFFICER);
            assertThat(versions.get(0).get("approvedBy").asString()).isEqualTo(People.SECOND_OFFICER);
            assertThat(auditCount("RULES_APPROVAL_REFUSED")).isPositive();
        } finally {
            // Later tests in this context run on the shipped rules again (as a further version).
            var restore = proposeAndApprove(withVersion(original, runningVersion() + 1), "restore");
            assertThat(restore.statusCode()).isEqualTo(200);
        }
    }

    /**
     * A proposal can be withdrawn or rejected; of two for the same version the second is superseded once the first
     * applies; a roll-back proposes an earlier version's content as the next, and the diff shows what it undoes.
     */
    @Test
    void proposalsAreWithdrawnRejectedSupersededAndRolledBack() throws Exception {
        String original = runningRules();
        int before = runningVersion();
        String next = withVersion(original, before + 1);
        String a = next + "\n# a second proposal for the same version\n";
        var first = People.officer(port).send("PUT", "/api/rules?reason=first", next, PROPOSED_HEADER);
        var second = People.officer(port).send("PUT", "/api/rules?reason=second", a, PROPOSED_HEADER);
        var third = People.secondOfficer(port).send("PUT", "/api/rules?reason=third", next, PROPOSED_HEADER);
        String firstId = JSON.readTree(first.body()).get("proposal").get("id").asString();
        String secondId = JSON.readTree(second.body()).get("proposal").get("id").asString();
        String thirdId = JSON.readTree(third.body()).get("proposal").get("id").asString();
        var withdrawn = People.officer(port)
                .send("POST", "/api/rules/proposals/" + secondId + "/reject?reason=typo", "", "text/plain");
        assertThat(JSON.readTree(withdrawn.body()).get("proposal").get("state").asString())
                .isEqualTo("WITHDRAWN");
        var rejected = People.officer(port)
                .send("POST", "/api/rules/proposals/" + thirdId + "/reject?reason=duplicate", "", "text/plain");
        assertThat(JSON.readTree(rejected.body()).get("proposal").get("state").asString())
                .isEqualTo("REJECTED");
        assertThat(People.secondOfficer(port)
                        .send("POST", "/api/rules/proposals/" + firstId + "/approve", "", "text/plain")
                        .statusCode())
                .as("no reason")
                .isEqualTo(400);
        assertThat(People.secondOfficer(port)
                        .send("POST", "/api/rules/proposals/" + firstId + "/approve?reason=ok", "", "text/plain")
                        .statusCode())
                .isEqualTo(200);

        var rollBack = People.officer(port)
                .send("POST", "/api/rules/rollback?to=" + before + "&reason=back", "", "text/plain");
        assertThat(rollBack.statusCode()).as(rollBack.body()).isEqualTo(202);
        JsonNode proposal = JSON.readTree(rollBack.body()).get("proposal");
        assertThat(proposal.get("version").asInt()).isEqualTo(before + 2);
        assertThat(proposal.get("rollbackTo").asInt()).isEqualTo(before);
        var approved = People.secondOfficer(port)
                .send(
                        "POST",
                        "/api/rules/proposals/" + proposal.get("id").asString() + "/approve?reason=ok",
                        "",
                        "text/plain");
        assertThat(approved.statusCode()).isEqualTo(200);
        assertThat(People.officer(port)
                        .get("/api/rules/versions/" + (before + 2))
                        .body())
                .isEqualTo(withVersion(original, before + 2));
        String diff = People.officer(port)
                .get("/api/rules/diff?from=" + before + "&to=" + (before + 2))
                .body();
        assertThat(diff).contains("-version: " + before).contains("+version: " + (before + 2));
        assertThat(People.officer(port)
                        .get("/api/rules/diff?from=" + before + "&to=999")
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void anOfficerCanExplainAnyAgencysMessage() throws Exception {
        var response = People.officer(port).post("/api/decisions/explain", example("referral-level-3.json"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("event").asString()).isEqualTo("referral");
        assertThat(People.ops(port)
                        .post("/api/decisions/explain", example("referral-level-3.json"))
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void theShippedRuleFileIsInTheHistory() throws Exception {
        int shipped = Integer.parseInt(Files.readString(Path.of("config/rules/sharing-rules.yaml"))
                .replaceAll("(?s).*?\nversion: (\\d+).*", "$1"));
        JsonNode versions =
                JSON.readTree(People.officer(port).get("/api/rules/versions").body());
        assertThat(versions.valueStream())
                .anyMatch(v -> v.get("changedBy").asString().startsWith("file:")
                        && v.get("version").asInt() == shipped);
    }

    /** curl --data-binary without a Content-Type says "form": the rule file is read as sent all the same. */
    @Test
    void aRuleFileSentAsAFormIsReadAsSent() throws Exception {
        String rules = runningRules();
        var asYaml = People.officer(port).send("POST", "/api/rules/validate", rules, PROPOSED_HEADER);
        var asForm =
                People.officer(port).send("POST", "/api/rules/validate", rules, "application/x-www-form-urlencoded");
        assertThat(asForm.statusCode()).isEqualTo(asYaml.statusCode());
        assertThat(asForm.body()).isEqualTo(asYaml.body());
        var dry = People.officer(port)
                .send("POST", "/api/rules/dry-run?days=1", rules, "application/x-www-form-urlencoded");
        assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
        var put = People.officer(port)
                .send("PUT", "/api/rules?reason=same+again", rules, "application/x-www-form-urlencoded");
        assertThat(put.statusCode())
                .isEqualTo(People.officer(port)
                        .send("PUT", "/api/rules?reason=same+again", rules, PROPOSED_HEADER)
                        .statusCode());
        assertThat(put.body()).contains("problems");
    }
}
