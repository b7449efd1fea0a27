package uk.safeguarding.hub.retention;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.safeguarding.hub.message.NhsNumber;

/** The retention policy and what was pruned (IG_OFFICER, OPS); legal holds (IG_OFFICER). */
@RestController
class RetentionController {

    private final Retention retention;
    private final LegalHolds holds;

    RetentionController(Retention retention, LegalHolds holds) {
        this.retention = retention;
        this.holds = holds;
    }

    @GetMapping("/api/retention")
    Map<String, Object> policy() {
        RetentionProperties p = retention.policy();
        Map<String, Object> days = new LinkedHashMap<>();
        days.put("delivered-shares", p.deliveredShares().toDays());
        days.put("decisions", p.decisions().toDays());
        days.put("quarantined-messages", p.quarantinedMessages().toDays());
        days.put("audit-entries", p.auditEntries().toDays());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("keptForDays", days);
        body.put("pruned", retention.figures());
        body.put("legalHolds", holds.all().size());
        return body;
    }

    @GetMapping("/api/legal-holds")
    List<LegalHolds.Hold> holds() {
        return holds.all();
    }

    @PostMapping("/api/legal-holds")
    ResponseEntity<?> place(
            @RequestParam String nhsNumber, @RequestParam(required = false) String reason, Principal who) {
        if (!NhsNumber.isValid(nhsNumber)) {
            return ResponseEntity.badRequest().body(Map.of("problem", "not an NHS number"));
        }
        if (reason == null || reason.isBlank()) {
            return ResponseEntity.badRequest().body(Map.of("problem", "say why: a reason is required"));
        }
        boolean placed = holds.place(nhsNumber, who.getName(), reason.strip());
        return ResponseEntity.status(placed ? HttpStatus.CREATED : HttpStatus.OK)
                .body(Map.of("nhsNumber", nhsNumber, "held", true, "new", placed));
    }

    @DeleteMapping("/api/legal-holds/{nhsNumber}")
    ResponseEntity<?> lift(
            @PathVariable String nhsNumber, @RequestParam(required = false) String reason, Principal who) {
        if (reason == null || reason.isBlank()) {
            return ResponseEntity.badRequest().body(Map.of("problem", "say why: a reason is required"));
        }
        return holds.lift(nhsNumber, who.getName(), reason.strip())
                ? ResponseEntity.ok(Map.of("nhsNumber", nhsNumber, "held", false))
                : ResponseEntity.notFound().build();
    }
}
