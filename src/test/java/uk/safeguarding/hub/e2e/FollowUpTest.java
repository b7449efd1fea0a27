package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import uk.safeguarding.hub.delivery.FollowUp;

/**
 * docs/decisions.md "Follow-up" end to end: an unanswered referral becomes overdue once, its referrer finds a sealed
 * referral-overdue notice from the hub in its mailbox, the metric and the log line say so, operations see it on
 * {@code GET /api/follow-up} (agencies may not), and the outcome that finally answers it takes it off the list.
 */
@ExtendWith(OutputCaptureExtension.class)
class FollowUpTest extends HubTestBase {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Path MESSAGES = Path.of("src/test/resources/scenarios/messages");

    @Autowired
    FollowUp followUp;

    @Autowired
    ProducerTemplate producer;

    @Autowired
    MeterRegistry meters;

    @Test
    void anUnansweredReferralIsFollowedUpOnceAndLeavesTheListWhenAnswered(CapturedOutput output) throws Exception {
        Map<String, String> people = new HashMap<>();
        String referral = DecisionPathsAgreeTest.ownFamilies(
                        Files.readString(MESSAGES.resolve("kai-referral-l2-gp.json")), people)
                .replace("\"kai-referral-l2-gp\"", "\"follow-up-referral\"");
        var receipt = as("gp").post(PROCESS, referral);
        assertThat(receipt.statusCode()).isEqualTo(200);
        String hubId = JSON.readTree(receipt.body())
                .get("entry")
                .get(1)
                .get("resource")
                .get("parameter")
                .get(0)
                .get("valueString")
                .asString();
        double before = meters.counter("hub.referrals.overdue").count();

        List<String> notices = followUp.check(Instant.now().plus(Duration.ofDays(10)));
        producer.sendBody("direct:relay", notices);
        assertThat(followUp.check(Instant.now().plus(Duration.ofDays(11)))).isEmpty();
        // Other tests in this shared hub may have left referrals unanswered: each is counted once too.
        assertThat(meters.counter("hub.referrals.overdue").count()).isGreaterThanOrEqualTo(before + 1);
        assertThat(output).contains("REFERRAL-OVERDUE referral " + hubId);

        JsonNode list = JSON.readTree(People.ops(port).get("/api/follow-up").body());
        assertThat(list.valueStream().map(n -> n.get("hubMessageId").asString()))
                .contains(hubId);
        assertThat(as("gp").get("/api/follow-up").statusCode()).isEqualTo(403);

        String noticeId = await().atMost(20, TimeUnit.SECONDS)
                .until(
                        () -> JSON.readTree(as("gp").get("/mailbox/messages").body())
                                .valueStream()
                                .filter(n -> n.get("event").asString().equals("referral-overdue"))
                                .filter(n -> n.get("senderAgency").asString().equals("hub"))
                                .filter(n -> n.get("hubMessageId").asString().equals(hubId))
                                .map(n -> n.get("id").asString())
                                .filter(notices::contains)
                                .findFirst()
                                .orElse(null),
                        id -> id != null);
        String notice = HubEndToEndTest.openWithOpenssl(
                as("gp").getBytes("/mailbox/messages/" + noticeId).body(), "gp");
        assertThat(notice)
                .contains("\"resourceType\":\"Communication\"", hubId, people.get("9990000026"), "no outcome");

        String outcome = DecisionPathsAgreeTest.ownFamilies(
                        Files.readString(MESSAGES.resolve("kai-outcome-early-help.json")), people)
                .replace("${hubId:referral}", hubId)
                .replace("\"kai-outcome-early-help\"", "\"follow-up-outcome\"");
        assertThat(as("social-care").post(PROCESS, outcome).statusCode()).isEqualTo(200);
        JsonNode after = JSON.readTree(People.ops(port).get("/api/follow-up").body());
        assertThat(after.valueStream().map(n -> n.get("hubMessageId").asString()))
                .doesNotContain(hubId);
    }
}
