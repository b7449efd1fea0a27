package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The host side: every read of personal data and every refusal audited; an agency's explain says
 * nothing about a family it is not involved with; sign-in throttled and locked; cross-site posts refused; the
 * sender's endpoint and the content type checked; TLS 1.2 with AEAD suites only and no client renegotiation.
 */
class HostSecurityTest extends HubTestBase {

    static final String MOTHER = "9990070008";
    static final String CHILD = "9990070016";

    List<Map<String, Object>> audit(String type, String pathOrNull) {
        return auditEntries(type, pathOrNull == null ? "%" : "%\"path\":\"" + pathOrNull + "\"%");
    }

    @Test
    void everyReadOfPersonalDataIsAuditedWithWhoWhatAndWhom() throws Exception {
        String screening = example("screening-result.json").replace("ex-screen-1", "host-" + UUID.randomUUID());
        assertThat(as("drug-service").post("/api/decisions/explain", screening).statusCode())
                .isEqualTo(200);
        assertThat(People.officer(port).get("/api/audit?subject=9990000018").statusCode())
                .isEqualTo(200);
        assertThat(People.officer(port)
                        .get("/api/reports/quarterly?quarter=2026-Q4")
                        .statusCode())
                .isEqualTo(200);
        // A listing with something in it (an empty one is not audited): a share of this test's own to the GP.
        dropoutFor("gp", "9990071004", "9990071012");
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(60))
                .until(() -> !"[]".equals(as("gp").get("/mailbox/messages").body()));

