package uk.safeguarding.hub.review;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import uk.safeguarding.hub.audit.AuditDetail;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.AuditType;
import uk.safeguarding.hub.vault.Purpose;
import uk.safeguarding.hub.vault.Vault;

/**
 * Openings of content ("break glass" with a second person's review): an officer opens what the hub holds of one
 * message for a purpose and a reason, for {@code hub.review.open-for}; a Caldicott guardian other than the officer
 * reviews the opening. Every opening, review and refused review is audited; the reasons and notes can name people,
 * so they are sealed.
 */
@Component
public class ContentOpenings {

    /** What is opened: a message the hub accepted, or one intake refused and kept in quarantine. */
    public enum Kind {
        MESSAGE,
        QUARANTINED
    }

    /** Why: the officer chooses one, and says more in the reason. */
    public enum Why {
        REVIEW,
        SUBJECT_ACCESS,
        COMPLAINT,
        POLICE_REQUEST,
        OTHER
    }

    /** A Caldicott guardian's finding. */
    public enum Outcome {
        APPROPRIATE,
        NOT_APPROPRIATE,
        ESCALATED
    }

    public record Opening(
            String id,
            Kind kind,
            String targetId,
            String openedBy,
            Why purpose,
            String reason,
            Instant openedAt,
            Instant closesAt,
            String reviewedBy,
            Outcome outcome,
            String reviewNote,
            Instant reviewedAt) {

        public boolean openAt(Instant now) {
            return now.isBefore(closesAt);
        }

        public boolean reviewed() {
            return outcome != null;
        }
    }

    /** What became of a review asked for. */
    public enum Reviewed {
        DONE,
        OWN_OPENING,
        ALREADY_REVIEWED,
        NOT_FOUND
    }

    static final String REASON = "content_opening.reason";
    static final String NOTE = "content_opening.review_note";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AuditTrail audit;
    private final Vault vault;
    private final Clock clock;
    private final ReviewProperties properties;

