package uk.safeguarding.hub.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.audit.AuditDetail;
import uk.safeguarding.hub.audit.AuditTrail;
import uk.safeguarding.hub.audit.Csv;
import uk.safeguarding.hub.message.AgencyRole;
import uk.safeguarding.hub.message.Event;
import uk.safeguarding.hub.policy.Basis;
import uk.safeguarding.hub.policy.PolicyEngine;

/**
 * The monitoring figures of Joint guidance §10 for one quarter (Europe/London calendar quarters), counted from the audit
 * trail's entries alone: what was received, each decision, recalls and alerts. Referrals to children's social
 * care are counted by source role and level: a referral's own level; a pregnancy or neonatal notice that was a
 * mandatory referral (SIGNIFICANT_HARM) counts as level 2, or 3 when urgent; one shared with consent as level 1.
 * Referrals to drug treatment services are counted by source role; referral outcomes by kind; overdue referrals as
 * raised. Parents identified in treatment are the distinct service users of drug treatment messages whose family
 * had a child under 18 at the decision; pregnant service users in treatment those whose family had an unborn child.
 */
@Component
public class QuarterlyReport {

    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private final AuditTrail audit;

    public QuarterlyReport(AuditTrail audit) {
        this(audit, null);
    }

    /** With the review queue: the openings of content made in the quarter, and what became of them. */
    @org.springframework.beans.factory.annotation.Autowired
    public QuarterlyReport(AuditTrail audit, uk.safeguarding.hub.review.ContentOpenings openings) {
        this.audit = audit;
        this.openings = openings;
    }

    private final uk.safeguarding.hub.review.ContentOpenings openings;

    /** The figures. Maps are sorted by key so that reports compare line by line. */
    public record Figures(
            String quarter,
            String from,
            String to,
            Map<String, Long> messagesReceivedByEvent,
            long messagesRefused,
            long decisions,
            long shares,
            Map<String, Long> sharesByBasis,
            Map<String, Long> withheldByReason,
            Map<String, Long> referralsToChildrensSocialCareBySourceRoleAndLevel,
            long duplicateReferrals,
            long pregnantServiceUsersReferred,
            long screeningResultsShared,
            long dropoutsNotified,
            long statutorySharesServiceUserNotTold,
            long recalled,
            long urgentUnacknowledgedAlerts,
            Map<String, Long> referralsToDrugTreatmentBySourceRole,
            Map<String, Long> referralOutcomesByKind,
            long overdueReferrals,
            long parentsIdentifiedInTreatment,
            long pregnantServiceUsersInTreatment,
            long contentOpenings,
            Map<String, Long> contentOpeningsByFinding,
            long contentOpeningsUnreviewedLate) {}

    /** The quarter today is in (Europe/London), as 2026-Q4. */
    public static String currentQuarter() {
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/London"));
        return today.getYear() + "-Q" + ((today.getMonthValue() - 1) / 3 + 1);
    }

    public static boolean isQuarter(String quarter) {
        return quarter != null && QUARTER.matcher(quarter).matches();
    }