        assertThat(audit("ACCESSED", "/api/decisions/explain")).anySatisfy(e -> {
            assertThat(e.get("AGENCY")).isEqualTo("drug-service");
            assertThat(e.get("SUBJECT_NHS")).isEqualTo("9990000018");
        });
        assertThat(audit("ACCESSED", "/api/audit")).anySatisfy(e -> {
            assertThat(e.get("SUBJECT_NHS")).isEqualTo("9990000018");
            assertThat((String) e.get("DETAIL"))
                    .contains("\"by\":\"" + People.OFFICER + "\"")
                    .contains("IG_OFFICER");
        });
        assertThat(audit("ACCESSED", "/api/reports/quarterly")).isNotEmpty();
        assertThat(audit("ACCESSED", "/mailbox/messages"))
                .anySatisfy(e -> assertThat(e.get("AGENCY")).isEqualTo("gp"));
    }

    @Test
    void everyRefusedAccessIsAudited() throws Exception {
        String someoneElses = UUID.randomUUID().toString();
        assertThat(as("gp").get("/mailbox/messages/" + someoneElses).statusCode())
                .isEqualTo(404);
        assertThat(as("gp").post("/mailbox/messages/" + someoneElses + "/ack", "")
                        .statusCode())
                .isEqualTo(404);
        assertThat(People.ops(port).get("/api/audit?subject=9990000018").statusCode())
                .isEqualTo(403);
        assertThat(AgencyClient.anonymous(port).get("/mailbox/messages").statusCode())
                .isEqualTo(401);
        assertThat(AgencyClient.person(People.OPS, "not-the-password", port)
                        .get("/api/queues")
                        .statusCode())
                .isEqualTo(401);

        assertThat(audit("ACCESS_REFUSED", "/mailbox/messages/" + someoneElses))
                .singleElement()
                .satisfies(e -> assertThat((String) e.get("DETAIL")).contains("no message with this id"));
        assertThat(audit("ACCESS_REFUSED", "/mailbox/messages/" + someoneElses + "/ack"))
                .hasSize(1);
        assertThat(audit("ACCESS_REFUSED", "/api/audit"))
                .anySatisfy(e -> assertThat((String) e.get("DETAIL"))
                        .contains("\"by\":\"" + People.OPS + "\"")
                        .contains("\"status\":403"));
        assertThat(audit("ACCESS_REFUSED", "/mailbox/messages"))
                .anySatisfy(e -> assertThat((String) e.get("DETAIL")).contains("nobody signed in"));
        assertThat(audit("SIGN_IN_FAILED", null))
                .anySatisfy(e -> assertThat((String) e.get("DETAIL")).contains("\"user\":\"" + People.OPS + "\""));
    }

    /** A child protection plan known to the hub: an uninvolved agency's explain must not reveal it. */
    @Test
    void anAgencysExplainSaysNothingAboutAFamilyItIsNotInvolvedWith() throws Exception {
        String plan = example("cp-plan-status.json")
                .replace("ex-cpp-1", "host-cpp-" + UUID.randomUUID())
                .replace("9990000018", MOTHER)
                .replace("9990000026", CHILD);
        assertThat(as("social-care").post(PROCESS, plan).statusCode()).isEqualTo(200);
        String screening = example("screening-result.json")
                .replace("ex-screen-1", "host-scr-" + UUID.randomUUID())
                .replace("9990000018", MOTHER)
                .replace("9990000026", CHILD);

        String officer =
                People.officer(port).post("/api/decisions/explain", screening).body();
        assertThat(officer).contains("CHILD_PROTECTION_PLAN");
        var agency = as("drug-service").post("/api/decisions/explain", screening);
        assertThat(agency.statusCode()).isEqualTo(200);
        assertThat(agency.body())
                .doesNotContain("CHILD_PROTECTION_PLAN")
                .doesNotContainIgnoringCase("protection plan")
                .doesNotContain("\"SHARE\"");
        String unknownFamily = screening.replace(MOTHER, "9990070024").replace(CHILD, "9990070032");
        assertThat(JSON.readTree(agency.body()).get("decisions"))
                .isEqualTo(JSON.readTree(as("drug-service")
                                .post("/api/decisions/explain", unknownFamily)
                                .body())
                        .get("decisions"));
        // Once the drug service has sent a message about the family it is involved, and is told what intake does.
        assertThat(as("drug-service").post(PROCESS, screening).body()).contains("CHILD_PROTECTION_PLAN");
        assertThat(as("drug-service")
                        .post("/api/decisions/explain", screening.replace("host-scr-", "host-scr-2-"))
                        .body())
                .contains("CHILD_PROTECTION_PLAN");
    }

    @Test
    void failedSignInsAreThrottledThenLockedEvenForTheRightPassword() throws Exception {
        AgencyClient wrong = AgencyClient.person(People.LOCKED, "guess", port);
        assertThat(wrong.get("/api/queues").statusCode()).isEqualTo(401);
        assertThat(auditCount("SIGN_IN_FAILED", "%\"user\":\"" + People.LOCKED + "\"%"))
                .as("one wrong password is one failure, not one per authentication manager")
                .isEqualTo(1);
        await().atMost(60, TimeUnit.SECONDS)
                .pollInterval(50, TimeUnit.MILLISECONDS)
                .until(() -> {
                    assertThat(wrong.get("/api/queues").statusCode()).isEqualTo(401);
                    return auditCount("SIGN_IN_LOCKED", "%user:" + People.LOCKED + " locked%") > 0;
                });
        assertThat(auditCount("SIGN_IN_FAILED", "%\"user\":\"" + People.LOCKED + "\"%"))
                .isEqualTo(5);
        assertThat(auditCount("SIGN_IN_REFUSED", "%\"user\":\"" + People.LOCKED + "\"%"))
                .isPositive();
        assertThat(AgencyClient.person(People.LOCKED, People.LOCKED_PASSWORD, port)
                        .get("/api/queues")
                        .statusCode())
                .isEqualTo(401);
        String metrics = People.ops(port).get("/actuator/prometheus").body();
        assertThat(metrics).contains("hub_sign_in_failures_total").contains("hub_sign_in_locked");
    }

    @Test
    void aStateChangingCallFromAnotherSiteIsRefusedBeforeSignIn() throws Exception {
        AgencyClient ops = People.ops(port);
        var forged = ops.raw(ops.request("/api/queues/DLQ.push/retry")
                .header("Origin", "https://evil.example")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("a=b")));
        assertThat(forged.statusCode()).isEqualTo(403);
        var crossSite = ops.raw(ops.request("/api/queues/DLQ.push/retry")
                .header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.ofString("")));
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(audit("ACCESS_REFUSED", "/api/queues/DLQ.push/retry"))
                .anySatisfy(e -> assertThat((String) e.get("DETAIL")).contains("evil.example"));
        var sameOrigin = ops.raw(ops.request("/api/queues/DLQ.push/retry")
                .header("Origin", "https://localhost:" + port)
                .POST(HttpRequest.BodyPublishers.ofString("")));
        assertThat(sameOrigin.statusCode()).isEqualTo(200);
        assertThat(ops.send("POST", "/api/queues/DLQ.push/retry", "", "application/json")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void aSourceEndpointNamingAnotherAgencyIsRefused() throws Exception {
        String screening = example("screening-result.json")
                .replace("ex-screen-1", "host-ep-" + UUID.randomUUID())
                .replace("urn:agency:drug-service", "urn:agency:social-care");
        var response = as("drug-service").post(PROCESS, screening);
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("OperationOutcome").contains("source.endpoint");
    }

    @Test
    void intakeTakesFhirJsonOnly() throws Exception {
        String screening = example("screening-result.json").replace("ex-screen-1", "host-ct-" + UUID.randomUUID());
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "application/json")) {
            var response = as("drug-service").send("POST", PROCESS, screening, type);
            assertThat(response.statusCode()).as(type).isEqualTo(415);
            assertThat(response.body()).as(type).contains("OperationOutcome").contains("application/fhir+json");
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM quarantine WHERE status = 415", Integer.class))
                .isGreaterThanOrEqualTo(3);
        assertThat(as("drug-service")
                        .send("POST", PROCESS, screening, "application/fhir+json; charset=utf-8")
                        .statusCode())
                .isEqualTo(200);
    }

    /** openssl s_client with these lines typed one by one (a line "R" asks to renegotiate); ended after 20 s. */
    static String openssl(List<String> lines, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl", "s_client"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        var out = new java.io.ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try {
                p.getInputStream().transferTo(out);
            } catch (java.io.IOException ended) {
                // the process was ended
            }
        });
        reader.start();
        try (var in = p.getOutputStream()) {
            for (String line : lines) {
                Thread.sleep(1500); // the handshake, or the renegotiation, is answered meanwhile
                in.write(line.getBytes());
                in.flush();
            }
            Thread.sleep(1500);
        } catch (java.io.IOException closedByTheServer) {
            // the server ended the connection: what it said is in the output
        }
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly(); // still waiting for a handshake that will not come
        }
        reader.join(5000);
        return out.toString();
    }

    List<String> client(String agency) {
        return List.of(
                "-cert",
                TestPki.DIR + "/" + agency + ".pem",
                "-key",
                TestPki.DIR + "/" + agency + "-key.pem",
                "-CAfile",
                TestPki.DIR + "/ca.pem");
    }

    @Test
    void tlsOnePointTwoOffersAeadSuitesOnlyOnEveryListener() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(new java.io.File("/usr/bin/openssl").canExecute());
        for (int listener : List.of(port, MLLP_PORT, BROKER_PORT)) {
            List<String> cbc = new java.util.ArrayList<>(List.of(
                    "-tls1_2",
                    "-cipher",
                    "ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES256-SHA384:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA256"
                            + ":ECDHE-RSA-AES128-SHA:AES128-SHA256:AES128-SHA",
                    "-connect",
                    "localhost:" + listener));
            cbc.addAll(client("drug-service"));
            assertThat(openssl(List.of(), cbc.toArray(String[]::new)))
                    .as("CBC on port " + listener)
                    .contains("handshake failure")
                    .doesNotContain("Cipher is ECDHE");
            List<String> gcm = new java.util.ArrayList<>(List.of(
                    "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256", "-connect", "localhost:" + listener));
            gcm.addAll(client("drug-service"));
            assertThat(openssl(List.of(), gcm.toArray(String[]::new)))
                    .as("GCM on port " + listener)
                    .contains("Cipher is ECDHE-ECDSA-AES128-GCM-SHA256");
        }
    }

    /**
     * MLLP and the broker answer a renegotiation with a fatal alert; HTTPS (Tomcat) never completes it, so the
     * request sent after it is not served, where the same request without it is.
     */
    @Test
    void aClientCannotRenegotiateOnAnyListener() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(new java.io.File("/usr/bin/openssl").canExecute());
        for (int listener : List.of(MLLP_PORT, BROKER_PORT)) {
            List<String> args = new java.util.ArrayList<>(List.of("-tls1_2", "-connect", "localhost:" + listener));
            args.addAll(client("drug-service"));
            String out = openssl(List.of("R\n"), args.toArray(String[]::new));
            assertThat(out).as("port " + listener).contains("RENEGOTIATING").contains("alert handshake failure");
        }
        List<String> https = new java.util.ArrayList<>(List.of("-tls1_2", "-connect", "localhost:" + port));
        https.addAll(client("drug-service"));
        String request = "GET /actuator/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
        assertThat(openssl(List.of(request), https.toArray(String[]::new))).contains("HTTP/1.1 200");
        String renegotiated = openssl(List.of("R\n", request), https.toArray(String[]::new));
        assertThat(renegotiated).contains("RENEGOTIATING").doesNotContain("HTTP/1.1 200");
    }
}
