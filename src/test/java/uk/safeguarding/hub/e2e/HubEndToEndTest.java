package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The whole hub over real mutual TLS with the embedded broker and database: the examples of the spec posted in
 * order, what each agency's mailbox then holds, opening a delivery with openssl, resends, refusals, the audit
 * chain, and the outbox's crash paths.
 */
class HubEndToEndTest extends HubTestBase {

    /**
     * An example for a family of this test's own (other tests send the examples' family too, and an agency they
     * made involved with it would change these decisions), under message ids of its own.
     */
    static String ours(String example) throws Exception {
        return example(example)
                .replace("9990000018", "9990071063")
                .replace("9990000026", "9990071071")
                .replace("\"id\": \"ex-", "\"id\": \"e2e-walk-ex-");
    }

    @Test
    void theExamplesGiveTheDecisionsOfTheRulesAndFillTheRightMailboxes() throws Exception {
        for (String agency : List.of("drug-service", "maternity", "social-care", "gp", "health-visiting")) {
            drain(agency);
        }
        var consent = as("drug-service").post("/fhir/$process-message", ours("consent-update.json"));
        assertThat(consent.statusCode()).isEqualTo(200);
        assertThat(decisions(consent.body())).allSatisfy((a, d) -> assertThat(d).startsWith("WITHHOLD"));

        var plan = as("social-care").post("/fhir/$process-message", ours("cp-plan-status.json"));
        assertThat(plan.statusCode()).isEqualTo(200);
        assertThat(decisions(plan.body()))
                .containsEntry("drug-service", "SHARE CHILD_PROTECTION_PLAN")
                .containsEntry("gp", "SHARE CHILD_PROTECTION_PLAN")
                .containsEntry("maternity", "WITHHOLD -")
                .containsEntry("health-visiting", "WITHHOLD -");

        var screening = as("drug-service").post("/fhir/$process-message", ours("screening-result.json"));
        assertThat(decisions(screening.body()))
                .containsEntry("social-care", "SHARE CHILD_PROTECTION_PLAN")
                .containsEntry("gp", "WITHHOLD -");

        var dropout = as("drug-service").post("/fhir/$process-message", ours("treatment-dropout.json"));
        assertThat(decisions(dropout.body()))
                .containsEntry("social-care", "SHARE CHILD_PROTECTION_PLAN")
                .containsEntry("gp", "SHARE CHILD_PROTECTION_PLAN")
                .containsEntry("maternity", "WITHHOLD -");

        var pregnancy = as("maternity").post("/fhir/$process-message", ours("pregnancy-substance-use.json"));
        assertThat(decisions(pregnancy.body()))
                .containsEntry("social-care", "SHARE SIGNIFICANT_HARM")
                .containsEntry("gp", "SHARE CONSENT")
                .containsEntry("drug-service", "WITHHOLD -");

        await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> {
            assertThat(mailboxEvents("social-care"))
                    .containsExactly("pregnancy-substance-use", "screening-result", "treatment-dropout");
            assertThat(mailboxEvents("gp"))
                    .containsExactly("cp-plan-status", "pregnancy-substance-use", "treatment-dropout");
            assertThat(mailboxEvents("drug-service")).containsExactly("cp-plan-status");
        });
        assertThat(mailboxEvents("maternity")).isEmpty();
        assertThat(mailboxEvents("health-visiting")).isEmpty();

        // A resend of the same message id: the first receipt, and no second delivery.
        var resend = as("drug-service").post("/fhir/$process-message", ours("screening-result.json"));
        assertThat(resend.statusCode()).isEqualTo(200);
        assertThat(resend.body()).isEqualTo(screening.body());

