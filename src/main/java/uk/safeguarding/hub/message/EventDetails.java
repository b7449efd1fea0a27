package uk.safeguarding.hub.message;

import java.util.List;

/**
 * What only one kind of event carries, beside the envelope every message has ({@link InboundMessage}): one
 * immutable record per kind, so a field exists only where its event gives it a meaning.
 */
public sealed interface EventDetails {

    /** The Section 47 enquiries and child protection plans the message opens or closes (none by default). */
    default List<SafeguardingFlagUpdate> flagUpdates() {
        return List.of();
    }

    /** The same details with the flags as the registers key them (an unborn child under its register key). */
    default EventDetails withFlags(List<SafeguardingFlagUpdate> flags) {
        return this;
    }

    /** A screening result, a pregnancy notice, a neonatal notice: all they say is in the envelope and payload. */
    record None() implements EventDetails {}

    /** A treatment dropout or change: the treatment-status code. */
    record Treatment(String status) implements EventDetails {}

    /** A referral: its level (1 to 3; none for a referral to drug treatment), and the role it is to. */
    record Referral(Integer level, AgencyRole addressedTo) implements EventDetails {}

    /** A referral outcome: the referral it answers (hub id), its outcome code, and the enquiry it opens, if any. */
    record ReferralOutcome(String basedOn, String outcome, List<SafeguardingFlagUpdate> flagUpdates)
            implements EventDetails {
        public ReferralOutcome {
            flagUpdates = List.copyOf(flagUpdates);
        }

        @Override
        public EventDetails withFlags(List<SafeguardingFlagUpdate> flags) {
            return new ReferralOutcome(basedOn, outcome, flags);
        }
    }

    /** A Section 47 enquiry or child protection plan opened or closed. */
    record Flags(List<SafeguardingFlagUpdate> flagUpdates) implements EventDetails {
        public Flags {
            flagUpdates = List.copyOf(flagUpdates);
        }

        @Override
        public EventDetails withFlags(List<SafeguardingFlagUpdate> flags) {
            return new Flags(flags);
        }
    }

    /** A Section 47 information request: the agency it names, or null for the involved drug services. */
    record InformationRequest(String namedRecipient) implements EventDetails {}

    /** A Section 47 information response: the request it answers (hub id). */
    record InformationResponse(String basedOn) implements EventDetails {}

    /** A consent given, refused or withdrawn. */
    record Consent(ConsentUpdate consent) implements EventDetails {}
}
