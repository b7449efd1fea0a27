package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The hostile-input corpus (src/test/resources/hostile, expectations in expected.yaml) sent over the real
 * transports: each file gets its documented refusal and is quarantined with its reason; nothing is accepted;
 * afterwards the hub still accepts a good message and the audit chain verifies.
 */
class HostileInputTest extends HubTestBase {

    static final Path CORPUS = Path.of("src/test/resources/hostile");

    @Autowired
    org.apache.camel.CamelContext camel;

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> expected() throws Exception {
        return new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(CORPUS.resolve("expected.yaml")));
    }

    int quarantined() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM quarantine", Integer.class);
    }

    @TestFactory
    Stream<DynamicTest> everyHostileFhirMessageIsRefusedAndQuarantined() throws Exception {
        Map<String, Object> fhir = expected().get("fhir");
        try (Stream<Path> files = Files.list(CORPUS.resolve("fhir"))) {
            assertThat(files.map(f -> f.getFileName().toString()).toList())
                    .containsExactlyInAnyOrderElementsOf(fhir.keySet());
        }
        return fhir.entrySet().stream()
                .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
                    @SuppressWarnings("unchecked")
                    List<Object> want = (List<Object>) e.getValue();
                    int before = quarantined();
                    byte[] body = Files.readAllBytes(CORPUS.resolve("fhir").resolve(e.getKey()));
                    var response = as("drug-service")
                            .send(
                                    "POST",
                                    PROCESS,
                                    new String(body, java.nio.charset.StandardCharsets.ISO_8859_1),
                                    "application/fhir+json");
                    assertThat(response.statusCode())
                            .as(e.getKey() + ": " + response.body())
                            .isEqualTo(want.get(0));
                    assertThat(response.body())
                            .as(e.getKey())
                            .contains("OperationOutcome")
                            .contains((String) want.get(1));
                    assertThat(quarantined()).as(e.getKey() + " quarantined").isEqualTo(before + 1);
                }));
    }

    @TestFactory
    Stream<DynamicTest> everyHostileHl7MessageGetsItsAckAndIsQuarantined() throws Exception {
        Map<String, Object> hl7 = expected().get("hl7");
        try (Stream<Path> files = Files.list(CORPUS.resolve("hl7"))) {
            assertThat(files.map(f -> f.getFileName().toString()).toList())
                    .containsExactlyInAnyOrderElementsOf(hl7.keySet());
        }
        return hl7.entrySet().stream()
                .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
                    int before = quarantined();
                    byte[] body = Files.readAllBytes(CORPUS.resolve("hl7").resolve(e.getKey()));
                    String ack;
                    try (MllpClient mllp = new MllpClient(camel, MLLP_PORT)) {
                        ack = mllp.send("drug-service", body);
                    }
                    assertThat(ack).as(e.getKey()).isNotNull().contains("MSA|" + e.getValue());
                    assertThat(quarantined()).as(e.getKey() + " quarantined").isEqualTo(before + 1);
                }));
    }

    @Test
    void anOversizeBodyIs413AndTheHubCarriesOn() throws Exception {
        int before = quarantined();
        var response = as("drug-service")
                .post(PROCESS, "{\"resourceType\":\"Bundle\",\"id\":\"" + "a".repeat(1_100_000) + "\"}");
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(quarantined()).isEqualTo(before + 1);

        String good = Files.readString(Path.of("src/test/resources/scenarios/messages/amy-consent-csc-gp.json"))
                .replace("amy-consent-csc-gp", "after-hostile-" + UUID.randomUUID())
                .replace("9990000018", "9990000417");
        assertThat(as("drug-service").post(PROCESS, good).statusCode()).isEqualTo(200);
        assertThat(People.ops(port).get("/api/audit/verify").body()).contains("\"valid\":true");
    }
}
