package uk.safeguarding.hub.intake;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.message.Assertion;
import uk.safeguarding.hub.message.Event;
import uk.safeguarding.hub.message.FhirSystems;
import uk.safeguarding.hub.message.InboundMessage;
import uk.safeguarding.hub.message.LinkedChild;
import uk.safeguarding.hub.message.MessageRefused;
import uk.safeguarding.hub.message.OtherPeople;

/**
 * Parses a FHIR R4 message bundle with HAPI (strictly: unknown elements are errors) and checks it against the
 * message catalogue: the envelope here (bundle type and id, the header's event, sender and endpoint, the
 * assertions), each event's content in {@link EventContent}, the lookups in {@link MessageBundle}. Anything wrong
 * becomes a {@link MessageRefused} naming the problem.
 */
@Component
public class FhirMessageReader {

    static final String TREATMENT_STATUS_SYSTEM = EventContent.TREATMENT_STATUS_SYSTEM;
    static final String SOURCE_PREFIX = "urn:agency:";
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

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
    static InboundMessage refuseWhatCannotBeRead(Supplier<InboundMessage> reading) {
        try {
            return reading.get();
        } catch (MessageRefused refused) {
            throw refused;
        } catch (RuntimeException e) {
            throw MessageRefused.invalid("cannot read the message: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())));
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
        return toMessage(bundle, authenticatedAgency, receivedAt, uk.safeguarding.hub.message.TimeOrderedIds.next());
    }

    /** The envelope's checks, then the event's content, then the checks that span the whole bundle. */
    private InboundMessage toMessage(Bundle bundle, String authenticatedAgency, Instant receivedAt, String hubId) {
        String senderMessageId = senderMessageId(bundle);
        if (bundle.getEntry().isEmpty() || !(bundle.getEntryFirstRep().getResource() instanceof MessageHeader header)) {
            throw MessageRefused.invalid("the first entry must be a MessageHeader");
        }
        MessageBundle m = new MessageBundle(bundle, header);
        Event event = event(header);
        String sender = sender(header, authenticatedAgency);
        List<Assertion> assertions = assertions(header);

        EventContent content = EventContent.read(event, m);
        String serviceUserNhs = content.serviceUserNhsNumber();
        List<LinkedChild> children = new ArrayList<>(m.linkedChildren(serviceUserNhs));
        children.addAll(content.unbornChildren());
        m.checkAllNhsNumbers();

        Patient serviceUser = content.serviceUser();
        otherPeopleLabels(bundle, header, serviceUser);
        return new InboundMessage(
                hubId,
                senderMessageId,
                sender,
                event,
                receivedAt,
                serviceUserNhs,
                serviceUser != null && serviceUser.hasBirthDate()
                        ? MessageBundle.localDate(serviceUser.getBirthDateElement())
                        : null,
                serviceUser == null ? null : gpAgency(serviceUser),
                List.copyOf(children),
                List.copyOf(m.householdAdults(serviceUserNhs)),
                assertions,
                concerns(event, content, serviceUserNhs),
                bundle,
                content.details());
    }

    /**
     * Information about another person is labelled where it is (a resource, or an element of one): a label on the
     * whole message, its header or the service user it is about would withhold the message itself.
     */
    private static void otherPeopleLabels(Bundle bundle, MessageHeader header, Patient serviceUser) {
        String where =
                bundle.hasMeta() && bundle.getMeta().getSecurity().stream().anyMatch(OtherPeople::isLabel)
                        ? "the Bundle"
                        : OtherPeople.labelled(header)
                                ? "the MessageHeader"
                                : serviceUser != null && OtherPeople.labelled(serviceUser)
                                        ? "the service user's Patient"
                                        : null;
        if (where != null) {
            throw MessageRefused.invalid("the label " + OtherPeople.CODE + " (information about another person) is on "
                    + where + ": put it on the resource or element about the other person");
        }
    }

    private static String senderMessageId(Bundle bundle) {
        if (bundle.getType() != Bundle.BundleType.MESSAGE) {
            throw MessageRefused.invalid("Bundle.type must be 'message'");
        }
        String id = bundle.getIdElement().getIdPart();
        if (id == null || id.isBlank()) {
            throw MessageRefused.invalid("Bundle.id (the sender's message id) is required");
        }
        String rawId = bundle.getIdElement().getValue();
        if (!FHIR_ID.matcher(id).matches() || (rawId != null && !rawId.equals(id) && !rawId.endsWith("/" + id))) {
            throw MessageRefused.invalid("Bundle.id must be a FHIR id: 1 to 64 letters, digits, '-' or '.'");
        }
        return id;
    }

    private static Event event(MessageHeader header) {
        Coding coding = header.hasEventCoding() ? header.getEventCoding() : null;
        if (coding == null || !Event.SYSTEM.equals(coding.getSystem())) {
            throw MessageRefused.invalid("MessageHeader.eventCoding must use " + Event.SYSTEM);
        }
        return Event.fromCode(coding.getCode())
                .orElseThrow(() -> MessageRefused.invalid("unknown event '" + coding.getCode() + "'"));
    }

    /** The sender the header names: the authenticated agency itself, and the only one its endpoint may name. */
    private static String sender(MessageHeader header, String authenticatedAgency) {
        String sender = MessageBundle.agencyId(header.getSender());
        if (sender == null) {
            throw MessageRefused.invalid(
                    "MessageHeader.sender must carry the agency identifier (" + FhirSystems.AGENCY + ")");
        }
        // null: an information governance officer explaining a message on the sender's behalf.
        if (authenticatedAgency != null && !sender.equals(authenticatedAgency)) {
            throw MessageRefused.forbidden(
                    "sender '" + sender + "' is not the authenticated agency '" + authenticatedAgency + "'");
        }
        // The endpoint travels inside the hub-signed share: it may name the sender and no one else.
        String endpoint = header.hasSource() ? header.getSource().getEndpoint() : null;
        if (endpoint != null && !endpoint.equals(SOURCE_PREFIX + sender)) {
            throw MessageRefused.forbidden(
                    "MessageHeader.source.endpoint must be '" + SOURCE_PREFIX + sender + "', the sender's own");
        }
        return sender;
    }

    /** What a referral-like message is about, for spotting a second referral of the same child or pregnancy. */
    private static List<String> concerns(Event event, EventContent content, String serviceUserNhs) {
        return switch (event) {
            case REFERRAL, NEONATAL_WITHDRAWAL -> content.childNhs() == null ? List.of() : List.of(content.childNhs());
            case PREGNANCY_SUBSTANCE_USE ->
                content.unbornChildren().stream().map(LinkedChild::key).toList();
            default -> List.of();
        };
    }

    private static List<Assertion> assertions(MessageHeader header) {
        List<Assertion> out = new ArrayList<>();
        for (Extension ext : header.getExtensionsByUrl(Assertion.SYSTEM_URL)) {
            Extension code = ext.getExtensionByUrl("code");
            Extension reason = ext.getExtensionByUrl("reason");
            if (code == null || code.getValue() == null) {
                throw MessageRefused.invalid("an assertion extension needs a 'code'");
            }
            out.add(new Assertion(
                    code.getValue().primitiveValue(),
                    reason == null || reason.getValue() == null
                            ? null
                            : reason.getValue().primitiveValue()));
        }
        return List.copyOf(out);
    }

    private static String gpAgency(Patient patient) {
        return patient.getGeneralPractitioner().stream()
                .map(MessageBundle::agencyId)
                .filter(id -> id != null)
                .findFirst()
                .orElse(null);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
