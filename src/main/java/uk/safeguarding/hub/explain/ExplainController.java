package uk.safeguarding.hub.explain;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import uk.safeguarding.hub.audit.Access;
import uk.safeguarding.hub.intake.IntakeProperties;
import uk.safeguarding.hub.intake.OperationOutcomes;
import uk.safeguarding.hub.message.MessageRefused;
import uk.safeguarding.hub.policy.Decision;

/**
 * {@code POST /api/decisions/explain}: the decisions the hub would make now for a message, from the same reader,
 * registers and engine as intake, storing and sending nothing. A message intake would refuse gets the same
 * status and OperationOutcome. An agency asking about a family it is not involved with is answered as for a
 * family the hub does not know. Every call is audited with its subject (AccessAuditFilter).
 */
@RestController
class ExplainController {

    record Explanation(String event, List<Decision> decisions) {}

    private final Explanations explanations;
    private final OperationOutcomes outcomes;
    private final IntakeProperties intake;

    ExplainController(Explanations explanations, OperationOutcomes outcomes, IntakeProperties intake) {
        this.explanations = explanations;
        this.outcomes = outcomes;
        this.intake = intake;
    }

    @PostMapping("/api/decisions/explain")
    ResponseEntity<?> explain(InputStream body, @AuthenticationPrincipal UserDetails caller, HttpServletRequest request)
            throws IOException {
        try {
            byte[] bytes = body.readNBytes(intake.maxBytes() + 1);
            intake.requireWithinLimit(bytes);
            boolean agency = caller.getAuthorities().stream()
                    .anyMatch(a -> a.getAuthority().equals("ROLE_AGENCY"));
            Explanations.Explanation e = explanations.ofSent(bytes, agency ? caller.getUsername() : null);
            request.setAttribute(Access.SUBJECT, e.subject());
            return ResponseEntity.ok()
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(new Explanation(e.event(), e.decisions()));
        } catch (MessageRefused refused) {
            return ResponseEntity.status(refused.status())
                    .contentType(MediaType.parseMediaType("application/fhir+json"))
                    .body(outcomes.toJson(refused));
        }
    }
}
