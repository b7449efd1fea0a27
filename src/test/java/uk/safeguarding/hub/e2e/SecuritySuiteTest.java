package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Session;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.safeguarding.hub.protect.DevPki;

/**
 * The security suite over real TLS: certificates from another CA, expired and revoked ones; a revoked agency on
 * every transport and in decisions; Camel header injection through HTTP; XML with external entities; Java object
 * messages on the broker; roles on the admin APIs.
 */
class SecuritySuiteTest extends HubTestBase {

    static final String MESSAGES = "src/test/resources/scenarios/messages/";

    static boolean refused(AgencyClient client, String path) {
        try {
            int status = client.get(path).statusCode();
            return status == 401 || status == 403;
        } catch (IOException handshakeFailed) {
            return true;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An empty mailbox listing reads no personal data and leaves no entry; one that lists a share does; a fetch is
     * marked fetched in its audit entry's commit.
     */
    @Test
    void onlyAListingThatShowsSomethingIsAudited() throws Exception {
        drain("gp");
        java.util.function.IntSupplier listings =
                () -> (int) auditEntries("ACCESSED", "%\"path\":\"/mailbox/messages\"%").stream()
                        .filter(e -> "gp".equals(e.get("AGENCY")))
                        .count();
        int before = listings.getAsInt();
        assertThat(mailbox("gp")).isEmpty();
        assertThat(listings.getAsInt()).isEqualTo(before);
        // A family of this test's own: a share on consent to the GP (another test may give a shared one a plan).
        dropoutFor("gp", "9990071047", "9990071055");
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> !mailbox("gp").isEmpty());
        assertThat(listings.getAsInt()).isGreaterThan(before);
        // A fetch is marked in the same commit as its audit entry.
        String id = mailbox("gp").get(0).get("id").asString();
        assertThat(as("gp").getBytes("/mailbox/messages/" + id).statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject(
                        "SELECT fetched_at FROM delivery WHERE delivery_id = ?", java.sql.Timestamp.class, id))
                .isNotNull();
        assertThat(auditEntries("ACCESSED", "%/mailbox/messages/" + id + "%"))
                .filteredOn(e -> "gp".equals(e.get("AGENCY")))
                .hasSize(1);
        drain("gp");
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() throws Exception {
        Path other = Path.of("target/other-ca-" + UUID.randomUUID());
        new DevPki(other).ensure(List.of("drug-service"));
        assertThat(refused(AgencyClient.fromKeyStore(other.resolve("drug-service.p12"), port), "/mailbox/messages"))
                .isTrue();
    }

    @Test
    void anExpiredCertificateIsRefused() throws Exception {
        Path dir = Path.of("target/expired-" + UUID.randomUUID());
        Files.createDirectories(dir);
        for (String f : List.of("ca.pem", "ca-key.pem")) {
            Files.copy(Path.of(TestPki.DIR, f), dir.resolve(f));
        }
        new DevPki(dir).issue("gp", Instant.now().minus(Duration.ofDays(400)), Duration.ofDays(30));
        assertThat(refused(AgencyClient.fromKeyStore(dir.resolve("gp.p12"), port), "/mailbox/messages"))
                .isTrue();
    }

    @Test
    void aRevokedCertificateIsRefusedOnEveryTransportAndItsAgencyReceivesNothing() throws Exception {
        assertThat(as("revoked-gp").get("/mailbox/messages").statusCode()).isEqualTo(200);
        new DevPki(Path.of(TestPki.DIR)).revoke("revoked-gp", CRL);

        // The hub looks at the revocation list at most once a second.
        org.awaitility.Awaitility.await()
                .atMost(5, java.util.concurrent.TimeUnit.SECONDS)
                .untilAsserted(() -> assertThat(
                                as("revoked-gp").get("/mailbox/messages").statusCode())
                        .isIn(401, 403));
        String oru = Files.readString(Path.of("src/test/resources/messages/examples/screening-result-oru-r01.hl7"));
        String ack;
        try (MllpClient mllp = new MllpClient(camelContext, MLLP_PORT)) {
            ack = mllp.send("revoked-gp", oru.replace("ex-oru-1", "rev-1"));
        }
        assertThat(ack).contains("MSA|AE");
        assertThatThrownBy(() -> BrokerTransportTest.connect("revoked-gp").close())
                .isInstanceOf(JMSException.class);

        String consent = Files.readString(Path.of(MESSAGES + "amy-consent-csc-gp.json"))
                .replace("9990000018", "9990000387")
                .replace("\"value\": \"gp\"", "\"value\": \"revoked-gp\"")
                .replace("amy-consent-csc-gp", "rev-consent");
        as("drug-service").post(PROCESS, consent);
        String dropout = Files.readString(Path.of(MESSAGES + "amy-dropout.json"))
                .replace("9990000018", "9990000387")
                .replace("\"value\": \"gp\"", "\"value\": \"revoked-gp\"")
                .replace("\"amy-dropout\"", "\"rev-dropout\"");
        var receipt = ScenarioSuiteTest.parts(
                        as("drug-service").post(PROCESS, dropout).body())
                .get("revoked-gp");
        assertThat(receipt.get("decision")).containsExactly("WITHHOLD");
        assertThat(receipt.get("withheldBecause")).containsExactly("CERTIFICATE_INVALID");
        assertThat(receipt.get("reason")).anyMatch(r -> r.contains("revoked"));
    }

    @Test
    void httpHeadersAndParametersCannotSetCamelHeaders() throws Exception {
        String family = "9990000395";
        String plan = Files.readString(Path.of(MESSAGES + "kai-cpp-start.json"))
                .replace("9990000018", family)
                .replace("kai-cpp-start", "inject-plan");
        var request = HttpRequest.newBuilder(URI.create("https://localhost:" + port
                        + "/fhir/$process-message?CamelJmsDestinationName=mailbox.gp&CamelBeanMethodName=refuse"))
                .header("Content-Type", "application/fhir+json")
                .header("CamelJmsDestinationName", "mailbox.health-visiting")
                .header("CamelBeanMethodName", "refuse")
                .header("CamelHttpUri", "https://attacker.example/")
                .POST(HttpRequest.BodyPublishers.ofString(plan));
        HttpResponse<String> response = as("social-care").raw(request);
        assertThat(response.statusCode()).isEqualTo(200);
        String hubId = JSON.readTree(response.body()).get("id").asString();
        assertThat(jdbc.queryForList(
                        "SELECT recipient_agency FROM delivery WHERE hub_message_id = ?", String.class, hubId))
                .doesNotContain("health-visiting");
    }

    @Test
    void xmlWithExternalEntitiesIsRefusedWithoutReadingTheEntity() throws Exception {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE Bundle [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
                <Bundle xmlns="http://hl7.org/fhir"><id value="&secret;"/><type value="message"/></Bundle>
                """;
        // Intake takes FHIR JSON only: the XML is refused unparsed (415), and as JSON it cannot be read either.
        var response = as("drug-service").send("POST", PROCESS, xxe, "application/fhir+xml");
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(as("drug-service").post(PROCESS, xxe).statusCode()).isEqualTo(400);
        String hostname = Files.exists(Path.of("/etc/hostname"))
                ? Files.readString(Path.of("/etc/hostname")).trim()
                : "";
        if (!hostname.isEmpty()) {
            assertThat(response.body()).doesNotContain(hostname);
        }
        assertThat(quarantinedWithReason("%not a parseable FHIR R4 JSON%")).isPositive();
    }

    /** Records whether anything ever deserialised it. */
    public static class Tripwire implements Serializable {
        static volatile boolean deserialised;

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            deserialised = true;
        }
    }

    @Test
    void aJavaObjectMessageIsNeverDeserialised() throws Exception {
        try (Connection c = BrokerTransportTest.connect("drug-service")) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            ObjectMessage m = s.createObjectMessage(new Tripwire());
            s.createProducer(s.createQueue("intake.drug-service")).send(m);
            Message answer = s.createConsumer(
                            s.createQueue("receipts.drug-service"), "JMSCorrelationID = '" + m.getJMSMessageID() + "'")
                    .receive(20_000);
            assertThat(answer).isNotNull();
            assertThat(answer.getIntProperty("status")).isEqualTo(400);
        }
        assertThat(Tripwire.deserialised).isFalse();
    }

    @Test
    void everyAdminApiNeedsItsRole() throws Exception {
        for (String path : List.of(
                "/api/rules",
                "/api/rules/versions",
                "/api/reports/quarterly",
                "/api/audit",
                "/api/queues",
                "/api/audit/verify",
                "/actuator/prometheus")) {
            assertThat(as("gp").get(path).statusCode()).as("agency on " + path).isEqualTo(403);
            assertThat(AgencyClient.anonymous(port).get(path).statusCode())
                    .as("nobody on " + path)
                    .isEqualTo(401);
        }
        for (String path : List.of("/api/rules", "/api/reports/quarterly", "/api/audit")) {
            assertThat(People.ops(port).get(path).statusCode())
                    .as("ops on " + path)
                    .isEqualTo(403);
        }
        assertThat(People.officer(port).get("/api/queues").statusCode()).isEqualTo(403);
        assertThat(People.officer(port).get("/actuator/env").statusCode()).isIn(403, 404);
        assertThat(People.ops(port).get("/actuator/env").statusCode()).isIn(403, 404);
        assertThat(AgencyClient.person(People.OFFICER, "wrong", port)
                        .get("/api/rules")
                        .statusCode())
                .isEqualTo(401);
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.apache.camel.CamelContext camelContext;

    /** openssl can still offer TLS 1.1 (security level 0): every listener must answer with a protocol alert. */
    @Test
    void tlsBelowOnePointTwoIsRefusedOnEveryListener() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                new java.io.File("/usr/bin/openssl").canExecute(), "openssl is needed to offer TLS 1.1");
        for (int listener : List.of(port, MLLP_PORT, BROKER_PORT)) {
            Process p = new ProcessBuilder(
                            "openssl",
                            "s_client",
                            "-tls1_1",
                            "-cipher",
                            "DEFAULT:@SECLEVEL=0",
                            "-connect",
                            "localhost:" + listener)
                    .redirectErrorStream(true)
                    .start();
            p.getOutputStream().close();
            assertThat(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(out).as("port " + listener).contains("alert protocol version");
        }
    }
}
