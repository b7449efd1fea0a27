package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import jakarta.jms.ConnectionFactory;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;
import uk.safeguarding.hub.protect.DevPki;

/**
 * Push delivery to agencies' HTTPS endpoints over mutual TLS (a receiver that fails the first tries, one that is
 * always down) and HL7 v2 out for an agency that asked for it.
 */
class PushAndHl7OutTest extends HubTestBase {

    static HttpsServer flaky;
    static HttpsServer down;
    static final List<String> delivered = new CopyOnWriteArrayList<>();
    static final AtomicInteger flakyCalls = new AtomicInteger();
    static final AtomicInteger downCalls = new AtomicInteger();

    @Autowired
    ConnectionFactory connectionFactory;

    /** Endpoints with a certificate from their own CA, demanding a client certificate from the hub's CA. */
    @BeforeAll
    static void startReceivers() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        char[] hubStorePassword = new DevPki(PUSH_PKI)
                .secrets()
                .getProperty(DevPki.HUB_STORE_PASSWORD)
                .toCharArray();
        try (InputStream in = Files.newInputStream(PUSH_PKI.resolve("hub.p12"))) {
            keys.load(in, hubStorePassword);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, hubStorePassword);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(Path.of(TestPki.DIR + "/ca.pem"))) {
            trust.setCertificateEntry(
                    "hub-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        HttpsConfigurator needClientAuth = new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                var p = getSSLContext().getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        };
        flaky = HttpsServer.create(new InetSocketAddress("localhost", PUSH_FLAKY_PORT), 0);
        flaky.setHttpsConfigurator(needClientAuth);
        flaky.createContext("/inbox", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int call = flakyCalls.incrementAndGet();
            int status = call <= 2 ? 503 : 200;
            if (status == 200 && body.length > 0 && body[0] == 0x30) {
                delivered.add(exchange.getRequestHeaders().getFirst("X-Delivery-Id"));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        flaky.start();
        down = HttpsServer.create(new InetSocketAddress("localhost", PUSH_DOWN_PORT), 0);
        down.setHttpsConfigurator(needClientAuth);
        down.createContext("/inbox", exchange -> {
            exchange.getRequestBody().readAllBytes();
            downCalls.incrementAndGet();
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        down.start();
    }

    @AfterAll
    static void stopReceivers() {
        flaky.stop(0);
        down.stop(0);
    }

    @Test
    void aPushThatFailsAtFirstIsTriedAgainAndArrivesOnce() throws Exception {
        String deliveryId = dropoutFor("push-gp-flaky", "9990000301", "9990000328");
        await().atMost(30, TimeUnit.SECONDS).until(() -> delivered.contains(deliveryId));
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> "ACKED"
                        .equals(jdbc.queryForObject(
                                "SELECT status FROM delivery WHERE delivery_id = ?", String.class, deliveryId)));
        assertThat(audited("PUSH_FAILED", deliveryId)).isEqualTo(2);
        assertThat(audited("PUSHED", deliveryId)).isEqualTo(1);
        assertThat(audited("ACKNOWLEDGED", deliveryId)).isEqualTo(1);
        Thread.sleep(1500);
        assertThat(delivered.stream().filter(deliveryId::equals).count()).isEqualTo(1);
        assertThat(flakyCalls.get()).isEqualTo(3);
        assertThat(mailbox("push-gp-flaky").size()).isZero();
    }

    @Test
    void aPushThatAlwaysFailsEndsInTheDeadLettersWithEveryTryAudited() throws Exception {
        String deliveryId = dropoutFor("push-gp-down", "9990000336", "9990000344");
        await().atMost(30, TimeUnit.SECONDS).until(() -> audited("DEAD_LETTERED", deliveryId) == 1);
        assertThat(audited("PUSH_FAILED", deliveryId)).isEqualTo(2);
        JmsTemplate jms = new JmsTemplate(connectionFactory);
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> Boolean.TRUE.equals(jms.browseSelected(
                        "DLQ.push",
                        "deliveryId = '" + deliveryId + "'",
                        (session, browser) -> browser.getEnumeration().hasMoreElements())));
        assertThat(downCalls.get()).isEqualTo(3);
        assertThat(jdbc.queryForObject("SELECT status FROM delivery WHERE delivery_id = ?", String.class, deliveryId))
                .isEqualTo("QUEUED");
        // Queued for pushing, not in the mailbox: the listing reads where each share went.
        assertThat(mailbox("push-gp-down").size()).isZero();

        // Operations see the dead letter and send it back for another round of tries (audited).
        var queues = JSON.readTree(People.ops(port).get("/api/queues").body());
        assertThat(queues.valueStream()
                        .filter(q -> q.get("name").asString().equals("DLQ.push"))
                        .findFirst()
                        .orElseThrow()
                        .get("depth")
                        .asLong())
                .isGreaterThanOrEqualTo(1);
        assertThat(as("gp").get("/api/queues").statusCode()).isEqualTo(403);
        assertThat(People.ops(port)
                        .send("POST", "/api/queues/mailbox.gp/retry", "", "text/plain")
                        .statusCode())
                .isEqualTo(404);
        var retry = People.ops(port).send("POST", "/api/queues/DLQ.push/retry", "", "text/plain");
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(retry.body()).get("moved").asInt()).isGreaterThanOrEqualTo(1);
        await().atMost(30, TimeUnit.SECONDS).until(() -> audited("DEAD_LETTERED", deliveryId) == 2);
        assertThat(downCalls.get()).isEqualTo(6);
        assertThat(auditCount("QUEUE_RETRIED", "%DLQ.push%")).isPositive();
    }

    @Test
    void anAgencyThatAskedForHl7GetsTheScreeningResultAsOruR01() throws Exception {
        String mum = "9990000352";
        String child = "9990000360";
        String plan = Files.readString(Path.of("src/test/resources/scenarios/messages/kai-cpp-start.json"))
                .replace("9990000018", mum)
                .replace("9990000026", child)
                .replace("kai-cpp-start", "v2-plan")
                .replace("\"value\": \"social-care\"", "\"value\": \"v2-social-care\"")
                .replace("urn:agency:social-care", "urn:agency:v2-social-care");
        assertThat(as("v2-social-care").post(PROCESS, plan).statusCode()).isEqualTo(200);
        String screening = Files.readString(Path.of("src/test/resources/scenarios/messages/amy-screening.json"))
                .replace("9990000018", mum)
                .replace("9990000026", child)
                .replace("\"amy-screening\"", "\"v2-" + UUID.randomUUID() + "\"");
        var response = as("drug-service").post(PROCESS, screening);
        assertThat(decisions(response.body())).containsEntry("v2-social-care", "SHARE CHILD_PROTECTION_PLAN");
        String hubId = JSON.readTree(response.body()).get("id").asString();
        String deliveryId = jdbc.queryForObject(
                "SELECT delivery_id FROM delivery WHERE hub_message_id = ?"
                        + " AND recipient_agency = 'v2-social-care'",
                String.class,
                hubId);
        await().atMost(20, TimeUnit.SECONDS)
                .until(() -> as("v2-social-care")
                                .getBytes("/mailbox/messages/" + deliveryId)
                                .statusCode()
                        == 200);
        byte[] cms =
                as("v2-social-care").getBytes("/mailbox/messages/" + deliveryId).body();

        String er7 = TestPki.openShare(cms, "v2-social-care");
        assertThat(er7)
                .startsWith("MSH|^~\\&|safeguarding-hub|safeguarding-hub||v2-social-care|")
                .contains("ORU^R01^ORU_R01")
                .contains("|2.5.1")
                .contains("PID|1||" + mum + "^^^NHS^NH")
                .contains("OBX|1|CWE|opiates^opiates||POS^Positive^HL70078")
                .doesNotContain("difficult week");
    }
}
