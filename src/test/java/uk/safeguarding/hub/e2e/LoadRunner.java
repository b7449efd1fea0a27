package uk.safeguarding.hub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import uk.safeguarding.hub.bench.RawBroker;

/**
 * The load tool ({@code mvn verify -Pload}): the packaged hub as its own process, driven over its real interfaces
 * (HTTPS with client certificates, and MLLP) with a mix of the example messages for many families, while the
 * recipients collect from their mailboxes. First flat out, then at a fixed offered rate of half what it sustained
 * flat out (accepted ÷ the phase and the delivery of its backlog; {@code -Dload.fixedRate} to choose), measuring
 * intake-to-mailbox latency from each message's scheduled time (so a stalled generator cannot hide slow answers);
 * each share's latency to its mailbox queue is also written to target/load-latency.csv.
 * Prints accepted and delivered per second, latency percentiles, the hub's CPU and heap, lost and duplicated
 * shares, and the ratio to the raw broker's durable send-and-receive. Writes the same to target/load.txt.
 */
class LoadRunner {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String M = "src/test/resources/scenarios/messages/";
    static final int FAMILIES = 20;
    static final int SENDERS = 8;
    static final long PHASE_MILLIS = 20_000;
    /** The JIT keeps one core busy for about a minute after the load starts: measured after it (-Dload.warmUpSeconds). */
    /**
     * {@code -Dload.unencryptedDatabase=true}: the hub's H2 file without {@code CIPHER=AES}, to measure what the file
     * encryption costs (the hub is started with a URL of its own, so the data is in a database of its own).
     */
    static final boolean UNENCRYPTED_DATABASE = Boolean.getBoolean("load.unencryptedDatabase");

    static final long WARM_UP_MILLIS = Long.getLong("load.warmUpSeconds", 60) * 1000;

    static final List<String> RECIPIENTS = List.of("social-care", "gp");

    HubProcess hub;
    SharedEngines engines;
    int port;
    int mllpPort;
    final Map<String, Long> sentAt = new ConcurrentHashMap<>(); // hub message id -> scheduled nanos
    final Set<String> expected = ConcurrentHashMap.newKeySet(); // recipient + hub id
    final Map<String, Integer> collected = new ConcurrentHashMap<>();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong viaMllp = new AtomicLong();
    volatile Recorder latency = new Recorder(3);
    final Map<String, Integer> phaseOf = new ConcurrentHashMap<>(); // hub message id -> 1 flat out, 2 fixed rate
    volatile int phase = 1;
    final long originNanos = System.nanoTime();
    final long originEpochMicros = System.currentTimeMillis() * 1000;
    final Histogram cpu = new Histogram(3);
    final Histogram heapMb = new Histogram(3);

    /** Hub (and raw broker) on CPU 0, this generator on CPU 1, when there are two and taskset is here. */
    static final int MACHINE_CPUS = Runtime.getRuntime().availableProcessors(); // read before this JVM is pinned

    static final boolean PINNED = !Boolean.getBoolean("load.noPin")
            && Runtime.getRuntime().availableProcessors() >= 2
            && Files.isExecutable(Path.of("/usr/bin/taskset"));

    /** What the hub process had spent and done at one moment: CPU, statements, commits, audit entries. */
    record Cost(long cpuNanos, double statements, double commits, double auditEntries) {

        Cost minus(Cost earlier) {
            return new Cost(
                    cpuNanos - earlier.cpuNanos,
                    statements - earlier.statements,
                    commits - earlier.commits,
                    auditEntries - earlier.auditEntries);
        }

        double cpuMillisEach(double n) {
            return cpuNanos / 1e6 / Math.max(1, n);
        }
    }

