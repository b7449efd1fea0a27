package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import uk.safeguarding.hub.HubApplication;
import uk.safeguarding.hub.system.host.DevPkiEnvironmentPostProcessor;

/**
 * The whole hub in one Spring context shared by every test class that extends this (one embedded broker, one
 * database under target/), over real mutual TLS, with test sign-ins for an officer and an operator.
 */
// The PKI folder as a property the start-up reads before the context (dynamic properties come later).
@SpringBootTest(
        classes = HubApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "hub.pki.dev-directory=" + TestPki.DIR)
abstract class HubTestBase {

    static final String DATA = "target/e2e-" + UUID.randomUUID();
    static final String PROCESS = "/fhir/$process-message";
    static final int MLLP_PORT = freePort();
    static final int BROKER_PORT = freePort();
    static final int PUSH_FLAKY_PORT = freePort();
    static final int PUSH_DOWN_PORT = freePort();
    static final Path PUSH_PKI = Path.of("target/push-pki");
    static final Path CRL = Path.of("target/test-ca-" + UUID.randomUUID() + ".crl");
    static final String REGISTER = testRegister();

    /**
     * The example register plus the agencies of the transport tests: two GPs that take deliveries by push (one
     * endpoint that fails at first, one that is down), a children's social care that takes HL7 v2, and a GP that
     * collects through MESH. Their
     * development certificates are made here, before the hub reads the register.
     */
    static String testRegister() {
        {
            List<String> ids = new java.util.ArrayList<>(
                    DevPkiEnvironmentPostProcessor.agencyIds(Path.of("config/agencies.yaml")));
            ids.addAll(List.of(
                    "push-gp-flaky", "push-gp-down", "v2-social-care", "revoked-gp", "agree-revoked-gp", "mesh-gp"));
            new uk.safeguarding.hub.protect.DevPki(Path.of(TestPki.DIR)).ensure(ids);
            // The hub makes the development MESH mailboxes of the shipped register before it reads this one.
            DevPkiEnvironmentPostProcessor.devMeshMailboxes(Path.of(TestPki.DIR), ids);
            new uk.safeguarding.hub.protect.DevPki(PUSH_PKI).ensure(List.of());
            return TestPki.register("test-agencies.yaml", """
                      push-gp-flaky:
                        role: GP
                        certificate: %1$s/push-gp-flaky.pem
                        push:
                          url: https://localhost:%2$d/inbox
                          ca: target/push-pki/ca.pem
                      push-gp-down:
                        role: GP
                        certificate: %1$s/push-gp-down.pem
                        push:
                          url: https://localhost:%3$d/inbox
                          ca: target/push-pki/ca.pem
                      v2-social-care:
                        role: CHILDRENS_SOCIAL_CARE
                        format: HL7v2
                        certificate: %1$s/v2-social-care.pem
                      revoked-gp:
                        role: GP
                        certificate: %1$s/revoked-gp.pem
                      agree-revoked-gp:
                        role: GP
                        certificate: %1$s/agree-revoked-gp.pem
                      mesh-gp:
                        role: GP
                        certificate: %1$s/mesh-gp.pem
                        mesh:
                          mailbox: SGMESHGP
                          collect: true
                    """.formatted(TestPki.DIR, PUSH_FLAKY_PORT, PUSH_DOWN_PORT))
                    .toString();
        }
    }

