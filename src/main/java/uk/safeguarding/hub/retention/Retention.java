package uk.safeguarding.hub.retention;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import uk.safeguarding.hub.audit.AuditCut;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.AuditType;
import uk.safeguarding.hub.delivery.RecordsPruning;
import uk.safeguarding.hub.intake.Quarantine;

/**
 * The pruning job ({@code hub.retention.period}, route {@code prune-records}): removes what is past its time, kind
 * by kind, never anything about a family under legal hold, never a share still on its way (only acknowledged,
 * recalled or discarded ones), and the audit trail only from its start with a keyed checkpoint at the cut
 * ({@link AuditCut}), so that it still verifies. Each run's figures are kept (the dashboard shows them) and audited.
 * Message content for dry runs is forgotten by its own job ({@code hub.policy.keep-messages-for}); dead letters are
 * never pruned: each is an undelivered share an operator must retry or discard.
 */
@Component
public class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    /** The kinds pruned here, in the order they are pruned. */
    public static final List<String> KINDS =
            List.of("delivered-shares", "decisions", "quarantined-messages", "audit-entries", "children-named");

    /** One kind's figures: removed in the last run, and in all. */
    public record Figure(String kind, long lastRun, long total) {}

    public record Figures(Instant lastRun, List<Figure> kinds) {}

    /** What a run's audit entry records. */
    public record Pruned(Map<String, Integer> removed, int familiesHeld, String asOf) {}

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AuditTrail audit;
    private final AuditCut cut;
    private final LegalHolds holds;
    private final RetentionProperties properties;
    private final Clock clock;
    private final RecordsPruning records;
    private final Quarantine quarantine;

    public Retention(
            JdbcTemplate jdbc,
            TransactionTemplate tx,
            AuditTrail audit,
            AuditCut cut,
            LegalHolds holds,
            RetentionProperties properties,
            Clock clock,
            RecordsPruning records,
            Quarantine quarantine,
            uk.safeguarding.hub.delivery.AcceptedMessages accepted,
            uk.safeguarding.hub.policy.PolicyProperties policy) {
        this.accepted = accepted;
        this.keepContent = policy.keepMessagesFor();
        this.records = records;
        this.quarantine = quarantine;
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.cut = cut;
        this.holds = holds;
        this.properties = properties;
        this.clock = clock;
    }

    private final uk.safeguarding.hub.delivery.AcceptedMessages accepted;
    private final java.time.Duration keepContent;

    /**
     * Messages older than {@code hub.policy.keep-messages-for} lose their content and facts (kept for dry runs and
     * for a review that opens them), but a family under legal hold keeps theirs. The timer calls it; returns how many.
     */
    public int forgetOldContent() {
        return accepted.forgetContentBefore(Instant.now(clock).minus(keepContent), holds.protectedPeople());
    }

    /** The scheduled run: as of now. */
    public Map<String, Integer> prune() {
        return prune(Instant.now(clock));
    }

    /** Prunes what is past its time as of {@code now}. */
    public synchronized Map<String, Integer> prune(Instant now) {
        Set<String> held = holds.protectedPeople();
        Map<String, Integer> removed = new LinkedHashMap<>();
        removed.put("delivered-shares", records.shares(now.minus(properties.deliveredShares()), held));
        removed.put("decisions", records.decisions(now.minus(properties.decisions()), held));
        removed.put("quarantined-messages", quarantine.prune(now.minus(properties.quarantinedMessages())));
        removed.put("audit-entries", cut.cutBefore(now.minus(properties.auditEntries()), held));
        removed.put("children-named", records.namedChildren(now.minus(properties.auditEntries()), held));
        Instant at = Instant.now(clock);
        tx.executeWithoutResult(s -> {
            removed.forEach((kind, n) -> jdbc.update(
                    "INSERT INTO pruning_run (run_at, kind, pruned) VALUES (?, ?, ?)", Timestamp.from(at), kind, n));
            audit.append(new AuditTrail.Entry(
                    AuditType.RECORDS_PRUNED,
                    null,
                    null,
                    null,
                    null,
                    new Pruned(removed, held.size(), now.toString())));
        });
        if (removed.values().stream().anyMatch(n -> n > 0)) {
            log.info("Pruned records past their time: {} ({} people under legal hold kept)", removed, held.size());
        }
        return removed;
    }

    public Figures figures() {
        Timestamp last = jdbc.queryForObject("SELECT MAX(run_at) FROM pruning_run", Timestamp.class);
        Map<String, long[]> byKind = new LinkedHashMap<>();
        KINDS.forEach(k -> byKind.put(k, new long[2]));
        jdbc.query(
                "SELECT kind, SUM(pruned), SUM(CASE WHEN run_at = ? THEN pruned ELSE 0 END) FROM pruning_run"
                        + " GROUP BY kind",
                rs -> {
                    long[] f = byKind.computeIfAbsent(rs.getString(1), k -> new long[2]);
                    f[0] = rs.getLong(3);
                    f[1] = rs.getLong(2);
                },
                last);
        return new Figures(
                last == null ? null : last.toInstant(),
                byKind.entrySet().stream()
                        .map(e -> new Figure(e.getKey(), e.getValue()[0], e.getValue()[1]))
                        .toList());
    }

    public RetentionProperties policy() {
        return properties;
    }
}
