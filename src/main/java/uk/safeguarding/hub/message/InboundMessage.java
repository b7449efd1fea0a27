package uk.safeguarding.hub.message;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * One message as the hub understands it, whatever format it arrived in. {@code payload} keeps the original
 * parsed form (a FHIR Bundle) for the minimum-necessary step. {@code treatmentStatus} is the treatment-status code
 * of treatment messages; {@code namedRecipient} the agency a Section 47 information request names;
 * {@code basedOn} the hub id of the request a response answers; {@code concerns} the children or pregnancy a
 * referral-like message is about (NHS numbers, or {@code unborn:<mother>:<due date>}); {@code householdAdults} the
 * fathers, partners and household members it ties to the family; {@code addressedTo} the role a referral is to;
 * {@code referralOutcome} a referral outcome's code.
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
        List<Assertion> assertions,
        Integer referralLevel,
        List<SafeguardingFlagUpdate> flagUpdates,
        ConsentUpdate consent,
        Object payload,
        String treatmentStatus,
        String namedRecipient,
        String basedOn,
        List<String> concerns,
        List<HouseholdLink> householdAdults,
        AgencyRole addressedTo,
        String referralOutcome) {

    /** A message that is no referral or referral outcome. */
    public InboundMessage(
            String hubMessageId,
            String senderMessageId,
            String senderAgency,
            Event event,
            Instant receivedAt,
            String serviceUserNhsNumber,
            LocalDate serviceUserBirthDate,
            String gpAgency,
            List<LinkedChild> linkedChildren,
            List<Assertion> assertions,
            Integer referralLevel,
            List<SafeguardingFlagUpdate> flagUpdates,
            ConsentUpdate consent,
            Object payload,
            String treatmentStatus,
            String namedRecipient,
            String basedOn,
            List<String> concerns,
            List<HouseholdLink> householdAdults) {
        this(
                hubMessageId,
                senderMessageId,
                senderAgency,
                event,
                receivedAt,
                serviceUserNhsNumber,
                serviceUserBirthDate,
                gpAgency,
                linkedChildren,
                assertions,
                referralLevel,
                flagUpdates,
                consent,
                payload,
                treatmentStatus,
                namedRecipient,
                basedOn,
                concerns,
                householdAdults,
                null,
                null);
    }

    /** A message that ties no adult other than the service user to the family. */
    public InboundMessage(
            String hubMessageId,
            String senderMessageId,
            String senderAgency,
            Event event,
            Instant receivedAt,
            String serviceUserNhsNumber,
            LocalDate serviceUserBirthDate,
            String gpAgency,
            List<LinkedChild> linkedChildren,
            List<Assertion> assertions,
            Integer referralLevel,
            List<SafeguardingFlagUpdate> flagUpdates,
            ConsentUpdate consent,
            Object payload,
            String treatmentStatus,
            String namedRecipient,
            String basedOn,
            List<String> concerns) {
        this(
                hubMessageId,
                senderMessageId,
                senderAgency,
                event,
                receivedAt,
                serviceUserNhsNumber,
                serviceUserBirthDate,
                gpAgency,
                linkedChildren,
                assertions,
                referralLevel,
                flagUpdates,
                consent,
                payload,
                treatmentStatus,
                namedRecipient,
                basedOn,
                concerns,
                List.of());
    }

    /** A message with none of the event-specific fields of treatment, Section 47 and referral messages. */
    public InboundMessage(
            String hubMessageId,
            String senderMessageId,
            String senderAgency,
            Event event,
            Instant receivedAt,
            String serviceUserNhsNumber,
            LocalDate serviceUserBirthDate,
            String gpAgency,
            List<LinkedChild> linkedChildren,
            List<Assertion> assertions,
            Integer referralLevel,
            List<SafeguardingFlagUpdate> flagUpdates,
            ConsentUpdate consent,
            Object payload) {
        this(
                hubMessageId,
                senderMessageId,
                senderAgency,
                event,
                receivedAt,
                serviceUserNhsNumber,
                serviceUserBirthDate,
                gpAgency,
                linkedChildren,
                assertions,
                referralLevel,
                flagUpdates,
                consent,
                payload,
                null,
                null,
                null,
                List.of());
    }

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
                assertions,
                referralLevel,
                List.copyOf(flags),
                consent,
                payload,
                treatmentStatus,
                namedRecipient,
                basedOn,
                List.copyOf(concernKeys),
                householdAdults,
                addressedTo,
                referralOutcome);
    }

    public boolean asserts(String code) {
        return assertions.stream().anyMatch(a -> a.code().equals(code));
    }

    public Optional<Assertion> assertion(String code) {
        return assertions.stream().filter(a -> a.code().equals(code)).findFirst();
    }
}
