package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.bouncycastle.cms.CMSAuthEnvelopedData;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.KeyTransRecipientId;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import uk.safeguarding.hub.HubApplication;
import uk.safeguarding.hub.protect.DevPki;
import uk.safeguarding.hub.register.Pem;

/**
 * The agency register as governed data, on a hub of its own (adding an agency changes every decision list): an
 * agency added through the API with four eyes connects, is decided for and receives within seconds, with no
 * restart; a rotation with two certificates loses no share (one sealed before the switch opens with either key;
 * the old certificate stops working once the new one is used); a revoked certificate is refused at once and is
 * in the CRL the hub serves; a deactivated agency is refused.
 */
@SpringBootTest(
        classes = HubApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "hub.pki.dev-directory=" + TestPki.DIR)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgencyRegisterTest {

    static final String ID = "new-gp";
    static final String FIRST = "new-gp-" + UUID.randomUUID().toString().substring(0, 8);
    static final String SECOND = FIRST + "-next";
    static final Duration SECONDS = Duration.ofSeconds(30);
    static final int MLLP_PORT = HubTestBase.freePort();

    @DynamicPropertySource
    static void ownHub(DynamicPropertyRegistry registry) {
        HubTestBase.common(registry, "target/agencies-" + UUID.randomUUID(), MLLP_PORT, HubTestBase.freePort());
        registry.add("hub.register.refresh-period", () -> "1s");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    org.apache.camel.CamelContext camel;

    static String pem(String name) throws Exception {
        return Files.readString(Path.of(TestPki.DIR, name + ".pem"));
    }

    /** Proposed by one officer, approved by the other; returns the approval's answer. */
    JsonNode proposeAndApprove(java.net.http.HttpResponse<String> proposed) throws Exception {
        assertThat(proposed.statusCode()).as(proposed.body()).isEqualTo(202);
        String id = HubTestBase.JSON
                .readTree(proposed.body())
                .get("proposal")
                .get("id")
                .asString();
        var own = People.officer(port)
                .send("POST", "/api/agencies/proposals/" + id + "/approve?reason=mine", "", "text/plain");
        assertThat(own.statusCode()).isEqualTo(403);
        var approved = People.secondOfficer(port)
                .send("POST", "/api/agencies/proposals/" + id + "/approve?reason=checked", "", "text/plain");
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        return HubTestBase.JSON.readTree(approved.body());
    }

    int mailboxStatus(String certificate) throws Exception {
        return AgencyClient.as(certificate, port).get("/mailbox/messages").statusCode();
    }

    void eventually(String what, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        Instant end = Instant.now().plus(SECONDS);
        while (!condition.call()) {
            assertThat(Instant.now()).as(what).isBefore(end);
            Thread.sleep(200);
        }
    }

    /** A drug service dropout for a mother whose consent covers the new GP; returns the GP's delivery id. */
    String dropoutToNewGp(String tag) throws Exception {
        return dropoutTo(ID, tag);
    }

    String dropoutTo(String gp, String tag) throws Exception {
        String consent = Files.readString(Path.of("src/test/resources/scenarios/messages/amy-consent-csc-gp.json"))
                .replace("\"value\": \"gp\"", "\"value\": \"" + gp + "\"")
                .replace("amy-consent-csc-gp", "consent-" + tag);
        assertThat(AgencyClient.as("drug-service", port)
                        .post(HubTestBase.PROCESS, consent)
                        .statusCode())
                .isEqualTo(200);
        String dropout = Files.readString(Path.of("src/test/resources/scenarios/messages/amy-dropout.json"))
                .replace("\"value\": \"gp\"", "\"value\": \"" + gp + "\"")
                .replace("\"amy-dropout\"", "\"dropout-" + tag + "\"");
        var response = AgencyClient.as("drug-service", port).post(HubTestBase.PROCESS, dropout);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(HubTestBase.decisions(response.body())).containsEntry(gp, "SHARE CONSENT");
        String hubId = HubTestBase.JSON.readTree(response.body()).get("id").asString();
        return jdbc.queryForObject(
                "SELECT delivery_id FROM delivery WHERE hub_message_id = ? AND recipient_agency = ?",
                String.class,
                hubId,
                gp);
    }

    /** Opens a fetched share with one of the agency's keys; the content is the signed FHIR bundle. */
    static String open(byte[] sealed, String keyName) throws Exception {
        X509Certificate cert = Pem.readCertificate(Path.of(TestPki.DIR, keyName + ".pem"));
        RecipientInformation ri = new CMSAuthEnvelopedData(sealed)
                .getRecipientInfos()
                .get(new KeyTransRecipientId(
                        new org.bouncycastle.asn1.x500.X500Name(
                                cert.getIssuerX500Principal().getName()),
                        cert.getSerialNumber()));
        assertThat(ri).as("a recipient info for " + keyName).isNotNull();
        byte[] signed = ri.getContent(
                new JceKeyTransEnvelopedRecipient(Pem.readPrivateKey(Path.of(TestPki.DIR, keyName + "-key.pem")))
                        .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()));
        return new String((byte[]) new CMSSignedData(signed).getSignedContent().getContent(), StandardCharsets.UTF_8);
    }

    byte[] fetch(String certificate, String deliveryId) throws Exception {
        // The share reaches the mailbox once relayed: wait for it.
        byte[][] body = new byte[1][];
        eventually("share " + deliveryId + " in the mailbox", () -> {
            var fetched = AgencyClient.as(certificate, port).getBytes("/mailbox/messages/" + deliveryId);
            body[0] = fetched.body();
            return fetched.statusCode() == 200;
        });
        return body[0];
    }

    @Test
    @Order(1)
    void theRegisterIsReadWithItsDetailsAndOnlyOfficersChangeIt() throws Exception {
        var all = People.officer(port).get("/api/agencies");
        assertThat(all.statusCode()).isEqualTo(200);
        JsonNode body = HubTestBase.JSON.readTree(all.body());
        assertThat(body.get("version").asInt()).isGreaterThanOrEqualTo(1);
        JsonNode drug = body.get("agencies")
                .valueStream()
                .filter(a -> a.get("id").asString().equals("drug-service"))
                .findFirst()
                .orElseThrow();
        assertThat(drug.get("odsCode").asString()).isEqualTo("RXXDS");
        assertThat(drug.get("sharingAgreement").asString()).isEqualTo("ISA-2026-001");
        assertThat(drug.get("certificates").get(0).get("state").asString()).isEqualTo("IN_FORCE");
        assertThat(People.ops(port).get("/api/agencies").statusCode()).isEqualTo(403);
        assertThat(AgencyClient.as("gp", port)
                        .send("PUT", "/api/agencies/gp?reason=x", "{\"active\": false}", "application/json")
                        .statusCode())
                .isEqualTo(403);
        // A bad change is refused with its problems, and nothing changes.
        var bad = People.officer(port)
                .send("PUT", "/api/agencies/gp?reason=x", "{\"odsCode\": \"not an ods code\"}", "application/json");
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body()).contains("odsCode must be 3 to 10 capital letters and digits");
        // A certificate from another CA is refused.
        new DevPki(Path.of("target/other-ca")).ensure(java.util.List.of("stranger"));
        var stranger = People.officer(port)
                .send(
                        "POST",
                        "/api/agencies/gp/certificates?reason=x",
                        Files.readString(Path.of("target/other-ca/stranger.pem")),
                        "text/plain");
        assertThat(stranger.statusCode()).isEqualTo(422);
        assertThat(stranger.body()).contains("was not issued by the trusted CA");
    }

    @Test
    @Order(2)
    void anAgencyAddedWithFourEyesSendsAndReceivesWithinSecondsWithoutARestart() throws Exception {
        new DevPki(Path.of(TestPki.DIR)).issue(FIRST, Instant.now().minus(Duration.ofMinutes(5)), Duration.ofDays(400));
        assertThat(mailboxStatus(FIRST)).isIn(401, 403);
        String entry = HubTestBase.JSON.writeValueAsString(java.util.Map.of(
                "name",
                "New practice",
                "role",
                "GP",
                "odsCode",
                "Y99999",
                "contacts",
                java.util.List.of(java.util.Map.of("name", "Practice manager", "email", "pm@new.example")),
                "sharingAgreement",
                java.util.Map.of("reference", "ISA-2026-099", "reviewDate", "2027-12-31"),
                "certificates",
                java.util.List.of(java.util.Map.of("certificate", pem(FIRST)))));
        JsonNode applied = proposeAndApprove(People.officer(port)
                .send("PUT", "/api/agencies/" + ID + "?reason=new%20practice%20joins", entry, "application/json"));
        assertThat(applied.get("status").asString()).isEqualTo("APPLIED");
        eventually("the new agency connects", () -> mailboxStatus(FIRST) == 200);
        String deliveryId = dropoutToNewGp("first");
        String bundle = open(fetch(FIRST, deliveryId), FIRST);
        assertThat(bundle).contains("\"resourceType\":\"Bundle\"");
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM audit_entry WHERE entry_type = 'AGENCIES_CHANGED'", Integer.class))
                .isGreaterThanOrEqualTo(2);
        // On the broker too: its mailbox exists and it may read it.
        try (var c = BrokerConnections.connect(FIRST, brokerPort())) {
            var s = c.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
            s.createBrowser(s.createQueue("mailbox." + ID)).getEnumeration();
        }
        // And over MLLP: its certificate is known as the new GP's, whose role is then checked (HL7 v2 carries only
        // the drug service's events).
        String oru = Files.readString(Path.of(Hl7MllpTest.ORU))
                .replace("|drug-service|", "|" + ID + "|")
                .replace("ex-oru-1", "new-gp-oru");
        String ack;
        try (MllpClient mllp = new MllpClient(camel, MLLP_PORT)) {
            ack = mllp.send(FIRST, oru);
        }
        assertThat(Hl7MllpTest.field(ack, "MSA", 1)).as(ack).isEqualTo("AE");
        assertThat(Hl7MllpTest.field(ack, "ERR", 8)).isEqualTo("GP agencies may not send screening-result");
    }

    @Test
    @Order(3)
    void aRotationWithTwoCertificatesLosesNoShare() throws Exception {
        String before = dropoutToNewGp("before-rotation");
        new DevPki(Path.of(TestPki.DIR))
                .issue(SECOND, Instant.now().minus(Duration.ofMinutes(5)), Duration.ofDays(400));
        proposeAndApprove(People.officer(port)
                .send("POST", "/api/agencies/" + ID + "/certificates?reason=rotation", pem(SECOND), "text/plain"));
        eventually("both certificates work", () -> mailboxStatus(FIRST) == 200);
        String during = dropoutToNewGp("during-rotation");
        // The share sealed during the rotation opens with either key.
        byte[] sealed =
                jdbc.queryForObject("SELECT payload FROM delivery_payload WHERE delivery_id = ?", byte[].class, during);
        assertThat(open(sealed, FIRST)).isEqualTo(open(sealed, SECOND));
        // The new certificate's first use ends the old one.
        assertThat(mailboxStatus(SECOND)).isEqualTo(200);
        eventually("the old certificate stops working", () -> mailboxStatus(FIRST) != 200);
        // Every share is still collected with the new certificate: the one sealed before the switch opens with the
        // old key, which the agency keeps until it has collected them.
        assertThat(open(fetch(SECOND, before), FIRST)).contains("Bundle");
        assertThat(open(fetch(SECOND, during), SECOND)).contains("Bundle");
        String after = dropoutToNewGp("after-rotation");
        assertThat(open(fetch(SECOND, after), SECOND)).contains("Bundle");
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM audit_entry WHERE entry_type = 'CERTIFICATE_FIRST_USED'", Integer.class))
                .isEqualTo(1);
    }

    @Test
    @Order(4)
    void aRevokedCertificateIsRefusedAtOnceAndListedInTheServedCrl() throws Exception {
        X509Certificate second = Pem.readCertificate(Path.of(TestPki.DIR, SECOND + ".pem"));
        String fingerprint = uk.safeguarding.hub.register.AgencyTrust.fingerprint(second);
        var revoked = People.officer(port)
                .send(
                        "POST",
                        "/api/agencies/" + ID + "/certificates/" + fingerprint + "/revoke?reason=key%20lost",
                        "",
                        "text/plain");
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        assertThat(mailboxStatus(SECOND)).isIn(401, 403);
        var crl = AgencyClient.anonymous(port).getBytes("/pki/agencies.crl");
        assertThat(crl.statusCode()).isEqualTo(200);
        X509CRL list = (X509CRL)
                CertificateFactory.getInstance("X.509").generateCRL(new java.io.ByteArrayInputStream(crl.body()));
        assertThat(list.isRevoked(second)).isTrue();
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM audit_entry WHERE entry_type = 'CERTIFICATE_REVOKED'", Integer.class))
                .isEqualTo(1);
    }

    @Test
    @Order(5)
    void aDeactivatedAgencyIsRefused() throws Exception {
        assertThat(mailboxStatus("gp")).isEqualTo(200);
        proposeAndApprove(People.officer(port)
                .send("PUT", "/api/agencies/gp?reason=practice%20closed", "{\"active\": false}", "application/json"));
        eventually("the deactivated agency is refused", () -> mailboxStatus("gp") != 200);
        var diff = People.officer(port).get("/api/agencies/versions");
        assertThat(diff.body()).contains("practice closed (approved: checked)");
    }

    /**
     * In the browser: an officer adds an agency, a second approves it; within seconds it connects and receives;
     * its page shows its certificate, which the officer revokes there. Every page passes axe.
     */
    @Test
    @Order(6)
    void anAgencyAddedInTheConsoleSendsAndReceivesWithinSeconds(@org.junit.jupiter.api.io.TempDir Path profile)
            throws Exception {
        String agency = "console-gp";
        String key = agency + "-" + UUID.randomUUID().toString().substring(0, 8);
        new DevPki(Path.of(TestPki.DIR)).issue(key, Instant.now().minus(Duration.ofMinutes(5)), Duration.ofDays(400));
        try (ConsoleBrowser b = new ConsoleBrowser(profile, port)) {
            var page = b.driver;
            b.signIn(People.OFFICER, People.OFFICER_PASSWORD);
            page.findElement(By.id("nav-agencies")).click();
            assertThat(page.findElement(By.id("agencies")).getText())
                    .contains("drug-service")
                    .contains("RXXDS");
            b.assertAccessible("agencies");
            page.findElement(By.id("add-agency")).click();
            b.assertAccessible("agency-new");
            page.findElement(By.id("id")).sendKeys(agency);
            page.findElement(By.id("name")).sendKeys("Practice added in the console");
            page.findElement(By.id("odsCode")).sendKeys("Y88888");
            page.findElement(By.id("meshMailbox")).sendKeys("sgconsolegp");
            page.findElement(By.id("contactName")).sendKeys("Practice manager");
            page.findElement(By.id("contactEmail")).sendKeys("pm@console.example");
            page.findElement(By.id("agreement")).sendKeys("ISA-2026-100");
            page.findElement(By.id("agreementReview")).sendKeys("2027-12-31");
            page.findElement(By.id("certificate")).sendKeys(pem(key));
            page.findElement(By.id("reason")).sendKeys("practice joins the MASH arrangements");
            page.findElement(By.id("propose-agency")).click();
            assertThat(page.findElement(By.id("own-proposal")).getText())
                    .contains("another information governance officer");
            assertThat(page.findElement(By.className("rules-diff")).getText())
                    .containsPattern("(?m)^\\+\\s+console-gp:$");
            b.assertAccessible("agency-proposal-own");
            String proposal = page.getCurrentUrl();

            page.manage().deleteAllCookies();
            b.signIn(People.SECOND_OFFICER, People.SECOND_OFFICER_PASSWORD);
            page.get(proposal);
            page.findElement(By.id("approve-reason")).sendKeys("agreement signed");
            page.findElement(By.id("approve")).click();
            assertThat(page.findElement(By.id("done")).getText()).contains("is in force");

            eventually("the agency added in the console connects", () -> mailboxStatus(key) == 200);
            String share = dropoutTo(agency, "console");
            assertThat(open(fetch(key, share), key)).contains("Bundle");
            // It sends too: a referral to children's social care, accepted and decided.
            String referral = Files.readString(Path.of("src/test/resources/scenarios/messages/kai-referral-l2-gp.json"))
                    .replace("\"value\": \"gp\"", "\"value\": \"" + agency + "\"")
                    .replace("urn:agency:gp", "urn:agency:" + agency)
                    .replace("kai-referral-l2-gp", "console-gp-referral");
            var sent = AgencyClient.as(key, port).post(HubTestBase.PROCESS, referral);
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
            assertThat(HubTestBase.decisions(sent.body())).containsEntry("social-care", "SHARE SIGNIFICANT_HARM");

            page.get(b.url("/console/agencies/" + agency));
            assertThat(page.findElement(By.id("state-0")).getText()).isEqualTo("in force");
            assertThat(page.findElement(By.id("agency-summary")).getText())
                    .contains("MESH mailbox SGCONSOLEGP")
                    .contains("How it collects its shares From its hub mailbox");
            b.assertAccessible("agency");
            page.findElement(By.id("revoke-reason-0")).sendKeys("laptop stolen");
            page.findElement(By.cssSelector("#revoke-0 button")).click();
            assertThat(page.findElement(By.id("done")).getText()).contains("revoked");
            assertThat(page.findElement(By.id("state-0")).getText()).isEqualTo("revoked");
            assertThat(mailboxStatus(key)).isIn(401, 403);

            page.get(b.url("/console/agencies/history"));
            assertThat(page.findElement(By.id("versions")).getText()).contains("practice joins the MASH arrangements");
            b.assertAccessible("agency-history");
        }
    }

    /** An agency whose certificate ends within the week: the dashboard marks it red, with its days left. */
    @Test
    @Order(7)
    void anExpiringCertificateShowsOnTheDashboard(@org.junit.jupiter.api.io.TempDir Path profile) throws Exception {
        String key = "expiring-gp-" + UUID.randomUUID().toString().substring(0, 8);
        new DevPki(Path.of(TestPki.DIR)).issue(key, Instant.now().minus(Duration.ofMinutes(5)), Duration.ofDays(5));
        String entry = HubTestBase.JSON.writeValueAsString(java.util.Map.of(
                "role", "GP", "certificates", java.util.List.of(java.util.Map.of("certificate", pem(key)))));
        proposeAndApprove(People.officer(port)
                .send("PUT", "/api/agencies/expiring-gp?reason=joins%20before%20renewal", entry, "application/json"));
        try (ConsoleBrowser b = new ConsoleBrowser(profile, port)) {
            b.signIn(People.OPS, People.OPS_PASSWORD);
            b.driver.get(b.url("/console/operations"));
            var row = b.driver.findElements(By.cssSelector("#certificates tbody tr")).stream()
                    .filter(r -> r.getText().startsWith("expiring-gp"))
                    .findFirst()
                    .orElseThrow();
            assertThat(row.getText()).contains("4 days");
            assertThat(row.findElement(By.className("govuk-tag")).getAttribute("class"))
                    .contains("govuk-tag--red");
            assertThat(b.driver.findElement(By.id("certificate-summary")).getText())
                    .startsWith("1 certificate(s) expire within 30 days");
            b.screenshot("agencies-expiring-certificate");
        }
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM audit_entry WHERE entry_type = 'CERTIFICATE_EXPIRING' AND agency = ?",
                        Integer.class,
                        "expiring-gp"))
                .isEqualTo(1);
    }

    @Autowired
    org.springframework.core.env.Environment environment;

    int brokerPort() {
        return Integer.parseInt(environment.getProperty("hub.broker.tls-port"));
    }
}
