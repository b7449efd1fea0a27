package uk.safeguarding.hub.audit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Walks the whole chain in order and names every entry that does not fit: missing (a gap in the numbers, or
 * entries after the end that a signed checkpoint says existed), altered (its keyed hash does not match its
 * content), unlinked (it does not hold the hash of the entry before it), or rewritten (its hash is not the one a
 * checkpoint signed). {@code brokenAt} and {@code problem} are the first of them.
 */
@Component
public class AuditVerifier {

    static final int MOST_PROBLEMS_LISTED = 100;

    /** Entries {@code from} to {@code to} (inclusive) and what is wrong with them. */
    public record Problem(long from, long to, String problem) {}

    /** The newest checkpoint the chain was compared with. */
    public record NewestCheckpoint(long seq, String at) {}

    public record Verification(
            boolean valid,
            long entries,
            Long brokenAt,
            String problem,
            String headHash,
            List<Problem> problems,
            int moreProblems,
            int checkpointsCompared,
            NewestCheckpoint newestCheckpoint) {}

    private final JdbcTemplate jdbc;
    private final ChainKey key;
    private final Checkpoints checkpoints;
    private final AuditCut cut;

    @org.springframework.beans.factory.annotation.Autowired
    public AuditVerifier(JdbcTemplate jdbc, ChainKey key, Checkpoints checkpoints, AuditCut cut) {
        this.jdbc = jdbc;
        this.key = key;
        this.checkpoints = checkpoints;
        this.cut = cut;
    }

    public AuditVerifier(JdbcTemplate jdbc, ChainKey key, Checkpoints checkpoints) {
        this(jdbc, key, checkpoints, null);
    }

    public Verification verify() {
        List<Problem> problems = new ArrayList<>();
        int[] more = {0};
        java.util.function.Consumer<Problem> report = p -> {
            if (problems.size() < MOST_PROBLEMS_LISTED) {
                problems.add(p);
            } else {
                more[0]++;
            }
        };
        List<Checkpoints.Checkpoint> signed = new ArrayList<>();
        for (Checkpoints.Checkpoint c : checkpoints.read()) {
            if (c.signed()) {
                signed.add(c);
            } else {
                report.accept(new Problem(
                        Math.max(c.seq(), 0),
                        Math.max(c.seq(), 0),
                        "checkpoint line " + c.line()
                                + " is not signed by the hub's key (the checkpoint file was edited)"));
            }
        }
        Map<Long, Checkpoints.Checkpoint> bySeq = new HashMap<>();
        signed.forEach(c -> bySeq.put(c.seq(), c));

        long[] expected = {1};
        String[] prev = {AuditTrail.GENESIS};
        // A pruned chain starts after its cut, whose keyed hash vouches for where it is.
        var start = cut == null ? java.util.Optional.<AuditCut.Cut>empty() : cut.current();
        if (start.isPresent()) {
            if (cut.genuine(start.get())) {
                expected[0] = start.get().seq() + 1;
                prev[0] = start.get().hash();
            } else {
                report.accept(new Problem(
                        1, start.get().seq(), "the audit cut was not made by the hub (its keyed hash does not match)"));
            }
        }
        jdbc.query(
                "SELECT seq, recorded_at, entry_type, hub_message_id, agency, subject_nhs, event, detail, prev_hash,"
                        + " hash, subject_sealed FROM audit_entry ORDER BY seq",
                rs -> {
                    long seq = rs.getLong("seq");
                    String stored = rs.getString("hash");
                    if (seq > expected[0]) {
                        report.accept(new Problem(expected[0], seq - 1, "missing (removed from the chain)"));
                    } else if (!prev[0].equals(rs.getString("prev_hash"))) {
                        report.accept(new Problem(seq, seq, "does not link to the hash of the entry before it"));
                    }
                    String recomputed = AuditTrail.hash(
                            key,
                            seq,
                            rs.getString("recorded_at"),
                            rs.getString("entry_type"),
                            rs.getString("hub_message_id"),
                            rs.getString("agency"),
                            rs.getString("subject_nhs"),
                            rs.getString("subject_sealed"),
                            rs.getString("event"),
                            rs.getString("detail"),
                            rs.getString("prev_hash"));
                    if (!recomputed.equals(stored)) {
                        report.accept(new Problem(seq, seq, "altered: its content does not match its keyed hash"));
                    }
                    Checkpoints.Checkpoint c = bySeq.get(seq);
                    if (c != null && !c.hash().equals(stored)) {
                        report.accept(new Problem(
                                seq, seq, "rewritten: its hash is not the one the checkpoint signed at " + c.at()));
                    }
                    prev[0] = stored;
                    expected[0] = seq + 1;
                });
        long last = expected[0] - 1;
        Map<String, Object> head = jdbc.queryForMap("SELECT seq, hash FROM audit_head WHERE id = 1");
        String headHash = (String) head.get("HASH");
        if (((Number) head.get("SEQ")).longValue() != last || !prev[0].equals(headHash)) {
            report.accept(new Problem(
                    last + 1,
                    last + 1,
                    "the chain head (seq " + head.get("SEQ") + ") does not match the last entry (seq " + last + ")"));
        }
        Checkpoints.Checkpoint newest = signed.stream()
                .max(java.util.Comparator.comparingLong(Checkpoints.Checkpoint::seq))
                .orElse(null);
        if (newest != null && newest.seq() > last) {
            report.accept(new Problem(
                    last + 1,
                    newest.seq(),
                    "missing: the checkpoint signed at " + newest.at()
                            + " names entry " + newest.seq() + " but the chain ends at " + last
                            + " (cut short, or an older copy of the database restored)"));
        }
        problems.sort(java.util.Comparator.comparingLong(Problem::from));
        Problem first = problems.isEmpty() ? null : problems.get(0);
        return new Verification(
                first == null,
                last,
                first == null ? null : first.from(),
                first == null ? null : first.problem(),
                headHash,
                List.copyOf(problems),
                more[0],
                signed.size(),
                newest == null ? null : new NewestCheckpoint(newest.seq(), newest.at()));
    }
}
