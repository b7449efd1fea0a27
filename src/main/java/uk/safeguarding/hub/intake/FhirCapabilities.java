package uk.safeguarding.hub.intake;

import ca.uhn.fhir.context.FhirContext;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.MessageDefinition;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import uk.safeguarding.hub.message.Event;
import uk.safeguarding.hub.message.MessageRefused;
import uk.safeguarding.hub.message.OtherPeople;

/**
 * What the hub accepts, for FHIR clients: {@code GET /fhir/metadata}, a CapabilityStatement (FHIR R4, JSON only,
 * mutual TLS, the {@code $process-message} operation and one supported message per event), and
 * {@code GET /fhir/MessageDefinition/{event}}, each event's definition: its focus resources as the message catalogue
 * describes them, and the receipt it always gets.
 */
@RestController
class FhirCapabilities {

    static final String DEFINITIONS = "https://fhir.safeguarding-hub.example/MessageDefinition/";
    static final String PROCESS_MESSAGE = "http://hl7.org/fhir/OperationDefinition/MessageHeader-process-message";

    /** One focus resource type of an event, with how many a message carries. */
    record Focus(String type, int min, String max) {}

    private final FhirContext fhir;
    private final OperationOutcomes outcomes;
    private final Date started = new Date();

    private final String meshMailbox;
    private final java.util.Map<String, String> meshWorkflows;

    FhirCapabilities(
            FhirContext fhir, OperationOutcomes outcomes, org.springframework.core.env.Environment environment) {
        this.fhir = fhir;
        this.outcomes = outcomes;
        this.meshMailbox = environment.getProperty("hub.mesh.hub-mailbox", "SGHUB001");
        // The configured MESH workflow ids (hub.mesh.workflows, checked at start by the MESH layer) over the rule.
        this.meshWorkflows = org.springframework.boot.context.properties.bind.Binder.get(environment)
                .bind(
                        "hub.mesh.workflows",
                        org.springframework.boot.context.properties.bind.Bindable.mapOf(String.class, String.class))
                .orElse(java.util.Map.of());
    }

    /** The focus of each event (docs/messages.md, "what each event carries"). */
    static List<Focus> focusOf(Event event) {
        return switch (event) {
            case SCREENING_RESULT -> List.of(new Focus("Observation", 1, "1"));
            case TREATMENT_DROPOUT, TREATMENT_CHANGE -> List.of(new Focus("EpisodeOfCare", 1, "1"));
            case PREGNANCY_SUBSTANCE_USE -> List.of(new Focus("Observation", 1, "1"), new Focus("Condition", 0, "*"));
            case NEONATAL_WITHDRAWAL -> List.of(new Focus("Patient", 1, "1"), new Focus("Condition", 0, "*"));
            case REFERRAL -> List.of(new Focus("ServiceRequest", 1, "1"));
            case REFERRAL_OUTCOME, S47_INFORMATION_REQUEST, S47_INFORMATION_RESPONSE ->
                List.of(new Focus("Task", 1, "1"));
            case S47_ENQUIRY, CP_PLAN_STATUS -> List.of(new Focus("Flag", 1, "1"));
            case CONSENT_UPDATE -> List.of(new Focus("Consent", 1, "1"));
        };
    }

    @GetMapping(value = "/fhir/metadata", produces = "application/fhir+json")
    String metadata() {
        String base = ServletUriComponentsBuilder.fromCurrentContextPath().toUriString();
        CapabilityStatement statement = new CapabilityStatement();
        statement.setStatus(Enumerations.PublicationStatus.ACTIVE);
        statement.setDate(started);
        statement.setPublisher("Safeguarding Hub");
        statement.setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE);
        statement.getSoftware().setName("Safeguarding Hub");
        statement
                .getImplementation()
                .setDescription("Multi-agency safeguarding message hub")
                .setUrl(base + "/fhir");
        statement.setFhirVersion(Enumerations.FHIRVersion._4_0_1);
        statement.addFormat("application/fhir+json");

