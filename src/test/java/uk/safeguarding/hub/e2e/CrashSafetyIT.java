package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Crash safety: the packaged hub as its own process, senders posting without pause and resending until
 * they get their 200 (over HTTPS, and two over AMQP 1.0 until their receipt comes), and the process killed with
 * SIGKILL at random moments, several times, and started again.
 * At the end, by hub message id: every share in every receipt a sender saw is in its recipient's mailbox exactly
 * once, nothing is there that no sender was told of, and the audit chain verifies.
 */
class CrashSafetyIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final int KILLS = 3;
    static final int SENDERS = 8;
    static final String MUM = "9990000425";
    static final String CHILD = "9990000433";

    static final String DATA = "target/crash-" + java.util.UUID.randomUUID();
    static HubProcess hub = new HubProcess(DATA, "--hub.delivery.sweep-after=2s", "--hub.delivery.sweep-period=1000");
    static int port = hub.port;

    @AfterAll
    static void stop() throws Exception {
        hub.stop();
    }

    static String message(String file, String id) throws IOException {
        return Files.readString(Path.of("src/test/resources/scenarios/messages", file))
                .replace("9990000018", MUM)
                .replace("9990000026", CHILD)
                .replaceFirst("\"id\": \"[^\"]+\"", "\"id\": \"" + id + "\"");
    }

    /** Posts until the hub answers (resending the same message id through every crash); the answer's body. */
    static String deliver(String agency, String body) throws Exception {
        return deliver(AgencyClient.as(agency, port), body);
    }

    static String deliver(AgencyClient client, String body) throws Exception {
        while (true) {
            try {
                var response = client.post("/fhir/$process-message", body);
                if (response.statusCode() == 200) {
                    return response.body();
                }
                assertThat(response.statusCode()).as(response.body()).isGreaterThanOrEqualTo(500);
            } catch (IOException down) {
                // the hub is being killed or restarted: send the same message again
            }
            Thread.sleep(200);
        }
    }

    /** Senders that use AMQP 1.0 (Qpid JMS) instead of HTTPS. */
    static final int AMQP_SENDERS = 2;

    /**
     * Sends over AMQP until the receipt comes back on the agency's receipts queue, sending the same message again
     * (a new AMQP message, the same Bundle.id) on a new connection after any failure or a silence of 10 s.
     */
    static String deliverByAmqp(String agency, String body) throws Exception {
        while (true) {
            try (jakarta.jms.Connection c = new org.apache.qpid.jms.JmsConnectionFactory(
                            AmqpTransportTest.uri(agency, hub.brokerPort) + "&jms.sendTimeout=10000")
                    .createConnection()) {
                c.start();
                jakarta.jms.Session s = c.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
                jakarta.jms.TextMessage m = s.createTextMessage(body);
                s.createProducer(s.createQueue("intake." + agency)).send(m);
                jakarta.jms.Message answer = s.createConsumer(
                                s.createQueue("receipts." + agency), "JMSCorrelationID = '" + m.getJMSMessageID() + "'")
                        .receive(10_000);
                if (answer != null && answer.getIntProperty("status") == 200) {
                    return ((jakarta.jms.TextMessage) answer).getText();
                }
                if (answer != null) {
                    assertThat(answer.getIntProperty("status"))
                            .as(((jakarta.jms.TextMessage) answer).getText())
                            .isGreaterThanOrEqualTo(500);
                }
            } catch (jakarta.jms.JMSException down) {
                // the hub is being killed or restarted: send the same message again
            }
            Thread.sleep(200);
        }
    }

    /** Senders that use MESH, through the hub's MESH API. */
    static final int MESH_SENDERS = 2;

    /**
     * Sends through MESH until the hub takes it (202), the same message again after any failure; then reads its
     * receipt from the sender's MESH inbox (tracking names it), through any further restart, and acknowledges it.
     */
    static String deliverByMesh(MeshClient mesh, String workflowId, String localId, String body) throws Exception {
        String messageId = null;
        while (messageId == null) {
            try {
                var sent = mesh.send("SGHUB001", workflowId, localId, body.getBytes(StandardCharsets.UTF_8), true);
                if (sent.statusCode() == 202) {
                    messageId = JSON.readTree(sent.body()).get("message_id").asString();
                } else {
                    assertThat(sent.statusCode()).as(sent.body()).isGreaterThanOrEqualTo(500);
                }
            } catch (IOException down) {
                // the hub is being killed or restarted: send the same message again
            }
            if (messageId == null) {
                Thread.sleep(200);
            }
        }
        String read = null; // the receipt once downloaded: its acknowledgement may be cut by a kill
        while (true) {
            try {
                var tracked = mesh.call(
                        mesh.request("/outbox/tracking?messageID=" + messageId).GET());
                if (tracked.statusCode() == 200) {
                    String receiptId = JSON.readTree(tracked.body())
                            .get("linked_message_id")
                            .asString();
                    if (read == null) {
                        var receipt = mesh.download(receiptId, 1, false);
                        if (receipt.statusCode() == 200) {
                            read = new String(receipt.body(), StandardCharsets.UTF_8);
                        } else {
                            assertThat(receipt.statusCode()).isGreaterThanOrEqualTo(500);
                        }
                    }
                    if (read != null) {
                        var acknowledged = mesh.acknowledge(receiptId);
                        if (acknowledged.statusCode() == 200) {
                            return read;
                        }
                        assertThat(acknowledged.statusCode()).isGreaterThanOrEqualTo(500);
                    }
                } else {
                    assertThat(tracked.statusCode()).as(tracked.body()).isGreaterThanOrEqualTo(500);
                }
            } catch (IOException down) {
                // restarting: ask again (an acknowledgement made before the kill is answered 200 again)
            }
            Thread.sleep(200);
        }
    }

    @Test
    void everyAcknowledgedMessageIsDeliveredExactlyOnceThroughRepeatedKills() throws Exception {
        hub.start();
        AtomicBoolean stop = new AtomicBoolean();
        // Expected: (recipient, hub message id) for every share to a watched mailbox in every receipt a sender saw.
        Set<String> expected = ConcurrentHashMap.newKeySet();
        expect(expected, deliver("drug-service", message("amy-consent-csc-gp.json", "crash-consent")));
        expect(expected, deliver("social-care", message("kai-cpp-start.json", "crash-plan")));
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger byAmqp = new AtomicInteger();
        AtomicInteger byMesh = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS + AMQP_SENDERS + MESH_SENDERS);
        List<java.util.concurrent.Future<?>> running = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            int sender = s;
            running.add(senders.submit(() -> {
                AgencyClient client = AgencyClient.as("drug-service", port);
                for (int i = 0; !stop.get(); i++) {
                    String id = "crash-" + sender + "-" + i;
                    String body = i % 2 == 0 ? message("amy-screening.json", id) : message("amy-dropout.json", id);
                    expect(expected, deliver(client, body));
                    acknowledged.incrementAndGet();
                }
                return null;
            }));
        }
        for (int s = 0; s < AMQP_SENDERS; s++) {
            int sender = s;
            running.add(senders.submit(() -> {
                for (int i = 0; !stop.get(); i++) {
                    String id = "crash-amqp-" + sender + "-" + i;
                    String body = i % 2 == 0 ? message("amy-screening.json", id) : message("amy-dropout.json", id);
                    expect(expected, deliverByAmqp("drug-service", body));
                    acknowledged.incrementAndGet();
                    byAmqp.incrementAndGet();
                }
                return null;
            }));
        }
        for (int s = 0; s < MESH_SENDERS; s++) {
            int sender = s;
            running.add(senders.submit(() -> {
                MeshClient mesh = MeshClient.of("drug-service", port);
                for (int i = 0; !stop.get(); i++) {
                    String id = "crash-mesh-" + sender + "-" + i;
                    boolean screening = i % 2 == 0;
                    String body = screening ? message("amy-screening.json", id) : message("amy-dropout.json", id);
                    expect(
                            expected,
                            deliverByMesh(
                                    mesh,
                                    screening ? "SAFEGUARDING_SCREENING_RESULT" : "SAFEGUARDING_TREATMENT_DROPOUT",
                                    id,
                                    body));
                    acknowledged.incrementAndGet();
                    byMesh.incrementAndGet();
                }
                return null;
            }));
        }
        Random random = new Random(42);
        for (int k = 0; k < KILLS; k++) {
            Thread.sleep(3000 + random.nextInt(4000));
            hub.kill();
            hub.start();
        }
        // a few hundred messages at least, however fast this machine is
        await().atMost(600, TimeUnit.SECONDS).until(() -> acknowledged.get() >= 600); // only a hung hub takes that long
        stop.set(true);
        senders.shutdown();
        assertThat(senders.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
        for (var sender : running) {
            sender.get(); // a sender that failed fails the test with its own reason
        }

        deliveredOnceEachWithAValidChain(port, expected);
        System.out.printf(
                "crash test: %d messages acknowledged (%d of them sent by AMQP, %d through MESH), %d shares checked,"
                        + " %d kills%n",
                acknowledged.get(), byAmqp.get(), byMesh.get(), expected.size(), KILLS);
        assertThat(acknowledged.get()).isGreaterThan(500);
        assertThat(byAmqp.get()).isPositive();
        assertThat(byMesh.get()).isPositive();
    }

    static final List<String> WATCHED = List.of("social-care", "gp");

    /**
     * Collects the watched mailboxes (each entry counted, then acknowledged) until every expected share has come;
     * then each is there exactly once, nothing else is, and the audit chain verifies. The ops sign-in, for more.
     */
    static AgencyClient deliveredOnceEachWithAValidChain(int port, Set<String> expected) throws Exception {
        Map<String, Integer> found = new HashMap<>();
        await().atMost(120, TimeUnit.SECONDS)
                .pollInterval(200, TimeUnit.MILLISECONDS)
                .untilAsserted(() -> {
                    for (String agency : WATCHED) {
                        AgencyClient client = AgencyClient.as(agency, port);
                        for (JsonNode entry : JSON.readTree(
                                client.get("/mailbox/messages?limit=1000").body())) {
                            found.merge(agency + " " + entry.get("hubMessageId").asString(), 1, Integer::sum);
                            assertThat(client.post(
                                                    "/mailbox/messages/"
                                                            + entry.get("id").asString() + "/ack",
                                                    "")
                                            .statusCode())
                                    .isEqualTo(204);
                        }
                    }
                    assertThat(found.keySet()).containsAll(expected);
                });
        assertThat(found)
                .allSatisfy((share, copies) -> assertThat(copies).as(share).isEqualTo(1));
        assertThat(found.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        String[] ops = Files.readAllLines(Path.of(TestPki.DIR + "/people-passwords.txt")).stream()
                .filter(l -> l.startsWith("ops "))
                .findFirst()
                .orElseThrow()
                .split(" ");
        AgencyClient opsClient = AgencyClient.person(ops[0], ops[1], port);
        assertThat(opsClient.get("/api/audit/verify").body()).contains("\"valid\":true");
        return opsClient;
    }

    static void expect(Set<String> expected, String receipt) {
        JsonNode params =
                JSON.readTree(receipt).get("entry").get(1).get("resource").get("parameter");
        String hubId = params.get(0).get("valueString").asString();
        ScenarioSuiteTest.parts(receipt).forEach((agency, parts) -> {
            if (WATCHED.contains(agency) && parts.get("decision").contains("SHARE")) {
                expected.add(agency + " " + hubId);
            }
        });
    }
}
