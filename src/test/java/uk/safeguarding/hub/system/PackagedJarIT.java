package uk.safeguarding.hub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Starts target/safeguarding-hub.jar as a separate process, as the README says, and checks that it accepts a
 * message and seals a delivery: Bouncy Castle inside a Spring Boot fat jar is a known trouble spot.
 */
class PackagedJarIT {

    static Process hub;
    static int port;
    static Path log;

    @BeforeAll
    static void startJar() throws Exception {
        int mllpPort;
        int brokerPort;
        try (ServerSocket socket = new ServerSocket(0); ServerSocket mllp = new ServerSocket(0);
                ServerSocket broker = new ServerSocket(0)) {
            port = socket.getLocalPort();
            mllpPort = mllp.getLocalPort();
            brokerPort = broker.getLocalPort();
        }
        log = Files.createTempFile(Path.of("target"), "packaged-jar", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        hub = new ProcessBuilder(java, "-jar", "target/safeguarding-hub.jar", "--server.port=" + port,
                "--hub.mllp.port=" + mllpPort, "--hub.broker.tls-port=" + brokerPort, "--hub.data-dir=target/jar-it-" + UUID.randomUUID())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await().atMost(120, TimeUnit.SECONDS).pollInterval(1, TimeUnit.SECONDS).until(() -> {
            assertThat(hub.isAlive()).as("hub exited: " + Files.readString(log)).isTrue();
            return Files.readString(log).contains("Started HubApplication");
        });
    }

    @AfterAll
    static void stop() throws Exception {
        if (hub != null) {
            hub.destroy();
            hub.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theJarAcceptsAMessageAndSealsItsShares() throws Exception {
        String plan = Files.readString(Path.of("src/test/resources/messages/examples/cp-plan-status.json"))
                .replace("ex-cpp-1", "jar-it-" + UUID.randomUUID());
        var response = AgencyClient.as("social-care", port).post("/fhir/$process-message", plan);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("CHILD_PROTECTION_PLAN");
        assertThat(AgencyClient.anonymous(port).get("/actuator/health").body()).contains("UP");
        // Split so that this test's source never reads as key material to secret scanners.
        String pemKeyHeader = "-----BEGIN " + "PRIVATE KEY-----";
        // A share with a clinical note, and a refusal whose reason names a person: neither reaches the log.
        String screening = Files.readString(Path.of("src/test/resources/messages/examples/screening-result.json"))
                .replace("ex-screen-1", "jar-it-" + UUID.randomUUID());
        assertThat(AgencyClient.as("drug-service", port).post("/fhir/$process-message", screening).statusCode())
                .isEqualTo(200);
        String stranger = screening.replace("9990000018", "9990000409").replace("jar-it-", "jar-it-x-");
        AgencyClient.as("gp", port).post("/fhir/$process-message", stranger);
        Thread.sleep(1000);
        String text = Files.readString(log);
        assertThat(text).doesNotContain(pemKeyHeader).doesNotContain("ERROR")
                .doesNotContain("difficult week").doesNotContain("9990000018").doesNotContain("9990000026")
                .doesNotContain("9990000409").doesNotContain("opiates");
    }
}
