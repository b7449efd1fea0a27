package uk.safeguarding.hub.register;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import uk.safeguarding.hub.message.AgencyRole;
import uk.safeguarding.hub.message.LinkedChild;

/**
 * What the registers say about one service user's family at the moment of a decision: the linked children
 * (from this message and earlier ones), which of them have an open Section 47 enquiry or a child protection
 * plan, the standing consent records, the agencies involved, the request a Section 47 response answers (or
 * null), and the referrals about the same child or pregnancy that already reached children's social care.
 */
public record FamilyFacts(
        String serviceUserNhsNumber,
        List<LinkedChild> linkedChildren,
        Set<String> openSection47,
        Set<String> childProtectionPlans,
        List<ConsentRecord> consents,
        Set<String> involvedAgencies,
        AnsweredRequest answeredRequest,
        List<EarlierReferral> earlierReferrals) {

    public FamilyFacts(
            String serviceUserNhsNumber,
            List<LinkedChild> linkedChildren,
            Set<String> openSection47,
            Set<String> childProtectionPlans,
            List<ConsentRecord> consents,
            Set<String> involvedAgencies) {
        this(
                serviceUserNhsNumber,
                linkedChildren,
                openSection47,
                childProtectionPlans,
                consents,
                involvedAgencies,
                null,
                List.of());
    }

    /**
     * The request a message answers (a Section 47 information request, or a referral): who sent it, about whom, who
     * it reached, and for a referral the basis it reached children's social care on.
     */
    public record AnsweredRequest(
            String hubMessageId,
            String event,
            String senderAgency,
            String subjectNhs,
            Set<String> deliveredTo,
            String basis) {

        public AnsweredRequest(
                String hubMessageId, String event, String senderAgency, String subjectNhs, Set<String> deliveredTo) {
            this(hubMessageId, event, senderAgency, subjectNhs, deliveredTo, null);
        }
    }

    /** A referral or mandatory referral that reached children's social care before this message. */
    public record EarlierReferral(
            String hubMessageId,
            String event,
            String senderAgency,
            AgencyRole senderRole,
            String cscAgency,
            Instant referredAt) {}
}
