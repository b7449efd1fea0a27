package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * MESH end to end, over the hub's mutual TLS with a client written from the specification ({@link MeshClient}): a
 * drug service sends to the hub's mailbox, the hub decides as for every intake, the sender's receipt arrives in its
 * MESH inbox, and the share waits in the MESH inbox of a GP whose register entry says it collects there, and
 * nowhere else. Chunks, gzip, paging, workflow filters, every refusal with MESH's status and code.
 */
class MeshExchangeTest extends HubTestBase {

    static final String HUB = "SGHUB001";

    String dropout(String mum, String child, String id) throws Exception {
        return Files.readString(Path.of("src/test/resources/scenarios/messages/amy-dropout.json"))
                .replace("9990000018", mum)
                .replace("9990000026", child)
                .replace("\"value\": \"gp\"", "\"value\": \"mesh-gp\"")
                .replace("\"amy-dropout\"", "\"" + id + "\"");
    }

    String consent(String mum, String child, String id) throws Exception {
        return Files.readString(Path.of("src/test/resources/scenarios/messages/amy-consent-csc-gp.json"))
                .replace("9990000018", mum)
                .replace("9990000026", child)
                .replace("\"value\": \"gp\"", "\"value\": \"mesh-gp\"")
                .replace("amy-consent-csc-gp", id);
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** The receipt the hub put in the sender's inbox for a sent message (tracking names it). */
    String receiptOf(MeshClient sender, String messageId) throws Exception {
        return sender.track(messageId).get("linked_message_id").asString();
    }

    @Test
    void aDropoutSentThroughMeshIsDecidedAndItsShareWaitsInTheGpsMeshInboxOnly() throws Exception {
        MeshClient drug = MeshClient.of("drug-service", port);
        MeshClient gp = MeshClient.of("mesh-gp", port);
        String mum = "9990000352";
        String child = "9990000360";

        var consentSent = drug.send(
                HUB,
                "SAFEGUARDING_CONSENT_UPDATE",
                "consent-" + mum,
                consent(mum, child, "mesh-consent-" + mum).getBytes(StandardCharsets.UTF_8),
                true);
        assertThat(consentSent.statusCode()).as(consentSent.body()).isEqualTo(202);
        var sent = drug.send(
                HUB,
                "SAFEGUARDING_TREATMENT_DROPOUT",
                "dropout-" + mum,
                dropout(mum, child, "mesh-dropout-" + mum).getBytes(StandardCharsets.UTF_8),
                false);
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        String messageId = json(sent).get("message_id").asString();

        JsonNode tracking = drug.track(messageId);
        assertThat(tracking.get("status_success").asBoolean()).isTrue();
        assertThat(tracking.get("status_code").asString()).isEqualTo("00");
        assertThat(tracking.get("local_id").asString()).isEqualTo("dropout-" + mum);
        String hubId = tracking.get("status_description").asString().replace("Accepted by the hub as ", "");

        // The receipt: the same response Bundle as over HTTPS, in the sender's inbox under the receipt workflow.
        String receiptId = tracking.get("linked_message_id").asString();
        assertThat(drug.inbox("?workflow_filter=SAFEGUARDING_RECEIPT")
                        .get("messages")
                        .valueStream()
                        .map(JsonNode::asString))
                .contains(receiptId);
        var receipt = drug.download(receiptId, 1, false);
        assertThat(receipt.statusCode()).isIn(200, 206);
        assertThat(receipt.headers().firstValue("mex-WorkflowID")).hasValue("SAFEGUARDING_RECEIPT");
        assertThat(receipt.headers().firstValue("mex-LocalID")).hasValue("dropout-" + mum);
        assertThat(receipt.headers().firstValue("mex-LinkedMsgID")).hasValue(messageId);
        assertThat(receipt.headers().firstValue("mex-From")).hasValue(HUB);
        String receiptText = new String(downloadAll(drug, receiptId), StandardCharsets.UTF_8);
        assertThat(JSON.readTree(receiptText).get("id").asString()).isEqualTo(hubId);
        assertThat(decisions(receiptText)).containsEntry("mesh-gp", "SHARE CONSENT");
        assertThat(drug.acknowledge(receiptId).statusCode()).isEqualTo(200);
        assertThat(drug.download(receiptId, 1, false).statusCode())
                .as("acknowledged")
                .isEqualTo(410);

        String deliveryId = jdbc.queryForObject(
                "SELECT delivery_id FROM delivery WHERE hub_message_id = ? AND recipient_agency = 'mesh-gp'",
                String.class,
                hubId);
        await().atMost(20, TimeUnit.SECONDS)
                .until(() -> gp.inbox("")
                        .get("messages")
                        .valueStream()
                        .map(JsonNode::asString)
                        .toList()
                        .contains(deliveryId));
        assertThat(jdbc.queryForObject("SELECT queue FROM delivery WHERE delivery_id = ?", String.class, deliveryId))
                .isEqualTo("mesh");
        // One share, one delivery: not in the hub mailbox, not fetchable nor acknowledgeable through the API.
        assertThat(mailbox("mesh-gp").valueStream().map(e -> e.get("id").asString()))
                .doesNotContain(deliveryId);
        assertThat(as("mesh-gp").getBytes("/mailbox/messages/" + deliveryId).statusCode())
                .isEqualTo(404);
        assertThat(as("mesh-gp")
                        .post("/mailbox/messages/" + deliveryId + "/ack", "")
                        .statusCode())
                .isEqualTo(404);
        assertThat(gp.inbox("?workflow_filter=SAFEGUARDING_TREATMENT_DROPOUT")
                        .get("messages")
                        .valueStream()
                        .map(JsonNode::asString))
                .contains(deliveryId);
        assertThat(gp.inbox("?workflow_filter=!SAFEGUARDING_TREATMENT_*")
                        .get("messages")
                        .valueStream()
                        .map(JsonNode::asString))
                .doesNotContain(deliveryId);

        // The share downloads in 1 KB chunks (206 while more follow), gzipped when asked; HEAD gives the headers.
        var head = gp.bytes(
                gp.request("/inbox/" + deliveryId).method("HEAD", java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("mex-Content-Encrypted")).hasValue("Y");
        assertThat(head.headers().firstValue("mex-WorkflowID")).hasValue("SAFEGUARDING_TREATMENT_DROPOUT");
        assertThat(jdbc.queryForObject(
                        "SELECT fetched_at FROM delivery WHERE delivery_id = ?", java.sql.Timestamp.class, deliveryId))
                .as("HEAD is not a fetch")
                .isNull();
        var first = gp.download(deliveryId, 1, true);
        assertThat(first.statusCode()).isEqualTo(206);
        assertThat(first.headers().firstValue("Content-Encoding")).hasValue("gzip");
        int total = Integer.parseInt(
                first.headers().firstValue("mex-Chunk-Range").orElseThrow().split(":")[1]);
        assertThat(total).isGreaterThan(1);
        ByteArrayOutputStream cms = new ByteArrayOutputStream();
        cms.writeBytes(gunzip(first.body()));
        for (int n = 2; n <= total; n++) {
            var next = gp.download(deliveryId, n, n % 2 == 0);
            assertThat(next.statusCode()).isEqualTo(n < total ? 206 : 200);
            cms.writeBytes(n % 2 == 0 ? gunzip(next.body()) : next.body());
        }
        assertThat(gp.download(deliveryId, total + 1, false).statusCode()).isEqualTo(404);
        // Opened as the recipient would: openssl decrypts it with the GP's key and checks the hub's signature.
        String shared = HubEndToEndTest.openWithOpenssl(cms.toByteArray(), "mesh-gp");
        assertThat(shared).contains(mum).contains("treatment-dropout");
        assertThat(jdbc.queryForObject(
                        "SELECT fetched_at FROM delivery WHERE delivery_id = ?", java.sql.Timestamp.class, deliveryId))
                .isNotNull();
        assertThat(auditCount("ACCESSED", "%/messageexchange/SGMESHGP/inbox/" + deliveryId + "%"))
                .isEqualTo(total);

        // Another agency's mailbox or certificate sees nothing of it.
        assertThat(drug.download(deliveryId, 1, false).statusCode()).isEqualTo(404);
        assertThat(drug.acknowledge(deliveryId).statusCode()).isEqualTo(404);

        assertThat(gp.acknowledge(deliveryId).statusCode()).isEqualTo(200);
        assertThat(gp.acknowledge(deliveryId).statusCode())
                .as("acknowledged twice")
                .isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT status FROM delivery WHERE delivery_id = ?", String.class, deliveryId))
                .isEqualTo("ACKED");
        assertThat(audited("ACKNOWLEDGED", deliveryId)).isEqualTo(1);
        assertThat(gp.inbox("").get("messages").valueStream().map(JsonNode::asString))
                .doesNotContain(deliveryId);
        assertThat(gp.download(deliveryId, 1, false).statusCode()).isEqualTo(410);
    }

    @org.springframework.beans.factory.annotation.Autowired
    uk.safeguarding.hub.mesh.MeshUncollected uncollected;

    @org.springframework.beans.factory.annotation.Autowired
    uk.safeguarding.hub.operations.Dashboard dashboard;

    @org.springframework.beans.factory.annotation.Autowired
    uk.safeguarding.hub.delivery.FollowUp followUp;

    @org.springframework.beans.factory.annotation.Autowired
    org.apache.camel.ProducerTemplate camel;

    @Test
    void aShareLeftUncollectedPastFiveDaysStaysAndItsSenderGetsAMeshReport() throws Exception {
        MeshClient drug = MeshClient.of("drug-service", port);
        MeshClient gp = MeshClient.of("mesh-gp", port);
        String mum = "9990000395";
        String child = "9990000409";
        assertThat(drug.send(
                                HUB,
                                "SAFEGUARDING_CONSENT_UPDATE",
                                "late-consent",
                                consent(mum, child, "late-consent-" + mum).getBytes(StandardCharsets.UTF_8),
                                false)
                        .statusCode())
                .isEqualTo(202);
        var sent = drug.send(
                HUB,
                "SAFEGUARDING_TREATMENT_DROPOUT",
                "late-dropout",
                dropout(mum, child, "late-dropout-" + mum).getBytes(StandardCharsets.UTF_8),
                false);
        String messageId = json(sent).get("message_id").asString();
        String hubId =
                drug.track(messageId).get("status_description").asString().replace("Accepted by the hub as ", "");
        String deliveryId = jdbc.queryForObject(
                "SELECT delivery_id FROM delivery WHERE hub_message_id = ? AND recipient_agency = 'mesh-gp'",
                String.class,
                hubId);
        await().atMost(20, TimeUnit.SECONDS)
                .until(() -> "QUEUED"
                        .equals(jdbc.queryForObject(
                                "SELECT status FROM delivery WHERE delivery_id = ?", String.class, deliveryId)));
        assertThat(uncollected.check()).as("not late yet").isZero();

        jdbc.update(
                "UPDATE delivery SET queued_at = ? WHERE delivery_id = ?",
                java.sql.Timestamp.from(
                        Instant.now().minus(java.time.Duration.ofDays(5).plusMinutes(1))),
                deliveryId);
        assertThat(uncollected.check()).isEqualTo(1);
        assertThat(uncollected.check()).as("once per share").isZero();
        assertThat(audited("UNCOLLECTED", deliveryId)).isEqualTo(1);
        assertThat(dashboard.refresh().uncollectedInMesh())
                .extracting(u -> u.deliveryId())
                .contains(deliveryId);
        assertThat(gp.inbox("").get("messages").valueStream().map(JsonNode::asString))
                .as("the share stays")
                .contains(deliveryId);

        String report = null;
        for (JsonNode id :
                drug.inbox("?workflow_filter=SAFEGUARDING_TREATMENT_DROPOUT").get("messages")) {
            report = id.asString();
        }
        assertThat(report).isNotNull();
        var download = drug.download(report, 1, false);
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("mex-MessageType")).hasValue("REPORT");
        assertThat(download.headers().firstValue("mex-StatusCode")).hasValue("14");
        assertThat(download.headers().firstValue("mex-StatusSuccess")).hasValue("ERROR");
        assertThat(download.headers().firstValue("mex-LinkedMsgID")).hasValue(messageId);
        assertThat(download.headers().firstValue("mex-LocalID")).hasValue("late-dropout");
        assertThat(download.headers().firstValue("mex-StatusDescription").orElseThrow())
                .startsWith("Message not collected by recipient after 5 days");
        assertThat(download.body()).isEmpty();
        assertThat(drug.acknowledge(report).statusCode()).isEqualTo(200);
        assertThat(gp.acknowledge(deliveryId).statusCode()).isEqualTo(200);
    }

    /**
     * Withdrawn consent, as for the hub mailbox: a share not yet downloaded leaves the MESH inbox; one already
     * downloaded (fetched) stays, and a recall notice follows it into the same inbox under its own workflow id.
     */
    @Test
    void withdrawnConsentTakesAnUnreadShareOutOfTheMeshInboxAndSendsARecallNoticeForARead() throws Exception {
        MeshClient drug = MeshClient.of("drug-service", port);
        MeshClient gp = MeshClient.of("mesh-gp", port);
        String mum = "9990000417";
        String child = "9990000425";
        drug.send(
                HUB,
                "SAFEGUARDING_CONSENT_UPDATE",
                "recall-consent",
                consent(mum, child, "recall-consent-" + mum).getBytes(StandardCharsets.UTF_8),
                false);
        List<String> shares = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            var sent = drug.send(
                    HUB,
                    "SAFEGUARDING_TREATMENT_DROPOUT",
                    "recall-dropout-" + i,
                    dropout(mum, child, "recall-dropout-" + i + "-" + mum).getBytes(StandardCharsets.UTF_8),
                    false);
            String hubId = drug.track(json(sent).get("message_id").asString())
                    .get("status_description")
                    .asString()
                    .replace("Accepted by the hub as ", "");
            shares.add(jdbc.queryForObject(
                    "SELECT delivery_id FROM delivery WHERE hub_message_id = ? AND recipient_agency = 'mesh-gp'",
                    String.class,
                    hubId));
        }
        await().atMost(20, TimeUnit.SECONDS)
                .until(() -> gp.inbox("")
                        .get("messages")
                        .valueStream()
                        .map(JsonNode::asString)
                        .toList()
                        .containsAll(shares));
        String read = shares.get(0);
        String unread = shares.get(1);
        assertThat(gp.download(read, 1, false).statusCode()).isIn(200, 206);

        String withdrawn = Files.readString(Path.of("src/test/resources/scenarios/messages/amy-consent-withdrawn.json"))
                .replace("9990000018", mum)
                .replace("9990000026", child)
                .replace("\"value\": \"gp\"", "\"value\": \"mesh-gp\"")
                .replace("amy-consent-withdrawn", "recall-withdrawn-" + mum)
                .replace("\"value\": \"maternity\"", "\"value\": \"drug-service\"")
                .replace("urn:agency:maternity", "urn:agency:drug-service");
        var withdrawal = drug.send(HUB, "SAFEGUARDING_CONSENT_UPDATE", "withdrawn", withdrawn.getBytes(), false);
        assertThat(withdrawal.statusCode()).isEqualTo(202);
        JsonNode withdrawalTracked =
                drug.track(json(withdrawal).get("message_id").asString());
        assertThat(withdrawalTracked.get("status_success").asBoolean())
                .as(new String(downloadAll(
                        drug, withdrawalTracked.get("linked_message_id").asString())))
                .isTrue();

        await().atMost(20, TimeUnit.SECONDS)
                .until(() -> !gp.inbox("")
                        .get("messages")
                        .valueStream()
                        .map(JsonNode::asString)
                        .toList()
                        .contains(unread));
        assertThat(gp.download(unread, 1, false).statusCode()).as("recalled").isEqualTo(410);
        // The owed notice goes with the follow-up watch's next run (every minute); run it now.
        camel.sendBody("direct:relay", followUp.check());
        await().atMost(20, TimeUnit.SECONDS)
                .until(() -> gp.inbox("?workflow_filter=SAFEGUARDING_RECALL_NOTICE")
                                .get("messages")
                                .size()
                        > 0);
        String notice = gp.inbox("?workflow_filter=SAFEGUARDING_RECALL_NOTICE")
                .get("messages")
                .get(0)
                .asString();
        String text = open(downloadAll(gp, notice), "mesh-gp");
        assertThat(text).contains(read);
        assertThat(gp.inbox("").get("messages").valueStream().map(JsonNode::asString))
                .contains(read);
        assertThat(gp.acknowledge(notice).statusCode()).isEqualTo(200);
        assertThat(gp.acknowledge(read).statusCode()).isEqualTo(200);
    }

