package uk.safeguarding.hub.delivery;

import ca.uhn.fhir.context.FhirContext;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.message.FhirSystems;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.policy.Decision;

/**
 * The sender's receipt (docs/interfaces.md): a response Bundle of type message whose MessageHeader answers the sender's
 * MessageHeader with {@code ok}, and a Parameters resource with the hub's and the sender's message ids and one {@code decision} per
 * candidate recipient (agency, role, decision, basis, ruleId, ruleVersion, reason, informSubject, urgent, profile).
 */
@Component
public class ReceiptWriter {

    private final FhirContext fhir;

    public ReceiptWriter(FhirContext fhir) {
        this.fhir = fhir;
    }

    public String receipt(InboundMessage message, List<Decision> decisions) {
        Parameters parameters = new Parameters();
        parameters.setId(UUID.randomUUID().toString());
        parameters.addParameter("hubMessageId", message.hubMessageId());
        parameters.addParameter("senderMessageId", message.senderMessageId());
        parameters.addParameter("event", new CodeType(message.event().code()));
        for (Decision d : decisions) {
            Parameters.ParametersParameterComponent p =
                    parameters.addParameter().setName("decision");
            p.addPart().setName("agency").setValue(new StringType(d.agency()));
            p.addPart().setName("role").setValue(new CodeType(d.role().name()));
            p.addPart().setName("decision").setValue(new CodeType(d.decision().name()));
            if (d.basis() != null) {
                p.addPart().setName("basis").setValue(new CodeType(d.basis().name()));
            }
            if (d.ruleId() != null) {
                p.addPart().setName("ruleId").setValue(new StringType(d.ruleId()));
                p.addPart().setName("ruleVersion").setValue(new IntegerType(d.ruleVersion()));
            }
            d.reasons().forEach(r -> p.addPart().setName("reason").setValue(new StringType(r)));
            if (d.informSubject() != null) {
                p.addPart().setName("informSubject").setValue(new BooleanType(d.informSubject()));
            }
            p.addPart().setName("urgent").setValue(new BooleanType(d.urgent()));
            if (d.profile() != null) {
                p.addPart().setName("profile").setValue(new StringType(d.profile()));
            }
            if (d.withheldBecause() != null) {
                p.addPart()
                        .setName("withheldBecause")
                        .setValue(new CodeType(d.withheldBecause().name()));
            }
            d.removed().forEach(r -> p.addPart().setName("removed").setValue(new StringType(r)));
            if (d.duplicateOf() != null) {
                p.addPart().setName("duplicateOf").setValue(new StringType(d.duplicateOf()));
            }
        }

        MessageHeader header = new MessageHeader();
        header.setId(UUID.randomUUID().toString());
        header.setEvent(new Coding(
                "https://fhir.safeguarding-hub.example/CodeSystem/event",
                message.event().code(),
                null));
        header.getSource().setName("safeguarding-hub").setEndpoint("urn:safeguarding-hub");
        header.getSender().getIdentifier().setSystem(FhirSystems.AGENCY).setValue("safeguarding-hub");
        header.addDestination()
                .setEndpoint("urn:agency:" + message.senderAgency())
                .getReceiver()
                .getIdentifier()
                .setSystem(FhirSystems.AGENCY)
                .setValue(message.senderAgency());
        header.getResponse().setIdentifier(answeredHeaderId(message)).setCode(MessageHeader.ResponseType.OK);
        // The entries are named by urn:uuid full URLs, so a reference must use one to resolve inside the bundle.
        header.addFocus(new Reference("urn:uuid:" + parameters.getIdPart()));

        Bundle bundle = new Bundle();
        bundle.setId(message.hubMessageId());
        bundle.setType(Bundle.BundleType.MESSAGE);
        bundle.setTimestamp(Date.from(message.receivedAt()));
        bundle.addEntry().setFullUrl("urn:uuid:" + header.getIdPart()).setResource(header);
        bundle.addEntry().setFullUrl("urn:uuid:" + parameters.getIdPart()).setResource(parameters);
        return fhir.newJsonParser().encodeResourceToString(bundle);
    }

    /**
     * R4's {@code MessageHeader.response.identifier} is the id of the MessageHeader answered. A header without one
     * is answered by the uuid of its {@code urn:uuid:} full URL, or else by the bundle id (the sender's message id,
     * which the Parameters carry too).
     */
    static String answeredHeaderId(InboundMessage message) {
        Bundle request = message.payload();
        if (request != null
                && !request.getEntry().isEmpty()
                && request.getEntryFirstRep().getResource() instanceof MessageHeader answered) {
            if (answered.hasIdElement() && answered.getIdElement().hasIdPart()) {
                return answered.getIdElement().getIdPart();
            }
            String fullUrl = request.getEntryFirstRep().getFullUrl();
            if (fullUrl != null && fullUrl.startsWith("urn:uuid:")) {
                return fullUrl.substring("urn:uuid:".length());
            }
        }
        return message.senderMessageId();
    }
}
