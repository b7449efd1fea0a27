package uk.safeguarding.hub.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.safeguarding.hub.TestDatabase;
import uk.safeguarding.hub.audit.AuditDetail;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.AuditType;
import uk.safeguarding.hub.audit.ChainKey;

/** The quarterly figures from typed audit entries alone: what each entry counts towards, and the quarter's edges. */
class QuarterlyReportTest {

    static final String KEY =
            java.util.Base64.getEncoder().encodeToString("a test key of thirty-two bytes!!".getBytes());

    final TestDatabase db = TestDatabase.create();

    void at(String instant, AuditType type, String hubId, String event, Object detail) {
        AuditTrail trail = new AuditTrail(
                db.jdbc,
                Clock.fixed(Instant.parse(instant), ZoneOffset.UTC),
                new ChainKey(KEY),
                uk.safeguarding.hub.vault.TestVaults.shared());
        db.tx.executeWithoutResult(
                s -> trail.append(new AuditTrail.Entry(type, hubId, "agency", "9990000018", event, detail)));
    }

    static AuditDetail.Decided share(
            String basis, String role, boolean informSubject, boolean urgent, String duplicateOf) {
        return new AuditDetail.Decided(
                "SHARE",
                basis,
                "rule",
                1,
                List.of("why"),
                informSubject,
                urgent,
                role,
                "MATERNITY",
                null,
                null,
                duplicateOf,
                "full",
                List.of(),
                null,
                "d-1",
                null);
    }

    @Test
    void eachEntryCountsTowardsItsFigures() {
        String inQ4 = "2026-11-02T10:00:00Z";
        at(inQ4, AuditType.RECEIVED, "m1", "screening-result", Map.of());
        at(inQ4, AuditType.RECEIVED, "m2", "pregnancy-substance-use", Map.of());
        at(inQ4, AuditType.DECIDED, "m1", "screening-result", share("CONSENT", "GP", true, false, null));
        at(
                inQ4,
                AuditType.DECIDED,
                "m1",
                "screening-result",
                share("CHILD_PROTECTION_PLAN", "CHILDRENS_SOCIAL_CARE", false, false, null));
        at(
                inQ4,
                AuditType.DECIDED,
                "m1",
                "screening-result",
                new AuditDetail.Decided(
                        "WITHHOLD",
                        null,
                        null,
                        1,
                        List.of("no rule"),
                        null,
                        false,
                        "HEALTH_VISITOR",
                        "DRUG_TREATMENT",
                        null,
                        "NO_RULE",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null));
        at(
                inQ4,
                AuditType.DECIDED,
                "m2",
                "pregnancy-substance-use",
                share("SIGNIFICANT_HARM", "CHILDRENS_SOCIAL_CARE", true, true, "m0"));
        at(inQ4, AuditType.REFUSED, null, null, new AuditDetail.Refused("q-1", 400, "bad"));
        at(inQ4, AuditType.RECALLED, "m1", "screening-result", Map.of("deliveryId", "d-1"));
        at(inQ4, AuditType.URGENT_UNACKNOWLEDGED, "m2", "pregnancy-substance-use", Map.of("deliveryId", "d-2"));
        // As the hub writes a receipt now: the decisions to withhold in the receipt's own entry.
        at(
                inQ4,
                AuditType.RECEIVED,
                "m3",
                "treatment-dropout",
                Map.of(
                        "withheld",
                        Map.of(
                                "gp",
                                        Map.of(
                                                "decision",
                                                "WITHHOLD",
                                                "withheldBecause",
                                                "NOT_INVOLVED",
                                                "urgent",
                                                false),
                                "maternity",
                                        Map.of(
                                                "decision",
                                                "WITHHOLD",
                                                "withheldBecause",
                                                "NO_BASIS",
                                                "urgent",
                                                false))));

        QuarterlyReport.Figures f = new QuarterlyReport(new AuditTrail(
                        db.jdbc, Clock.systemUTC(), new ChainKey(KEY), uk.safeguarding.hub.vault.TestVaults.shared()))
                .figures("2026-Q4");
        assertThat(f.messagesReceivedByEvent())
                .containsExactly(
                        Map.entry("pregnancy-substance-use", 1L),
                        Map.entry("screening-result", 1L),
                        Map.entry("treatment-dropout", 1L));
        assertThat(f.decisions()).isEqualTo(6);
        assertThat(f.shares()).isEqualTo(3);
        assertThat(f.sharesByBasis())
                .containsExactly(
                        Map.entry("CHILD_PROTECTION_PLAN", 1L),
                        Map.entry("CONSENT", 1L),
                        Map.entry("SIGNIFICANT_HARM", 1L));
        assertThat(f.withheldByReason())
                .containsExactly(Map.entry("NOT_INVOLVED", 1L), Map.entry("NO_BASIS", 1L), Map.entry("NO_RULE", 1L));
        assertThat(f.statutorySharesServiceUserNotTold()).isEqualTo(1);
        assertThat(f.screeningResultsShared()).isEqualTo(2);
        assertThat(f.referralsToChildrensSocialCareBySourceRoleAndLevel())
                .containsExactly(Map.entry("MATERNITY level 3", 1L));
        assertThat(f.duplicateReferrals()).isEqualTo(1);
        assertThat(f.pregnantServiceUsersReferred()).isEqualTo(1);
        assertThat(f.messagesRefused()).isEqualTo(1);
        assertThat(f.recalled()).isEqualTo(1);
        assertThat(f.urgentUnacknowledgedAlerts()).isEqualTo(1);
    }

