package uk.safeguarding.hub.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pruning the audit trail without breaking it: the chain is cut only at its start, and the cut is kept as a
 * checkpoint (the last pruned entry's number and hash, keyed with the chain's key, so it cannot be moved by
 * someone who can write to the database but does not hold the key). The verifier then starts from the cut. An
 * entry of a family under legal hold stops the cut before it: the chain keeps everything from there on.
 */
@Component
public class AuditCut {

    /** Where the chain now starts: after entry {@code seq}, whose hash was {@code hash}. */
    public record Cut(long seq, String hash, String cutAt, String mac) {}

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ChainKey key;
    private final Clock clock;
    private final AuditTrail trail;

    public AuditCut(JdbcTemplate jdbc, TransactionTemplate tx, ChainKey key, Clock clock, AuditTrail trail) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.key = key;
        this.clock = clock;
        this.trail = trail;
    }

    /**
     * Removes the entries recorded before {@code before}, from the start of the chain up to (not including) the
     * first entry that is newer or about one of {@code held}; returns how many were removed.
     */
    public int cutBefore(Instant before, Collection<String> held) {
        Integer removed = tx.execute(status -> {
            // The head's lock, as every append takes it: nothing is appended while the chain is cut.
            jdbc.queryForMap("SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE");
            Long firstKept = jdbc.queryForObject(
                    "SELECT MIN(seq) FROM audit_entry WHERE recorded_at >= ?", Long.class, before.toString());
            if (!held.isEmpty()) {
                java.util.Set<String> forms = new java.util.HashSet<>();
                held.forEach(nhs -> forms.addAll(trail.subjectForms(nhs)));
                Long firstHeld = jdbc.queryForObject(
                        "SELECT MIN(seq) FROM audit_entry WHERE subject_nhs IN ("
                                + String.join(",", Collections.nCopies(forms.size(), "?")) + ")",
                        Long.class,
                        forms.toArray());
                if (firstHeld != null && (firstKept == null || firstHeld < firstKept)) {
                    firstKept = firstHeld;
                }
            }
            long last = firstKept == null
                    ? jdbc.queryForObject("SELECT COALESCE(MAX(seq), 0) FROM audit_entry", Long.class)
                    : firstKept - 1;
            // Keep the newest entry always: the chain's head must stay checkable against its last entry.
            long newest = jdbc.queryForObject("SELECT COALESCE(MAX(seq), 0) FROM audit_entry", Long.class);
            last = Math.min(last, newest - 1);
            Optional<Cut> current = current();
            long from = current.map(Cut::seq).orElse(0L);
            if (last <= from) {
                return 0;
            }
            String hash = jdbc.queryForObject("SELECT hash FROM audit_entry WHERE seq = ?", String.class, last);
            String at = Instant.now(clock).toString();
            jdbc.update("DELETE FROM audit_cut");
            jdbc.update(
                    "INSERT INTO audit_cut (id, seq, hash, cut_at, mac) VALUES (1, ?, ?, ?, ?)",
                    last,
                    hash,
                    at,
                    mac(last, hash, at));
            return jdbc.update("DELETE FROM audit_entry WHERE seq <= ?", last);
        });
        return removed == null ? 0 : removed;
    }

    /** The cut the chain starts from, if it was ever pruned. */
    public Optional<Cut> current() {
        return jdbc
                .query(
                        "SELECT seq, hash, cut_at, mac FROM audit_cut WHERE id = 1",
                        (rs, i) -> new Cut(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .stream()
                .findFirst();
    }

    /** Whether the cut is the one the hub made (its keyed hash matches). */
    boolean genuine(Cut cut) {
        return mac(cut.seq(), cut.hash(), cut.cutAt()).equals(cut.mac());
    }

    private String mac(long seq, String hash, String at) {
        return key.hash("audit-cut", seq, hash, at);
    }
}
