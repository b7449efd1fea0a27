package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.AuditType;

/**
 * {@code GET /api/audit} as an officer reads it: newest first, a page at a time, each page linking to the next
 * until the last; each detail a JSON object; a bad filter answered 400 with its reason.
 */
class AuditApiTest extends HubTestBase {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    AuditTrail trail;

    @Autowired
    TransactionTemplate tx;

    @Test
    void pagesGoFromNewestToOldestAndEndWithoutANextLink() throws Exception {
        String subject =
                "99930" + String.format("%05d", Math.abs(UUID.randomUUID().hashCode()) % 100_000);
        for (int i = 0; i < 5; i++) {
            int n = i;
            tx.executeWithoutResult(s -> trail.append(new AuditTrail.Entry(
                    AuditType.RECALLED,
                    "hub-audit-" + n,
                    "gp",
                    subject,
                    "screening-result",
                    Map.of("deliveryId", "d-" + n))));
        }
        List<Long> seen = new ArrayList<>();
        String page = "/api/audit?subject=" + subject + "&type=RECALLED&limit=2";
        int pages = 0;
        while (page != null) {
            var response = People.officer(port).get(page);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode body = JSON.readTree(response.body());
            for (JsonNode entry : body.get("entries")) {
                seen.add(entry.get("seq").asLong());
                assertThat(entry.get("subject").asString()).isEqualTo(subject);
                assertThat(entry.get("detail").isObject()).isTrue();
                assertThat(entry.get("detail").get("deliveryId").asString()).startsWith("d-");
            }
            page = body.hasNonNull("next") ? body.get("next").asString() : null;
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen)
                .hasSize(5)
                .isSortedAccordingTo((a, b) -> Long.compare(b, a))
                .doesNotHaveDuplicates();
    }

    @Test
    void aBadFilterIsAnsweredWithItsReason() throws Exception {
        var response = People.officer(port).get("/api/audit?type=NOPE&from=yesterday&limit=0");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body())
                .contains("type must be one of")
                .contains("from must be an ISO instant")
                .contains("limit must be 1 to 1000");
    }
}
