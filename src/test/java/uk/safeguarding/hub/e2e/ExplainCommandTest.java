package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import uk.safeguarding.hub.tools.ExplainCommand;

/** The command-line explain, against the database of the hub running in this context (the same JVM opens it). */
class ExplainCommandTest extends HubTestBase {

    static final String MESSAGES = "src/test/resources/scenarios/messages/";

    record Run(int status, String out, String err) {}

    Run explain(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of(
                "--data-dir",
                DATA,
                "--agencies",
                REGISTER,
                "--secrets",
                TestPki.DIR + "/hub.secrets",
                "--crl",
                CRL.toString(),
                "--crl-issuer",
                TestPki.DIR + "/ca.pem"));
        all.addAll(List.of(args));
        int status = ExplainCommand.run(
                all,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void explainsAMessageFileWithTheRunningRulesAndTheHubsRegisters() throws Exception {
        Run run = explain(MESSAGES + "kai-referral-l3.json");
        assertThat(run.status()).as(run.err()).isZero();
        JsonNode answer = JSON.readTree(run.out());
        assertThat(answer.get("event").asString()).isEqualTo("referral");
        assertThat(answer.get("ruleVersion").asInt())
                .isEqualTo(Integer.parseInt(People.officer(port)
                        .get("/api/rules")
                        .headers()
                        .firstValue("X-Rules-Version")
                        .orElseThrow()));
        JsonNode csc = answer.get("decisions")
                .valueStream()
                .filter(d -> d.get("agency").asString().equals("social-care"))
                .findFirst()
                .orElseThrow();
        assertThat(csc.get("decision").asString()).isEqualTo("SHARE");
        assertThat(csc.get("basis").asString()).isEqualTo("SIGNIFICANT_HARM");
        assertThat(csc.get("urgent").asBoolean()).isTrue();
    }

    @Test
    void aMessageTheHubWouldRefuseIsReportedAsRefused() {
        Run run = explain(MESSAGES + "amy-change-invalid.json");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.out()).contains("\"refused\": 400").contains("treatment status must be one of");
        Run forged = explain("--as", "gp", MESSAGES + "amy-dropout.json");
        assertThat(forged.status()).isEqualTo(2);
        assertThat(forged.out()).contains("\"refused\": 403");
    }

    @Test
    void aProposedRuleFileCanBeTried() {
        Run run = explain("--rules", "config/rules/sharing-rules.yaml", MESSAGES + "kai-referral-l1.json");
        assertThat(run.status()).as(run.err()).isZero();
        Run missing = explain("no-such-file.json");
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).contains("no such message file: no-such-file.json");
        Run help = explain("--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("usage:").contains("--crl-issuer");
        assertThat(explain("--colour", "red", MESSAGES + "kai-referral-l1.json").err())
                .contains("unknown option --colour");
    }
}
