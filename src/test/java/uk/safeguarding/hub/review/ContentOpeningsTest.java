package uk.safeguarding.hub.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.safeguarding.hub.TestDatabase;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.AuditType;
import uk.safeguarding.hub.audit.ChainKey;
import uk.safeguarding.hub.report.QuarterlyReport;
import uk.safeguarding.hub.review.ContentOpenings.Kind;
import uk.safeguarding.hub.review.ContentOpenings.Outcome;
import uk.safeguarding.hub.review.ContentOpenings.Reviewed;
import uk.safeguarding.hub.review.ContentOpenings.Why;
import uk.safeguarding.hub.vault.TestVaults;

/**
 * Openings of content against the real schema: open for a while, then closed; sealed reason and note; never
 * reviewed by the person who opened it (refused, and audited); reviewed once; late when past review-within, on the
 * dashboard's count and in the quarter's figures.
 */
class ContentOpeningsTest {

    static final String KEY =
            java.util.Base64.getEncoder().encodeToString("a test key of thirty-two bytes!!".getBytes());
    static final Instant START = Instant.parse("2026-11-02T09:00:00Z");

    final TestDatabase db = TestDatabase.create();
    final uk.safeguarding.hub.TestClock clock = new uk.safeguarding.hub.TestClock(START);
    final AuditTrail audit = new AuditTrail(db.jdbc, clock, new ChainKey(KEY), TestVaults.shared());
    final ContentOpenings openings = new ContentOpenings(
            db.jdbc,
            db.tx,
            audit,
            TestVaults.shared(),
            clock,
            new ReviewProperties(Duration.ofMinutes(60), Duration.ofDays(3)));

    ContentOpenings.Opening open() {
        return openings.open(
                Kind.MESSAGE, "hub-1", "hub-1", "9990000018", "officer", Why.SUBJECT_ACCESS, "SAR from Ms Example");
    }

    @Test
    void anOpeningIsOpenForItsTimeThenClosedAndItsReasonIsSealed() {
        var opening = open();
        assertThat(opening.openAt(START.plus(Duration.ofMinutes(59)))).isTrue();
        assertThat(opening.openAt(START.plus(Duration.ofMinutes(60)))).isFalse();
        assertThat(openings.find(opening.id()).orElseThrow().reason()).isEqualTo("SAR from Ms Example");
        assertThat(db.jdbc.queryForObject("SELECT reason FROM content_opening", String.class))
                .startsWith("vault:")
                .doesNotContain("Example");
        var entry = AuditEntriesOf.type(db, AuditType.CONTENT_OPENED).get(0);
        assertThat(entry.get("HUB_MESSAGE_ID")).isEqualTo("hub-1");
        assertThat(entry.get("SUBJECT_NHS")).isNotEqualTo("9990000018").isNotNull(); // its keyed hash
        assertThat(audit.ofTypeAbout(AuditType.CONTENT_OPENED, List.of("9990000018")))
                .singleElement()
                .satisfies(r -> assertThat(r.detail(uk.safeguarding.hub.audit.AuditDetail.ContentOpened.class))
                        .satisfies(d -> {
                            assertThat(d.purpose()).isEqualTo("SUBJECT_ACCESS");
                            assertThat(d.reason()).isEqualTo("SAR from Ms Example");
                            assertThat(d.by()).isEqualTo("officer");
                        }));
    }

    @Test
    void theOpenerMayNotReviewAndAnotherReviewsOnce() {
        var opening = open();
        assertThat(openings.review(opening.id(), "officer", Outcome.APPROPRIATE, "fine"))
                .isEqualTo(Reviewed.OWN_OPENING);
        assertThat(AuditEntriesOf.type(db, AuditType.CONTENT_REVIEW_REFUSED)).hasSize(1);
        assertThat(openings.find(opening.id()).orElseThrow().reviewed()).isFalse();

        assertThat(openings.review(opening.id(), "guardian", Outcome.ESCALATED, "to the DPO: no SAR on file"))
                .isEqualTo(Reviewed.DONE);
        assertThat(openings.review(opening.id(), "guardian-2", Outcome.APPROPRIATE, "late"))
                .isEqualTo(Reviewed.ALREADY_REVIEWED);
        var reviewed = openings.find(opening.id()).orElseThrow();
        assertThat(reviewed.outcome()).isEqualTo(Outcome.ESCALATED);
        assertThat(reviewed.reviewedBy()).isEqualTo("guardian");
        assertThat(reviewed.reviewNote()).isEqualTo("to the DPO: no SAR on file");
        assertThat(db.jdbc.queryForObject("SELECT review_note FROM content_opening", String.class))
                .doesNotContain("DPO");
        assertThat(AuditEntriesOf.type(db, AuditType.CONTENT_REVIEWED)).hasSize(1);
        assertThat(openings.review("no-such", "guardian", Outcome.APPROPRIATE, "x"))
                .isEqualTo(Reviewed.NOT_FOUND);
    }

    @Test
    void anOpeningNotReviewedWithinItsTimeIsLateOnTheDashboardAndInTheQuarter() {
        var first = open();
        clock.set(START.plus(Duration.ofDays(1)));
        open();
        assertThat(openings.waiting()).isEqualTo(new ContentOpenings.Waiting(2, 0));

        clock.set(START.plus(Duration.ofDays(3)).plusSeconds(1));
        assertThat(openings.waiting()).isEqualTo(new ContentOpenings.Waiting(2, 1));
        assertThat(openings.late(first)).isTrue();

        openings.review(first.id(), "guardian", Outcome.NOT_APPROPRIATE, "no request on file");
        assertThat(openings.waiting()).isEqualTo(new ContentOpenings.Waiting(1, 0));

        clock.set(START.plus(Duration.ofDays(10)));
        QuarterlyReport.Figures q4 = new QuarterlyReport(audit, openings).figures("2026-Q4");
        assertThat(q4.contentOpenings()).isEqualTo(2);
        assertThat(q4.contentOpeningsByFinding())
                .containsEntry("NOT_APPROPRIATE", 1L)
                .containsEntry("UNREVIEWED", 1L);
        assertThat(q4.contentOpeningsUnreviewedLate()).isEqualTo(1);
        assertThat(QuarterlyReport.csv(q4)).contains("contentOpeningsUnreviewedLate,,1");
        assertThat(new QuarterlyReport(audit, openings).figures("2026-Q3").contentOpenings())
                .isZero();
    }

    @Test
    void anOpenPeriodOrReviewTimeOfNothingIsRefusedAtStart() {
        assertThatThrownBy(() -> new ReviewProperties(Duration.ZERO, Duration.ofDays(3)))
                .hasMessageContaining("hub.review.open-for");
        assertThatThrownBy(() -> new ReviewProperties(Duration.ofMinutes(60), Duration.ofDays(-1)))
                .hasMessageContaining("hub.review.review-within");
    }

    /** The audit entries of a type, as stored. */
    static final class AuditEntriesOf {
        static List<java.util.Map<String, Object>> type(TestDatabase db, AuditType type) {
            return db.jdbc.queryForList("SELECT * FROM audit_entry WHERE entry_type = ? ORDER BY seq", type.name());
        }
    }
}