    public Figures figures(String quarter) {
        Matcher m = QUARTER.matcher(quarter);
        if (!m.matches()) {
            throw new IllegalArgumentException("quarter must look like 2026-Q4");
        }
        LocalDate start = LocalDate.of(Integer.parseInt(m.group(1)), (Integer.parseInt(m.group(2)) - 1) * 3 + 1, 1);
        LocalDate end = start.plusMonths(3);
        // recorded_at is an ISO instant (UTC); comparing with whole-second prefixes keeps the boundaries exact.
        String from =
                start.atStartOfDay(LONDON).withZoneSameInstant(ZoneOffset.UTC).format(STAMP);
        String to = end.atStartOfDay(LONDON).withZoneSameInstant(ZoneOffset.UTC).format(STAMP);

        Tally t = new Tally();
        audit.forEachBetween(from, to, entry -> t.count(entry));
        // Openings of content made in the quarter, by their review's finding as it stands now ("UNREVIEWED" if none).
        List<uk.safeguarding.hub.review.ContentOpenings.Opening> opened = openings == null
                ? List.of()
                : openings.openedBetween(Instant.parse(from + "Z"), Instant.parse(to + "Z"));
        Map<String, Long> byFinding = new TreeMap<>();
        opened.forEach(o ->
                byFinding.merge(o.outcome() == null ? "UNREVIEWED" : o.outcome().name(), 1L, Long::sum));
        long late =
                openings == null ? 0 : opened.stream().filter(openings::late).count();
        return new Figures(
                quarter,
                from + "Z",
                to + "Z",
                t.received,
                t.refused,
                t.decisions,
                t.shares,
                t.byBasis,
                t.withheld,
                t.referrals,
                t.duplicates,
                t.pregnantReferred.size(),
                t.screeningShared,
                t.dropoutMessages.size(),
                t.statutoryNotTold,
                t.recalled,
                t.urgentAlerts,
                t.referralsToTreatment,
                t.outcomes,
                t.overdue,
                t.parentsInTreatment.size(),
                t.pregnantInTreatment.size(),
                opened.size(),
                byFinding,
                late);
    }

    /** The running counts, one audit entry at a time. */
    private static final class Tally {
        final Map<String, Long> received = new TreeMap<>();
        final Map<String, Long> byBasis = new TreeMap<>();
        final Map<String, Long> withheld = new TreeMap<>();
        final Map<String, Long> referrals = new TreeMap<>();
        final Set<String> pregnantReferred = new HashSet<>();
        final Set<String> dropoutMessages = new HashSet<>();
        final Map<String, Long> referralsToTreatment = new TreeMap<>();
        final Map<String, Long> outcomes = new TreeMap<>();
        final Set<String> parentsInTreatment = new HashSet<>();
        final Set<String> pregnantInTreatment = new HashSet<>();
        long overdue;
        long refused;
        long decisions;
        long shares;
        long duplicates;
        long screeningShared;
        long statutoryNotTold;
        long recalled;
        long urgentAlerts;

        void count(AuditTrail.Recorded entry) {
            switch (entry.type()) {
                case RECEIVED -> received(entry, entry.detail(AuditDetail.Received.class));
                case REFERRAL_OVERDUE -> overdue++;
                case REFUSED -> refused++;
                case RECALLED -> recalled++;
                case URGENT_UNACKNOWLEDGED -> urgentAlerts++;
                case DECIDED -> decided(entry, entry.detail(AuditDetail.Decided.class));
                default -> {}
            }
        }

        private void received(AuditTrail.Recorded entry, AuditDetail.Received r) {
            received.merge(entry.event(), 1L, Long::sum);
            // Decisions to withhold are recorded in the receipt's entry (earlier ones as DECIDED entries).
            if (r.withheld() != null) {
                r.withheld().values().forEach(d -> decided(entry, d));
            }
            if (r.referralOutcome() != null) {
                outcomes.merge(r.referralOutcome(), 1L, Long::sum);
            }
            if (AgencyRole.DRUG_TREATMENT.name().equals(r.senderRole()) && entry.subjectNhs() != null) {
                if (r.childrenInFamily() != null && r.childrenInFamily() > 0) {
                    parentsInTreatment.add(entry.subjectNhs());
                }
                if ((r.unbornInFamily() != null && r.unbornInFamily() > 0)
                        || Event.PREGNANCY_SUBSTANCE_USE.code().equals(entry.event())) {
                    pregnantInTreatment.add(entry.subjectNhs());
                }
            }
        }