    public ContentOpenings(
            JdbcTemplate jdbc,
            TransactionTemplate tx,
            AuditTrail audit,
            Vault vault,
            Clock clock,
            ReviewProperties properties) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.audit = audit;
        this.vault = vault;
        this.clock = clock;
        this.properties = properties;
    }

    /**
     * Opens the content for {@code openFor}, audited as CONTENT_OPENED with the subject's NHS number (so the
     * subject's audit search finds it) in the same commit.
     */
    public Opening open(
            Kind kind, String targetId, String hubMessageId, String subjectNhs, String by, Why why, String reason) {
        Instant now = Instant.now(clock);
        Opening opening = new Opening(
                UUID.randomUUID().toString(),
                kind,
                targetId,
                by,
                why,
                reason,
                now,
                now.plus(properties.openFor()),
                null,
                null,
                null,
                null);
        tx.executeWithoutResult(status -> {
            jdbc.update(
                    "INSERT INTO content_opening (opening_id, kind, target_id, opened_by, purpose, reason, opened_at,"
                            + " closes_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    opening.id(),
                    kind.name(),
                    targetId,
                    by,
                    why.name(),
                    vault.sealText(Purpose.CONTENT, reason, REASON),
                    Timestamp.from(now),
                    Timestamp.from(opening.closesAt()));
            audit.append(new AuditTrail.Entry(
                    AuditType.CONTENT_OPENED,
                    hubMessageId,
                    null,
                    subjectNhs,
                    null,
                    new AuditDetail.ContentOpened(
                            opening.id(),
                            kind.name(),
                            targetId,
                            why.name(),
                            reason,
                            by,
                            opening.closesAt().toString())));
        });
        return opening;
    }

    /** A guardian's review: never of their own opening (refused and audited), and only once. */
    public Reviewed review(String openingId, String by, Outcome outcome, String note) {
        Optional<Opening> found = find(openingId);
        if (found.isEmpty()) {
            return Reviewed.NOT_FOUND;
        }
        Opening opening = found.get();
        if (opening.openedBy().equals(by)) {
            audit.append(new AuditTrail.Entry(
                    AuditType.CONTENT_REVIEW_REFUSED,
                    null,
                    null,
                    null,
                    null,
                    new AuditDetail.ContentReviewed(
                            openingId, null, "a person may not review their own opening", by, opening.openedBy())));
            return Reviewed.OWN_OPENING;
        }
        Boolean done = tx.execute(status -> {
            int updated = jdbc.update(
                    "UPDATE content_opening SET reviewed_by = ?, outcome = ?, review_note = ?, reviewed_at = ?"
                            + " WHERE opening_id = ? AND reviewed_at IS NULL",
                    by,
                    outcome.name(),
                    vault.sealText(Purpose.CONTENT, note, NOTE),
                    Timestamp.from(Instant.now(clock)),
                    openingId);
            if (updated == 1) {
                audit.append(new AuditTrail.Entry(
                        AuditType.CONTENT_REVIEWED,
                        null,
                        null,
                        null,
                        null,
                        new AuditDetail.ContentReviewed(openingId, outcome.name(), note, by, opening.openedBy())));
            }
            return updated == 1;
        });
        return Boolean.TRUE.equals(done) ? Reviewed.DONE : Reviewed.ALREADY_REVIEWED;
    }

    public Optional<Opening> find(String openingId) {
        return jdbc.query(SELECT + " WHERE opening_id = ?", (rs, i) -> opening(rs), openingId).stream()
                .findFirst();
    }

    /** The newest openings first, reviewed or not: the review queue and its history. */
    public List<Opening> latest(int limit) {
        return jdbc.query(SELECT + " ORDER BY opened_at DESC FETCH FIRST ? ROWS ONLY", (rs, i) -> opening(rs), limit);
    }

    /** Openings not reviewed yet, and of those, how many opened longer than {@code review-within} ago. */
    public record Waiting(int unreviewed, int late) {}

    public Waiting waiting() {
        Instant lateBefore = Instant.now(clock).minus(properties.reviewWithin());
        return jdbc.queryForObject(
                "SELECT COUNT(*) AS unreviewed, COALESCE(SUM(CASE WHEN opened_at < ? THEN 1 ELSE 0 END), 0) AS late"
                        + " FROM content_opening WHERE reviewed_at IS NULL",
                (rs, i) -> new Waiting(rs.getInt("unreviewed"), rs.getInt("late")),
                Timestamp.from(lateBefore));
    }

    /** Openings made in [from, to), oldest first: for the quarterly figures. */
    public List<Opening> openedBetween(Instant from, Instant to) {
        return jdbc.query(
                SELECT + " WHERE opened_at >= ? AND opened_at < ? ORDER BY opened_at",
                (rs, i) -> opening(rs),
                Timestamp.from(from),
                Timestamp.from(to));
    }

    public boolean late(Opening opening) {
        return !opening.reviewed()
                && opening.openedAt().isBefore(Instant.now(clock).minus(properties.reviewWithin()));
    }

    public ReviewProperties properties() {
        return properties;
    }

    private static final String SELECT = "SELECT opening_id, kind, target_id, opened_by, purpose, reason, opened_at,"
            + " closes_at, reviewed_by, outcome, review_note, reviewed_at FROM content_opening";

    private Opening opening(java.sql.ResultSet rs) throws java.sql.SQLException {
        String outcome = rs.getString("outcome");
        return new Opening(
                rs.getString("opening_id"),
                Kind.valueOf(rs.getString("kind")),
                rs.getString("target_id"),
                rs.getString("opened_by"),
                Why.valueOf(rs.getString("purpose")),
                vault.openText(Purpose.CONTENT, rs.getString("reason"), REASON),
                instant(rs.getObject("opened_at")),
                instant(rs.getObject("closes_at")),
                rs.getString("reviewed_by"),
                outcome == null ? null : Outcome.valueOf(outcome),
                vault.openText(Purpose.CONTENT, rs.getString("review_note"), NOTE),
                instant(rs.getObject("reviewed_at")));
    }

    /** H2 reads a TIMESTAMP WITH TIME ZONE as an OffsetDateTime, PostgreSQL as a Timestamp. */
    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof Timestamp t ? t.toInstant() : ((OffsetDateTime) value).toInstant();
    }
}
