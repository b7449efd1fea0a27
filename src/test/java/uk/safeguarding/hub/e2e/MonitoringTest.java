package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import uk.safeguarding.hub.delivery.UrgentWatch;

/** The operators' alert for urgent deliveries left unacknowledged, and the quarterly figures against the audit trail. */
@ExtendWith(OutputCaptureExtension.class)
class MonitoringTest extends HubTestBase {

    @Autowired
    UrgentWatch urgentWatch;

    @Autowired
    MeterRegistry meters;

    @Test
    void anUrgentDeliveryNotAcknowledgedInTimeRaisesOneAlert(CapturedOutput output) {
        String hubId = UUID.randomUUID().toString();
        String deliveryId = UUID.randomUUID().toString();
        Timestamp twoHoursAgo = Timestamp.from(Instant.now().minus(Duration.ofHours(2)));
        jdbc.update(
                "INSERT INTO inbound_message (hub_message_id, sender_agency, sender_message_id, event, subject_nhs,"
                        + " received_at, rule_version) VALUES (?, 'gp', ?, 'referral', '9990000182', ?, 1)",
                hubId,
                "urgent-" + hubId,
                twoHoursAgo);
        jdbc.update(
                "INSERT INTO delivery (delivery_id, hub_message_id, recipient_agency, event, sender_agency, basis,"
                        + " urgent, received_at, size_bytes, status) VALUES (?, ?, 'social-care', 'referral', 'gp',"
                        + " 'SIGNIFICANT_HARM', TRUE, ?, 10, 'QUEUED')",
                deliveryId,
                hubId,
                twoHoursAgo);
        double before = meters.counter("hub.urgent.unacknowledged.alerts").count();

        assertThat(urgentWatch.check()).isGreaterThanOrEqualTo(1);
        assertThat(urgentWatch.check()).isZero();

        assertThat(auditCount("URGENT_UNACKNOWLEDGED", "%" + deliveryId + "%")).isEqualTo(1);
        assertThat(meters.counter("hub.urgent.unacknowledged.alerts").count()).isGreaterThan(before);
        assertThat(meters.get("hub.urgent.unacknowledged").gauge().value()).isGreaterThanOrEqualTo(1);
        assertThat(output.getOut()).contains("URGENT-UNACKNOWLEDGED delivery " + deliveryId);
        jdbc.update("UPDATE delivery SET status = 'ACKED' WHERE delivery_id = ?", deliveryId);
    }

    @Test
    void theQuarterlyFiguresAddUpAgainstTheAuditTrailAndTheDecisions() throws Exception {
        String messages = "src/test/resources/scenarios/messages/";
        String fresh = "9990000190";
        assertThat(as("gp").post(
                                PROCESS,
                                Files.readString(Path.of(messages, "kai-referral-l2-gp.json"))
                                        .replace("kai-referral-l2-gp", "report-ref")
                                        .replace("9990000018", fresh))
                        .statusCode())
                .isEqualTo(200);
        assertThat(as("maternity")
                        .post(
                                PROCESS,
                                Files.readString(Path.of(messages, "amy-pregnancy-maternity.json"))
                                        .replace("amy-pregnancy-maternity", "report-preg")
                                        .replace("9990000018", fresh))
                        .statusCode())
                .isEqualTo(200);

        LocalDate today = LocalDate.now(ZoneId.of("Europe/London"));
        String quarter = today.getYear() + "-Q" + ((today.getMonthValue() - 1) / 3 + 1);
        var response = People.officer(port).get("/api/reports/quarterly?quarter=" + quarter);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode r = JSON.readTree(response.body());

        long decided = auditCount("DECIDED");
        long decisionRows = jdbc.queryForObject("SELECT COUNT(*) FROM decision", Long.class);
        long shareRows = jdbc.queryForObject("SELECT COUNT(*) FROM decision WHERE outcome = 'SHARE'", Long.class);
        // A share's decision is an entry of its own; a decision to withhold is in its message's receipt entry.
        assertThat(decided).isEqualTo(shareRows);
        assertThat(r.get("decisions").asLong()).isEqualTo(decisionRows);
        assertThat(r.get("shares").asLong()).isEqualTo(shareRows);
        long byBasis =
                r.get("sharesByBasis").valueStream().mapToLong(JsonNode::asLong).sum();
        long withheld = r.get("withheldByReason")
                .valueStream()
                .mapToLong(JsonNode::asLong)
                .sum();
        assertThat(byBasis).isEqualTo(shareRows);
        assertThat(byBasis + withheld).isEqualTo(decisionRows);
        for (Map<String, Object> row : jdbc.queryForList(
                "SELECT basis, COUNT(*) AS n FROM decision WHERE outcome = 'SHARE'" + " GROUP BY basis")) {
            assertThat(r.get("sharesByBasis").get((String) row.get("BASIS")).asLong())
                    .isEqualTo(((Number) row.get("N")).longValue());
        }
        assertThat(r.get("referralsToChildrensSocialCareBySourceRoleAndLevel")
                        .get("GP level 2")
                        .asLong())
                .isGreaterThanOrEqualTo(1);
        assertThat(r.get("referralsToChildrensSocialCareBySourceRoleAndLevel")
                        .get("MATERNITY level 2")
                        .asLong())
                .isGreaterThanOrEqualTo(1);
        assertThat(r.get("pregnantServiceUsersReferred").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(r.get("messagesReceivedByEvent")
                        .valueStream()
                        .mapToLong(JsonNode::asLong)
                        .sum())
                .isEqualTo(auditCount("RECEIVED"));

        var csv = People.officer(port).get("/api/reports/quarterly?quarter=" + quarter + "&format=csv");
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.body()).contains("decisions,," + decisionRows).contains("shares,," + shareRows);
        assertThat(as("gp").get("/api/reports/quarterly").statusCode()).isEqualTo(403);
        assertThat(People.officer(port)
                        .get("/api/reports/quarterly?quarter=2026-Q5")
                        .statusCode())
                .isEqualTo(400);
    }

