package uk.safeguarding.hub.policy;

import java.security.Principal;
import java.util.List;
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
 * The rule set for information governance officers: read it, its history, check a proposal, and replace it
 * (a dry run of a proposal is the explain package's {@code DryRunController}). A replacement needs a reason (query {@code reason} or header
 * {@code X-Change-Reason}), must carry the next version, and is refused with every problem listed (422) if
 * anything is wrong, leaving the running rules as they were.
 */
@RestController
@RequestMapping("/api/rules")
class RulesController {

    static final MediaType YAML = MediaType.parseMediaType("application/yaml");

    private final RuleStore store;
    private final PolicyEngine engine;

    RulesController(RuleStore store, PolicyEngine engine) {
        this.store = store;
        this.engine = engine;
    }

    @GetMapping
    ResponseEntity<String> current() {
        RuleSet rules = engine.rules();
        return ResponseEntity.ok()
                .contentType(YAML)
                .header("X-Rules-Version", String.valueOf(rules.version()))
                .body(rules.source());
    }

    @GetMapping("/versions")
    List<RuleStore.Version> versions() {
        return store.history();
    }

    @PostMapping("/validate")
    ResponseEntity<RuleStore.Outcome> validate(@RequestAttribute(RuleBodies.BODY) String yaml) {
        RuleStore.Outcome outcome = store.validate(yaml);
        return ResponseEntity.status(outcome.valid() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_CONTENT)
                .body(outcome);
    }

    @PutMapping
    ResponseEntity<RuleStore.Outcome> replace(
            @RequestAttribute(RuleBodies.BODY) String yaml,
            @RequestParam(required = false) String reason,
            @RequestHeader(value = "X-Change-Reason", required = false) String reasonHeader,
            Principal who) {
        String why = reason != null ? reason : reasonHeader;
        if (why == null || why.isBlank()) {
            return ResponseEntity.badRequest()
                    .body(new RuleStore.Outcome(
                            false,
                            null,
                            List.of("say why: a reason (query 'reason' or header X-Change-Reason) is required")));
        }
        RuleStore.Outcome outcome = store.replace(yaml, who.getName(), why);
        return ResponseEntity.status(outcome.valid() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_CONTENT)
                .body(outcome);
    }
}
