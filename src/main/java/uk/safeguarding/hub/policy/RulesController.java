package uk.safeguarding.hub.policy;

import java.security.Principal;
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
import uk.safeguarding.hub.governance.GovernedDocumentApi;
import uk.safeguarding.hub.governance.Outcome;
import uk.safeguarding.hub.governance.Proposals;

/**
 * The rule set for information governance officers: read it, its history and the difference between two
 * versions, check a proposal, and change it (a dry run of a proposal is the explain package's {@code
 * DryRunController}). A change needs a reason (query {@code reason} or header {@code X-Change-Reason}), must carry
 * the next version, and is refused with every problem listed (422) if anything is wrong, leaving the running rules
 * as they were. With four eyes (the default) {@code PUT /api/rules} proposes: {@code 202} with the proposal,
 * applied when another officer approves it ({@code POST /api/rules/proposals/{id}/approve}: 200; 403 for the
 * proposer; 409 when no longer open or the rules moved on); without, it applies at once (200).
 */
@RestController
@RequestMapping("/api/rules")
class RulesController extends GovernedDocumentApi {

    static final MediaType YAML = MediaType.parseMediaType("application/yaml");

    private final RuleStore store;
    private final PolicyEngine engine;
    private final Proposals proposals;

    RulesController(
            RuleStore store,
            PolicyEngine engine,
            @org.springframework.beans.factory.annotation.Qualifier("ruleProposals") Proposals proposals) {
        super(store, proposals);
        this.store = store;
        this.engine = engine;
        this.proposals = proposals;
    }

    @GetMapping
    ResponseEntity<String> current() {
        RuleSet rules = engine.rules();
        return ResponseEntity.ok()
                .contentType(YAML)
                .header("X-Rules-Version", String.valueOf(rules.version()))
                .body(rules.source());
    }

    @PostMapping("/validate")
    ResponseEntity<Outcome> validate(@RequestAttribute(RuleBodies.BODY) String yaml) {
        Outcome outcome = store.validate(yaml);
        return ResponseEntity.status(outcome.valid() ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_CONTENT)
                .body(outcome);
    }

    @PutMapping
    ResponseEntity<?> replace(
            @RequestAttribute(RuleBodies.BODY) String yaml,
            @RequestParam(required = false) String reason,
            @RequestHeader(value = "X-Change-Reason", required = false) String reasonHeader,
            Principal who) {
        return propose(yaml, reason, reasonHeader, who);
    }

    /** Proposes an earlier version's content as the next version. */
    @PostMapping("/rollback")
    ResponseEntity<?> rollBack(
            @RequestParam int to,
            @RequestParam(required = false) String reason,
            @RequestHeader(value = "X-Change-Reason", required = false) String reasonHeader,
            Principal who) {
        return withReason(reason, reasonHeader, why -> proposals.rollBack(to, who.getName(), why));
    }
}