    java.net.http.HttpResponse<String> scrape(String token) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("https://localhost:" + port + "/actuator/prometheus"))
                .GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return AgencyClient.anonymous(port).raw(request);
    }

    /**
     * A scrape signs in with the metrics token (no password) and sees what the dashboard shows: queue depths and
     * ages, dead letters, each agency's figures today, days to each certificate's expiry. A wrong token, or the token
     * anywhere else, is refused.
     */
    @Test
    void aScrapeWithTheTokenSeesTheDashboardsFigures() throws Exception {
        assertThat(as("maternity")
                        .post(
                                PROCESS,
                                example("pregnancy-substance-use.json")
                                        .replace("\"ex-preg-1\"", "\"scrape-" + UUID.randomUUID() + "\""))
                        .statusCode())
                .isEqualTo(200);
        await().atMost(60, java.util.concurrent.TimeUnit.SECONDS).until(() -> {
            String body = scrape(METRICS_TOKEN).body();
            // Received counted from the messages' index, shared from the decisions' (each decision carries its time).
            return body.matches("(?s).*hub_agency_today\\{agency=\"maternity\",figure=\"received\"\\} [1-9].*")
                    && body.matches("(?s).*hub_agency_today\\{agency=\"social-care\",figure=\"shared\"\\} [1-9].*");
        });
        var ok = scrape(METRICS_TOKEN);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body())
                .contains("hub_queue_depth{queue=\"DLQ.push\"}")
                .contains("hub_queue_oldest_age_seconds{queue=\"mailbox.social-care\"}")
                .contains("hub_dead_letters{queue=\"DLQ.hub.intake\"}")
                .contains("hub_agency_today{agency=\"social-care\",figure=\"shared\"}")
                .contains("hub_urgent_late{agency=\"social-care\"}")
                .containsPattern("hub_certificate_days_to_expiry\\{owner=\"hub\"\\} \\d+")
                // The load tool's breakdown of audit entries per message reads these.
                .containsPattern("hub_audit_entries_by_type_total\\{type=\"RECEIVED\"\\} [1-9]")
                .containsPattern("hub_audit_entries_by_type_total\\{type=\"DECIDED\"\\} [1-9]");
        assertThat(scrape("wrong-" + METRICS_TOKEN).statusCode()).isEqualTo(401);
        assertThat(scrape(null).statusCode()).isEqualTo(401);
        var elsewhere = AgencyClient.anonymous(port)
                .raw(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("https://localhost:" + port + "/api/queues"))
                        .header("Authorization", "Bearer " + METRICS_TOKEN)
                        .GET());
        assertThat(elsewhere.statusCode()).isEqualTo(401);
    }
}
