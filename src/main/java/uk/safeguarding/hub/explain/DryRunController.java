package uk.safeguarding.hub.explain;

import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.safeguarding.hub.governance.Outcome;
import uk.safeguarding.hub.policy.RuleBodies;
import uk.safeguarding.hub.policy.RuleFileException;
import uk.safeguarding.hub.policy.RuleFileLoader;

/**
 * {@code POST /api/rules/dry-run?days=N} (IG_OFFICER): a proposed rule file decided against the messages of the
 * last N days ({@link DryRun}); 400 for days out of range, 422 with every problem for a bad rule file.
 */
@RestController
class DryRunController {

    private final DryRun dryRun;

    DryRunController(DryRun dryRun) {
        this.dryRun = dryRun;
    }

    @PostMapping("/api/rules/dry-run")
    ResponseEntity<?> dryRun(
            @RequestAttribute(RuleBodies.BODY) String yaml, @RequestParam(defaultValue = "30") int days) {
        if (days < 1 || days > dryRun.daysKept()) {
            return ResponseEntity.badRequest()
                    .body(Map.of(
                            "problems",
                            List.of("days must be 1 to " + dryRun.daysKept()
                                    + " (hub.policy.keep-messages-for: older messages keep only their decisions)")));
        }
        try {
            return ResponseEntity.ok(dryRun.run(RuleFileLoader.parse(yaml, "proposed rules"), days));
        } catch (RuleFileException e) {
            return ResponseEntity.unprocessableContent().body(new Outcome(false, null, e.problems()));
        }
    }
}