    @Test
    void aChunkedGzippedSendIsDecidedWhenItsLastChunkArrivesAndARetriedChunkIsTakenOnce() throws Exception {
        MeshClient drug = MeshClient.of("drug-service", port);
        String mum = "9990000379";
        byte[] whole = consent(mum, "9990000387", "mesh-chunked-" + mum).getBytes(StandardCharsets.UTF_8);
        int third = whole.length / 3;
        byte[][] chunks = {
            java.util.Arrays.copyOfRange(whole, 0, third),
            java.util.Arrays.copyOfRange(whole, third, 2 * third),
            java.util.Arrays.copyOfRange(whole, 2 * third, whole.length)
        };
        var first = drug.sendFirstChunk(HUB, "SAFEGUARDING_CONSENT_UPDATE", "chunked-" + mum, chunks[0], 3);
        assertThat(first.statusCode()).isEqualTo(202);
        String id = json(first).get("message_id").asString();
        assertThat(drug.track(id).get("status").asString()).isEqualTo("Uploading");

        assertThat(drug.sendChunk(id, 2, 3, chunks[1]).statusCode()).isEqualTo(202);
        assertThat(drug.sendChunk(id, 2, 3, chunks[1]).statusCode())
                .as("chunk 2 again")
                .isEqualTo(202);
        assertThat(drug.sendChunk(id, 4, 3, chunks[1]).statusCode())
                .as("past the last")
                .isEqualTo(417);
        assertThat(drug.call(drug.request("/outbox/" + id + "/3")
                                .header("mex-Chunk-Range", "3:3")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(chunks[2])))
                        .statusCode())
                .as("content encoding changed")
                .isEqualTo(417);
        assertThat(drug.sendChunk(id, 3, 3, chunks[2]).statusCode()).isEqualTo(202);
        assertThat(drug.sendChunk(id, 3, 3, chunks[2]).statusCode())
                .as("the last chunk again")
                .isEqualTo(202);

