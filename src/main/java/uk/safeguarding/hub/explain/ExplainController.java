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
import uk.safeguarding.hub.intake.FhirMessageReader;
import uk.safeguarding.hub.intake.IntakeProperties;
import uk.safeguarding.hub.intake.OperationOutcomes;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.message.MessageRefused;
import uk.safeguarding.hub.policy.Decision;
import uk.safeguarding.hub.policy.SharingDecisions;
import uk.safeguarding.hub.register.Registers;

/**
 * {@code POST /api/decisions/explain}: the decisions the hub would make now for a message, from the same reader,
 * registers and engine as intake, storing and sending nothing. A message intake would refuse gets the same
 * status and OperationOutcome. An agency asking about a family it is not involved with is answered as for a
 * family the hub does not know. Every call is audited with its subject (AccessAuditFilter).
 */
@RestController
class ExplainController {

    record Explanation(String event, List<Decision> decisions) {}

    private final FhirMessageReader reader;
    private final OperationOutcomes outcomes;
    private final Registers registers;
    private final IntakeProperties intake;
    private final SharingDecisions sharingDecisions;

    ExplainController(
            FhirMessageReader reader,
            OperationOutcomes outcomes,
            Registers registers,
            IntakeProperties intake,
            SharingDecisions sharingDecisions) {
        this.sharingDecisions = sharingDecisions;
        this.intake = intake;
        this.reader = reader;
        this.outcomes = outcomes;
        this.registers = registers;
    }

    @PostMapping("/api/decisions/explain")
    ResponseEntity<?> explain(InputStream body, @AuthenticationPrincipal UserDetails caller, HttpServletRequest request)
            throws IOException {
        try {
            byte[] bytes = body.readNBytes(intake.maxBytes() + 1);
            intake.requireWithinLimit(bytes);
            boolean agency = caller.getAuthorities().stream()
                    .anyMatch(a -> a.getAuthority().equals("ROLE_AGENCY"));
            InboundMessage message = reader.read(bytes, agency ? caller.getUsername() : null);
            request.setAttribute(Access.SUBJECT, message.serviceUserNhsNumber());
            // SharingDecisions checks the sender and the admissibility exactly as intake does.
            // An agency learns nothing about a family it is not involved with; an officer sees what intake would.
            var facts = agency ? registers.factsKnownTo(message, caller.getUsername()) : registers.factsFor(message);
            List<Decision> decisions = sharingDecisions.decide(message, facts).decisions();
            return ResponseEntity.ok()
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(new Explanation(message.event().code(), decisions));
        } catch (MessageRefused refused) {
            return ResponseEntity.status(refused.status())
                    .contentType(MediaType.parseMediaType("application/fhir+json"))
                    .body(outcomes.toJson(refused));
        }
    }
}
