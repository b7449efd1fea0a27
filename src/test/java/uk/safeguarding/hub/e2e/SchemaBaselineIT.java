package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A database the hub wrote before its schema had Flyway versions (the schema script run at every start, no
 * history table) is baselined and migrated at the next start of this hub: the audit chain still verifies, and the
 * share that was waiting is still there to collect, once.
 */
class SchemaBaselineIT {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aDatabaseFromBeforeMigrationsIsBaselinedAndNothingWaitingIsLost() throws Exception {
        String data = "target/baseline-it-" + UUID.randomUUID();
        String mum = "9990071020";
        String child = "9990071039";
        HubProcess before = new HubProcess(
                        data,
                        "--spring.flyway.enabled=false",
                        "--spring.sql.init.mode=always",
                        // This code needs every table the migrations make; an earlier hub ran them as one script.
                        "--spring.sql.init.schema-locations=classpath:db/migration/V1__baseline.sql,"
                                + "classpath:db/migration/V2__message_child.sql,classpath:db/migration/V3__mesh.sql,"
                                + "classpath:db/migration/V4__vault.sql,classpath:db/migration/V5__people_hashed.sql,"
                                + "classpath:db/migration/V6__mesh_and_reasons_sealed.sql,classpath:db/migration/V7__vault_upgrade.sql,"
                                + "classpath:db/migration/V8__content_openings.sql")
                .start();
        String hubId;
        try {
            String plan = Hl7MllpTest.family(
                            Files.readString(Path.of("src/test/resources/scenarios/messages/kai-cpp-start.json")),
                            mum,
                            child)
                    .replace("kai-cpp-start", "baseline-plan-" + UUID.randomUUID());
            assertThat(AgencyClient.as("social-care", before.port)
                            .post(HubTestBase.PROCESS, plan)
                            .statusCode())
                    .isEqualTo(200);
            String screening = Hl7MllpTest.family(
                            Files.readString(Path.of("src/test/resources/scenarios/messages/amy-screening.json")),
                            mum,
                            child)
                    .replace("amy-screening", "baseline-screening-" + UUID.randomUUID());
            var receipt = AgencyClient.as("drug-service", before.port).post(HubTestBase.PROCESS, screening);
            assertThat(receipt.statusCode()).isEqualTo(200);
            assertThat(HubTestBase.decisions(receipt.body()))
                    .containsEntry("social-care", "SHARE CHILD_PROTECTION_PLAN");
            hubId = JSON.readTree(receipt.body())
                    .get("entry")
                    .get(1)
                    .get("resource")
                    .get("parameter")
                    .get(0)
                    .get("valueString")
                    .asString();
        } finally {
            before.stop();
        }
        assertThat(before.log()).doesNotContain("flyway_schema_history");

        HubProcess after = new HubProcess(data).start();
        try {
            assertThat(after.log()).contains("Successfully baselined schema with version: 0");
            String[] ops = Files.readAllLines(Path.of(TestPki.DIR + "/people-passwords.txt")).stream()
                    .filter(l -> l.startsWith("ops "))
                    .findFirst()
                    .orElseThrow()
                    .split(" ");
            assertThat(AgencyClient.person(ops[0], ops[1], after.port)
                            .get("/api/audit/verify")
                            .body())
                    .contains("\"valid\":true");
            AgencyClient socialCare = AgencyClient.as("social-care", after.port);
            String id = await().atMost(60, TimeUnit.SECONDS).until(() -> waiting(socialCare, hubId), v -> v != null);
            var share = socialCare.getBytes("/mailbox/messages/" + id);
            assertThat(share.statusCode()).isEqualTo(200);
            assertThat(share.body()[0]).as("a DER-encoded CMS object").isEqualTo((byte) 0x30);
            assertThat(socialCare.post("/mailbox/messages/" + id + "/ack", "").statusCode())
                    .isEqualTo(204);
            assertThat(waiting(socialCare, hubId)).as("collected once").isNull();
        } finally {
            after.stop();
        }
    }

    /** The id of the share of that message waiting in the agency's mailbox, or null. */
    static String waiting(AgencyClient agency, String hubId) throws Exception {
        for (JsonNode entry :
                JSON.readTree(agency.get("/mailbox/messages?limit=1000").body())) {
            if (hubId.equals(entry.get("hubMessageId").asString())) {
                return entry.get("id").asString();
            }
        }
        return null;
    }
}