        private void decided(AuditTrail.Recorded entry, AuditDetail.Decided d) {
            decisions++;
            if (!d.shared()) {
                withheld.merge(d.withheldBecause() == null ? "UNRECORDED" : d.withheldBecause(), 1L, Long::sum);
                return;
            }
            shares++;
            Basis basis = Basis.valueOf(d.basis());
            byBasis.merge(basis.name(), 1L, Long::sum);
            if (basis.statutory() && Boolean.FALSE.equals(d.informSubject())) {
                statutoryNotTold++;
            }
            Event e = Event.fromCode(entry.event()).orElseThrow();
            if (e == Event.SCREENING_RESULT) {
                screeningShared++;
            }
            if (e == Event.TREATMENT_DROPOUT) {
                dropoutMessages.add(entry.hubMessageId());
            }
            if (e == Event.REFERRAL && AgencyRole.DRUG_TREATMENT.name().equals(d.role())) {
                referralsToTreatment.merge(d.senderRole(), 1L, Long::sum);
            }
            boolean toSocialCare = AgencyRole.CHILDRENS_SOCIAL_CARE.name().equals(d.role());
            boolean referral = e == Event.REFERRAL
                    || PolicyEngine.isReferral(e, basis)
                    || ((e == Event.PREGNANCY_SUBSTANCE_USE || e == Event.NEONATAL_WITHDRAWAL)
                            && basis == Basis.CONSENT);
            if (toSocialCare && referral) {
                String level = e == Event.REFERRAL
                        ? String.valueOf(d.referralLevel())
                        : basis == Basis.CONSENT ? "1" : d.urgent() ? "3" : "2";
                referrals.merge(d.senderRole() + " level " + level, 1L, Long::sum);
                if (d.duplicateOf() != null) {
                    duplicates++;
                }
                if (e == Event.PREGNANCY_SUBSTANCE_USE) {
                    pregnantReferred.add(entry.subjectNhs());
                }
            }
        }
    }

    /** The same figures as CSV: figure,key,count. */
    public static String csv(Figures f) {
        Csv out = new Csv("figure", "key", "count");
        out.row("quarter", f.quarter(), null);
        f.messagesReceivedByEvent().forEach((k, v) -> out.row("messagesReceived", k, v));
        out.row("messagesRefused", "", f.messagesRefused());
        out.row("decisions", "", f.decisions());
        out.row("shares", "", f.shares());
        f.sharesByBasis().forEach((k, v) -> out.row("sharesByBasis", k, v));
        f.withheldByReason().forEach((k, v) -> out.row("withheldByReason", k, v));
        f.referralsToChildrensSocialCareBySourceRoleAndLevel()
                .forEach((k, v) -> out.row("referralsToChildrensSocialCare", k, v));
        out.row("duplicateReferrals", "", f.duplicateReferrals());
        out.row("pregnantServiceUsersReferred", "", f.pregnantServiceUsersReferred());
        out.row("screeningResultsShared", "", f.screeningResultsShared());
        out.row("dropoutsNotified", "", f.dropoutsNotified());
        out.row("statutorySharesServiceUserNotTold", "", f.statutorySharesServiceUserNotTold());
        out.row("recalled", "", f.recalled());
        out.row("urgentUnacknowledgedAlerts", "", f.urgentUnacknowledgedAlerts());
        f.referralsToDrugTreatmentBySourceRole().forEach((k, v) -> out.row("referralsToDrugTreatment", k, v));
        f.referralOutcomesByKind().forEach((k, v) -> out.row("referralOutcomes", k, v));
        out.row("overdueReferrals", "", f.overdueReferrals());
        out.row("parentsIdentifiedInTreatment", "", f.parentsIdentifiedInTreatment());
        out.row("pregnantServiceUsersInTreatment", "", f.pregnantServiceUsersInTreatment());
        out.row("contentOpenings", "", f.contentOpenings());
        f.contentOpeningsByFinding().forEach((k, v) -> out.row("contentOpeningsByFinding", k, v));
        out.row("contentOpeningsUnreviewedLate", "", f.contentOpeningsUnreviewedLate());
        return out.toString();
    }
}
