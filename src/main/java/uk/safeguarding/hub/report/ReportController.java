package uk.safeguarding.hub.report;

import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/reports/quarterly?quarter=2026-Q4}: JSON, or CSV with {@code format=csv} or Accept text/csv. */
@RestController
class ReportController {

    private final QuarterlyReport report;

    ReportController(QuarterlyReport report) {
        this.report = report;
    }

    @GetMapping("/api/reports/quarterly")
    ResponseEntity<?> quarterly(
            @RequestParam(required = false) String quarter,
            @RequestParam(required = false) String format,
            @RequestHeader(value = "Accept", required = false) String accept) {
        String q = quarter != null ? quarter : QuarterlyReport.currentQuarter();
        if (!QuarterlyReport.isQuarter(q)) {
            return ResponseEntity.badRequest().body(Map.of("problems", List.of("quarter must look like 2026-Q4")));
        }
        QuarterlyReport.Figures figures = report.figures(q);
        if ("csv".equalsIgnoreCase(format) || (accept != null && accept.contains("text/csv"))) {
            return ResponseEntity.ok()
                    .contentType(MediaType.parseMediaType("text/csv"))
                    .header("Content-Disposition", "attachment; filename=\"monitoring-" + q + ".csv\"")
                    .body(QuarterlyReport.csv(figures));
        }
        return ResponseEntity.ok(figures);
    }
}