        // The recipient opens its share: decrypt, verify the hub's signature, and the note is gone.
        JsonNode first = mailbox("social-care")
                .valueStream()
                .filter(n -> n.get("event").asString().equals("screening-result"))
                .findFirst()
                .orElseThrow();
        String id = first.get("id").asString();
        var fetched = as("social-care").getBytes("/mailbox/messages/" + id);
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.headers().firstValue("Content-Type")).hasValue("application/pkcs7-mime");
        assertThat(as("gp").getBytes("/mailbox/messages/" + id).statusCode()).isEqualTo(404);
        String payload = openWithOpenssl(fetched.body(), "social-care");
        assertThat(payload).contains("\"resourceType\":\"Bundle\"", "opiates").doesNotContain("difficult week");

        var ack = as("social-care").post("/mailbox/messages/" + id + "/ack", "");
        assertThat(ack.statusCode()).isEqualTo(204);
        assertThat(as("social-care")
                        .post("/mailbox/messages/" + id + "/ack", "")
                        .statusCode())
                .isEqualTo(204);
        assertThat(as("gp").post("/mailbox/messages/" + id + "/ack", "").statusCode())
                .isEqualTo(404);
        assertThat(mailboxEvents("social-care")).containsExactly("pregnancy-substance-use", "treatment-dropout");

        assertThat(auditCount("ACKNOWLEDGED", "%" + id + "%")).isEqualTo(1);
        assertThat(auditCount("QUEUED")).isGreaterThanOrEqualTo(7);
    }

    /** What an agency reads in a CMS object from its mailbox: decrypted with its key, the hub's signature verified. */
    static String openWithOpenssl(byte[] cms, String agency) throws Exception {
        String openssl = findOnPath("openssl");
        Assumptions.assumeTrue(openssl != null, "openssl is not on the PATH: skipping the openssl cms check");
        Path dir = Files.createTempDirectory(Path.of("target"), "openssl");
        Files.write(dir.resolve("m.p7m"), cms);
        run(
                openssl,
                "cms",
                "-decrypt",
                "-inform",
                "DER",
                "-in",
                dir.resolve("m.p7m").toString(),
                "-recip",
                TestPki.DIR + "/" + agency + ".pem",
                "-inkey",
                TestPki.DIR + "/" + agency + "-key.pem",
                "-out",
                dir.resolve("m.signed").toString());
        run(
                openssl,
                "cms",
                "-verify",
                "-inform",
                "DER",
                "-in",
                dir.resolve("m.signed").toString(),
                "-CAfile",
                TestPki.DIR + "/ca.pem",
                "-out",
                dir.resolve("m.json").toString());
        return Files.readString(dir.resolve("m.json"));
    }

    private static String findOnPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
    }

    @Test
    void refusedMessagesGetTheirStatusAndAreQuarantined() throws Exception {
        var wrongSender = as("maternity")
                .post(
                        "/fhir/$process-message",
                        example("screening-result.json").replace("ex-screen-1", "ex-screen-forged"));
        assertThat(wrongSender.statusCode()).isEqualTo(403);
        assertThat(wrongSender.body()).contains("OperationOutcome", "is not the authenticated agency");

        var badNhs = as("drug-service")
                .post(
                        "/fhir/$process-message",
                        example("treatment-dropout.json")
                                .replace("9990000026", "9990000027")
                                .replace("ex-dropout-1", "bad-1"));
        assertThat(badNhs.statusCode()).isEqualTo(400);
        assertThat(badNhs.body()).contains("OperationOutcome", "fails its check digit");

        var roleMayNotSend = as("gp").post(
                        "/fhir/$process-message",
                        example("screening-result.json")
                                .replace("\"value\": \"drug-service\"", "\"value\": \"gp\"")
                                .replace("ex-screen-1", "gp-screen"));
        assertThat(roleMayNotSend.statusCode()).isEqualTo(403);

        var tooBig = as("drug-service").post("/fhir/$process-message", "x".repeat(1_048_577));
        assertThat(tooBig.statusCode()).isEqualTo(413);

        assertThat(jdbc.queryForList("SELECT status FROM quarantine", Integer.class))
                .contains(403, 400, 413);
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM inbound_message WHERE sender_message_id IN"
                                + " ('ex-screen-forged', 'bad-1', 'gp-screen')",
                        Integer.class))
                .isZero();
    }

    @Test
    void noClientCertificateIsRefused() throws Exception {
        var response = AgencyClient.anonymous(port).get("/mailbox/messages");
        assertThat(response.statusCode()).isIn(401, 403);
        assertThat(AgencyClient.person("nobody", "guess", port)
                        .get("/mailbox/messages")
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void explainAnswersWithoutStoringOrSending() throws Exception {
        String message = example("referral-level-3.json");
        int before = jdbc.queryForObject("SELECT COUNT(*) FROM inbound_message", Integer.class);
        var response = as("gp").post("/api/decisions/explain", message);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("event").asString()).isEqualTo("referral");
        JsonNode csc = body.get("decisions")
                .valueStream()
                .filter(d -> d.get("agency").asString().equals("social-care"))
                .findFirst()
                .orElseThrow();
        assertThat(csc.get("decision").asString()).isEqualTo("SHARE");
        assertThat(csc.get("basis").asString()).isEqualTo("SIGNIFICANT_HARM");
        assertThat(csc.get("urgent").asBoolean()).isTrue();
        assertThat(csc.get("ruleId").asString()).isEqualTo("referral-to-social-care");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbound_message", Integer.class))
                .isEqualTo(before);
        assertThat(as("drug-service").post("/api/decisions/explain", message).statusCode())
                .isEqualTo(403);
    }

    @Test
    void urgentReferralsComeFirstInTheMailbox() throws Exception {
        var routine = as("gp").post(
                        "/fhir/$process-message",
                        example("referral-level-3.json")
                                .replace("ref-l3-1", "ref-l2-1")
                                .replace("\"code\": \"3\"", "\"code\": \"2\""));
        assertThat(routine.statusCode()).isEqualTo(200);
        var urgent = as("gp").post("/fhir/$process-message", example("referral-level-3.json"));
        assertThat(urgent.statusCode()).isEqualTo(200);
        await().atMost(20, TimeUnit.SECONDS)
                .untilAsserted(() -> assertThat(mailbox("social-care")
                                .valueStream()
                                .filter(n -> n.get("event").asString().equals("referral"))
                                .count())
                        .isEqualTo(2));
        List<JsonNode> referrals = mailbox("social-care")
                .valueStream()
                .filter(n -> n.get("event").asString().equals("referral"))
                .toList();
        assertThat(referrals.get(0).get("urgent").asBoolean()).isTrue();
        assertThat(referrals.get(1).get("urgent").asBoolean()).isFalse();
    }

    @Test
    void aShareStrandedByACrashIsRelayedOnceEvenIfItWasAlreadySent() throws Exception {
        String hubId = UUID.randomUUID().toString();
        String deliveryId = UUID.randomUUID().toString();
        Timestamp longAgo = Timestamp.from(Instant.now().minus(Duration.ofMinutes(1)));
        byte[] payload = {0x30, 0x03, 0x02, 0x01, 0x07};
        jdbc.update(
                "INSERT INTO inbound_message (hub_message_id, sender_agency, sender_message_id, event,"
                        + " subject_nhs, received_at, rule_version, receipt) VALUES (?, 'drug-service', ?, 'treatment-dropout',"
                        + " '9990000042', ?, 1, '{}')",
                hubId,
                "crash-" + hubId,
                longAgo);
        // Accepted and committed, then the process died before the relay: the sweep must find it.
        jdbc.update(
                "INSERT INTO delivery (delivery_id, hub_message_id, recipient_agency, event, sender_agency, basis,"
                        + " urgent, received_at, size_bytes, status) VALUES (?, ?, 'health-visiting',"
                        + " 'treatment-dropout', 'drug-service', 'CONSENT', FALSE, ?, 5, 'PENDING')",
                deliveryId,
                hubId,
                longAgo);
        jdbc.update("INSERT INTO delivery_payload (delivery_id, payload) VALUES (?, ?)", deliveryId, payload);
        await().atMost(20, TimeUnit.SECONDS).until(() -> "QUEUED".equals(status(deliveryId)));
        // Sent, then the process died before marking it: the sweep sends again and the broker drops the copy.
        jdbc.update("UPDATE delivery SET status = 'PENDING' WHERE delivery_id = ?", deliveryId);
        await().atMost(20, TimeUnit.SECONDS).until(() -> "QUEUED".equals(status(deliveryId)));
        assertThat(mailbox("health-visiting")
                        .valueStream()
                        .filter(n -> n.get("id").asString().equals(deliveryId))
                        .count())
                .isEqualTo(1);
        assertThat(as("health-visiting")
                        .post("/mailbox/messages/" + deliveryId + "/ack", "")
                        .statusCode())
                .isEqualTo(204);
        assertThat(mailbox("health-visiting")
                        .valueStream()
                        .filter(n -> n.get("id").asString().equals(deliveryId))
                        .count())
                .isZero();
        // The acknowledged message leaves the broker's queue in the next batch, and is recorded as gone.
        var jms = new org.springframework.jms.core.JmsTemplate(connectionFactory);
        await().atMost(20, TimeUnit.SECONDS)
                .until(() -> Boolean.FALSE.equals(jms.browseSelected(
                        "mailbox.health-visiting",
                        "deliveryId = '" + deliveryId + "'",
                        (session, browser) -> browser.getEnumeration().hasMoreElements())));
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> jdbc.queryForObject(
                                "SELECT dequeued_at FROM delivery WHERE delivery_id = ?", Object.class, deliveryId)
                        != null);
    }

    @Autowired
    jakarta.jms.ConnectionFactory connectionFactory;

    private String status(String deliveryId) {
        return jdbc.queryForObject("SELECT status FROM delivery WHERE delivery_id = ?", String.class, deliveryId);
    }

    @Test
    void theAuditChainVerifiesAndAnAlteredEntryIsCaught() throws Exception {
        as("drug-service")
                .post(
                        "/fhir/$process-message",
                        example("consent-update.json")
                                .replace("ex-consent-1", "audit-consent-1")
                                .replace("9990000018", "9990000050"));
        var ok = JSON.readTree(People.ops(port).get("/api/audit/verify").body());
        assertThat(ok.get("valid").asBoolean()).isTrue();
        long seq = jdbc.queryForObject(
                "SELECT MIN(seq) FROM audit_entry WHERE subject_nhs = ?", Long.class, vault.index("9990000050"));
        String detail = jdbc.queryForObject("SELECT detail FROM audit_entry WHERE seq = ?", String.class, seq);
        assertThat(detail).as("the detail is sealed in the table").startsWith("vault:1:");
        // Sealed under another entry's place: it still would not open here, and the chain names the entry.
        String moved = jdbc.queryForObject(
                "SELECT detail FROM audit_entry WHERE seq = (SELECT MAX(seq) FROM audit_entry WHERE seq <> ?)",
                String.class,
                seq);
        try {
            jdbc.update("UPDATE audit_entry SET detail = ? WHERE seq = ?", moved, seq);
            var broken = JSON.readTree(People.ops(port).get("/api/audit/verify").body());
            assertThat(broken.get("valid").asBoolean()).isFalse();
            assertThat(broken.get("brokenAt").asLong()).isEqualTo(seq);
        } finally {
            jdbc.update("UPDATE audit_entry SET detail = ? WHERE seq = ?", detail, seq);
        }
        assertThat(JSON.readTree(People.ops(port).get("/api/audit/verify").body())
                        .get("valid")
                        .asBoolean())
                .isTrue();
    }
}
