package uk.safeguarding.hub.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Appends entries to the keyed hash chain. An append joins the caller's transaction (so an entry exists exactly when
 * what it records does) and locks the chain head row, which serialises writers across threads and instances.
 */
@Component
public class AuditTrail {

    static final String GENESIS = "0".repeat(64);

    /** Canonical JSON: keys sorted, no null fields, so the same detail always hashes the same. */
    static final JsonMapper JSON = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .changeDefaultPropertyInclusion(v -> v.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final ChainKey key;

    public AuditTrail(JdbcTemplate jdbc, Clock clock, ChainKey key) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.key = key;
    }

    /** One thing that happened. {@code detail} (a record of {@link AuditDetail} or a map) is kept as JSON. */
    public record Entry(
            AuditType type, String hubMessageId, String agency, String subjectNhs, String event, Object detail) {}

    /** An entry as stored. */
    public record Recorded(
            long seq,
            String recordedAt,
            AuditType type,
            String hubMessageId,
            String agency,
            String subjectNhs,
            String event,
            String detail) {

        public <T> T detail(Class<T> type) {
            return AuditTrail.detail(detail, type);
        }
    }

    @Transactional(propagation = Propagation.REQUIRED)
    public long append(Entry entry) {
        var head = jdbc.queryForMap("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE");
        long seq = ((Number) head.get("SEQ")).longValue() + 1;
        String prev = (String) head.get("HASH");
        String recordedAt = Instant.now(clock).toString();
        String detail = JSON.writeValueAsString(entry.detail());
        String type = entry.type().name();
        String hash = key.hash(
                seq,
                recordedAt,
                type,
                entry.hubMessageId(),
                entry.agency(),
                entry.subjectNhs(),
                entry.event(),
                detail,
                prev);
        jdbc.update(
                "INSERT INTO audit_entry (seq, recorded_at, entry_type, hub_message_id, agency, subject_nhs, event,"
                        + " detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                seq,
                recordedAt,
                type,
                entry.hubMessageId(),
                entry.agency(),
                entry.subjectNhs(),
                entry.event(),
                detail,
                prev,
                hash);
        jdbc.update("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", seq, hash);
        return seq;
    }

    /** Every entry recorded in [from, to) (ISO instants, compared as text), oldest first. */
    public void forEachBetween(String from, String to, Consumer<Recorded> each) {
        jdbc.query(
                "SELECT seq, recorded_at, entry_type, hub_message_id, agency, subject_nhs, event, detail"
                        + " FROM audit_entry WHERE recorded_at >= ? AND recorded_at < ? ORDER BY seq",
                rs -> {
                    each.accept(new Recorded(
                            rs.getLong(1),
                            rs.getString(2),
                            AuditType.valueOf(rs.getString(3)),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getString(8)));
                },
                from,
                to);
    }

    public static <T> T detail(String json, Class<T> type) {
        return JSON.readValue(json, type);
    }
}
