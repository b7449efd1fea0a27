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
import uk.safeguarding.hub.vault.Purpose;
import uk.safeguarding.hub.vault.Vault;

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
    private final Vault vault;

    /** Entries this process appended, by type (a rolled-back one too). */
    private final java.util.Map<AuditType, java.util.concurrent.atomic.LongAdder> appendedByType =
            new java.util.EnumMap<>(AuditType.class);

    {
        for (AuditType type : AuditType.values()) {
            appendedByType.put(type, new java.util.concurrent.atomic.LongAdder());
        }
    }

    public AuditTrail(JdbcTemplate jdbc, Clock clock, ChainKey key, Vault vault) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.key = key;
        this.vault = vault;
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

    /** The chain's head as this transaction has moved it; written back once, just before it commits. */
    private static final class Head {
        long seq;
        String hash;
        /** Kept with the transaction, which writes it back; otherwise each append writes it. */
        boolean kept;
    }

    /**
     * The head for this append: read (and locked) at a transaction's first append, then kept with the transaction,
     * so the many entries of one commit (a message's, or a group's in {@link ChainWriter}) read and write the head
     * once, not once each. Outside a transaction with synchronisation there is nothing to keep it with.
     */
    private Head head() {
        Head head =
                (Head) org.springframework.transaction.support.TransactionSynchronizationManager.getResource(headKey);
        if (head != null) {
            return head;
        }
        var row = jdbc.queryForMap("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE");
        Head read = new Head();
        read.seq = ((Number) row.get("SEQ")).longValue();
        read.hash = (String) row.get("HASH");
        if (org.springframework.transaction.support.TransactionSynchronizationManager.isSynchronizationActive()) {
            org.springframework.transaction.support.TransactionSynchronizationManager.bindResource(headKey, read);
            org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                    new org.springframework.transaction.support.TransactionSynchronization() {
                        @Override
                        public void beforeCommit(boolean readOnly) {
                            jdbc.update("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", read.seq, read.hash);
                        }

                        @Override
                        public void afterCompletion(int status) {
                            org.springframework.transaction.support.TransactionSynchronizationManager
                                    .unbindResourceIfPossible(headKey);
                        }
                    });
            read.kept = true;
        }
        return read;
    }

    private final Object headKey = new Object();

    private static final String INSERT =
            "INSERT INTO audit_entry (seq, recorded_at, entry_type, hub_message_id, agency,"
                    + " subject_nhs, subject_sealed, event, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    @Transactional(propagation = Propagation.REQUIRED)
    public long append(Entry entry) {
        return appendAll(java.util.List.of(entry));
    }

    /**
     * Several entries in this order, written in one statement (a message's receipt and its decisions, say). The
     * head moves on only once they are written. Returns the last one's sequence number (0 for none).
     */
    @Transactional(propagation = Propagation.REQUIRED)
    public long appendAll(java.util.List<Entry> entries) {
        if (entries.isEmpty()) {
            return 0;
        }
        Head head = head();
        Head moved = new Head();
        moved.seq = head.seq;
        moved.hash = head.hash;
        java.util.List<Object[]> rows = new java.util.ArrayList<>();
        for (Entry entry : entries) {
            rows.add(next(moved, entry));
        }
        if (rows.size() == 1) {
            jdbc.update(INSERT, rows.get(0));
        } else {
            jdbc.batchUpdate(INSERT, rows);
        }
        head.seq = moved.seq;
        head.hash = moved.hash;
        if (!head.kept) {
            jdbc.update("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", head.seq, head.hash);
        }
        for (Entry entry : entries) {
            appendedByType.get(entry.type()).increment();
        }
        return head.seq;
    }

    /** The entry's row as stored, chained after {@code head}, which moves on to it. */
    private Object[] next(Head head, Entry entry) {
        long seq = head.seq + 1;
        String prev = head.hash;
        String recordedAt = Instant.now(clock).toString();
        // Stored sealed, and hashed into the chain as stored: verifying the chain opens nothing.
        String detail = vault.sealText(Purpose.AUDIT, JSON.writeValueAsString(entry.detail()), DETAIL + seq);
        String subject = vault.index(entry.subjectNhs());
        String subjectSealed = vault.sealText(Purpose.AUDIT, entry.subjectNhs(), SUBJECT + seq);
        String type = entry.type().name();
        String hash = hash(
                key,
                seq,
                recordedAt,
                type,
                entry.hubMessageId(),
                entry.agency(),
                subject,
                subjectSealed,
                entry.event(),
                detail,
                prev);
        head.seq = seq;
        head.hash = hash;
        return new Object[] {
            seq,
            recordedAt,
            type,
            entry.hubMessageId(),
            entry.agency(),
            subject,
            subjectSealed,
            entry.event(),
            detail,
            prev,
            hash
        };
    }

    static final String DETAIL = "audit_entry.detail#";
    static final String SUBJECT = "audit_entry.subject#";

    /**
     * An entry's keyed hash over its fields as stored. An entry written before the vault has no sealed subject, and
     * its hash is over its fields alone, as it was made.
     */
    static String hash(
            ChainKey key,
            long seq,
            String recordedAt,
            String type,
            String hubMessageId,
            String agency,
            String subject,
            String subjectSealed,
            String event,
            String detail,
            String prev) {
        return subjectSealed == null
                ? key.hash(seq, recordedAt, type, hubMessageId, agency, subject, event, detail, prev)
                : key.hash(seq, recordedAt, type, hubMessageId, agency, subject, event, detail, prev, subjectSealed);
    }

    /** The forms an NHS number is stored under in the audit: its keyed hash, and itself in entries from before. */
    java.util.List<String> subjectForms(String nhs) {
        return java.util.List.of(vault.index(nhs), nhs);
    }

    /** Entries this process appended (counted when written; a rolled-back one too). */
    public long appended() {
        return appendedByType.values().stream()
                .mapToLong(java.util.concurrent.atomic.LongAdder::sum)
                .sum();
    }

    /** Entries of one type this process appended: the load tool's breakdown of the entries per message. */
    public long appended(AuditType type) {
        return appendedByType.get(type).sum();
    }

    /** Every entry recorded in [from, to) (ISO instants, compared as text), oldest first. */
    public void forEachBetween(String from, String to, Consumer<Recorded> each) {
        jdbc.query(
                RECORDED + " WHERE recorded_at >= ? AND recorded_at < ? ORDER BY seq",
                rs -> {
                    each.accept(recorded(rs, 0));
                },
                from,
                to);
    }

    /** Every entry about one message, oldest first. */
    public java.util.List<Recorded> about(String hubMessageId) {
        return jdbc.query(RECORDED + " WHERE hub_message_id = ? ORDER BY seq", this::recorded, hubMessageId);
    }

    /** The entries of one type about any of these messages, oldest first. */
    public java.util.List<Recorded> ofTypeFor(AuditType type, java.util.Collection<String> hubMessageIds) {
        return ofTypeWhere(type, "hub_message_id", hubMessageIds);
    }

    /** The entries of one type about any of these people (the subject's NHS number), oldest first. */
    public java.util.List<Recorded> ofTypeAbout(AuditType type, java.util.Collection<String> people) {
        java.util.Set<String> forms = new java.util.LinkedHashSet<>();
        people.forEach(p -> forms.addAll(subjectForms(p)));
        return ofTypeWhere(type, "subject_nhs", forms);
    }

    /** The entries of one type whose {@code column} (an indexed column, named here) is one of the values. */
    private java.util.List<Recorded> ofTypeWhere(AuditType type, String column, java.util.Collection<String> values) {
        if (values.isEmpty()) {
            return java.util.List.of();
        }
        java.util.List<Object> args = new java.util.ArrayList<>();
        args.add(type.name());
        args.addAll(values);
        return jdbc.query(
                RECORDED + " WHERE entry_type = ? AND " + column + " IN ("
                        + String.join(",", java.util.Collections.nCopies(values.size(), "?")) + ") ORDER BY seq",
                this::recorded,
                args.toArray());
    }

    static final String RECORDED = "SELECT seq, recorded_at, entry_type, hub_message_id, agency, subject_nhs, event,"
            + " detail, subject_sealed FROM audit_entry";

    private Recorded recorded(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        long seq = rs.getLong(1);
        return new Recorded(
                seq,
                rs.getString(2),
                AuditType.valueOf(rs.getString(3)),
                rs.getString(4),
                rs.getString(5),
                subject(seq, rs.getString(6), rs.getString(9)),
                rs.getString(7),
                detail(seq, rs.getString(8)));
    }

    /** The subject's NHS number: opened from its sealed copy (or as stored, in an entry from before the vault). */
    String subject(long seq, String stored, String sealed) {
        return sealed != null ? vault.openText(Purpose.AUDIT, sealed, SUBJECT + seq) : stored;
    }

    /** The detail's JSON, opened. */
    String detail(long seq, String stored) {
        return vault.openText(Purpose.AUDIT, stored, DETAIL + seq);
    }

    public static <T> T detail(String json, Class<T> type) {
        return JSON.readValue(json, type);
    }
}
