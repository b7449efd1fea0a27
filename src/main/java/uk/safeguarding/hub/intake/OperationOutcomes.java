package uk.safeguarding.hub.intake;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.message.MessageRefused;

/** Turns a refusal into the FHIR {@code OperationOutcome} an agency system reads. */
@Component
public class OperationOutcomes {

    private final FhirContext fhir;

    public OperationOutcomes(FhirContext fhir) {
        this.fhir = fhir;
    }

    public String toJson(MessageRefused refused) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(OperationOutcome.IssueType.fromCode(refused.issueCode()))
                .setDiagnostics(refused.getMessage());
        return fhir.newJsonParser().encodeResourceToString(outcome);
    }
}
