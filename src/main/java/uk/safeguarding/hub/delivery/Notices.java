package uk.safeguarding.hub.delivery;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import uk.safeguarding.hub.message.Event;
import uk.safeguarding.hub.message.FhirSystems;
import uk.safeguarding.hub.message.NhsNumber;
import uk.safeguarding.hub.protect.PayloadSealer;
import uk.safeguarding.hub.register.AgencyTrust;

/**
 * The hub's own messages to an agency (docs/messages.md "Notices from the hub"): a FHIR message whose Communication is
 * about a message the hub handled and says in words what the agency should know, sealed to the agency like any
 * share and put in the outbox with {@code senderAgency} {@code hub} (the relay takes it to the mailbox or push
 * endpoint). Stored under the hub id of the message it concerns, so that its delivery is audited against the family.
 */
@Component
public class Notices {

    /** The hub's own name: the sender of every notice, and its user on the broker. */
    public static final String HUB = "hub";
    /** The basis column of a notice's delivery: it shares nothing about anyone beyond what the agency sent or got. */
    public static final String NOTICE_BASIS = "NOTICE";

    public enum Kind {
        REFERRAL_OVERDUE("referral-overdue"),
        RECALL_NOTICE("recall-notice"),
        REASON_MISSING("reason-missing");

        private final String code;

        Kind(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final JdbcTemplate jdbc;
    private final FhirContext fhir;
    private final PayloadSealer sealer;
    private final AgencyTrust agencies;
    private final Clock clock;

    public Notices(JdbcTemplate jdbc, FhirContext fhir, PayloadSealer sealer, AgencyTrust agencies, Clock clock) {
        this.jdbc = jdbc;
        this.fhir = fhir;
        this.sealer = sealer;
        this.agencies = agencies;
        this.clock = clock;
    }

    /**
     * Seals a notice to the agency and stores it as a pending delivery of the message {@code hubMessageId}, in the
     * caller's transaction; returns its delivery id. {@code about} is the id it concerns (a message's hub id, or a
     * share's delivery id); {@code aboutNhs} the person it concerns (the child of an overdue referral), or null.
     */
    public String send(Kind kind, String agencyId, String hubMessageId, String about, String aboutNhs, String text) {
        Instant now = Instant.now(clock);
        String deliveryId = uk.safeguarding.hub.message.TimeOrderedIds.next();
        byte[] payload = fhir.newJsonParser()
                .encodeResourceToString(bundle(kind, agencyId, about, aboutNhs, text, deliveryId, now))
                .getBytes(StandardCharsets.UTF_8);
        byte[] sealed = sealer.seal(payload, agencies.recipientsOf(agencyId));
        jdbc.update(
                "INSERT INTO delivery (delivery_id, hub_message_id, recipient_agency, event, sender_agency, basis,"
                        + " urgent, received_at, size_bytes, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                deliveryId,
                hubMessageId,
                agencyId,
                kind.code(),
                HUB,
                NOTICE_BASIS,
                false,
                Timestamp.from(now),
                sealed.length,
                DeliveryStatus.PENDING.name());
        SealedCopies.store(jdbc, deliveryId, sealed);
        return deliveryId;
    }

    private static Bundle bundle(
            Kind kind, String agencyId, String about, String aboutNhs, String text, String id, Instant now) {
        Communication communication = new Communication();
        communication.setId("notice");
        communication.setStatus(Communication.CommunicationStatus.COMPLETED);
        communication.setSent(Date.from(now));
        communication
                .addAbout()
                .setIdentifier(
                        new Identifier().setSystem(FhirSystems.HUB_MESSAGE).setValue(about));
        communication.addPayload().setContent(new org.hl7.fhir.r4.model.StringType(text));

        MessageHeader header = new MessageHeader();
        header.setId("hdr-" + id);
        header.setEvent(new Coding(Event.SYSTEM, kind.code(), null));
        header.setSender(new Reference()
                .setIdentifier(new Identifier().setSystem(FhirSystems.AGENCY).setValue(HUB)));
        header.setSource(new MessageHeader.MessageSourceComponent().setEndpoint("urn:agency:" + HUB));
        header.addDestination()
                .setEndpoint("urn:agency:" + agencyId)
                .setReceiver(new Reference()
                        .setIdentifier(
                                new Identifier().setSystem(FhirSystems.AGENCY).setValue(agencyId)));
        header.addFocus(new Reference(entryUrl(id, "notice")));

        Bundle bundle = new Bundle();
        bundle.setId(id);
        bundle.setType(Bundle.BundleType.MESSAGE);
        bundle.setTimestamp(Date.from(now));
        bundle.addEntry().setFullUrl(entryUrl(id, "header")).setResource(header);
        bundle.addEntry().setFullUrl(entryUrl(id, "notice")).setResource(communication);
        if (aboutNhs != null) {
            Patient patient = new Patient();
            patient.setId("about");
            patient.addIdentifier().setSystem(NhsNumber.SYSTEM).setValue(aboutNhs);
            communication.setSubject(new Reference(entryUrl(id, "about")));
            bundle.addEntry().setFullUrl(entryUrl(id, "about")).setResource(patient);
        }
        return bundle;
    }

    /** An entry's full URL: a valid UUID (name-based, so each notice's entries keep theirs), as R4 requires. */
    static String entryUrl(String noticeId, String entry) {
        return "urn:uuid:"
                + java.util.UUID.nameUUIDFromBytes(
                        (noticeId + "/" + entry).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
