package uk.safeguarding.hub.operations;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.register.Agency;
import uk.safeguarding.hub.register.AgencyRegister;

/**
 * What operations watch, in one snapshot: every queue, each agency's traffic today (Europe/London), urgent shares
 * past their acknowledgement deadline, how long the hub's and every agency's certificate has left (a warning at 30
 * days), the health of the broker, the database and the disk, and messages received per minute over the last
 * three hours. The sample-operations timer takes a snapshot every 30 seconds and publishes the same figures as
 * metrics ({@code hub_queue_depth}, {@code hub_queue_oldest_age_seconds}, {@code hub_dead_letters}, {@code
 * hub_agency_today}, {@code hub_certificate_days_to_expiry}, {@code hub_urgent_late}); the dashboard takes one as it
 * opens. Every figure comes from an indexed look-up: today's rows by time, the queues from the broker.
 */
@Component
public class Dashboard {

    public static final long CERTIFICATE_WARNING_DAYS = 30;
    static final int MINUTES_SHOWN = 180;
    static final ZoneId LONDON = ZoneId.of("Europe/London");

    public record AgencyToday(
            String agency,
            String role,
            long received,
            long shared,
            long withheld,
            long delivered,
            long acknowledged,
            Instant lastSeen) {}

    public record CertificateExpiry(String owner, String subject, Instant notAfter, long daysLeft, boolean warning) {
        /** Within the last week. */
        public boolean urgent() {
            return daysLeft <= 7;
        }
    }

    /** An agency's information sharing agreement that is past its review date, or has none on record. */
    public record Agreement(String agency, String reference, LocalDate reviewDate) {
        public boolean missing() {
            return reference == null;
        }
    }

    public record Health(String component, String status) {
        public boolean up() {
            return status.equals("UP");
        }
    }

    public record Minute(Instant start, long messages) {}

    public record LateUrgent(String deliveryId, String hubMessageId, String agency, String event, Instant receivedAt) {}

    public record Snapshot(
            Instant at,
            List<Queues.QueueState> queues,
            List<AgencyToday> agencies,
            List<LateUrgent> lateUrgent,
            List<CertificateExpiry> certificates,
            List<Agreement> lapsedAgreements,
            uk.safeguarding.hub.retention.Retention.Figures pruned,
            List<Health> health,
            long diskFreeBytes,
            List<Minute> minutes) {
        public long busiestMinute() {
            return minutes.stream().mapToLong(Minute::messages).max().orElse(0);
        }

        public long deadLetters() {
            return queues.stream()
                    .filter(Queues.QueueState::deadLetters)
                    .mapToLong(Queues.QueueState::depth)
                    .sum();
        }

        public long certificateWarnings() {
            return certificates.stream().filter(CertificateExpiry::warning).count();
        }

        public boolean healthy() {
            return health.stream().allMatch(Health::up);
        }
    }

    private final Queues queues;
    private final JdbcTemplate jdbc;
    private final AgencyRegister agencies;
    private final ObjectProvider<SslBundles> bundles;
    private final ObjectProvider<HealthEndpoint> healthEndpoint;
    private final LastSeen lastSeen;
    private final CertificateWarnings certificateWarnings;
    private final uk.safeguarding.hub.retention.Retention retention;
    private final Clock clock;
    private final Path dataDir;
    private final Deque<Minute> minutes = new ArrayDeque<>();
    private final MultiGauge queueDepth;
    private final MultiGauge queueAge;
    private final MultiGauge deadLetters;
    private final MultiGauge agencyToday;
    private final MultiGauge certificateDays;
    private final MultiGauge urgentLate;

    public Dashboard(
            Queues queues,
            JdbcTemplate jdbc,
            AgencyRegister agencies,
            ObjectProvider<SslBundles> bundles,
            ObjectProvider<HealthEndpoint> healthEndpoint,
            LastSeen lastSeen,
            CertificateWarnings certificateWarnings,
            uk.safeguarding.hub.retention.Retention retention,
            Clock clock,
            @org.springframework.beans.factory.annotation.Value("${hub.data-dir}") String dataDir,
            MeterRegistry meters) {
        this.queues = queues;
        this.jdbc = jdbc;
        this.agencies = agencies;
        this.bundles = bundles;
        this.healthEndpoint = healthEndpoint;
        this.lastSeen = lastSeen;
        this.certificateWarnings = certificateWarnings;
        this.retention = retention;
        this.clock = clock;
        this.dataDir = Path.of(dataDir);
        this.queueDepth = MultiGauge.builder("hub.queue.depth")
                .description("messages on each of the hub's queues")
                .register(meters);
        this.queueAge = MultiGauge.builder("hub.queue.oldest.age.seconds")
                .description("age of the oldest message on each queue")
                .register(meters);
        this.deadLetters = MultiGauge.builder("hub.dead.letters")
                .description("messages on each dead-letter queue")
                .register(meters);
        this.agencyToday = MultiGauge.builder("hub.agency.today")
                .description("each agency's traffic today (Europe/London): received, shared, withheld, delivered,"
                        + " acknowledged")
                .register(meters);
        this.certificateDays = MultiGauge.builder("hub.certificate.days.to.expiry")
                .description("days until the hub's and each agency's certificate expires")
                .register(meters);
        this.urgentLate = MultiGauge.builder("hub.urgent.late")
                .description("urgent shares past their acknowledgement deadline, per recipient")
                .register(meters);
    }

