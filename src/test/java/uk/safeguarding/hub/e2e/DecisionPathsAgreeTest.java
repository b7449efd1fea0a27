package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import uk.safeguarding.hub.protect.DevPki;
import uk.safeguarding.hub.tools.ExplainCommand;

/**
 * One decision path: every message of every scenario, in order, is explained by the API (as an officer) and by
 * the command line, then sent; the three give the same status and the same decision for every agency, a revoked
 * recipient included. Then a dry run of the running rules over the same messages changes none of them.
 */
class DecisionPathsAgreeTest extends HubTestBase {

    static final Path SCENARIOS = Path.of("src/test/resources/scenarios");

    /** agency -> "DECISION BASIS" ("-" for none), from a receipt or an explanation. */
    static Map<String, String> fromExplanation(JsonNode answer) {
        Map<String, String> out = new TreeMap<>();
        answer.get("decisions")
                .forEach(d -> out.put(
                        d.get("agency").asString(),
                        d.get("decision").asString() + " "
                                + (d.get("basis").isNull()
                                        ? "-"
                                        : d.get("basis").asString())));
        return out;
    }

    record Command(int status, String out) {}

    private static int nextPerson = 0;

    /**
     * Every NHS number of a scenario becomes one of this test's own (valid, unused elsewhere), the same one for
     * the whole scenario: the families of the other tests sharing this hub are left as they were.
     */
    static String ownFamilies(String body, Map<String, String> people) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\\b999\\d{7}\\b").matcher(body);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, people.computeIfAbsent(m.group(), n -> freshNhsNumber()));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String freshNhsNumber() {
        while (true) {
            String nine = String.format("999200%03d", nextPerson++);
            int sum = 0;
            for (int i = 0; i < 9; i++) {
                sum += (nine.charAt(i) - '0') * (10 - i);
            }
            int check = 11 - sum % 11;
            if (check == 11) {
                check = 0;
            }
            if (check != 10) {
                return nine + check;
            }
        }
    }

    Command command(String message) throws Exception {
        Path file = Files.createTempFile(Path.of("target"), "agree", ".json");
        Files.writeString(file, message);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = ExplainCommand.run(
                List.of(
                        "--data-dir",
                        DATA,
                        "--agencies",
                        REGISTER,
                        "--crl",
                        CRL.toString(),
                        "--crl-issuer",
                        TestPki.DIR + "/ca.pem",
                        "--secrets",
                        TestPki.DIR + "/hub.secrets",
                        file.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        return new Command(status, out.toString(StandardCharsets.UTF_8));
    }

    /**
     * Explains the message by the API and the command line, sends it, and checks all three agree; the hub id when
     * accepted, null when all three refused it alike.
     */
    String agree(String where, String as, String message) throws Exception {
        var explained = People.officer(port).post("/api/decisions/explain", message);
        Command line = command(message);
        var sent = as(as).post(PROCESS, message);
        assertThat(explained.statusCode()).as(where + ": explain API vs intake").isEqualTo(sent.statusCode());
        if (sent.statusCode() != 200) {
            assertThat(line.status()).as(where + ": command line refuses too").isEqualTo(2);
            assertThat(line.out()).contains("\"refused\": " + sent.statusCode());
            return null;
        }
        assertThat(line.status()).as(where + ": " + line.out()).isZero();
        Map<String, String> intake = new TreeMap<>(decisions(sent.body()));
        assertThat(fromExplanation(JSON.readTree(explained.body())))
                .as(where + ": explain API")
                .isEqualTo(intake);
        assertThat(fromExplanation(JSON.readTree(line.out())))
                .as(where + ": command line")
                .isEqualTo(intake);
        assertThat(intake.get("agree-revoked-gp")).as(where).startsWith("WITHHOLD");
        return JSON.readTree(sent.body())
                .get("entry")
                .get(1)
                .get("resource")
                .get("parameter")
                .valueStream()
                .filter(p -> p.get("name").asString().equals("hubMessageId"))
                .findFirst()
                .orElseThrow()
                .get("valueString")
                .asString();
    }

    @Test
    @SuppressWarnings("unchecked")
    void explainTheCommandLineDryRunAndIntakeDecideAlike() throws Exception {
        new DevPki(Path.of(TestPki.DIR)).revoke("agree-revoked-gp", CRL);
        await().atMost(20, TimeUnit.SECONDS)
                .until(() -> as("agree-revoked-gp").get("/mailbox/messages").statusCode() != 200);

        String run = "-agree-" + UUID.randomUUID().toString().substring(0, 8);
        Set<String> mine = new java.util.HashSet<>();
        int compared = 0;
        int refusals = 0;
        List<Path> files;
        try (Stream<Path> all = Files.list(SCENARIOS)) {
            files = all.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path scenario : files) {
            Map<String, String> named = new HashMap<>();
            Map<String, String> people = new HashMap<>(); // this scenario's NHS numbers -> families of this test
            Map<String, Object> yaml =
                    new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(scenario));
            for (Map<String, Object> step : (List<Map<String, Object>>) yaml.get("steps")) {
                if (!step.containsKey("send")) {
                    continue;
                }
                String body = ScenarioSuiteTest.fill(
                        Files.readString(SCENARIOS.resolve("messages").resolve((String) step.get("send"))), named);
                body = ownFamilies(body, people);
                ObjectNode bundle = (ObjectNode) JSON.readTree(body);
                // Unique per scenario: several scenarios send the same file, and a resend gets the first receipt.
                bundle.put(
                        "id",
                        bundle.get("id").asString() + run + "-"
                                + scenario.getFileName().toString().substring(0, 2));
                String message = JSON.writeValueAsString(bundle);
                String as = (String) step.get("as");
                String where = scenario.getFileName() + " " + step.get("send");

                String hubId = agree(where, as, message);
                if (hubId == null) {
                    refusals++;
                    continue;
                }
                mine.add(hubId);
                if (step.get("name") != null) {
                    named.put((String) step.get("name"), hubId);
                }
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(30);
        assertThat(refusals).isPositive();

        // A recipient whose certificate is revoked: the GP a consent names, told of a dropout, is withheld from.
        String family = "9990070040";
        String consent = Files.readString(SCENARIOS.resolve("messages/amy-consent-csc-gp.json"))
                .replace("9990000018", family)
                .replace("\"value\": \"gp\"", "\"value\": \"agree-revoked-gp\"")
                .replace("amy-consent-csc-gp", "agree-consent" + run);
        mine.add(agree("consent naming the revoked GP", "drug-service", consent));
        String dropout = Files.readString(SCENARIOS.resolve("messages/amy-dropout.json"))
                .replace("9990000018", family)
                .replace("\"value\": \"gp\"", "\"value\": \"agree-revoked-gp\"")
                .replace("\"amy-dropout\"", "\"agree-dropout" + run + "\"");
        String hubId = agree("dropout to the revoked GP", "drug-service", dropout);
        mine.add(hubId);
        assertThat(jdbc.queryForObject(
                        "SELECT withheld_because FROM decision WHERE hub_message_id = ? AND agency = ?",
                        String.class,
                        hubId,
                        "agree-revoked-gp"))
                .isEqualTo("CERTIFICATE_INVALID");

        String rules = People.officer(port).get("/api/rules").body();
        JsonNode report = JSON.readTree(People.officer(port)
                .send("POST", "/api/rules/dry-run?days=1", rules, "application/yaml")
                .body());
        List<String> changedHere = new ArrayList<>();
        report.get("changes").forEach(c -> {
            if (mine.contains(c.get("hubMessageId").asString())) {
                changedHere.add(c.toString());
            }
        });
        assertThat(report.get("changes").size())
                .as("the report lists every change")
                .isLessThan(500);
        assertThat(changedHere)
                .as("dry run of the running rules against intake's decisions")
                .isEmpty();
    }
}
