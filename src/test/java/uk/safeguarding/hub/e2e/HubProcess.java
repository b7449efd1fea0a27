package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged hub ({@code target/safeguarding-hub.jar}) as a process of its own, on free ports, with its output
 * in a log file under target/: for the tests that need a real process (the jar's contents, SIGKILL, load).
 */
final class HubProcess {

    final int port = free();
    final int mllpPort = free();
    final int brokerPort = free();
    final String dataDir;
    private final List<String> extraArgs;
    private Process process;
    private Path log;

    HubProcess(String dataDir, String... extraArgs) {
        this.dataDir = dataDir;
        this.extraArgs = List.of(extraArgs);
    }

    static int free() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> launcher = List.of();

    /** Runs the hub on that CPU alone ({@code taskset}), as the load tool measures it. */
    HubProcess pinnedTo(int cpu) {
        launcher = List.of("taskset", "-c", String.valueOf(cpu));
        return this;
    }

    /** Starts it and waits until Spring Boot says it has started (or fails with its log if it exits). */
    HubProcess start(String... jvmArgs) throws Exception {
        log = Files.createTempFile(Path.of("target"), "hub-process", ".log");
        List<String> command = new ArrayList<>(launcher);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmArgs));
        command.addAll(List.of(
                "-jar",
                "target/safeguarding-hub.jar",
                "--server.port=" + port,
                "--hub.mllp.port=" + mllpPort,
                "--hub.broker.tls-port=" + brokerPort,
                "--hub.data-dir=" + dataDir));
        command.addAll(TestPki.hubArgs());
        command.addAll(extraArgs);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        Process started = process;
        Path startedLog = log;
        await().atMost(120, TimeUnit.SECONDS)
                .pollInterval(200, TimeUnit.MILLISECONDS)
                .until(() -> {
                    assertThat(started.isAlive())
                            .as("hub exited: " + Files.readString(startedLog))
                            .isTrue();
                    return Files.readString(startedLog).contains("Started HubApplication");
                });
        // Ready a moment after "Started": until then every call is answered 503.
        AgencyClient probe = AgencyClient.anonymous(port);
        await().atMost(60, TimeUnit.SECONDS)
                .pollInterval(100, TimeUnit.MILLISECONDS)
                .until(() -> probe.get("/actuator/health").statusCode() != 503);
        return this;
    }

    /** SIGKILL: no shutdown hooks, nothing flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    long pid() {
        return process.pid();
    }

    /** The TCP ports the process listens on, from /proc (Linux): its socket inodes in the LISTEN state. */
    java.util.Set<Integer> listeningPorts() throws IOException {
        java.util.Set<String> inodes = new java.util.HashSet<>();
        try (var fds = Files.list(Path.of("/proc", String.valueOf(pid()), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // a descriptor closed while listing
                }
            }
        }
        java.util.Set<Integer> ports = new java.util.TreeSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line :
                    Files.readAllLines(Path.of(table)).stream().skip(1).toList()) {
                String[] f = line.trim().split("\\s+");
                if (f[3].equals("0A") && inodes.contains(f[9])) {
                    ports.add(Integer.parseInt(f[1].substring(f[1].lastIndexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }

    String log() throws IOException {
        return Files.readString(log);
    }
}