    /** A fresh snapshot; publishes its figures as metrics too. */
    public synchronized Snapshot refresh() throws Exception {
        Instant now = Instant.now(clock);
        List<Queues.QueueState> queueStates = queues.all();
        List<AgencyToday> today = today(now);
        List<LateUrgent> late = lateUrgent();
        List<CertificateExpiry> certificates = certificates(now);
        certificateWarnings.check(certificates);
        Snapshot snapshot = new Snapshot(
                now,
                queueStates,
                today,
                late,
                certificates,
                lapsedAgreements(now),
                retention.figures(),
                health(),
                dataDir.toFile().getUsableSpace(),
                perMinute(now));
        publish(snapshot);
        return snapshot;
    }

    private List<AgencyToday> today(Instant now) {
        Timestamp since = Timestamp.from(
                LocalDate.ofInstant(now, LONDON).atStartOfDay(LONDON).toInstant());
        Map<String, long[]> figures = new TreeMap<>();
        Map<String, Instant> seen = new TreeMap<>(lastSeen.all());
        agencies.all().forEach(a -> figures.put(a.id(), new long[5]));
        jdbc.query(
                "SELECT sender_agency, COUNT(*) AS n, MAX(received_at) AS last FROM inbound_message"
                        + " WHERE received_at >= ? GROUP BY sender_agency",
                rs -> {
                    figures.computeIfAbsent(rs.getString(1), k -> new long[5])[0] = rs.getLong(2);
                    seen.merge(rs.getString(1), rs.getTimestamp(3).toInstant(), Dashboard::later);
                },
                since);
        jdbc.query(
                "SELECT agency, outcome, COUNT(*) FROM decision WHERE received_at >= ? GROUP BY agency, outcome",
                rs -> {
                    long[] f = figures.computeIfAbsent(rs.getString(1), k -> new long[5]);
                    f["SHARE".equals(rs.getString(2)) ? 1 : 2] += rs.getLong(3);
                },
                since);
        jdbc.query(
                "SELECT recipient_agency, SUM(CASE WHEN queued_at IS NOT NULL THEN 1 ELSE 0 END),"
                        + " SUM(CASE WHEN acked_at IS NOT NULL THEN 1 ELSE 0 END) FROM delivery WHERE received_at >= ?"
                        + " GROUP BY recipient_agency",
                rs -> {
                    long[] f = figures.computeIfAbsent(rs.getString(1), k -> new long[5]);
                    f[3] = rs.getLong(2);
                    f[4] = rs.getLong(3);
                },
                since);
        List<AgencyToday> rows = new ArrayList<>();
        figures.forEach((agency, f) -> rows.add(new AgencyToday(
                agency,
                agencies.find(agency).map(a -> a.role().name()).orElse(agency.equals("hub") ? "HUB" : "?"),
                f[0],
                f[1],
                f[2],
                f[3],
                f[4],
                seen.get(agency))));
        return rows;
    }

    private List<LateUrgent> lateUrgent() {
        return jdbc.query(
                "SELECT delivery_id, hub_message_id, recipient_agency, event, received_at FROM delivery"
                        + " WHERE status IN ('PENDING', 'QUEUED') AND urgent = TRUE AND alerted_at IS NOT NULL"
                        + " ORDER BY received_at FETCH FIRST 100 ROWS ONLY",
                (rs, i) -> new LateUrgent(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant()));
    }

    private List<CertificateExpiry> certificates(Instant now) throws Exception {
        List<CertificateExpiry> all = new ArrayList<>();
        SslBundles ssl = bundles.getIfAvailable();
        if (ssl != null) {
            KeyStore store = ssl.getBundle("hub").getStores().getKeyStore();
            for (String alias : Collections.list(store.aliases())) {
                if (store.getCertificate(alias) instanceof X509Certificate cert) {
                    all.add(expiry("hub", cert, now));
                    break;
                }
            }
        }
        for (Agency a : agencies.all()) {
            if (a.certificate() != null) {
                all.add(expiry(a.id(), a.certificate(), now));
            }
        }
        all.sort(java.util.Comparator.comparing(CertificateExpiry::daysLeft));
        return all;
    }

