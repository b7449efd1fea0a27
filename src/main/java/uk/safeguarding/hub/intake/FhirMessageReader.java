package uk.safeguarding.hub.intake;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.message.AgencyRole;
import uk.safeguarding.hub.message.Assertion;
import uk.safeguarding.hub.message.ConsentUpdate;
import uk.safeguarding.hub.message.Event;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.message.LinkedChild;
import uk.safeguarding.hub.message.MessageRefused;
import uk.safeguarding.hub.message.NhsNumber;
import uk.safeguarding.hub.message.SafeguardingFlagUpdate;

/**
 * Parses a FHIR R4 message bundle with HAPI (strictly: unknown elements are errors) and checks it against the
 * message catalogue of MESSAGES.md. Anything wrong becomes a {@link MessageRefused} naming the problem.
 */
@Component
public class FhirMessageReader {

    public static final String AGENCY_SYSTEM = "https://fhir.safeguarding-hub.example/Id/agency";
    static final String REFERRAL_LEVEL_SYSTEM = "https://fhir.safeguarding-hub.example/CodeSystem/referral-level";
    static final String ROLE_SYSTEM = "https://fhir.safeguarding-hub.example/CodeSystem/agency-role";
    static final String EDD_LOINC = "11778-8";
    static final String TREATMENT_STATUS_SYSTEM = "https://fhir.safeguarding-hub.example/CodeSystem/treatment-status";
    static final String SOURCE_PREFIX = "urn:agency:";
    private static final Set<String> DROPOUT_STATUSES = Set.of("disengaged");
    private static final Set<String> CHANGE_STATUSES = Set.of("stabilised", "abstinent", "relapse", "detox-planned");
    private static final Set<String> RELATIONSHIPS = Set.of("MTH", "FTH", "PRN", "STPPRN", "HHMEMBER");
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final java.util.regex.Pattern FHIR_ID = java.util.regex.Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private final FhirContext fhir;

    public FhirMessageReader(FhirContext fhir) {
        this.fhir = fhir;
    }

    /** The intake route's step. */
    public InboundMessage readSubmission(FhirSubmission submission) {
        return read(submission.body(), submission.agency());
    }

    /** Parses and checks; {@code authenticatedAgency} is the agency the client certificate maps to. */
    public InboundMessage read(byte[] body, String authenticatedAgency) {
        Bundle bundle = parse(body);
        return refuseWhatCannotBeRead(() -> toMessage(bundle, authenticatedAgency, Instant.now()));
    }