    /** Flat out: every sender sends its next message as soon as the last one is answered, until {@code phaseOver}. */
    List<Thread> flatOut(AtomicBoolean phaseOver, MllpClient mllp) {
        List<Thread> senders = new ArrayList<>();
        Thread v2 = new Thread(() -> {
            String oru;
            try {
                oru = Files.readString(Path.of("src/test/resources/messages/examples/screening-result-oru-r01.hl7"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            for (long i = 0; !phaseOver.get(); i++) {
                int f = (int) (i % FAMILIES);
                long scheduled = System.nanoTime();
                String ack = mllp.send(
                        "drug-service",
                        oru.replace("9990000018", nhs(1000 + f * 2))
                                .replace(
                                        "ex-oru-1",
                                        "oru-" + i + "-"
                                                + UUID.randomUUID().toString().substring(0, 8)));
                if (ack != null && ack.contains("MSA|AA|")) {
                    String hubId = ack.replaceAll("(?s).*accepted as ([0-9a-f-]{36}).*", "$1");
                    sentAt.putIfAbsent(hubId, scheduled);
                    phaseOf.putIfAbsent(hubId, phase);
                    expected.add("social-care " + hubId);
                    accepted.incrementAndGet();
                    viaMllp.incrementAndGet();
                }
            }
        });
        v2.start();
        senders.add(v2);
        for (int s = 0; s < SENDERS; s++) {
            int sender = s;
            Thread t = new Thread(() -> {
                try {
                    AgencyClient c = AgencyClient.as("drug-service", port);
                    for (long i = 0; !phaseOver.get(); i++) {
                        long scheduled = System.nanoTime();
                        var r = c.post("/fhir/$process-message", next(sender, i));
                        assertThat(r.statusCode()).isEqualTo(200);
                        expect(r.body(), scheduled);
                        accepted.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            senders.add(t);
        }
        return senders;
    }

    static final long IDLE_MILLIS = 20_000;

    long hubCpuNanos() {
        return ProcessHandle.of(hub.pid())
                .flatMap(h -> h.info().totalCpuDuration())
                .orElseThrow()
                .toNanos();
    }

    Cost cost(AgencyClient metrics) throws Exception {
        Map<String, Double> m = metrics(
                metrics, "hub_database_statements_total", "hub_database_commits_total", "hub_audit_entries_total");
        long cpuNanos = ProcessHandle.of(hub.pid())
                .flatMap(h -> h.info().totalCpuDuration())
                .orElseThrow()
                .toNanos();
        return new Cost(
                cpuNanos,
                m.get("hub_database_statements_total"),
                m.get("hub_database_commits_total"),
                m.get("hub_audit_entries_total"));
    }

    static void pin(long pid, int cpu) throws Exception {
        int exit = new ProcessBuilder("taskset", "-a", "-p", "-c", String.valueOf(cpu), String.valueOf(pid))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start()
                .waitFor();
        assertThat(exit).as("taskset").isZero();
    }

    /** The raw broker as a process of its own (on CPU 0 when pinned), driven from here. */
    static double rawBroker() throws Exception {
        int brokerPort = HubProcess.free();
        List<String> command = new ArrayList<>(PINNED ? List.of("taskset", "-c", "0") : List.of());
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                RawBroker.class.getName(),
                "target/load-raw-" + UUID.randomUUID(),
                String.valueOf(brokerPort)));
        Path log = Files.createTempFile(Path.of("target"), "raw-broker", ".log");
        Process broker = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            org.awaitility.Awaitility.await()
                    .atMost(60, TimeUnit.SECONDS)
                    .until(() -> Files.readString(log).contains(RawBroker.READY));
            return RawBroker.messagesPerSecond("tcp://127.0.0.1:" + brokerPort, SENDERS, 6000, 10_000);
        } finally {
            broker.destroy();
            broker.waitFor(30, TimeUnit.SECONDS);
        }
    }

    static String family(String file, int f, String id) throws IOException {
        String mum = nhs(1000 + f * 2);
        String child = nhs(1001 + f * 2);
        return Files.readString(Path.of(M + file))
                .replace("9990000018", mum)
                .replace("9990000026", child)
                .replaceFirst("\"id\": \"[^\"]+\"", "\"id\": \"" + id + "\"");
    }

    /** A valid test NHS number (999 range) derived from n. */
    static String nhs(int n) {
        for (int k = n * 10; ; k++) {
            String base = String.format("999%06d", k % 1_000_000);
            int sum = 0;
            for (int i = 0; i < 9; i++) {
                sum += (base.charAt(i) - '0') * (10 - i);
            }
            int check = 11 - sum % 11;
            check = check == 11 ? 0 : check;
            if (check != 10) {
                return base + check;
            }
        }
    }

    void expect(String receipt, long scheduled) {
        String hubId = JSON.readTree(receipt).get("id").asString();
        sentAt.putIfAbsent(hubId, scheduled);
        phaseOf.putIfAbsent(hubId, phase);
        ScenarioSuiteTest.parts(receipt).forEach((agency, parts) -> {
            if (RECIPIENTS.contains(agency) && parts.get("decision").contains("SHARE")) {
                expected.add(agency + " " + hubId);
            }
        });
    }

    /** One message of the mix, from sender s, number i. */
    String next(int s, long i) throws IOException {
        int f = (int) ((s * 7919 + i) % FAMILIES);
        String id = "load-" + s + "-" + i + "-" + UUID.randomUUID().toString().substring(0, 8);
        return i % 3 == 0 ? family("amy-dropout.json", f, id) : family("amy-screening.json", f, id);
    }

    void collect(String agency, AtomicBoolean stop) {
        try {
            AgencyClient client = AgencyClient.as(agency, port);
            while (!stop.get()) {
                JsonNode list =
                        JSON.readTree(client.get("/mailbox/messages?limit=50").body());
                long now = System.nanoTime();
                for (JsonNode entry : list) {
                    String hubId = entry.get("hubMessageId").asString();
                    String key = agency + " " + hubId;
                    Long scheduled = sentAt.get(hubId);
                    if (collected.merge(key, 1, Integer::sum) == 1 && scheduled != null) {
                        latency.recordValue(Math.max(0, (now - scheduled) / 1000));
                    }
                    client.getBytes("/mailbox/messages/" + entry.get("id").asString());
                    client.post("/mailbox/messages/" + entry.get("id").asString() + "/ack", "");
                }
                if (list.isEmpty()) {
                    Thread.sleep(50); // an empty mailbox is asked again after 50 ms: polling costs the hub too
                }
            }
        } catch (Exception e) {
            if (!stop.get()) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The named values from the hub's Prometheus page (0 when absent). */
    static Map<String, Double> metrics(AgencyClient ops, String... names) throws Exception {
        Map<String, Double> values = new java.util.HashMap<>();
        for (String name : names) {
            values.put(name, 0.0);
        }
        for (String line : ops.get("/actuator/prometheus").body().split("\n")) {
            String name = line.split("[ {]")[0];
            if (values.containsKey(name)) {
                values.put(name, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return values;
    }

    /** The hub's audit entries appended so far, by type, in the order of the types. */
    static Map<String, Double> auditEntriesByType(AgencyClient ops) throws Exception {
        Map<String, Double> byType = new java.util.TreeMap<>();
        java.util.regex.Pattern line =
                java.util.regex.Pattern.compile("hub_audit_entries_by_type_total\\{.*type=\"([A-Z_]+)\".*\\} (\\S+)");
        for (String each : ops.get("/actuator/prometheus").body().split("\n")) {
            java.util.regex.Matcher m = line.matcher(each);
            if (m.matches()) {
                byType.put(m.group(1), Double.parseDouble(m.group(2)));
            }
        }
        return byType;
    }

    void sample(AgencyClient ops) {
        try {
            String metrics = ops.get("/actuator/prometheus").body();
            double heap = 0;
            for (String line : metrics.split("\n")) {
                if (line.startsWith("process_cpu_usage ")) {
                    cpu.recordValue((long) (Double.parseDouble(line.split(" ")[1]) * 100));
                }
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    heap += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            heapMb.recordValue((long) (heap / 1_048_576));
        } catch (Exception e) {
            // a missed sample is not a result
        }
    }

    @Test
    void load() throws Exception {
        if (PINNED) {
            pin(ProcessHandle.current().pid(), 1);
        }
        double raw = rawBroker();

        // A flight recording of the hub under load, for finding where its time goes (jfr view hot-methods ...).
        // -Dload.shared=true: the hub on profile shared, against an external Artemis broker and PostgreSQL.
        String work = "target/load-" + UUID.randomUUID();
        engines = Boolean.getBoolean("load.shared") ? SharedEngines.start(work) : null;
        hub = new HubProcess(work + "/hub", engines == null ? new String[0] : engines.hubArgs());
        if (PINNED) {
            hub.pinnedTo(0);
        }
        List<String> hubJvm = new ArrayList<>(
                List.of("-XX:StartFlightRecording=filename=target/load-hub.jfr,settings=profile,dumponexit=true"));
        // -Dload.hubJvm="-XX:TieredStopAtLevel=1 ...": JVM options to try on the hub.
        for (String option : System.getProperty("load.hubJvm", "").trim().split("\\s+")) {
            if (!option.isEmpty()) {
                hubJvm.add(option);
            }
        }
        if (UNENCRYPTED_DATABASE) {
            hubJvm.add(
                    "-Dspring.datasource.url=jdbc:h2:file:${hub.database.file};WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
        }
        hub.start(hubJvm.toArray(String[]::new));
        port = hub.port;
        mllpPort = hub.mllpPort;
        try {
            AgencyClient socialCare = AgencyClient.as("social-care", port);
            AgencyClient drugService = AgencyClient.as("drug-service", port);
            for (int f = 0; f < FAMILIES; f++) {
                assertThat(socialCare
                                .post("/fhir/$process-message", family("kai-cpp-start.json", f, "plan-" + f))
                                .statusCode())
                        .isEqualTo(200);
                assertThat(drugService
                                .post("/fhir/$process-message", family("amy-consent-csc-gp.json", f, "consent-" + f))
                                .statusCode())
                        .isEqualTo(200);
            }
            // Idle: nobody calling (no collectors, no metrics scrapes), after 10 s to settle from the seeding.
            Thread.sleep(10_000);
            long idleFrom = hubCpuNanos();
            Thread.sleep(IDLE_MILLIS);
            double quietMillisPerSecond = (hubCpuNanos() - idleFrom) / 1e6 / (IDLE_MILLIS / 1000.0);
            java.util.Properties secrets = new java.util.Properties();
            try (var in = Files.newInputStream(Path.of(TestPki.DIR, "hub.secrets"))) {
                secrets.load(in);
            }
            // The metrics client's own token: no password hashed per scrape.
            AgencyClient metricsClient = AgencyClient.bearer(secrets.getProperty("hub.metrics.token"), port);
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> collectors = new ArrayList<>();
            for (String agency : RECIPIENTS) {
                Thread t = new Thread(() -> collect(agency, stop));
                t.start();
                collectors.add(t);
            }
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(() -> sample(metricsClient), 1, 5, TimeUnit.SECONDS);

            org.apache.camel.impl.DefaultCamelContext camel = new org.apache.camel.impl.DefaultCamelContext();
            camel.start();
            MllpClient mllp = new MllpClient(camel, mllpPort);
            // Warm-up, not measured: on one core the JIT compiles beside the work.
            phase = 0;
            AtomicBoolean warmOver = new AtomicBoolean();
            List<Thread> warming = flatOut(warmOver, mllp);
            Thread.sleep(WARM_UP_MILLIS);
            warmOver.set(true);
            for (Thread t : warming) {
                t.join();
            }
            org.awaitility.Awaitility.await()
                    .atMost(300, TimeUnit.SECONDS)
                    .pollInterval(100, TimeUnit.MILLISECONDS)
                    .until(() -> collected.keySet().containsAll(expected));
            latency.getIntervalHistogram();
            Cost idleStart = cost(metricsClient);
            Thread.sleep(5_000);
            Cost idle = cost(metricsClient).minus(idleStart);
            double idleSeconds = 5.0;

            phase = 1;
            AtomicBoolean phaseOver = new AtomicBoolean();
            long flatSharesBefore = expected.size();
            List<Thread> senders = flatOut(phaseOver, mllp);
            long flatStart = System.nanoTime();
            long acceptedBefore = accepted.get();
            Cost flatFrom = cost(metricsClient);
            Map<String, Double> entriesFrom = auditEntriesByType(metricsClient);
            Thread.sleep(PHASE_MILLIS);
            phaseOver.set(true);
            for (Thread t : senders) {
                t.join();
            }
            double flatSeconds = (System.nanoTime() - flatStart) / 1e9;
            double peak = (accepted.get() - acceptedBefore) / flatSeconds;
            // The flat-out backlog is delivered before the fixed-rate phase, so that phase measures its own messages.
            long drainStart = System.nanoTime();
            org.awaitility.Awaitility.await()
                    .atMost(300, TimeUnit.SECONDS)
                    .pollInterval(100, TimeUnit.MILLISECONDS)
                    .until(() -> collected.keySet().containsAll(expected));
            double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
            // Everything the flat-out messages cost, their shares' relay, fetch and acknowledgement included.
            Cost flat = cost(metricsClient).minus(flatFrom);
            Map<String, Double> entriesTo = auditEntriesByType(metricsClient);
            long flatAccepted = accepted.get() - acceptedBefore;
            StringBuilder entriesEach = new StringBuilder();
            entriesTo.forEach((type, to) -> {
                double each = (to - entriesFrom.getOrDefault(type, 0.0)) / Math.max(1, flatAccepted);
                if (each >= 0.005) {
                    entriesEach.append(entriesEach.isEmpty() ? "" : ", ").append(String.format("%s %.2f", type, each));
                }
            });
            long flatShares = expected.size() - flatSharesBefore;
            Histogram flatLatency = latency.getIntervalHistogram();

            // What the hub sustains: taken in and delivered. Flat out it takes messages in faster than it relays and
            // hands over their shares, so half the intake peak would be close to all of what it sustains.
            double sustained = flatAccepted / (flatSeconds + drainSeconds);
            // Fixed rate at half of that (-Dload.fixedRate to choose), latency from each message's scheduled time.
            double rate = Math.max(1, Double.parseDouble(System.getProperty("load.fixedRate", "0")));
            if (!System.getProperties().containsKey("load.fixedRate")) {
                rate = Math.max(1, sustained / 2);
            }
            long intervalNanos = (long) (1e9 / rate);
            ScheduledExecutorService pacer = Executors.newScheduledThreadPool(SENDERS);
            AtomicLong sequence = new AtomicLong();
            List<AgencyClient> clients = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                AgencyClient client = AgencyClient.as("drug-service", port);
                client.get("/mailbox/messages?limit=1"); // connected (TLS handshake done) before the clock starts
                clients.add(client);
            }
            latency.getIntervalHistogram();
            Cost fixedFrom = cost(metricsClient);
            long fixedSharesBefore = expected.size();
            phase = 2;
            long fixedStart = System.nanoTime();
            long fixedAcceptedBefore = accepted.get();
            pacer.scheduleAtFixedRate(
                    () -> {
                        long n = sequence.getAndIncrement();
                        long scheduled = fixedStart + n * intervalNanos;
                        try {
                            var r = clients.get((int) (n % SENDERS)).post("/fhir/$process-message", next(SENDERS, n));
                            if (r.statusCode() == 200) {
                                expect(r.body(), scheduled);
                                accepted.incrementAndGet();
                            }
                        } catch (Exception e) {
                            // counted as not accepted
                        }
                    },
                    0,
                    intervalNanos,
                    TimeUnit.NANOSECONDS);
            Thread.sleep(PHASE_MILLIS);
            pacer.shutdown();
            pacer.awaitTermination(60, TimeUnit.SECONDS);
            double fixedAccepted = (accepted.get() - fixedAcceptedBefore) / ((System.nanoTime() - fixedStart) / 1e9);

            org.awaitility.Awaitility.await()
                    .atMost(120, TimeUnit.SECONDS)
                    .pollInterval(1, TimeUnit.SECONDS)
                    .until(() -> collected.keySet().containsAll(expected));
            Histogram fixedLatency = latency.getIntervalHistogram();
            Cost fixed = cost(metricsClient).minus(fixedFrom);
            long fixedAll = accepted.get() - fixedAcceptedBefore;
            long fixedShares = expected.size() - fixedSharesBefore;
            stop.set(true);
            sampler.shutdown();
            for (Thread t : collectors) {
                t.join(10_000);
            }
            Map<String, Double> chain = metrics(
                    metricsClient,
                    "hub_chain_commit_writes_count",
                    "hub_chain_commit_writes_sum",
                    "hub_chain_commit_writes_max",
                    "hub_chain_commit_failed_groups_total");
            if (engines == null) {
                hub.stop(); // the hub's own database file opens in one process at a time
            }
            Histogram[] queued = inTheMailboxQueue();
            long lost = expected.stream().filter(k -> !collected.containsKey(k)).count();
            long duplicated = collected.values().stream().filter(n -> n > 1).count();
            double delivered = collected.size() / ((System.nanoTime() - flatStart) / 1e9);

            String report = String.format(
                    """
                    Load run (%d cores, Java %s, %s): %d families, %d HTTPS senders and 1 MLLP sender (%d HL7 messages),
                      collectors for %s
                      raw broker, durable send+receive of 6 KB, %d producers:   %,.0f msg/s
                      hub flat out: accepted                                  %,.1f msg/s  (hub / raw = %.3f)
                      hub flat out: intake to mailbox queue p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms
                      hub flat out: intake to collection  p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms
                      backlog left at the end of the flat-out phase delivered in %.1f s
                      hub sustained (accepted flat out ÷ the phase and its backlog's delivery): %,.1f msg/s (hub / raw = %.3f)
                      fixed offered rate %.1f msg/s (%s): accepted %.1f msg/s
                      fixed rate: intake to mailbox queue p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms
                      fixed rate: intake to collection  p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms
                      shares delivered %d (%.1f /s over the run), lost %d, duplicated %d
                      hub CPU (process): mean %.0f%%, max %d%%; heap used: mean %.0f MB, max %d MB
                      audit chain commits %.0f, writes per commit mean %.2f (max in the last minute %.0f), groups failed %.0f
                      %s
                      idle hub, nobody calling: %.1f ms CPU per s (over %d s)%s
                      cost model (hub process CPU time and the hub's own counters, each ÷ the count; idle hub %.1f ms CPU per s):
                        flat out, per accepted message (%d), its shares delivered and acknowledged included:
                          CPU %.2f ms, %.1f statements, %.1f commits, %.1f audit entries; per delivered share (%d): CPU %.2f ms
                          audit entries by type: %s
                        fixed rate, per accepted message (%d): CPU %.2f ms, %.1f statements, %.1f commits, %.1f audit entries;
                          per delivered share (%d): CPU %.2f ms
                    """,
                    MACHINE_CPUS,
                    System.getProperty("java.version"),
                    engines == null
                            ? "embedded Artemis and H2"
                            : "profile shared: external Artemis over TLS, PostgreSQL",
                    FAMILIES,
                    SENDERS,
                    viaMllp.get(),
                    RECIPIENTS,
                    SENDERS,
                    raw,
                    peak,
                    peak / raw,
                    ms(queued[1], 50),
                    ms(queued[1], 95),
                    ms(queued[1], 99),
                    queued[1].getMaxValue() / 1000.0,
                    ms(flatLatency, 50),
                    ms(flatLatency, 95),
                    ms(flatLatency, 99),
                    flatLatency.getMaxValue() / 1000.0,
                    drainSeconds,
                    sustained,
                    sustained / raw,
                    rate,
                    System.getProperties().containsKey("load.fixedRate")
                            ? "-Dload.fixedRate"
                            : "half the sustained rate",
                    fixedAccepted,
                    ms(queued[2], 50),
                    ms(queued[2], 95),
                    ms(queued[2], 99),
                    queued[2].getMaxValue() / 1000.0,
                    ms(fixedLatency, 50),
                    ms(fixedLatency, 95),
                    ms(fixedLatency, 99),
                    fixedLatency.getMaxValue() / 1000.0,
                    collected.size(),
                    delivered,
                    lost,
                    duplicated,
                    cpu.getMean(),
                    cpu.getMaxValue(),
                    heapMb.getMean(),
                    heapMb.getMaxValue(),
                    chain.get("hub_chain_commit_writes_count"),
                    chain.get("hub_chain_commit_writes_sum") / Math.max(1, chain.get("hub_chain_commit_writes_count")),
                    chain.get("hub_chain_commit_writes_max"),
                    chain.get("hub_chain_commit_failed_groups_total"),
                    (PINNED
                                    ? "pinned: the hub and the raw broker each on CPU 0 alone, this load generator on CPU 1 (taskset)"
                                    : "not pinned: the hub, the raw broker and the generator share every CPU")
                            + "; warm-up " + WARM_UP_MILLIS / 1000 + " s; hub JVM options: "
                            + System.getProperty("load.hubJvm", "(none)")
                            + (UNENCRYPTED_DATABASE
                                    ? "; database file NOT encrypted (-Dload.unencryptedDatabase)"
                                    : ""),
                    quietMillisPerSecond,
                    IDLE_MILLIS / 1000,
                    engines == null ? "" : "\n  " + nhsNumbersInADump(),
                    idle.cpuNanos() / 1e6 / idleSeconds,
                    flatAccepted,
                    flat.cpuMillisEach(flatAccepted),
                    flat.statements() / Math.max(1, flatAccepted),
                    flat.commits() / Math.max(1, flatAccepted),
                    flat.auditEntries() / Math.max(1, flatAccepted),
                    flatShares,
                    flat.cpuMillisEach(flatShares),
                    entriesEach,
                    fixedAll,
                    fixed.cpuMillisEach(fixedAll),
                    fixed.statements() / Math.max(1, fixedAll),
                    fixed.commits() / Math.max(1, fixedAll),
                    fixed.auditEntries() / Math.max(1, fixedAll),
                    fixedShares,
                    fixed.cpuMillisEach(fixedShares));
            System.out.print(report);
            Files.writeString(Path.of("target/load.txt"), report);
            assertThat(lost).isZero();
            assertThat(duplicated).isZero();
        } finally {
            hub.stop();
            if (engines != null) {
                engines.close();
            }
        }
    }

    /** Profile shared: how many of the NHS numbers the run sent stand in a pg_dump of the database at its end. */
    String nhsNumbersInADump() throws Exception {
        String dump = engines.pgDump(Path.of(hub.dataDir).resolveSibling("pg_dump.sql"));
        java.util.Set<String> sent = new java.util.TreeSet<>();
        for (int f = 0; f < FAMILIES; f++) {
            sent.add(nhs(1000 + f * 2));
            sent.add(nhs(1001 + f * 2));
        }
        long found =
                sent.stream().filter(n -> Dumps.standingAlone(dump, n) >= 0).count();
        return String.format(
                "pg_dump of the database at the end (%,d bytes): %d of the %d NHS numbers sent in it",
                dump.length(), found, sent.size());
    }

    /**
     * From each message's scheduled send to the moment the hub recorded its share in the recipient's mailbox queue
     * ({@code delivery.queued_at}, read from the hub's database after the run), per phase: the hub's own part,
     * without the collectors' polling.
     */
    Histogram[] inTheMailboxQueue() throws Exception {
        Histogram[] byPhase = {new Histogram(3), new Histogram(3), new Histogram(3)}; // 0: the warm-up
        StringBuilder csv = new StringBuilder("phase,scheduled_ms,recipient,to_queue_ms\n");
        try (var db = engines != null
                        ? java.sql.DriverManager.getConnection(engines.jdbcUrl, "postgres", "postgres")
                        : java.sql.DriverManager.getConnection(
                                "jdbc:h2:file:" + Path.of(hub.dataDir).toAbsolutePath() + "/db/hub"
                                        + (UNENCRYPTED_DATABASE ? "" : ";CIPHER=AES"),
                                "hub",
                                uk.safeguarding.hub.tools.ExplainCommand.h2Password(
                                        Path.of(TestPki.DIR + "/hub.secrets")));
                var rows = db.createStatement()
                        .executeQuery(
                                "SELECT hub_message_id, recipient_agency, queued_at FROM delivery WHERE queued_at IS NOT NULL")) {
            while (rows.next()) {
                String hubId = rows.getString(1);
                Long scheduled = sentAt.get(hubId);
                if (scheduled == null || !expected.contains(rows.getString(2) + " " + hubId)) {
                    continue;
                }
                java.time.Instant at = rows.getTimestamp(3).toInstant();
                long queuedMicros = at.getEpochSecond() * 1_000_000 + at.getNano() / 1000;
                long scheduledMicros = originEpochMicros + (scheduled - originNanos) / 1000;
                byPhase[phaseOf.get(hubId)].recordValue(Math.max(0, queuedMicros - scheduledMicros));
                csv.append(phaseOf.get(hubId))
                        .append(',')
                        .append((scheduledMicros - originEpochMicros) / 1000)
                        .append(',')
                        .append(rows.getString(2))
                        .append(',')
                        .append(Math.max(0, queuedMicros - scheduledMicros) / 1000)
                        .append('\n');
            }
        }
        Files.writeString(Path.of("target/load-latency.csv"), csv);
        return byPhase;
    }

    static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }
}