    /** Active agencies whose sharing agreement is past its review date, or is not on record. */
    private List<Agreement> lapsedAgreements(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, LONDON);
        return agencies.all().stream()
                .filter(Agency::active)
                .filter(a -> a.details().agreement() == null || a.details().agreementLapsedOn(today))
                .map(a -> new Agreement(
                        a.id(), a.details().agreement(), a.details().agreementReview()))
                .toList();
    }

    private static CertificateExpiry expiry(String owner, X509Certificate cert, Instant now) {
        Instant notAfter = cert.getNotAfter().toInstant();
        long days = Duration.between(now, notAfter).toDays();
        return new CertificateExpiry(
                owner, cert.getSubjectX500Principal().getName(), notAfter, days, days <= CERTIFICATE_WARNING_DAYS);
    }

    private List<Health> health() {
        HealthEndpoint endpoint = healthEndpoint.getIfAvailable();
        List<Health> all = new ArrayList<>();
        for (String[] c : new String[][] {{"broker", "jms"}, {"database", "db"}, {"disk", "diskSpace"}}) {
            HealthDescriptor d = endpoint == null ? null : endpoint.healthForPath(c[1]);
            all.add(new Health(c[0], d == null ? "UNKNOWN" : d.getStatus().getCode()));
        }
        return all;
    }

    /** Each completed minute's count of accepted messages, looked up once (the received_at index) and kept. */
    private List<Minute> perMinute(Instant now) {
        Instant current = now.truncatedTo(ChronoUnit.MINUTES);
        Instant oldest = current.minus(Duration.ofMinutes(MINUTES_SHOWN));
        while (!minutes.isEmpty() && minutes.peekFirst().start().isBefore(oldest)) {
            minutes.removeFirst();
        }
        Instant next = minutes.isEmpty() ? oldest : minutes.peekLast().start().plus(Duration.ofMinutes(1));
        for (Instant m = next; m.isBefore(current); m = m.plus(Duration.ofMinutes(1))) {
            Long n = jdbc.queryForObject(
                    "SELECT COUNT(*) FROM inbound_message WHERE received_at >= ? AND received_at < ?",
                    Long.class,
                    Timestamp.from(m),
                    Timestamp.from(m.plus(Duration.ofMinutes(1))));
            minutes.addLast(new Minute(m, n == null ? 0 : n));
        }
        return List.copyOf(minutes);
    }

    private void publish(Snapshot s) {
        queueDepth.register(
                s.queues().stream()
                        .map(q -> MultiGauge.Row.of(Tags.of("queue", q.name()), q.depth()))
                        .toList(),
                true);
        queueAge.register(
                s.queues().stream()
                        .map(q -> MultiGauge.Row.of(
                                Tags.of("queue", q.name()), q.oldestAgeSeconds() == null ? 0 : q.oldestAgeSeconds()))
                        .toList(),
                true);
        deadLetters.register(
                s.queues().stream()
                        .filter(Queues.QueueState::deadLetters)
                        .map(q -> MultiGauge.Row.of(Tags.of("queue", q.name()), q.depth()))
                        .toList(),
                true);
        List<MultiGauge.Row<?>> today = new ArrayList<>();
        for (AgencyToday a : s.agencies()) {
            today.add(MultiGauge.Row.of(Tags.of("agency", a.agency(), "figure", "received"), a.received()));
            today.add(MultiGauge.Row.of(Tags.of("agency", a.agency(), "figure", "shared"), a.shared()));
            today.add(MultiGauge.Row.of(Tags.of("agency", a.agency(), "figure", "withheld"), a.withheld()));
            today.add(MultiGauge.Row.of(Tags.of("agency", a.agency(), "figure", "delivered"), a.delivered()));
            today.add(MultiGauge.Row.of(Tags.of("agency", a.agency(), "figure", "acknowledged"), a.acknowledged()));
        }
        agencyToday.register(today, true);
        certificateDays.register(
                s.certificates().stream()
                        .map(c -> MultiGauge.Row.of(Tags.of("owner", c.owner()), c.daysLeft()))
                        .toList(),
                true);
        Map<String, Long> late = new TreeMap<>();
        agencies.all().forEach(a -> late.put(a.id(), 0L));
        s.lateUrgent().forEach(u -> late.merge(u.agency(), 1L, Long::sum));
        urgentLate.register(
                late.entrySet().stream()
                        .map(e -> MultiGauge.Row.of(Tags.of("agency", e.getKey()), e.getValue()))
                        .toList(),
                true);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
