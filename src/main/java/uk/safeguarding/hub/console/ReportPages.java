package uk.safeguarding.hub.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import uk.safeguarding.hub.report.QuarterlyReport;

/**
 * The quarterly monitoring figures for officers and auditors, from the same QuarterlyReport as {@code GET
 * /api/reports/quarterly}: the single figures, each breakdown as a bar chart drawn by the server with its numbers,
 * the CSV, and a page that prints without its navigation.
 */
@Controller
class ReportPages {

    /** One bar: its label, its count and its length in pixels (the longest of its chart is 300). */
    record Bar(String label, long count, long width) {}

    record Chart(String id, String title, List<Bar> bars, long total) {}

    private final QuarterlyReport report;

    ReportPages(QuarterlyReport report) {
        this.report = report;
    }

    @GetMapping("/console/reports")
    String quarterly(@RequestParam(required = false) String quarter, Model model) {
        String q = quarter == null || quarter.isBlank() ? QuarterlyReport.currentQuarter() : quarter.strip();
        model.addAttribute("quarter", q);
        if (!QuarterlyReport.isQuarter(q)) {
            model.addAttribute("problem", "The quarter must look like 2026-Q4.");
            return "console/reports";
        }
        QuarterlyReport.Figures f = report.figures(q);
        model.addAttribute("f", f);
        Map<String, Long> single = new LinkedHashMap<>();
        single.put("Messages refused", f.messagesRefused());
        single.put("Decisions", f.decisions());
        single.put("Shares", f.shares());
        single.put("Duplicate referrals", f.duplicateReferrals());
        single.put("Pregnant service users referred", f.pregnantServiceUsersReferred());
        single.put("Screening results shared", f.screeningResultsShared());
        single.put("Treatment dropouts notified", f.dropoutsNotified());
        single.put("Statutory shares the service user was not told of", f.statutorySharesServiceUserNotTold());
        single.put("Shares recalled", f.recalled());
        single.put("Urgent shares not acknowledged in time", f.urgentUnacknowledgedAlerts());
        single.put("Referrals overdue for an outcome", f.overdueReferrals());
        single.put("Parents identified in treatment", f.parentsIdentifiedInTreatment());
        single.put("Pregnant service users in treatment", f.pregnantServiceUsersInTreatment());
        single.put("Message content opened for a review", f.contentOpenings());
        single.put("Openings not reviewed by a Caldicott guardian in time", f.contentOpeningsUnreviewedLate());
        model.addAttribute("single", single);
        // Figures that call for action show red when not nought.
        model.addAttribute(
                "warnings",
                java.util.Set.of(
                        "Openings not reviewed by a Caldicott guardian in time",
                        "Referrals overdue for an outcome",
                        "Urgent shares not acknowledged in time"));
        model.addAttribute(
                "charts",
                List.of(
                        chart("received", "Messages received, by event", f.messagesReceivedByEvent(), k -> W.events(k)),
                        chart("bases", "Shares, by legal basis", f.sharesByBasis(), k -> W.basis(k)),
                        chart("withheld", "Not shared, by reason", f.withheldByReason(), k -> W.withheld(k)),
                        chart(
                                "referrals-csc",
                                "Referrals to children's social care, by source and level",
                                f.referralsToChildrensSocialCareBySourceRoleAndLevel(),
                                ReportPages::sourceAndLevel),
                        chart(
                                "referrals-treatment",
                                "Referrals to drug treatment, by source",
                                f.referralsToDrugTreatmentBySourceRole(),
                                k -> W.roles(k)),
                        chart(
                                "outcomes",
                                "Referral outcomes, by kind",
                                f.referralOutcomesByKind(),
                                k -> W.of("outcome", k)),
                        chart(
                                "openings",
                                "Openings of message content, by the Caldicott guardian's finding",
                                f.contentOpeningsByFinding(),
                                k -> W.of("finding", k))));
        return "console/reports";
    }

    @GetMapping("/console/reports.csv")
    ResponseEntity<String> csv(@RequestParam(required = false) String quarter) {
        String q = quarter == null || quarter.isBlank() ? QuarterlyReport.currentQuarter() : quarter.strip();
        if (!QuarterlyReport.isQuarter(q)) {
            return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body("quarter must look like 2026-Q4");
        }
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("text/csv;charset=UTF-8"))
                .header("Content-Disposition", "attachment; filename=\"monitoring-" + q + ".csv\"")
                .body(QuarterlyReport.csv(report.figures(q)));
    }

    private static final uk.safeguarding.hub.message.Words W = uk.safeguarding.hub.message.Words.EN;

    /** "GP level 2" in words: "GP practices, level 2". */
    private static String sourceAndLevel(String key) {
        int at = key.indexOf(" level ");
        return at < 0 ? W.roles(key) : W.roles(key.substring(0, at)) + ", level " + key.substring(at + 7);
    }

    /** A chart of counts whose keys are codes, each bar labelled in words (the CSV keeps the codes). */
    private static Chart chart(
            String id, String title, Map<String, Long> counts, java.util.function.Function<String, String> words) {
        long most = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
        List<Bar> bars = new ArrayList<>();
        counts.forEach((k, v) -> bars.add(new Bar(
                Character.toUpperCase(words.apply(k).charAt(0)) + words.apply(k).substring(1),
                v,
                most == 0 ? 0 : Math.max(v > 0 ? 2 : 0, 300 * v / most))));
        return new Chart(
                id,
                title,
                bars,
                counts.values().stream().mapToLong(Long::longValue).sum());
    }
}
