package uk.safeguarding.hub.message;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Messages for tests, built as the readers build them: the envelope, and the details the event carries. */
public final class TestMessages {

    private TestMessages() {}

    /**
     * The details {@code event} carries, from fields a test gives for any event: those the event does not carry are
     * left out, as a reader never produces them.
     */
    public static EventDetails details(
            Event event,
            Integer level,
            List<SafeguardingFlagUpdate> flags,
            ConsentUpdate consent,
            String treatmentStatus,
            String named,
            String basedOn,
            AgencyRole to,
            String outcome) {
        return switch (event) {
            case REFERRAL -> new EventDetails.Referral(level, to);
            case REFERRAL_OUTCOME -> new EventDetails.ReferralOutcome(basedOn, outcome, flags);
            case S47_ENQUIRY, CP_PLAN_STATUS -> new EventDetails.Flags(flags);
            case S47_INFORMATION_REQUEST -> new EventDetails.InformationRequest(named);
            case S47_INFORMATION_RESPONSE -> new EventDetails.InformationResponse(basedOn);
            case CONSENT_UPDATE -> new EventDetails.Consent(consent);
            case TREATMENT_DROPOUT, TREATMENT_CHANGE -> new EventDetails.Treatment(treatmentStatus);
            case SCREENING_RESULT, PREGNANCY_SUBSTANCE_USE, NEONATAL_WITHDRAWAL -> new EventDetails.None();
        };
    }

    /** A message with no household adults and no payload. */
    public static InboundMessage message(
            String hubId,
            String senderMessageId,
            String sender,
            Event event,
            Instant receivedAt,
            String serviceUserNhs,
            LocalDate birthDate,
            String gp,
            List<LinkedChild> children,
            List<Assertion> assertions,
            List<String> concerns,
            EventDetails details) {
        return new InboundMessage(
                hubId,
                senderMessageId,
                sender,
                event,
                receivedAt,
                serviceUserNhs,
                birthDate,
                gp,
                children,
                List.of(),
                assertions,
                concerns,
                null,
                details);
    }
}
