package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Starts target/safeguarding-hub.jar as a separate process, as the README says, and checks that it accepts a
 * message and seals a delivery: Bouncy Castle inside a Spring Boot fat jar is a known trouble spot.
 */
class PackagedJarIT {

    static HubProcess hub;
    static int port;

    @BeforeAll
    static void startJar() throws Exception {
        hub = new HubProcess("target/jar-it-" + UUID.randomUUID()).start();
        port = hub.port;
    }

    @AfterAll
    static void stop() throws Exception {
        if (hub != null) {
            hub.stop();
        }
    }

    /** What the packaged hub promises: the three ports and nothing else; nothing it wrote is readable by another user. */
    @Test
    void itListensOnItsThreePortsOnlyAndItsFilesAreItsOwn() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "Linux /proc");
        assertThat(hub.listeningPorts()).containsExactlyInAnyOrder(hub.port, hub.mllpPort, hub.brokerPort);
        java.util.List<String> open = new java.util.ArrayList<>();
        for (Path root : java.util.List.of(Path.of(hub.dataDir), Path.of(TestPki.DIR))) {
            try (var all = Files.walk(root)) {
                for (Path p : all.toList()) {
                    var mode = Files.getPosixFilePermissions(p);
                    if (mode.stream()
                            .anyMatch(m ->
                                    m.name().startsWith("GROUP") || m.name().startsWith("OTHERS"))) {
                        open.add(p + " " + java.nio.file.attribute.PosixFilePermissions.toString(mode));
                    }
                }
            }
        }
        assertThat(open).as("files others can reach").isEmpty();
        assertThat(Path.of(hub.dataDir, "db", "hub.mv.db")).exists();
        assertThat(Files.readString(
                        Path.of(hub.dataDir, "db", "hub.mv.db"), java.nio.charset.StandardCharsets.ISO_8859_1))
                .as("the database file is encrypted")
                .doesNotContain("CREATE TABLE")
                .doesNotContain("audit_entry")
                // Not a three-byte marker: a megabyte of ciphertext holds any given three bytes one time in ten.
                .doesNotContain("INBOUND_MESSAGE");
        // As another local user, if this runs as root with runuser: nothing under data/ or certs/dev/ opens.
        if (new java.io.File("/usr/sbin/runuser").canExecute() && "root".equals(System.getProperty("user.name"))) {
            for (Path file : java.util.List.of(
                    Path.of(hub.dataDir, "db", "hub.mv.db"),
                    Path.of(TestPki.DIR + "/hub-key.pem"),
                    Path.of(TestPki.DIR + "/hub.secrets"),
                    Path.of(hub.dataDir, "audit"))) {
                Process p = new ProcessBuilder(
                                "runuser",
                                "-u",
                                "nobody",
                                "--",
                                "ls",
                                "-l",
                                file.toAbsolutePath().toString())
                        .redirectErrorStream(true)
                        .start();
                assertThat(p.waitFor())
                        .as(file + ": " + new String(p.getInputStream().readAllBytes()))
                        .isNotZero();
            }
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
        assertThat(AgencyClient.as("drug-service", port)
                        .post("/fhir/$process-message", screening)
                        .statusCode())
                .isEqualTo(200);
        String stranger = screening.replace("9990000018", "9990000409").replace("jar-it-", "jar-it-x-");
        AgencyClient.as("gp", port).post("/fhir/$process-message", stranger);
        Thread.sleep(1000);
        String text = hub.log();
        assertThat(text)
                .doesNotContain(pemKeyHeader)
                .doesNotContain("ERROR")
                .doesNotContain("difficult week")
                .doesNotContain("9990000018")
                .doesNotContain("9990000026")
                .doesNotContain("9990000409")
                .doesNotContain("opiates")
                .doesNotContain("generated security password");
        assertThat(text)
                .contains("Safeguarding Hub ready")
                .contains("HTTPS          port " + port)
                .contains("MLLP over TLS  port " + hub.mllpPort)
                .contains("TLS acceptor on port " + hub.brokerPort)
                .contains("rules          version");
        // Every warning is a call to act: a start that needs nothing done logs none.
        String start = text.substring(0, text.indexOf("Safeguarding Hub ready"));
        assertThat(start.lines().filter(l -> l.contains(" WARN ")).toList())
                .as("warnings at start")
                .isEmpty();
    }

    /**
     * {@code java -jar /anywhere/safeguarding-hub.jar} from a folder with nothing in it, its home given by HUB_HOME:
     * routes and defaults come from the jar, the home's config/application.yaml overrides them, data and the
     * development certificates are made under the home, and nothing is written where it was started.
     */
    @Test
    void theJarStartsFromAnyFolderWithDataAndCertificatesUnderItsHome() throws Exception {
        Path elsewhere = Files.createDirectories(
                Path.of("target", "elsewhere-" + UUID.randomUUID()).toAbsolutePath());
        Path home = Path.of("target", "home-" + UUID.randomUUID()).toAbsolutePath();
        int mllpPort = HubProcess.free();
        int port = HubProcess.free();
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/application.yaml"), "hub:\n  mllp:\n    port: " + mllpPort + "\n");
        Path log = Files.createTempFile(Path.of("target"), "elsewhere", ".log");
        ProcessBuilder started = new ProcessBuilder(
                        SharedEngines.java(),
                        "-jar",
                        Path.of("target/safeguarding-hub.jar").toAbsolutePath().toString(),
                        "--server.port=" + port,
                        "--hub.broker.tls-port=" + HubProcess.free())
                .directory(elsewhere.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        started.environment().put("HUB_HOME", home.toString());
        Process p = started.start();
        try {
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(120))
                    .until(() -> {
                        assertThat(p.isAlive()).as(Files.readString(log)).isTrue();
                        return Files.readString(log).contains("Safeguarding Hub ready");
                    });
            assertThat(Files.readString(log))
                    .as("the home's settings were read")
                    .contains("MLLP over TLS  port " + mllpPort)
                    .contains("data           " + home.resolve("data"));
            assertThat(home.resolve("data/db/hub.mv.db")).exists();
            assertThat(home.resolve("certs/dev/ca.pem")).exists();
            try (var left = Files.list(elsewhere)) {
                assertThat(left.toList())
                        .as("nothing written where it was started")
                        .isEmpty();
            }
            String plan = Files.readString(Path.of("src/test/resources/messages/examples/cp-plan-status.json"));
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> AgencyClient.as("social-care", port, home.resolve("certs/dev"))
                                    .post("/fhir/$process-message", plan)
                                    .statusCode()
                            == 200);
        } finally {
            p.destroy();
            p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    /** A bad agency register: the start stops with the file and each problem's line, and no stack trace. */
    @Test
    void aBadRegisterStopsTheStartWithEachProblemsLine() throws Exception {
        Path register = Files.createTempFile(Path.of("target"), "bad-register", ".yaml");
        Files.writeString(
                register,
                Files.readString(TestPki.register("test-pki-agencies.yaml", ""))
                        .replace("role: GP", "role: GENERAL_PRACTICE"));
        Path log = Files.createTempFile(Path.of("target"), "bad-register", ".log");
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                SharedEngines.java(),
                "-jar",
                "target/safeguarding-hub.jar",
                "--server.port=" + HubProcess.free(),
                "--hub.mllp.port=" + HubProcess.free(),
                "--hub.broker.tls-port=" + HubProcess.free(),
                "--hub.data-dir=target/bad-register-" + UUID.randomUUID()));
        command.add("--hub.pki.dev-directory=" + TestPki.DIR);
        command.add("--hub.register.agencies=" + register);
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS))
                .as("the hub stopped")
                .isTrue();
        assertThat(p.exitValue()).isNotZero();
        String text = Files.readString(log);
        int line = Files.readAllLines(register).indexOf("    role: GENERAL_PRACTICE") + 1;
        assertThat(text)
                .contains("agency register " + register + " is invalid")
                .contains("line " + line + ": agency 'gp' has unknown role 'GENERAL_PRACTICE'")
                .doesNotContain("\tat ")
                .doesNotContain(" WARN ")
                .doesNotContain("Started HubApplication");
    }

    /** A port already taken: the hub stops with one clear report, and no password reaches its log. */
    @Test
    void aListenerThatCannotHaveItsPortStopsTheStartSayingWhy() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
            Path log = Files.createTempFile(Path.of("target"), "taken-port", ".log");
            java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                    SharedEngines.java(),
                    "-jar",
                    "target/safeguarding-hub.jar",
                    "--server.port=" + HubProcess.free(),
                    "--hub.mllp.port=" + HubProcess.free(),
                    "--hub.broker.tls-port=" + taken.getLocalPort(),
                    "--hub.data-dir=target/taken-port-" + UUID.randomUUID()));
            command.addAll(TestPki.hubArgs());
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            assertThat(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS))
                    .as("the hub stopped")
                    .isTrue();
            assertThat(p.exitValue()).isNotZero();
            String text = Files.readString(log);
            assertThat(text)
                    .contains("The broker's TLS acceptor cannot listen on port " + taken.getLocalPort())
                    .contains("hub.broker.tls-port")
                    .doesNotContain("changeit")
                    .doesNotContain("Started HubApplication");
        }
    }
}
