package uk.safeguarding.hub.policy;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The rule set for information governance officers (API.md): read it, check a proposal, dry-run a proposal
 * against recent messages, and replace it. A replacement needs a reason (query {@code reason} or header
 * {@code X-Change-Reason}), must carry the next version, and is refused with every problem listed (422) if
 * anything is wrong, leaving the running rules as they were.
 */
@RestController
@RequestMapping("/api/rules")
class RulesController {

    static final MediaType YAML = MediaType.parseMediaType("application/yaml");

    private final RuleStore store;
    private final PolicyEngine engine;
    private final DryRun dryRun;

    RulesController(RuleStore store, PolicyEngine engine, DryRun dryRun) {
        this.store = store;
        this.engine = engine;
        this.dryRun = dryRun;
    }

    @GetMapping
    ResponseEntity<String> current() {
        RuleSet rules = engine.rules();
        return ResponseEntity.ok().contentType(YAML).header("X-Rules-Version", String.valueOf(rules.version()))
                .body(rules.source());
    }

    @GetMapping("/versions")
    List<RuleStore.Version> versions() {
        return store.history();
    }

    @PostMapping("/validate")
    ResponseEntity<RuleStore.Outcome> validate(@RequestAttribute(RuleBodies.BODY) String yaml) {
        RuleStore.Outcome outcome = store.validate(yaml);
        return ResponseEntity.status(outcome.valid() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_CONTENT).body(outcome);
    }

    @PostMapping("/dry-run")
    ResponseEntity<?> dryRun(@RequestAttribute(RuleBodies.BODY) String yaml, @RequestParam(defaultValue = "30") int days) {
        if (days < 1 || days > dryRun.daysKept()) {
            return ResponseEntity.badRequest().body(Map.of("problems", List.of("days must be 1 to " + dryRun.daysKept()
                    + " (hub.policy.keep-messages-for: older messages keep only their decisions)")));
        }
        try {
            return ResponseEntity.ok(dryRun.run(RuleFileLoader.parse(yaml, "proposed rules"), days));
        } catch (RuleFileException e) {
            return ResponseEntity.unprocessableContent().body(new RuleStore.Outcome(false, null, e.problems()));
        }
    }

    @PutMapping
    ResponseEntity<RuleStore.Outcome> replace(@RequestAttribute(RuleBodies.BODY) String yaml, @RequestParam(required = false) String reason,
            @RequestHeader(value = "X-Change-Reason", required = false) String reasonHeader, Principal who) {
        String why = reason != null ? reason : reasonHeader;
        if (why == null || why.isBlank()) {
            return ResponseEntity.badRequest().body(new RuleStore.Outcome(false, null,
                    List.of("say why: a reason (query 'reason' or header X-Change-Reason) is required")));
        }
        RuleStore.Outcome outcome = store.replace(yaml, who.getName(), why);
        return ResponseEntity.status(outcome.valid() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_CONTENT).body(outcome);
    }
}