        CapabilityStatement.CapabilityStatementRestComponent rest = statement.addRest();
        rest.setMode(CapabilityStatement.RestfulCapabilityMode.SERVER);
        rest.setDocumentation("Agency systems send FHIR messages (Bundle of type message) to $process-message and get"
                + " a receipt: one decision per candidate recipient. Shares are collected from /mailbox/messages.");
        rest.getSecurity()
                .addService(new CodeableConcept(new Coding(
                        "http://terminology.hl7.org/CodeSystem/restful-security-service", "Certificates", null)))
                .setDescription("Mutual TLS: the client certificate names the agency (by its fingerprint in the"
                        + " agency register). The sender of a message must be the agency that connected."
                        + " Information about other people (who raised a concern, what a relative said, a referrer"
                        + " who asks not to be named to the family): label a resource in meta.security, or one"
                        + " element with the extension " + OtherPeople.INLINE_LABEL + ", with "
                        + OtherPeople.SYSTEM + "|" + OtherPeople.CODE + " (in HL7 v2, an NTE whose NTE-4 is "
                        + OtherPeople.CODE + "). It reaches children's social care on a statutory basis only, never"
                        + " a share on consent or another role, and never a subject access response. A label on the"
                        + " Bundle, the MessageHeader or the service user is refused.");
        rest.addResource()
                .setType("MessageDefinition")
                .addInteraction()
                .setCode(CapabilityStatement.TypeRestfulInteraction.READ);
        rest.addOperation().setName("process-message").setDefinition(PROCESS_MESSAGE);

        CapabilityStatement.CapabilityStatementMessagingComponent messaging = statement.addMessaging();
        messaging
                .addEndpoint()
                .setProtocol(new Coding("http://terminology.hl7.org/CodeSystem/message-transport", "http", null))
                .setAddress(base + "/fhir/$process-message");
        messaging.setDocumentation("Every message is answered at once with a receipt (MessageHeader.response ok) or"
                + " an OperationOutcome; a resend of the same Bundle.id by the same sender gets the first receipt."
                + " Through MESH, send the same message to the hub's mailbox " + meshMailbox
                + " with the workflow id of its event; the receipt comes back to the sender's MESH inbox with workflow"
                + " id " + meshWorkflows.getOrDefault("receipt", Event.meshWorkflowIdOf("receipt")) + ". Workflow ids: "
                + java.util.Arrays.stream(Event.values())
                        .map(e -> meshWorkflows.getOrDefault(e.code(), e.meshWorkflowId()) + " (" + e.code() + ")")
                        .collect(java.util.stream.Collectors.joining(", "))
                + ".");
        for (Event event : Event.values()) {
            messaging
                    .addSupportedMessage()
                    .setMode(CapabilityStatement.EventCapabilityMode.RECEIVER)
                    .setDefinitionElement(new CanonicalType(DEFINITIONS + event.code()));
        }
        return fhir.newJsonParser().encodeResourceToString(statement);
    }

    @GetMapping(value = "/fhir/MessageDefinition/{code}", produces = "application/fhir+json")
    ResponseEntity<String> definition(@PathVariable String code) {
        return Event.fromCode(code)
                .map(event -> ResponseEntity.ok(fhir.newJsonParser().encodeResourceToString(definitionOf(event))))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
                        .body(outcomes.toJson(new MessageRefused(404, "not-found", "no message event " + code))));
    }

    MessageDefinition definitionOf(Event event) {
        MessageDefinition definition = new MessageDefinition();
        definition.setId(event.code());
        definition.setUrl(DEFINITIONS + event.code());
        definition.setName(event.name());
        definition.setStatus(Enumerations.PublicationStatus.ACTIVE);
        definition.setDate(started);
        definition.setPublisher("Safeguarding Hub");
        definition.setEvent(new Coding(Event.SYSTEM, event.code(), null));
        definition.setCategory(MessageDefinition.MessageSignificanceCategory.NOTIFICATION);
        definition.setResponseRequired(MessageDefinition.MessageheaderResponseRequest.ALWAYS);
        for (Focus focus : focusOf(event)) {
            definition.addFocus().setCode(focus.type()).setMin(focus.min()).setMax(focus.max());
        }
        return definition;
    }
}
