package uk.safeguarding.hub.operations;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
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
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.delivery.DeliveryFigures;
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

    public record Snapshot(
            Instant at,
            List<Queues.QueueState> queues,
            List<AgencyToday> agencies,
            List<DeliveryFigures.LateUrgent> lateUrgent,
            List<DeliveryFigures.LateUrgent> uncollectedInMesh,
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
    private final DeliveryFigures figures;
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
            DeliveryFigures figures,
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
        this.figures = figures;
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
        List<DeliveryFigures.LateUrgent> late = lateUrgent();
        List<CertificateExpiry> certificates = certificates(now);
        certificateWarnings.check(certificates);
        Snapshot snapshot = new Snapshot(
                now,
                queueStates,
                today,
                late,
                figures.uncollectedInMesh(100),
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
        Instant since = LocalDate.ofInstant(now, LONDON).atStartOfDay(LONDON).toInstant();
        Map<String, Instant> seen = new TreeMap<>(lastSeen.all());
        Map<String, DeliveryFigures.Sent> sent = figures.sentSince(since);
        Map<String, DeliveryFigures.Decided> decided = figures.decidedSince(since);
        Map<String, DeliveryFigures.Delivered> delivered = figures.deliveredSince(since);
        sent.forEach((agency, s) -> seen.merge(agency, s.last(), Dashboard::later));
        java.util.Set<String> all = new java.util.TreeSet<>();
        agencies.all().forEach(a -> all.add(a.id()));
        all.addAll(sent.keySet());
        all.addAll(decided.keySet());
        all.addAll(delivered.keySet());
        List<AgencyToday> rows = new ArrayList<>();
        for (String agency : all) {
            DeliveryFigures.Sent s = sent.getOrDefault(agency, new DeliveryFigures.Sent(0, null));
            DeliveryFigures.Decided d = decided.getOrDefault(agency, new DeliveryFigures.Decided(0, 0));
            DeliveryFigures.Delivered q = delivered.getOrDefault(agency, new DeliveryFigures.Delivered(0, 0));
            rows.add(new AgencyToday(
                    agency,
                    agencies.find(agency).map(a -> a.role().name()).orElse(agency.equals("hub") ? "HUB" : "?"),
                    s.messages(),
                    d.shared(),
                    d.withheld(),
                    q.queued(),
                    q.acknowledged(),
                    seen.get(agency)));
        }
        return rows;
    }

    private List<DeliveryFigures.LateUrgent> lateUrgent() {
        return figures.lateUrgent(100);
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
        for (String[] c :
                new String[][] {{"broker", "jms"}, {"database", "db"}, {"disk", "diskSpace"}, {"storage", "storage"}}) {
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
            minutes.addLast(new Minute(m, figures.acceptedBetween(m, m.plus(Duration.ofMinutes(1)))));
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
