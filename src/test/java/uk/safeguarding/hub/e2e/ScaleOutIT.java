package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Scale-out: two packaged hub instances, profile {@code shared}, against one external ActiveMQ Artemis
 * broker (the apache-artemis distribution, laid out by the hub's own {@code broker-properties}, reached over TLS)
 * and one real PostgreSQL. Senders spread their messages over both instances; one instance is killed with SIGKILL mid-load and
 * its senders fail over to the other. At the end: both instances took work, every share of every receipt a sender
 * saw is in its recipient's mailbox exactly once, nothing else is there, and the audit trail is one valid chain.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class ScaleOutIT {

    static final int SENDERS = 6;
    static final String WORK = "target/scale-out-" + UUID.randomUUID();

    static SharedEngines engines;
    static HubProcess first;
    static HubProcess second;

    @BeforeAll
    static void startBrokerDatabaseAndTwoInstances() throws Exception {
        engines = SharedEngines.start(WORK);
        String[] shared = engines.hubArgs("--hub.delivery.sweep-after=2s", "--hub.delivery.sweep-period=1000");
        first = new HubProcess(WORK + "/hub-1", shared).start();
        second = new HubProcess(WORK + "/hub-2", shared).start();
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (HubProcess hub : new HubProcess[] {first, second}) {
            if (hub != null) {
                hub.stop();
            }
        }
        if (engines != null) {
            engines.close();
        }
    }

    static long depth(AgencyClient ops, String queue) throws Exception {
        for (JsonNode q : CrashSafetyIT.JSON.readTree(ops.get("/api/queues").body())) {
            if (q.get("name").asString().equals(queue)) {
                return q.get("depth").asLong();
            }
        }
        throw new AssertionError("no queue " + queue);
    }

    /** Runs first, while both instances are up: a MESH token is good once across the instances. */
    @Test
    @org.junit.jupiter.api.Order(1)
    void aMeshTokenUsedAtOneInstanceIsRefusedAtTheOther() throws Exception {
        MeshClient atFirst = MeshClient.of("drug-service", first.port);
        MeshClient atSecond = MeshClient.of("drug-service", second.port);
        String token = atFirst.token(java.time.Instant.now());
        var once = atFirst.call(atFirst.request("")
                .setHeader("Authorization", token)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertThat(once.statusCode()).as(once.body()).isEqualTo(200);
        var again = atSecond.call(atSecond.request("")
                .setHeader("Authorization", token)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertThat(again.statusCode())
                .as("the same token at the other instance")
                .isEqualTo(403);
        assertThat(again.body()).contains("the token was used before");
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void twoInstancesShareTheWorkAndOneKilledMidLoadLosesNothing() throws Exception {
        Set<String> expected = ConcurrentHashMap.newKeySet();
        CrashSafetyIT.expect(
                expected,
                CrashSafetyIT.deliver(
                        AgencyClient.as("drug-service", first.port),
                        CrashSafetyIT.message("amy-consent-csc-gp.json", "scale-consent")));
        CrashSafetyIT.expect(
                expected,
                CrashSafetyIT.deliver(
                        AgencyClient.as("social-care", second.port),
                        CrashSafetyIT.message("kai-cpp-start.json", "scale-plan")));

        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean secondDown = new AtomicBoolean();
        Map<Integer, AtomicInteger> answeredBy =
                Map.of(first.port, new AtomicInteger(), second.port, new AtomicInteger());
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        List<Future<?>> running = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            int sender = s;
            running.add(senders.submit(() -> {
                AgencyClient toFirst = AgencyClient.as("drug-service", first.port);
                AgencyClient toSecond = AgencyClient.as("drug-service", second.port);
                for (int i = 0; !stop.get(); i++) {
                    String id = "scale-" + sender + "-" + i;
                    String body = i % 2 == 0
                            ? CrashSafetyIT.message("amy-screening.json", id)
                            : CrashSafetyIT.message("amy-dropout.json", id);
                    // Half the senders prefer each instance; a sender whose instance is down sends to the other.
                    boolean preferSecond = sender % 2 == 1 && !secondDown.get();
                    String receipt = null;
                    while (receipt == null) {
                        AgencyClient client = preferSecond ? toSecond : toFirst;
                        try {
                            var response = client.post("/fhir/$process-message", body);
                            if (response.statusCode() == 200) {
                                receipt = response.body();
                                answeredBy
                                        .get(preferSecond ? second.port : first.port)
                                        .incrementAndGet();
                            } else {
                                assertThat(response.statusCode())
                                        .as(response.body())
                                        .isGreaterThanOrEqualTo(500);
                            }
                        } catch (IOException down) {
                            preferSecond = false; // the same message id again, to the instance still up
                        }
                    }
                    CrashSafetyIT.expect(expected, receipt);
                }
                return null;
            }));
        }
        // Both instances must have taken work before one is killed: wait for it (a bound only a hung hub reaches),
        // rather than for a time that a slow machine may fill with less.
        await().atMost(300, TimeUnit.SECONDS)
                .pollInterval(100, TimeUnit.MILLISECONDS)
                .until(() -> answeredBy.get(second.port).get() > 50
                        && answeredBy.get(first.port).get() > 50);
        int beforeKill = answeredBy.get(second.port).get();
        second.kill();
        secondDown.set(true);
        // The killed instance's senders move to the other one: wait until it has answered 50 more.
        int firstAtKill = answeredBy.get(first.port).get();
        await().atMost(300, TimeUnit.SECONDS)
                .pollInterval(100, TimeUnit.MILLISECONDS)
                .until(() -> answeredBy.get(first.port).get() > firstAtKill + 50);
        stop.set(true);
        senders.shutdown();
        assertThat(senders.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
        for (Future<?> sender : running) {
            sender.get();
        }

        AgencyClient opsClient = CrashSafetyIT.deliveredOnceEachWithAValidChain(first.port, expected);
        // Operations see the external broker's queues, and the acknowledged copies leave them.
        await().atMost(60, TimeUnit.SECONDS)
                .pollInterval(500, TimeUnit.MILLISECONDS)
                .untilAsserted(() -> {
                    JsonNode queues = CrashSafetyIT.JSON.readTree(
                            opsClient.get("/api/queues").body());
                    assertThat(queues.findValuesAsString("name")).contains("hub.intake", "mailbox.gp", "DLQ.push");
                    for (JsonNode q : queues) {
                        if (CrashSafetyIT.WATCHED.contains(
                                q.get("name").asString().replace("mailbox.", ""))) {
                            assertThat(q.get("depth").asLong())
                                    .as(q.get("name").asString())
                                    .isZero();
                        }
                    }
                });
        // A dead letter on the external broker goes back to its queue when operations ask (through management).
        try (var locator = org.apache.activemq.artemis.api.core.client.ActiveMQClient.createServerLocator(
                        engines.brokerUrl);
                var factory = locator.createSessionFactory();
                var session = factory.createSession("hub", engines.brokerPassword, false, true, true, false, 1);
                var producer = session.createProducer("DLQ.push")) {
            var dead = session.createMessage(true);
            dead.putStringProperty(org.apache.activemq.artemis.api.core.Message.HDR_ORIGINAL_ADDRESS, "receipts.gp");
            dead.putStringProperty(org.apache.activemq.artemis.api.core.Message.HDR_ORIGINAL_QUEUE, "receipts.gp");
            producer.send(dead);
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> depth(opsClient, "DLQ.push") == 1);
        long receiptsBefore = depth(opsClient, "receipts.gp");
        var retried = opsClient.send("POST", "/api/queues/DLQ.push/retry", "", "text/plain");
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        assertThat(CrashSafetyIT.JSON.readTree(retried.body()).get("moved").asInt())
                .isEqualTo(1);
        assertThat(depth(opsClient, "DLQ.push")).isZero();
        assertThat(depth(opsClient, "receipts.gp")).isEqualTo(receiptsBefore + 1);

        // The command-line explain reads the shared database.
        Path message = Path.of(WORK, "explain.json");
        Files.writeString(message, CrashSafetyIT.message("amy-screening.json", "scale-explain"));
        ProcessBuilder explain = new ProcessBuilder(
                        SharedEngines.java(),
                        "-jar",
                        "target/safeguarding-hub.jar",
                        "explain",
                        "--db-url",
                        engines.jdbcUrl,
                        "--db-user",
                        "postgres",
                        "--agencies",
                        TestPki.register("test-pki-agencies.yaml", "").toString(),
                        "--crl",
                        TestPki.DIR + "/ca.crl",
                        "--crl-issuer",
                        TestPki.DIR + "/ca.pem",
                        "--secrets",
                        TestPki.DIR + "/hub.secrets",
                        message.toString())
                .redirectErrorStream(true);
        explain.environment().put("HUB_DB_PASSWORD", "postgres");
        Process explaining = explain.start();
        String explained = new String(explaining.getInputStream().readAllBytes());
        assertThat(explaining.waitFor()).as(explained).isZero();
        assertThat(explained).contains("\"social-care\"", "SHARE");

        // Protection at rest on PostgreSQL: a pg_dump of the whole database shows no one the messages named.
        String dump = engines.pgDump(Path.of(WORK, "pg_dump.sql"));
        assertThat(dump).as("the dump").contains("inbound_message").contains("vault:1:");
        for (String personal : List.of("9990000018", "9990000026", "Amy", "Kai")) {
            int at = Dumps.standingAlone(dump, personal);
            assertThat(at)
                    .as("\"" + personal + "\" in a pg_dump of the shared database, at: " + Dumps.around(dump, at))
                    .isEqualTo(-1);
        }

        System.out.printf(
                "scale-out test: %d messages answered by instance 1, %d by instance 2 before it was"
                        + " killed, %d shares checked%n",
                answeredBy.get(first.port).get(), beforeKill, expected.size());
        assertThat(answeredBy.get(first.port).get()).isGreaterThan(50);
        assertThat(beforeKill).isGreaterThan(50);
    }
}