    static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** The metrics scrape's token in the tests. */
    static final String METRICS_TOKEN = "scrape-" + UUID.randomUUID();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        common(registry, DATA, MLLP_PORT, BROKER_PORT);
    }

    /** The test hub's properties, with its data folder and listener ports (a second hub beside it needs its own). */
    static void common(DynamicPropertyRegistry registry, String data, int mllpPort, int brokerPort) {
        registry.add("hub.data-dir", () -> data);
        registry.add("hub.delivery.sweep-after", () -> "1s");
        registry.add("hub.delivery.sweep-period", () -> "300");
        registry.add("hub.mllp.port", () -> mllpPort);
        registry.add("hub.broker.tls-port", () -> brokerPort);
        registry.add("hub.register.agencies", () -> REGISTER);
        registry.add("hub.pki.crl", () -> CRL.toString());
        registry.add("hub.push.max-attempts", () -> "3");
        registry.add("hub.broker.intake-max-attempts", () -> "3");
        registry.add("hub.broker.intake-first-retry-after", () -> "300ms");
        registry.add("hub.push.first-retry-after", () -> "300ms");
        registry.add("hub.push.longest-wait", () -> "1s");
        registry.add("hub.push.timeout", () -> "3s");
        registry.add("hub.metrics.token", () -> METRICS_TOKEN);
        // An opening of content closes within a test's patience.
        registry.add("hub.review.open-for", () -> "20s");
        // Small enough that a share downloads through MESH in several chunks.
        registry.add("hub.mesh.chunk-size", () -> "1KB");
        registry.add("hub.operations.sample-period", () -> "2000");
        People.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    static String example(String name) throws Exception {
        return Files.readString(Path.of("src/test/resources/messages/examples", name));
    }

    AgencyClient as(String agency) throws Exception {
        return AgencyClient.as(agency, port);
    }

    JsonNode mailbox(String agency) throws Exception {
        var response = as(agency).get("/mailbox/messages?limit=1000");
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Acknowledges whatever earlier tests in this context left in the agency's mailbox. */
    void drain(String agency) throws Exception {
        for (JsonNode entry : mailbox(agency)) {
            as(agency).post("/mailbox/messages/" + entry.get("id").asString() + "/ack", "");
        }
    }

    List<String> mailboxEvents(String agency) throws Exception {
        return mailbox(agency)
                .valueStream()
                .map(n -> n.get("event").asString())
                .sorted()
                .toList();
    }

    static Map<String, String> decisions(String receipt) throws Exception {
        JsonNode bundle = JSON.readTree(receipt);
        Map<String, String> out = new java.util.TreeMap<>();
        for (JsonNode p : bundle.get("entry").get(1).get("resource").get("parameter")) {
            if (!p.get("name").asString().equals("decision")) {
                continue;
            }
            String agency = null;
            String decision = null;
            String basis = "-";
            for (JsonNode part : p.get("part")) {
                switch (part.get("name").asString()) {
                    case "agency" -> agency = part.get("valueString").asString();
                    case "decision" -> decision = part.get("valueCode").asString();
                    case "basis" -> basis = part.get("valueCode").asString();
                    default -> {}
                }
            }
            out.put(agency, decision + " " + basis);
        }
        return out;
    }

    /** A family whose GP is the given agency, consenting to GPs: a dropout then goes to that GP on CONSENT. */
    String dropoutFor(String gp, String mum, String child) throws Exception {
        String consent = Files.readString(Path.of("src/test/resources/scenarios/messages/amy-consent-csc-gp.json"))
                .replace("9990000018", mum)
                .replace("9990000026", child)
                .replace("\"value\": \"gp\"", "\"value\": \"" + gp + "\"")
                .replace("amy-consent-csc-gp", "push-consent-" + gp + "-" + mum);
        assertThat(as("drug-service").post(PROCESS, consent).statusCode()).isEqualTo(200);
        String dropout = Files.readString(Path.of("src/test/resources/scenarios/messages/amy-dropout.json"))
                .replace("9990000018", mum)
                .replace("9990000026", child)
                .replace("\"value\": \"gp\"", "\"value\": \"" + gp + "\"")
                .replace("\"amy-dropout\"", "\"push-dropout-" + gp + "-" + mum + "\"");
        var response = as("drug-service").post(PROCESS, dropout);
        assertThat(decisions(response.body())).containsEntry(gp, "SHARE CONSENT");
        String hubId = JSON.readTree(response.body()).get("id").asString();
        return jdbc.queryForObject(
                "SELECT delivery_id FROM delivery WHERE hub_message_id = ? AND recipient_agency = ?",
                String.class,
                hubId,
                gp);
    }

    int audited(String type, String deliveryId) {
        return auditCount(type, "%" + deliveryId + "%");
    }

    @Autowired
    uk.safeguarding.hub.vault.Vault vault;

    /** The audit entries of a type as the hub reads them ({@link AuditEntries}). */
    List<Map<String, Object>> auditEntries(String type, String... likes) {
        return AuditEntries.of(jdbc, vault, type, likes);
    }

    /** How many quarantined messages' reasons (sealed in the table, opened here) match the pattern (as LIKE). */
    int quarantinedWithReason(String like) {
        java.util.regex.Pattern pattern = AuditEntries.like(like);
        return (int) jdbc.queryForList("SELECT reason FROM quarantine", String.class).stream()
                .map(r -> vault.openText(uk.safeguarding.hub.vault.Purpose.QUARANTINE, r, "quarantine.reason"))
                .filter(r -> pattern.matcher(r).matches())
                .count();
    }

    int auditCount(String type, String... likes) {
        return auditEntries(type, likes).size();
    }

    /**
     * Social care's child protection plan for a new family (so that a screening result about them is shared with
     * social care); returns that screening result, with a fresh id, ready to send by any transport.
     */
    String screeningUnderAPlan(String mum, String child, String idPrefix) throws Exception {
        String plan = Files.readString(Path.of("src/test/resources/scenarios/messages/kai-cpp-start.json"))
                .replace("9990000018", mum)
                .replace("9990000026", child)
                .replace("kai-cpp-start", idPrefix + "-plan");
        assertThat(as("social-care").post(PROCESS, plan).statusCode()).isEqualTo(200);
        return Files.readString(Path.of("src/test/resources/scenarios/messages/amy-screening.json"))
                .replace("9990000018", mum)
                .replace("9990000026", child)
                .replace("\"amy-screening\"", "\"" + idPrefix + "-" + UUID.randomUUID() + "\"");
    }

    /** The delivery id of the message's share for the agency, once the broker has it on the agency's queue. */
    String queuedShare(String hubId, String agency) {
        String deliveryId = jdbc.queryForObject(
                "SELECT delivery_id FROM delivery WHERE hub_message_id = ? AND recipient_agency = ?",
                String.class,
                hubId,
                agency);
        awaitStatus(deliveryId, "QUEUED");
        return deliveryId;
    }

    /** Waits (generously) for the share to be collected over the broker: acknowledged and audited so, once. */
    void collectedByBroker(String deliveryId) {
        awaitStatus(deliveryId, "ACKED");
        assertThat(auditCount("ACKNOWLEDGED", "%" + deliveryId + "%\"via\":\"broker\"%"))
                .isEqualTo(1);
    }

    private void awaitStatus(String deliveryId, String status) {
        org.awaitility.Awaitility.await()
                .atMost(20, java.util.concurrent.TimeUnit.SECONDS)
                .until(() -> status.equals(jdbc.queryForObject(
                        "SELECT status FROM delivery WHERE delivery_id = ?", String.class, deliveryId)));
    }
}
