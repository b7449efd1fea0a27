package uk.safeguarding.hub.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends entries to the keyed hash chain. An append joins the caller's transaction (so an entry exists exactly when
 * what it records does) and locks the chain head row, which serialises writers across threads and instances.
 */
@Component
public class AuditTrail {

    static final String GENESIS = "0".repeat(64);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ChainKey key;
    private final ObjectMapper json = JsonMapper.builder().build();

    public AuditTrail(JdbcTemplate jdbc, Clock clock, ChainKey key) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.key = key;
    }

    /** One thing that happened. {@code detail} is kept as canonical JSON (keys sorted). */
    public record Entry(String type, String hubMessageId, String agency, String subjectNhs, String event,
            Map<String, ?> detail) {}

    @Transactional(propagation = Propagation.REQUIRED)
    public long append(Entry entry) {
        Map<String, Object> head = jdbc.queryForMap("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE");
        long seq = ((Number) head.get("SEQ")).longValue() + 1;
        String prev = (String) head.get("HASH");
        String recordedAt = Instant.now(clock).toString();
        String detail = json.writeValueAsString(new TreeMap<>(entry.detail()));
        String hash = key.hash(seq, recordedAt, entry.type(), entry.hubMessageId(), entry.agency(), entry.subjectNhs(),
                entry.event(), detail, prev);
        jdbc.update("INSERT INTO audit_entry (seq, recorded_at, entry_type, hub_message_id, agency, subject_nhs, event,"
                + " detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                seq, recordedAt, entry.type(), entry.hubMessageId(), entry.agency(), entry.subjectNhs(), entry.event(),
                detail, prev, hash);
        jdbc.update("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", seq, hash);
        return seq;
    }
}
