package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What the hub seals before it reaches the database, so far: a message's content as received and the family facts
 * it was decided on, quarantined content and MESH content in transit. Read straight from the tables, none of them
 * shows the NHS numbers or the clinical text sent; and the hub still reads them (a dry run decides the message
 * again from its sealed content).
 */
class SealedAtRestTest extends HubTestBase {

    @org.springframework.beans.factory.annotation.Autowired
    uk.safeguarding.hub.delivery.MessageRecords records;

    static final String MUM = "9990000468";
    static final String CHILD = "9990000476";

    static boolean contains(byte[] value, String text) {
        return value != null && new String(value, StandardCharsets.ISO_8859_1).contains(text);
    }

    @Test
    void aMessagesContentAndFactsAreSealedAndStillRead() throws Exception {
        String consent = Files.readString(Path.of("src/test/resources/scenarios/messages/amy-consent-csc-gp.json"))
                .replace("9990000018", MUM)
                .replace("9990000026", CHILD)
                .replace("amy-consent-csc-gp", "sealed-consent-" + MUM);
        var response = as("drug-service").post(PROCESS, consent);
        assertThat(response.statusCode()).isEqualTo(200);
        String hubId = JSON.readTree(response.body()).get("id").asString();

        byte[] body =
                jdbc.queryForObject("SELECT body FROM inbound_message WHERE hub_message_id = ?", byte[].class, hubId);
        String facts =
                jdbc.queryForObject("SELECT facts FROM inbound_message WHERE hub_message_id = ?", String.class, hubId);
        assertThat(body).isNotEmpty();
        assertThat(contains(body, MUM))
                .as("the mother's NHS number in the stored message")
                .isFalse();
        assertThat(contains(body, CHILD))
                .as("the child's NHS number in the stored message")
                .isFalse();
        assertThat(contains(body, "Consent")).as("the content in clear").isFalse();
        assertThat(facts).startsWith("vault:1:").doesNotContain(MUM).doesNotContain(CHILD);
        assertThat(jdbc.queryForObject(
                        "SELECT receipt FROM inbound_message WHERE hub_message_id = ?", String.class, hubId))
                .startsWith("vault:1:");
        assertThat(jdbc.queryForList("SELECT reasons FROM decision WHERE hub_message_id = ?", String.class, hubId))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r).startsWith("vault:1:"));
        // A resend gets the first receipt back, opened.
        var again = as("drug-service").post(PROCESS, consent);
        assertThat(again.body()).isEqualTo(response.body());
        // The trace reads each decision's reasons in words, opened.
        assertThat(records.decisions(hubId))
                .isNotEmpty()
                .allSatisfy(d -> assertThat((String) d.get("reasons")).doesNotStartWith("vault:"));

        // The hub reads it back: a dry run of the rules in force decides it again from its sealed content.
        var rules = People.officer(port).get("/api/rules");
        var dryRun = People.officer(port).send("POST", "/api/rules/dry-run?days=1", rules.body(), "application/yaml");
        assertThat(dryRun.statusCode()).as(dryRun.body()).isEqualTo(200);
        assertThat(JSON.readTree(dryRun.body()).get("messages").asInt()).isPositive();
    }

    @Test
    void aSharesSummaryIsSealedAndItsChronologyStillReadsIt() throws Exception {
        String suffix = "-" + java.util.UUID.randomUUID();
        assertThat(as("social-care")
                        .post(PROCESS, example("cp-plan-status.json").replace("\"ex-cpp-1\"", "\"plan" + suffix + "\""))
                        .statusCode())
                .isEqualTo(200);
        var screening = as("drug-service")
                .post(PROCESS, example("screening-result.json").replace("\"ex-screen-1\"", "\"screen" + suffix + "\""));
        assertThat(screening.statusCode()).isEqualTo(200);
        String hubId = JSON.readTree(screening.body()).get("id").asString();
        java.util.List<String> summaries = jdbc.queryForList(
                "SELECT summary FROM delivery WHERE hub_message_id = ? AND summary IS NOT NULL", String.class, hubId);
        assertThat(summaries)
                .isNotEmpty()
                .allSatisfy(
                        summary -> assertThat(summary).startsWith("vault:1:").doesNotContain("opiate"));
        String nhs = JSON.readTree(example("screening-result.json"))
                .get("entry")
                .get(1)
                .get("resource")
                .get("identifier")
                .get(0)
                .get("value")
                .asString();
        // The share's relay is audited about the person, from what was read with the share (not read again).
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> auditEntries("QUEUED").stream().anyMatch(e -> hubId.equals(e.get("HUB_MESSAGE_ID"))));
        assertThat(auditEntries("QUEUED"))
                .filteredOn(e -> hubId.equals(e.get("HUB_MESSAGE_ID")))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.get("SUBJECT_NHS")).isEqualTo(nhs));
        var chronology = as("social-care").get("/mailbox/chronology?nhsNumber=" + nhs);
        assertThat(chronology.statusCode()).isEqualTo(200);
        assertThat(chronology.body()).contains(hubId).contains("testedOn");
    }

    /** The data key a text column's sealed value names. */
    static int keyOf(String sealed) {
        assertThat(sealed).startsWith("vault:1:");
        return java.nio.ByteBuffer.wrap(java.util.Base64.getDecoder().decode(sealed.substring("vault:1:".length())))
                .getInt(2);
    }

    @Test
    void operationsPutNewDataKeysInForceAndWhatWasSealedBeforeStillOpens() throws Exception {
        String family = "9990071403";
        String consent = Files.readString(Path.of("src/test/resources/scenarios/messages/amy-consent-csc-gp.json"))
                .replace("9990000018", family)
                .replace("amy-consent-csc-gp", "rotation-consent-" + family);
        var first = as("drug-service").post(PROCESS, consent);
        assertThat(first.statusCode()).isEqualTo(200);
        String firstId = JSON.readTree(first.body()).get("id").asString();
        int before = keyOf(jdbc.queryForObject(
                "SELECT facts FROM inbound_message WHERE hub_message_id = ?", String.class, firstId));

        assertThat(People.officer(port)
                        .send("POST", "/api/data-keys/rotate", "", "text/plain")
                        .statusCode())
                .as("an officer may not")
                .isEqualTo(403);
        var rotated = People.ops(port).send("POST", "/api/data-keys/rotate", "", "text/plain");
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        int content =
                JSON.readTree(rotated.body()).get("inForce").get("CONTENT").asInt();
        assertThat(content).isNotEqualTo(before);
        assertThat(JSON.readTree(rotated.body()).get("inForce").has("INDEX"))
                .as("the NHS-number index key never rotates")
                .isFalse();

        // The next message is sealed under the new key; the first, under the retired one, still opens.
        String next = consent.replace("rotation-consent-", "rotation-consent-after-");
        var second = as("drug-service").post(PROCESS, next);
        assertThat(second.statusCode()).isEqualTo(200);
        String secondId = JSON.readTree(second.body()).get("id").asString();
        assertThat(keyOf(jdbc.queryForObject(
                        "SELECT facts FROM inbound_message WHERE hub_message_id = ?", String.class, secondId)))
                .isEqualTo(content);
        assertThat(as("drug-service").post(PROCESS, consent).body())
                .as("a resend of the first gets its receipt, opened under the retired key")
                .isEqualTo(first.body());
        assertThat(records.decisions(firstId))
                .isNotEmpty()
                .allSatisfy(d -> assertThat((String) d.get("reasons")).doesNotStartWith("vault:"));

        JsonNode keys = JSON.readTree(People.ops(port).get("/api/data-keys").body());
        assertThat(keys.valueStream()
                        .filter(k -> k.get("id").asInt() == before)
                        .findFirst()
                        .orElseThrow()
                        .get("retiredAt")
                        .isNull())
                .as("the key before is retired")
                .isFalse();
        assertThat(keys.toString()).doesNotContain("wrapped");
        assertThat(auditCount("DATA_KEYS_ROTATED", "%\"by\":\"" + People.OPS + "\"%"))
                .isPositive();
    }

    @Test
    void quarantinedContentIsSealed() throws Exception {
        String marker = "sealed-quarantine-" + MUM;
        var refused = as("drug-service").post(PROCESS, "{\"resourceType\": \"Patient\", \"id\": \"" + marker + "\"}");
        assertThat(refused.statusCode()).isEqualTo(400);
        byte[] stored = jdbc.queryForObject(
                "SELECT body FROM quarantine WHERE received_at = (SELECT MAX(received_at) FROM quarantine"
                        + " WHERE sender_agency = 'drug-service')",
                byte[].class);
        assertThat(stored).isNotEmpty();
        assertThat(contains(stored, marker)).isFalse();
        assertThat(contains(stored, "Patient")).isFalse();
    }

    @Test
    void meshContentInTransitIsSealed() throws Exception {
        MeshClient drug = MeshClient.of("drug-service", port);
        byte[] chunk = ("{\"resourceType\": \"Bundle\", \"id\": \"sealed-mesh\", \"note\": \"" + MUM + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        var first = drug.call(drug.request("/outbox")
                .header("mex-To", "SGHUB001")
                .header("mex-WorkflowID", "SAFEGUARDING_CONSENT_UPDATE")
                .header("mex-Chunk-Range", "1:2")
                .header("mex-LocalID", "consent-of-" + MUM)
                .header("mex-Subject", "Consent for " + MUM)
                .header("mex-FileName", MUM + ".json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(chunk)));
        assertThat(first.statusCode()).isEqualTo(202);
        String id = JSON.readTree(first.body()).get("message_id").asString();
        // What the sender wrote about it (which here names the mother) is sealed too; tracking reads it back.
        var row = jdbc.queryForMap("SELECT local_id, subject, file_name FROM mesh_message WHERE message_id = ?", id);
        assertThat(row.values())
                .hasSize(3)
                .allSatisfy(v -> assertThat((String) v).startsWith("vault:1:").doesNotContain(MUM));
        var tracked =
                drug.call(drug.request("/outbox/tracking?message_id=" + id).GET());
        assertThat(tracked.statusCode()).as(tracked.body()).isEqualTo(200);
        assertThat(JSON.readTree(tracked.body()).get("local_id").asString()).isEqualTo("consent-of-" + MUM);
        assertThat(JSON.readTree(tracked.body()).get("filename").asString()).isEqualTo(MUM + ".json");
        byte[] stored = jdbc.queryForObject(
                "SELECT body FROM mesh_chunk WHERE message_id = ? AND chunk_no = 1", byte[].class, id);
        assertThat(contains(stored, MUM)).isFalse();
        assertThat(contains(stored, "Bundle")).isFalse();
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM vault_key WHERE purpose IN ('CONTENT', 'QUARANTINE', 'MESH')",
                        Integer.class))
                .isGreaterThanOrEqualTo(1);
    }
}