    /**
     * Whatever a message makes the parser or the model stumble on (found by fuzzing: a date HAPI accepts but
     * cannot expand) is a refusal of that message, never a failure of the intake.
     */
    static InboundMessage refuseWhatCannotBeRead(java.util.function.Supplier<InboundMessage> reading) {
        try {
            return reading.get();
        } catch (MessageRefused refused) {
            throw refused;
        } catch (RuntimeException e) {
            throw MessageRefused.invalid("cannot read the message: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())));
        }
    }

    Bundle parse(byte[] body) {
        IParser parser = fhir.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
        try {
            var resource = parser.parseResource(new String(body, StandardCharsets.UTF_8));
            if (!(resource instanceof Bundle bundle)) {
                throw MessageRefused.invalid("expected a Bundle, got " + resource.fhirType());
            }
            return bundle;
        } catch (MessageRefused refused) {
            throw refused;
        } catch (RuntimeException e) {
            // DataFormatException mostly; the fuzz test also found index errors inside the JSON parser.
            throw MessageRefused.invalid("not a parseable FHIR R4 JSON resource: " + firstLine(e.getMessage()));
        }
    }

    /** A stored message read again, as it was received: for dry runs of proposed rules. */
    public InboundMessage reread(byte[] body, String hubMessageId, Instant receivedAt) {
        return toMessage(parse(body), null, receivedAt, hubMessageId);
    }

    InboundMessage toMessage(Bundle bundle, String authenticatedAgency, Instant receivedAt) {
        return toMessage(bundle, authenticatedAgency, receivedAt, UUID.randomUUID().toString());
    }

    private InboundMessage toMessage(Bundle bundle, String authenticatedAgency, Instant receivedAt, String hubMessageId) {
        if (bundle.getType() != Bundle.BundleType.MESSAGE) {
            throw MessageRefused.invalid("Bundle.type must be 'message'");
        }
        String senderMessageId = bundle.getIdElement().getIdPart();
        if (senderMessageId == null || senderMessageId.isBlank()) {
            throw MessageRefused.invalid("Bundle.id (the sender's message id) is required");
        }
        String rawId = bundle.getIdElement().getValue();
        if (!FHIR_ID.matcher(senderMessageId).matches() || (rawId != null && !rawId.equals(senderMessageId)
                && !rawId.endsWith("/" + senderMessageId))) {
            throw MessageRefused.invalid("Bundle.id must be a FHIR id: 1 to 64 letters, digits, '-' or '.'");
        }
        if (bundle.getEntry().isEmpty() || !(bundle.getEntryFirstRep().getResource() instanceof MessageHeader header)) {
            throw MessageRefused.invalid("the first entry must be a MessageHeader");
        }
        Map<String, Resource> byRef = index(bundle);

        Coding eventCoding = header.hasEventCoding() ? header.getEventCoding() : null;
        if (eventCoding == null || !Event.SYSTEM.equals(eventCoding.getSystem())) {
            throw MessageRefused.invalid("MessageHeader.eventCoding must use " + Event.SYSTEM);
        }
        Event event = Event.fromCode(eventCoding.getCode())
                .orElseThrow(() -> MessageRefused.invalid("unknown event '" + eventCoding.getCode() + "'"));

        String sender = agencyId(header.getSender());
        if (sender == null) {
            throw MessageRefused.invalid("MessageHeader.sender must carry the agency identifier (" + AGENCY_SYSTEM + ")");
        }
        // null: an information governance officer explaining a message on the sender's behalf.
        if (authenticatedAgency != null && !sender.equals(authenticatedAgency)) {
            throw MessageRefused.forbidden(
                    "sender '" + sender + "' is not the authenticated agency '" + authenticatedAgency + "'");
        }
        // The endpoint travels inside the hub-signed share: it may name the sender and no one else.
        String endpoint = header.hasSource() ? header.getSource().getEndpoint() : null;
        if (endpoint != null && !endpoint.equals(SOURCE_PREFIX + sender)) {
            throw MessageRefused.forbidden("MessageHeader.source.endpoint must be '" + SOURCE_PREFIX + sender
                    + "', the sender's own");
        }

        List<Assertion> assertions = assertions(header);

        Parsed parsed = switch (event) {
            case SCREENING_RESULT -> subjectOf(byRef, header, Observation.class, "Observation",
                    o -> ((Observation) o).getSubject());
            case TREATMENT_DROPOUT, TREATMENT_CHANGE -> treatment(byRef, header, event);
            case PREGNANCY_SUBSTANCE_USE -> pregnancy(byRef, header);
            case NEONATAL_WITHDRAWAL -> neonatal(byRef, header, bundle);
            case REFERRAL -> referral(byRef, header, bundle);
            case S47_ENQUIRY, CP_PLAN_STATUS -> flag(byRef, header, bundle, event);
            case S47_INFORMATION_REQUEST -> informationRequest(byRef, header);
            case S47_INFORMATION_RESPONSE -> informationResponse(byRef, header);
            case CONSENT_UPDATE -> consent(byRef, header);
        };

        Patient serviceUser = parsed.serviceUser;
        String serviceUserNhs = parsed.serviceUserNhs != null ? parsed.serviceUserNhs : nhsNumber(serviceUser, "service user");
        List<LinkedChild> children = new ArrayList<>(linkedChildren(bundle, byRef, serviceUserNhs));
        children.addAll(parsed.extraChildren);
        checkAllNhsNumbers(bundle);

        if (event == Event.REFERRAL && parsed.referralLevel == null) {
            throw MessageRefused.invalid("a referral needs ServiceRequest.category with a referral level 1, 2 or 3");
        }
        assertions.stream()
                .filter(a -> a.code().equals(Assertion.INFORM_SUBJECT_INCREASES_RISK))
                .filter(a -> a.reason() == null || a.reason().isBlank())
                .findAny()
                .ifPresent(a -> {
                    throw MessageRefused.invalid("assertion inform-subject-increases-risk needs its reason text");
                });

        return new InboundMessage(
                hubMessageId,
                senderMessageId,
                sender,
                event,
                receivedAt,
                serviceUserNhs,
                serviceUser != null && serviceUser.hasBirthDate() ? toLocalDate(serviceUser.getBirthDateElement()) : null,
                serviceUser == null ? null : gpAgency(serviceUser),
                List.copyOf(children),
                assertions,
                parsed.referralLevel,
                parsed.flags,
                parsed.consent,
                bundle,
                parsed.treatmentStatus,
                parsed.namedRecipient,
                parsed.basedOn,
                concerns(event, parsed, serviceUserNhs));
    }

    /** What a referral-like message is about, for spotting a second referral of the same child or pregnancy. */
    private static List<String> concerns(Event event, Parsed parsed, String serviceUserNhs) {
        return switch (event) {
            case REFERRAL, NEONATAL_WITHDRAWAL -> parsed.childNhs == null ? List.of() : List.of(parsed.childNhs);
            case PREGNANCY_SUBSTANCE_USE -> parsed.extraChildren.stream()
                    .map(c -> "unborn:" + serviceUserNhs + ":" + c.expectedDelivery()).toList();
            default -> List.of();
        };
    }

    private static final class Parsed {
        Patient serviceUser;
        String serviceUserNhs;
        Integer referralLevel;
        List<SafeguardingFlagUpdate> flags = List.of();
        ConsentUpdate consent;
        List<LinkedChild> extraChildren = new ArrayList<>();
        String treatmentStatus;
        String namedRecipient;
        String basedOn;
        String childNhs;
    }

    private Parsed treatment(Map<String, Resource> byRef, MessageHeader header, Event event) {
        EpisodeOfCare episode = focus(byRef, header, EpisodeOfCare.class, "EpisodeOfCare");
        Set<String> allowed = event == Event.TREATMENT_DROPOUT ? DROPOUT_STATUSES : CHANGE_STATUSES;
        String status = episode.getType().stream()
                .flatMap(cc -> cc.getCoding().stream())
                .filter(c -> TREATMENT_STATUS_SYSTEM.equals(c.getSystem()))
                .map(Coding::getCode)
                .findFirst()
                .orElseThrow(() -> MessageRefused.invalid(event.code() + " needs EpisodeOfCare.type coded from "
                        + TREATMENT_STATUS_SYSTEM));
        if (!allowed.contains(status)) {
            throw MessageRefused.invalid(event.code() + " treatment status must be one of " + allowed + ", not '"
                    + status + "'");
        }
        Parsed p = new Parsed();
        p.serviceUser = patient(byRef, episode.getPatient(), "EpisodeOfCare patient");
        p.treatmentStatus = status;
        return p;
    }

    private Parsed informationRequest(Map<String, Resource> byRef, MessageHeader header) {
        Task task = focus(byRef, header, Task.class, "Task");
        if (!task.hasInput()) {
            throw MessageRefused.invalid("a Section 47 information request needs Task.input: the items asked for");
        }
        Parsed p = new Parsed();
        p.serviceUser = patient(byRef, task.getFor(), "Task.for");
        if (task.hasOwner()) {
            p.namedRecipient = agencyId(task.getOwner());
            if (p.namedRecipient == null) {
                throw MessageRefused.invalid("Task.owner must carry an agency identifier (" + AGENCY_SYSTEM + ")");
            }
        }
        return p;
    }

    private Parsed informationResponse(Map<String, Resource> byRef, MessageHeader header) {
        Task task = focus(byRef, header, Task.class, "Task");
        if (task.getBasedOn().size() != 1 || !task.getBasedOnFirstRep().hasIdentifier()
                || !task.getBasedOnFirstRep().getIdentifier().hasValue()) {
            throw MessageRefused.invalid("a Section 47 information response needs one Task.basedOn whose identifier"
                    + " is the hub message id of the request it answers");
        }
        if (task.getStatus() != Task.TaskStatus.COMPLETED) {
            throw MessageRefused.invalid("a Section 47 information response needs Task.status completed");
        }
        if (!task.hasOutput()) {
            throw MessageRefused.invalid("a Section 47 information response needs Task.output: the answers");
        }
        Parsed p = new Parsed();
        p.serviceUser = patient(byRef, task.getFor(), "Task.for");
        p.basedOn = task.getBasedOnFirstRep().getIdentifier().getValue();
        return p;
    }

    private Parsed subjectOf(Map<String, Resource> byRef, MessageHeader header, Class<? extends Resource> type,
            String typeName, java.util.function.Function<Resource, Reference> subject) {
        Resource focus = focus(byRef, header, type, typeName);
        Parsed p = new Parsed();
        p.serviceUser = patient(byRef, subject.apply(focus), typeName + " subject");
        return p;
    }

    private Parsed pregnancy(Map<String, Resource> byRef, MessageHeader header) {
        Observation edd = focusAll(byRef, header, Observation.class).stream()
                .filter(o -> hasCode(o.getCode(), "http://loinc.org", EDD_LOINC))
                .findFirst()
                .orElseThrow(() -> MessageRefused.invalid(
                        "pregnancy-substance-use needs an Observation with LOINC 11778-8 (estimated date of delivery)"));
        focus(byRef, header, org.hl7.fhir.r4.model.Condition.class, "Condition");
        if (!edd.hasValueDateTimeType()) {
            throw MessageRefused.invalid("the estimated date of delivery Observation needs valueDateTime");
        }
        Parsed p = new Parsed();
        p.serviceUser = patient(byRef, edd.getSubject(), "Observation subject");
        p.extraChildren.add(LinkedChild.unborn(toLocalDate(edd.getValueDateTimeType())));
        return p;
    }

    /** The baby is the Condition's subject; the service user is the mother a RelatedPerson ties to the baby. */
    private Parsed neonatal(Map<String, Resource> byRef, MessageHeader header, Bundle bundle) {
        org.hl7.fhir.r4.model.Condition withdrawal = focus(byRef, header, org.hl7.fhir.r4.model.Condition.class,
                "Condition");
        Patient baby = patient(byRef, withdrawal.getSubject(), "Condition subject (the baby)");
        Parsed p = new Parsed();
        parentOf(byRef, bundle, baby, p);
        p.childNhs = nhsNumber(baby, "the baby");
        return p;
    }

    private Parsed referral(Map<String, Resource> byRef, MessageHeader header, Bundle bundle) {
        ServiceRequest request = focus(byRef, header, ServiceRequest.class, "ServiceRequest");
        Patient child = patient(byRef, request.getSubject(), "ServiceRequest subject");
        Parsed p = new Parsed();
        p.childNhs = nhsNumber(child, "the referred child");
        for (CodeableConcept category : request.getCategory()) {
            for (Coding c : category.getCoding()) {
                if (REFERRAL_LEVEL_SYSTEM.equals(c.getSystem())) {
                    p.referralLevel = switch (String.valueOf(c.getCode())) {
                        case "1" -> 1;
                        case "2" -> 2;
                        case "3" -> 3;
                        default -> throw MessageRefused.invalid("referral level must be 1, 2 or 3, not " + c.getCode());
                    };
                }
            }
        }
        return parentOf(byRef, bundle, child, p);
    }

    private Parsed flag(Map<String, Resource> byRef, MessageHeader header, Bundle bundle, Event event) {
        Flag flag = focus(byRef, header, Flag.class, "Flag");
        String expected = event == Event.S47_ENQUIRY
                ? SafeguardingFlagUpdate.S47_ENQUIRY
                : SafeguardingFlagUpdate.CHILD_PROTECTION_PLAN;
        if (!hasCode(flag.getCode(), SafeguardingFlagUpdate.SYSTEM, expected)) {
            throw MessageRefused.invalid(event.code() + " needs a Flag coded " + expected);
        }
        if (flag.getStatus() != Flag.FlagStatus.ACTIVE && flag.getStatus() != Flag.FlagStatus.INACTIVE) {
            throw MessageRefused.invalid("Flag.status must be active or inactive");
        }
        Patient child = patient(byRef, flag.getSubject(), "Flag subject");
        String childNhs = nhsNumber(child, "Flag subject");
        Parsed p = new Parsed();
        p.flags = List.of(new SafeguardingFlagUpdate(expected, childNhs, flag.getStatus() == Flag.FlagStatus.ACTIVE,
                flag.getPeriod().hasStart() ? toLocalDate(flag.getPeriod().getStartElement()) : null,
                flag.getPeriod().hasEnd() ? toLocalDate(flag.getPeriod().getEndElement()) : null));
        return parentOf(byRef, bundle, child, p);
    }

    /** For messages about a child: the service user is the parent or carer that a RelatedPerson names. */
    private Parsed parentOf(Map<String, Resource> byRef, Bundle bundle, Patient child, Parsed p) {
        String childRef = "Patient/" + child.getIdElement().getIdPart();
        RelatedPerson link = bundle.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(RelatedPerson.class::isInstance)
                .map(RelatedPerson.class::cast)
                .filter(rp -> childRef.equals(rp.getPatient().getReference()))
                .findFirst()
                .orElseThrow(() -> MessageRefused.invalid(
                        "a RelatedPerson must tie the child " + childRef + " to the service user"));
        p.serviceUserNhs = nhsIdentifier(link.getIdentifier(), "RelatedPerson");
        p.serviceUser = findPatient(byRef, p.serviceUserNhs);
        return p;
    }

    private Parsed consent(Map<String, Resource> byRef, MessageHeader header) {
        Consent consent = focus(byRef, header, Consent.class, "Consent");
        String status = consent.hasStatus() ? consent.getStatus().toCode() : null;
        if (!Set.of("active", "rejected", "inactive").contains(String.valueOf(status))) {
            throw MessageRefused.invalid("Consent.status must be active, rejected or inactive");
        }
        Set<AgencyRole> roles = EnumSet.noneOf(AgencyRole.class);
        Set<String> purposes = new HashSet<>();
        LocalDate start = null;
        LocalDate end = null;
        Consent.ProvisionComponent provision = consent.getProvision();
        for (Consent.provisionActorComponent actor : provision.getActor()) {
            for (Coding c : actor.getRole().getCoding()) {
                if (ROLE_SYSTEM.equals(c.getSystem())) {
                    try {
                        roles.add(AgencyRole.valueOf(c.getCode()));
                    } catch (IllegalArgumentException e) {
                        throw MessageRefused.invalid("unknown agency role in consent: " + c.getCode());
                    }
                }
            }
        }
        provision.getPurpose().forEach(c -> purposes.add(c.getCode()));
        if (provision.getPeriod().hasStart()) {
            start = toLocalDate(provision.getPeriod().getStartElement());
        }
        if (provision.getPeriod().hasEnd()) {
            end = toLocalDate(provision.getPeriod().getEndElement());
        }
        if ("active".equals(status) && roles.isEmpty()) {
            throw MessageRefused.invalid("an active Consent must name the agency roles it covers");
        }
        Parsed p = new Parsed();
        p.serviceUser = patient(byRef, consent.getPatient(), "Consent patient");
        p.consent = new ConsentUpdate(status, Set.copyOf(roles), Set.copyOf(purposes), start, end,
                consent.hasDateTime() ? consent.getDateTime().toInstant() : null);
        return p;
    }

    private List<LinkedChild> linkedChildren(Bundle bundle, Map<String, Resource> byRef, String serviceUserNhs) {
        List<LinkedChild> children = new ArrayList<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (!(entry.getResource() instanceof RelatedPerson rp)) {
                continue;
            }
            String parentNhs = nhsIdentifier(rp.getIdentifier(), "RelatedPerson");
            if (!parentNhs.equals(serviceUserNhs)) {
                continue;
            }
            Patient child = patient(byRef, rp.getPatient(), "RelatedPerson.patient");
            String relationship = rp.getRelationship().stream()
                    .flatMap(cc -> cc.getCoding().stream())
                    .map(Coding::getCode)
                    .filter(RELATIONSHIPS::contains)
                    .findFirst()
                    .orElseThrow(() -> MessageRefused.invalid(
                            "RelatedPerson.relationship must be one of " + RELATIONSHIPS));
            children.add(new LinkedChild(nhsNumber(child, "linked child"),
                    child.hasBirthDate() ? toLocalDate(child.getBirthDateElement()) : null, null, relationship));
        }
        return children;
    }

