package uk.safeguarding.hub.audit;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Walks the whole chain in order, recomputing every hash; reports the first entry that does not fit. */
@Component
public class AuditVerifier {

    public record Verification(boolean valid, long entries, Long brokenAt, String problem, String headHash) {}

    private final JdbcTemplate jdbc;

    public AuditVerifier(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Verification verify() {
        AtomicReference<String> prev = new AtomicReference<>(AuditTrail.GENESIS);
        AtomicLong expectedSeq = new AtomicLong(1);
        AtomicReference<Verification> broken = new AtomicReference<>();
        jdbc.query("SELECT seq, recorded_at, entry_type, hub_message_id, agency, subject_nhs, event, detail, prev_hash,"
                + " hash FROM audit_entry ORDER BY seq", rs -> {
                    if (broken.get() != null) {
                        return;
                    }
                    long seq = rs.getLong("seq");
                    String problem = null;
                    if (seq != expectedSeq.get()) {
                        problem = "entry " + expectedSeq.get() + " is missing";
                    } else if (!prev.get().equals(rs.getString("prev_hash"))) {
                        problem = "entry does not link to the hash of the entry before it";
                    } else {
                        String recomputed = AuditTrail.hash(seq, rs.getString("recorded_at"), rs.getString("entry_type"),
                                rs.getString("hub_message_id"), rs.getString("agency"), rs.getString("subject_nhs"),
                                rs.getString("event"), rs.getString("detail"), rs.getString("prev_hash"));
                        if (!recomputed.equals(rs.getString("hash"))) {
                            problem = "entry content does not match its hash (altered after it was written)";
                        }
                    }
                    if (problem != null) {
                        broken.set(new Verification(false, seq - 1, seq, problem, null));
                        return;
                    }
                    prev.set(rs.getString("hash"));
                    expectedSeq.incrementAndGet();
                });
        if (broken.get() != null) {
            return broken.get();
        }
        long count = expectedSeq.get() - 1;
        String head = jdbc.queryForObject("SELECT hash FROM audit_head WHERE id = 1", String.class);
        if (!prev.get().equals(head)) {
            return new Verification(false, count, count + 1, "the chain head does not match the last entry"
                    + " (entries removed from the end?)", head);
        }
        return new Verification(true, count, null, null, head);
    }
}
