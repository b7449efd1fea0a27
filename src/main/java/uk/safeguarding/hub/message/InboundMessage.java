package uk.safeguarding.hub.message;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;

/**
 * One message as the hub understands it, whatever format it arrived in: the envelope every message has, and what
 * only its event carries ({@link EventDetails}). {@code payload} is the message as a FHIR Bundle (an HL7 v2 message
 * is read into one) for the minimum-necessary step. {@code concerns}: the children or pregnancy a referral-like
 * message is about (NHS numbers, or {@code unborn:<mother>:<due date>}); {@code householdAdults}: the fathers,
 * partners and household members it ties to the family.
 */
public record InboundMessage(
        String hubMessageId,
        String senderMessageId,
        String senderAgency,
        Event event,
        Instant receivedAt,
        String serviceUserNhsNumber,
        LocalDate serviceUserBirthDate,
        String gpAgency,
        List<LinkedChild> linkedChildren,
        List<HouseholdLink> householdAdults,
        List<Assertion> assertions,
        List<String> concerns,
        Bundle payload,
        EventDetails details) {

    /** The same message with its family as the registers know it (an unborn child under its register key). */
    public InboundMessage withFamily(
            List<LinkedChild> children, List<SafeguardingFlagUpdate> flags, List<String> concernKeys) {
        return new InboundMessage(
                hubMessageId,
                senderMessageId,
                senderAgency,
                event,
                receivedAt,
                serviceUserNhsNumber,
                serviceUserBirthDate,
                gpAgency,
                List.copyOf(children),
                householdAdults,
                assertions,
                List.copyOf(concernKeys),
                payload,
                details.withFlags(List.copyOf(flags)));
    }

    public boolean asserts(String code) {
        return assertions.stream().anyMatch(a -> a.code().equals(code));
    }

    public Optional<Assertion> assertion(String code) {
        return assertions.stream().filter(a -> a.code().equals(code)).findFirst();
    }

    /** A referral's level; null for any other event. */
    public Integer referralLevel() {
        return details instanceof EventDetails.Referral r ? r.level() : null;
    }

    /** The role a referral is to; null for any other event. */
    public AgencyRole addressedTo() {
        return details instanceof EventDetails.Referral r ? r.addressedTo() : null;
    }

    public List<SafeguardingFlagUpdate> flagUpdates() {
        return details.flagUpdates();
    }

    public ConsentUpdate consent() {
        return details instanceof EventDetails.Consent c ? c.consent() : null;
    }

    public String treatmentStatus() {
        return details instanceof EventDetails.Treatment t ? t.status() : null;
    }

    public String namedRecipient() {
        return details instanceof EventDetails.InformationRequest r ? r.namedRecipient() : null;
    }

    /** The hub id of the request a response or referral outcome answers. */
    public String basedOn() {
        if (details instanceof EventDetails.InformationResponse r) {
            return r.basedOn();
        }
        return details instanceof EventDetails.ReferralOutcome o ? o.basedOn() : null;
    }

    public String referralOutcome() {
        return details instanceof EventDetails.ReferralOutcome o ? o.outcome() : null;
    }
}