    private void checkAllNhsNumbers(Bundle bundle) {
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            List<Identifier> ids = entry.getResource() instanceof Patient pt ? pt.getIdentifier()
                    : entry.getResource() instanceof RelatedPerson rp ? rp.getIdentifier() : List.of();
            for (Identifier id : ids) {
                if (NhsNumber.SYSTEM.equals(id.getSystem()) && !NhsNumber.isValid(id.getValue())) {
                    throw MessageRefused.invalid("NHS number '" + id.getValue() + "' in "
                            + entry.getResource().fhirType() + " fails its check digit");
                }
            }
        }
    }

    private Map<String, Resource> index(Bundle bundle) {
        Map<String, Resource> byRef = new HashMap<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource r = entry.getResource();
            if (r == null) {
                throw MessageRefused.invalid("every Bundle entry needs a resource");
            }
            if (r.getIdElement().hasIdPart()) {
                byRef.put(r.fhirType() + "/" + r.getIdElement().getIdPart(), r);
            }
            if (entry.hasFullUrl()) {
                byRef.put(entry.getFullUrl(), r);
            }
        }
        return byRef;
    }

    private <T extends Resource> T focus(Map<String, Resource> byRef, MessageHeader header, Class<T> type, String name) {
        return focusAll(byRef, header, type).stream()
                .findFirst()
                .orElseThrow(() -> MessageRefused.invalid("MessageHeader.focus must reference a " + name + " in the bundle"));
    }

    private <T extends Resource> List<T> focusAll(Map<String, Resource> byRef, MessageHeader header, Class<T> type) {
        List<T> found = new ArrayList<>();
        for (Reference ref : header.getFocus()) {
            Resource r = byRef.get(ref.getReference());
            if (r == null) {
                throw MessageRefused.invalid("MessageHeader.focus '" + ref.getReference() + "' points nowhere in the bundle");
            }
            if (type.isInstance(r)) {
                found.add(type.cast(r));
            }
        }
        return found;
    }

    private Patient patient(Map<String, Resource> byRef, Reference ref, String what) {
        if (ref == null || !ref.hasReference()) {
            throw MessageRefused.invalid(what + " must reference a Patient in the bundle");
        }
        if (!(byRef.get(ref.getReference()) instanceof Patient p)) {
            throw MessageRefused.invalid(what + " '" + ref.getReference() + "' does not resolve to a Patient in the bundle");
        }
        return p;
    }

    private Patient findPatient(Map<String, Resource> byRef, String nhs) {
        return byRef.values().stream()
                .filter(Patient.class::isInstance)
                .map(Patient.class::cast)
                .filter(pt -> pt.getIdentifier().stream().anyMatch(
                        i -> NhsNumber.SYSTEM.equals(i.getSystem()) && nhs.equals(i.getValue())))
                .findFirst()
                .orElse(null);
    }

    private String nhsNumber(Patient patient, String what) {
        if (patient == null) {
            throw MessageRefused.invalid(what + " is missing");
        }
        return nhsIdentifier(patient.getIdentifier(), what);
    }

    private String nhsIdentifier(List<Identifier> identifiers, String what) {
        String value = identifiers.stream()
                .filter(i -> NhsNumber.SYSTEM.equals(i.getSystem()))
                .map(Identifier::getValue)
                .findFirst()
                .orElseThrow(() -> MessageRefused.invalid(what + " needs an NHS number (" + NhsNumber.SYSTEM + ")"));
        if (!NhsNumber.isValid(value)) {
            throw MessageRefused.invalid("NHS number '" + value + "' of " + what + " fails its check digit");
        }
        return value;
    }

    private static List<Assertion> assertions(MessageHeader header) {
        List<Assertion> out = new ArrayList<>();
        for (Extension ext : header.getExtensionsByUrl(Assertion.SYSTEM_URL)) {
            Extension code = ext.getExtensionByUrl("code");
            Extension reason = ext.getExtensionByUrl("reason");
            if (code == null || code.getValue() == null) {
                throw MessageRefused.invalid("an assertion extension needs a 'code'");
            }
            out.add(new Assertion(code.getValue().primitiveValue(),
                    reason == null || reason.getValue() == null ? null : reason.getValue().primitiveValue()));
        }
        return List.copyOf(out);
    }

    static String agencyId(Reference ref) {
        if (ref == null || !ref.hasIdentifier()) {
            return null;
        }
        Identifier id = ref.getIdentifier();
        return AGENCY_SYSTEM.equals(id.getSystem()) ? id.getValue() : null;
    }

    private static String gpAgency(Patient patient) {
        return patient.getGeneralPractitioner().stream()
                .map(FhirMessageReader::agencyId)
                .filter(id -> id != null)
                .findFirst()
                .orElse(null);
    }

    private static boolean hasCode(CodeableConcept cc, String system, String code) {
        return cc.getCoding().stream().anyMatch(c -> system.equals(c.getSystem()) && code.equals(c.getCode()));
    }

    /** The calendar date as the sender wrote it, whatever the JVM's time zone. */
    private static LocalDate toLocalDate(org.hl7.fhir.r4.model.BaseDateTimeType value) {
        return LocalDate.of(value.getYear(), value.getMonth() + 1, value.getDay());
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
