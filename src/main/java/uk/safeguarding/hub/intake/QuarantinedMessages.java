package uk.safeguarding.hub.intake;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.AuditType;

/**
 * The messages intake refused, for operations: when, from whom, the status the sender was answered with, why, and
 * the size kept, never the content. A refusal is about the message itself (the sender corrects and sends again), so
 * there is nothing to retry; an operator may discard a kept message's content with a reason (audited), and the row
 * stays as the record of the refusal.
 */
@Component
public class QuarantinedMessages {

    public record Kept(
            String id,
            Instant receivedAt,
            String senderAgency,
            int status,
            String reason,
            Integer size,
            Instant discardedAt,
            String discardedBy,
            String discardReason) {}

    private final JdbcTemplate jdbc;
    private final AuditTrail audit;
    private final Clock clock;

    private final uk.safeguarding.hub.vault.Vault vault;

    public QuarantinedMessages(
            JdbcTemplate jdbc, AuditTrail audit, Clock clock, uk.safeguarding.hub.vault.Vault vault) {
        this.vault = vault;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    private static final String KEPT = "SELECT quarantine_id, received_at, sender_agency, status, reason,"
            + " OCTET_LENGTH(body) AS size, discarded_at, discarded_by, discard_reason FROM quarantine";

    /** The latest refusals, newest first (the received_at index). */
    public List<Kept> latest(int limit) {
        return jdbc.query(KEPT + " ORDER BY received_at DESC FETCH FIRST ? ROWS ONLY", (rs, i) -> kept(rs), limit);
    }

    /** One refusal, without its content. */
    public java.util.Optional<Kept> find(String id) {
        return jdbc.query(KEPT + " WHERE quarantine_id = ?", (rs, i) -> kept(rs), id).stream()
                .findFirst();
    }

    /** What was sent, for an officer who opened it for a review; empty once discarded. */
    public java.util.Optional<byte[]> content(String id) {
        return jdbc
                .query(
                        "SELECT body FROM quarantine WHERE quarantine_id = ? AND body IS NOT NULL",
                        (rs, i) -> vault.open(
                                uk.safeguarding.hub.vault.Purpose.QUARANTINE, rs.getBytes("body"), Quarantine.BODY),
                        id)
                .stream()
                .findFirst();
    }

    private Kept kept(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Kept(
                rs.getString("quarantine_id"),
                rs.getTimestamp("received_at").toInstant(),
                rs.getString("sender_agency"),
                rs.getInt("status"),
                vault.openText(uk.safeguarding.hub.vault.Purpose.QUARANTINE, rs.getString("reason"), Quarantine.REASON),
                rs.getObject("size") == null ? null : rs.getInt("size"),
                instant(rs.getTimestamp("discarded_at")),
                rs.getString("discarded_by"),
                vault.openText(
                        uk.safeguarding.hub.vault.Purpose.QUARANTINE,
                        rs.getString("discard_reason"),
                        Quarantine.DISCARD_REASON));
    }

    /** Forgets the content of these kept messages; returns how many had content to forget. */
    public int discard(List<String> ids, String who, String reason) {
        int discarded = 0;
        for (String id : ids) {
            int changed = jdbc.update(
                    "UPDATE quarantine SET body = NULL, discarded_at = ?, discarded_by = ?, discard_reason = ?"
                            + " WHERE quarantine_id = ? AND discarded_at IS NULL",
                    Timestamp.from(Instant.now(clock)),
                    who,
                    vault.sealText(uk.safeguarding.hub.vault.Purpose.QUARANTINE, reason, Quarantine.DISCARD_REASON),
                    id);
            if (changed == 1) {
                discarded++;
                audit.append(new AuditTrail.Entry(
                        AuditType.QUARANTINE_DISCARDED,
                        null,
                        null,
                        null,
                        null,
                        Map.of("quarantineId", id, "by", who, "reason", reason)));
            }
        }
        return discarded;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