        JsonNode tracking = drug.track(id);
        assertThat(tracking.get("status_success").asBoolean())
                .as(tracking.toString())
                .isTrue();
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM inbound_message WHERE sender_message_id = ?",
                        Integer.class,
                        "mesh-chunked-" + mum))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mesh_chunk WHERE message_id = ?", Integer.class, id))
                .as("the content goes once decided")
                .isZero();
        // A send whose chunks stopped coming is forgotten a day later, content and all.
        var abandoned = drug.sendFirstChunk(HUB, "SAFEGUARDING_CONSENT_UPDATE", "abandoned-" + mum, chunks[0], 3);
        String abandonedId = json(abandoned).get("message_id").asString();
        jdbc.update(
                "UPDATE mesh_message SET created_at = ? WHERE message_id = ?",
                java.sql.Timestamp.from(Instant.now().minus(java.time.Duration.ofDays(2))),
                abandonedId);
        uncollected.check();
        assertThat(drug.call(drug.request("/outbox/tracking?messageID=" + abandonedId)
                                .GET())
                        .statusCode())
                .isEqualTo(404);
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM mesh_chunk WHERE message_id = ?", Integer.class, abandonedId))
                .isZero();
        assertThat(MeshClient.of("gp", port).sendChunk(id, 3, 3, chunks[2]).statusCode())
                .as("another agency's message: no such message in its outbox")
                .isEqualTo(404);
    }

    @Test
    void whatMeshRefusesIsAnsweredWithItsStatusAndCodeAndAudited() throws Exception {
        MeshClient drug = MeshClient.of("drug-service", port);
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

        var toAnotherAgency = drug.send("SGGP", "SAFEGUARDING_TREATMENT_DROPOUT", "x", body, false);
        assertThat(toAnotherAgency.statusCode()).isEqualTo(417);
        assertThat(json(toAnotherAgency).get("detail").get(0).get("code").asString())
                .isEqualTo("12");
        var noWorkflow = drug.send(HUB, "SOMETHING_ELSE", "x", body, false);
        assertThat(noWorkflow.statusCode()).isEqualTo(417);
        assertThat(json(noWorkflow).get("detail").get(0).get("code").asString()).isEqualTo("17");
        var noTo = drug.call(drug.request("/outbox")
                .header("mex-WorkflowID", "SAFEGUARDING_TREATMENT_DROPOUT")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)));
        assertThat(noTo.statusCode()).isEqualTo(400);
        assertThat(json(noTo).get("detail").get(0).get("code").asString()).isEqualTo("08");
        var v1 = drug.call(drug.request("/outbox")
                .setHeader("Accept", "application/json")
                .header("mex-To", HUB)
                .header("mex-WorkflowID", "SAFEGUARDING_TREATMENT_DROPOUT")
                .header("Content-Encoding", "br")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)));
        assertThat(v1.statusCode()).isEqualTo(422);
        assertThat(json(v1).get("errorDescription").asString()).startsWith("UnsupportedContentEncoding");
        var empty = drug.call(drug.request("/outbox")
                .header("mex-To", HUB)
                .header("mex-WorkflowID", "SAFEGUARDING_TREATMENT_DROPOUT")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertThat(empty.statusCode()).isEqualTo(417);
        assertThat(json(empty).get("detail").get(0).get("code").asString()).isEqualTo("02");
        var badRange = drug.call(drug.request("/outbox")
                .header("mex-To", HUB)
                .header("mex-WorkflowID", "SAFEGUARDING_TREATMENT_DROPOUT")
                .header("mex-Chunk-Range", "2:1")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)));
        assertThat(badRange.statusCode()).isEqualTo(417);
        assertThat(json(badRange).get("detail").get(0).get("code").asString()).isEqualTo("06");
        assertThat(auditCount("ACCESS_REFUSED", "%Unregistered to address%")).isGreaterThanOrEqualTo(1);

        MeshClient withGpsCertificate = MeshClient.as("drug-service", "gp", port);
        assertThat(withGpsCertificate
                        .call(withGpsCertificate.request("/inbox").GET())
                        .statusCode())
                .as("the drug service's mailbox with the GP's certificate")
                .isEqualTo(403);
    }

    @Test
    void aTokenIsGoodOnceWithinTheClockWindowAndRepeatedFailuresLockTheMailbox() throws Exception {
        // The health visitors' mailbox: no other test uses it, and this one leaves it locked.
        MeshClient hv = MeshClient.of("health-visiting", port);
        String token = hv.token(Instant.now());
        var once =
                hv.call(hv.request("/inbox").setHeader("Authorization", token).GET());
        assertThat(once.statusCode()).isEqualTo(200);
        assertThat(hv.call(hv.request("/inbox")
                                .setHeader("Authorization", token)
                                .GET())
                        .statusCode())
                .as("the same token again")
                .isEqualTo(403);
        Thread.sleep(300); // past the throttle's pause (100 ms in the tests), so each try is checked
        assertThat(hv.call(hv.request("/inbox")
                                .setHeader(
                                        "Authorization", hv.token(Instant.now().minusSeconds(3 * 3600)))
                                .GET())
                        .statusCode())
                .as("a token made three hours ago")
                .isEqualTo(403);
        Thread.sleep(300);
        assertThat(hv.call(hv.request("/inbox")
                                .setHeader(
                                        "Authorization", hv.token(Instant.now().plusSeconds(3 * 3600)))
                                .GET())
                        .statusCode())
                .as("a token made three hours ahead")
                .isEqualTo(403);
        for (int i = 0; i < 2; i++) {
            Thread.sleep(1000);
            assertThat(hv.call(hv.request("/inbox")
                                    .setHeader("Authorization", hv.token(hv.mailbox, "guess", Instant.now()))
                                    .GET())
                            .statusCode())
                    .as("a wrong password")
                    .isEqualTo(403);
        }
        var locked = hv.call(hv.request("/inbox").GET());
        assertThat(locked.statusCode())
                .as("a good token, once the mailbox is locked")
                .isEqualTo(403);
        assertThat(json(locked).get("detail").get(0).get("msg").asString()).contains("locked until");
        assertThat(auditCount("SIGN_IN_LOCKED", "%MESH mailbox " + hv.mailbox + "%"))
                .isEqualTo(1);
    }

    @Test
    void aMessageTheHubRefusesGetsItsOperationOutcomeInTheSendersInboxAndIsQuarantined() throws Exception {
        MeshClient drug = MeshClient.of("drug-service", port);
        int quarantinedBefore = quarantined();
        var sent = drug.send(
                HUB, "SAFEGUARDING_TREATMENT_DROPOUT", "broken-1", "{\"resourceType\": \"Patient\"}".getBytes(), true);
        assertThat(sent.statusCode()).isEqualTo(202);
        String id = json(sent).get("message_id").asString();
        JsonNode tracking = drug.track(id);
        assertThat(tracking.get("status_success").asBoolean()).isFalse();
        assertThat(tracking.get("status_description").asString()).startsWith("Refused by the hub (400)");
        String receiptId = tracking.get("linked_message_id").asString();
        var receipt = drug.download(receiptId, 1, false);
        assertThat(receipt.headers().firstValue("mex-Subject")).hasValue("Refused");
        assertThat(JSON.readTree(downloadAll(drug, receiptId))
                        .get("resourceType")
                        .asString())
                .isEqualTo("OperationOutcome");
        assertThat(quarantined()).isEqualTo(quarantinedBefore + 1);

        // A workflow id that names another event than the message's.
        var mislabelled = drug.send(
                HUB,
                "SAFEGUARDING_SCREENING_RESULT",
                "mislabelled-1",
                dropout("9990000433", "9990000441", "mislabelled-" + UUID.randomUUID())
                        .getBytes(StandardCharsets.UTF_8),
                false);
        JsonNode refused = drug.track(json(mislabelled).get("message_id").asString());
        assertThat(refused.get("status_success").asBoolean()).isFalse();
        assertThat(new String(downloadAll(drug, refused.get("linked_message_id").asString()), StandardCharsets.UTF_8))
                .contains("the MESH workflow id SAFEGUARDING_SCREENING_RESULT does not name this message's event"
                        + " (treatment-dropout): send it with SAFEGUARDING_TREATMENT_DROPOUT");
        assertThat(quarantined()).isEqualTo(quarantinedBefore + 2);
    }

    int quarantined() {
        return jdbc.queryForObject(
                "SELECT COUNT(*) FROM quarantine WHERE sender_agency = 'drug-service'", Integer.class);
    }

    @Test
    void theInboxPagesWithMeshsLinksAndCounts() throws Exception {
        MeshClient drug = MeshClient.of("drug-service", port);
        for (int i = 0; i < 12; i++) {
            drug.send(HUB, "SAFEGUARDING_TREATMENT_DROPOUT", "page-" + i, "not json".getBytes(), false);
        }
        assertThat(drug.call(drug.request("/inbox?max_results=9").GET()).statusCode())
                .isEqualTo(400);
        JsonNode page = drug.inbox("?max_results=10");
        assertThat(page.get("messages").size()).isEqualTo(10);
        assertThat(page.get("approx_inbox_count").asInt()).isGreaterThanOrEqualTo(12);
        List<String> seen = new ArrayList<>();
        page.get("messages").forEach(m -> seen.add(m.asString()));
        while (page.get("links").has("next")) {
            page = drug.follow(page.get("links").get("next").asString());
            page.get("messages").forEach(m -> seen.add(m.asString()));
        }
        assertThat(seen).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(12);
        JsonNode count = JSON.readTree(drug.call(drug.request("/count").GET()).body());
        assertThat(count.get("count").asInt()).isEqualTo(seen.size());
        assertThat(drug.inbox("?workflow_filter=*RECEIPT*").get("messages").size())
                .isEqualTo(seen.size());
        assertThat(drug.inbox("?workflow_filter=!*RECEIPT*").get("messages").size())
                .isZero();
        for (String id : seen) {
            assertThat(drug.acknowledge(id).statusCode()).isEqualTo(200);
        }
        assertThat(drug.inbox("").get("messages").size()).isZero();
    }

    @Test
    void theDirectoryPointsEverySafeguardingWorkflowAtTheHub() throws Exception {
        MeshClient drug = MeshClient.of("drug-service", port);
        var lookup = drug.call(java.net.http.HttpRequest.newBuilder(java.net.URI.create("https://localhost:" + port
                        + "/messageexchange/endpointlookup/RXXGP/SAFEGUARDING_SCREENING_RESULT"))
                .header("Authorization", drug.token(Instant.now()))
                .header("Accept", MeshClient.V2)
                .GET());
        assertThat(lookup.statusCode()).isEqualTo(200);
        assertThat(json(lookup).get("results").get(0).get("address").asString()).isEqualTo(HUB);
        var unknown = drug.call(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "https://localhost:" + port + "/messageexchange/workflowsearch/SOMETHING_ELSE"))
                .header("Authorization", drug.token(Instant.now()))
                .header("Accept", MeshClient.V2)
                .GET());
        assertThat(json(unknown).get("results").size()).isZero();
    }

    /** Every chunk of a message, in order, as a MESH client puts them together. */
    static byte[] downloadAll(MeshClient client, String id) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        var first = client.download(id, 1, false);
        all.writeBytes(first.body());
        int total = Integer.parseInt(
                first.headers().firstValue("mex-Chunk-Range").orElseThrow().split(":")[1]);
        for (int n = 2; n <= total; n++) {
            all.writeBytes(client.download(id, n, false).body());
        }
        return all.toByteArray();
    }

    static byte[] gunzip(byte[] gzipped) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gzipped))) {
            return in.readAllBytes();
        }
    }

    static String open(byte[] cms, String agency) throws Exception {
        return TestPki.openShare(cms, agency);
    }
}