    static AuditDetail.Received received(String senderRole, String outcome, int children, int unborn) {
        return new AuditDetail.Received(
                "s", senderRole, 0, 6, null, null, null, null, null, outcome, children, unborn, null);
    }

    /** Joint guidance §10 as the second edition counts it: referrals to treatment, outcomes, overdue, parents and pregnancies. */
    @Test
    void referralsToTreatmentOutcomesOverdueReferralsParentsAndPregnantServiceUsers() {
        String inQ4 = "2026-11-02T10:00:00Z";
        at(inQ4, AuditType.RECEIVED, "t1", "screening-result", received("DRUG_TREATMENT", null, 2, 0));
        at(inQ4, AuditType.RECEIVED, "t2", "treatment-change", received("DRUG_TREATMENT", null, 2, 1));
        at(
                inQ4,
                AuditType.RECEIVED,
                "o1",
                "referral-outcome",
                received("CHILDRENS_SOCIAL_CARE", "child-in-need", 1, 0));
        at(inQ4, AuditType.RECEIVED, "o2", "referral-outcome", received("CHILDRENS_SOCIAL_CARE", "s47-enquiry", 1, 0));
        at(inQ4, AuditType.RECEIVED, "o3", "referral-outcome", received("CHILDRENS_SOCIAL_CARE", "s47-enquiry", 1, 0));
        at(
                inQ4,
                AuditType.DECIDED,
                "r1",
                "referral",
                new AuditDetail.Decided(
                        "SHARE",
                        "CONSENT",
                        "referral-to-treatment",
                        6,
                        List.of("consent"),
                        false,
                        false,
                        "DRUG_TREATMENT",
                        "CHILDRENS_SOCIAL_CARE",
                        null,
                        null,
                        null,
                        "referral",
                        List.of(),
                        null,
                        "d-9",
                        null));
        at(inQ4, AuditType.REFERRAL_OVERDUE, "r2", "referral", Map.of("due", "2026-11-01T10:00:00Z"));

        QuarterlyReport.Figures f = new QuarterlyReport(new AuditTrail(
                        db.jdbc, Clock.systemUTC(), new ChainKey(KEY), uk.safeguarding.hub.vault.TestVaults.shared()))
                .figures("2026-Q4");
        assertThat(f.referralsToDrugTreatmentBySourceRole()).containsExactly(Map.entry("CHILDRENS_SOCIAL_CARE", 1L));
        assertThat(f.referralOutcomesByKind())
                .containsExactly(Map.entry("child-in-need", 1L), Map.entry("s47-enquiry", 2L));
        assertThat(f.overdueReferrals()).isEqualTo(1);
        assertThat(f.parentsIdentifiedInTreatment()).isEqualTo(1); // one service user, two messages
        assertThat(f.pregnantServiceUsersInTreatment()).isEqualTo(1);
        assertThat(f.referralsToChildrensSocialCareBySourceRoleAndLevel()).isEmpty();
        assertThat(QuarterlyReport.csv(f))
                .contains(
                        "referralOutcomes,s47-enquiry,2\r\n",
                        "overdueReferrals,,1\r\n",
                        "parentsIdentifiedInTreatment,,1\r\n");
    }

    @Test
    void theQuarterRunsFromMidnightInLondonToMidnightInLondon() {
        // 1 October 2026 00:00 in London is 30 September 23:00 UTC (summer time); 1 January is midnight UTC.
        at("2026-09-30T22:59:59Z", AuditType.RECEIVED, "before", "referral", Map.of());
        at("2026-09-30T23:00:00Z", AuditType.RECEIVED, "first", "referral", Map.of());
        at("2026-12-31T23:59:59Z", AuditType.RECEIVED, "last", "referral", Map.of());
        at("2027-01-01T00:00:00Z", AuditType.RECEIVED, "after", "referral", Map.of());
        QuarterlyReport.Figures f = new QuarterlyReport(new AuditTrail(
                        db.jdbc, Clock.systemUTC(), new ChainKey(KEY), uk.safeguarding.hub.vault.TestVaults.shared()))
                .figures("2026-Q4");
        assertThat(f.messagesReceivedByEvent()).containsExactly(Map.entry("referral", 2L));
        assertThat(f.from()).isEqualTo("2026-09-30T23:00:00Z");
        assertThat(f.to()).isEqualTo("2027-01-01T00:00:00Z");
    }

    @Test
    void aQuarterIsWrittenYearDashQNumber() {
        assertThat(QuarterlyReport.isQuarter("2026-Q4")).isTrue();
        assertThat(QuarterlyReport.isQuarter("2026-Q5")).isFalse();
        assertThatThrownBy(() -> new QuarterlyReport(null).figures("Q4 2026"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
