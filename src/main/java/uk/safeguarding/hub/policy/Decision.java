package uk.safeguarding.hub.policy;

import java.util.List;
import uk.safeguarding.hub.message.AgencyRole;

/**
 * The decision for one candidate recipient. {@code basis} and {@code profile} are null when withheld;
 * {@code withheldBecause} is null when shared. {@code duplicateOf} names the hub id of an earlier referral about
 * the same child or pregnancy that already reached children's social care (Middlesbrough reviews: don't assume someone else has
 * referred; the duplicate is still delivered). {@code removed} lists what the minimum-necessary profile took out of
 * the recipient's copy (filled in after the decision, when the profile is applied).
 */
public record Decision(
        String agency,
        AgencyRole role,
        Outcome decision,
        Basis basis,
        String ruleId,
        Integer ruleVersion,
        List<String> reasons,
        Boolean informSubject,
        boolean urgent,
        String profile,
        WithheldBecause withheldBecause,
        String duplicateOf,
        List<String> removed) {

    public Decision {
        removed = removed == null ? List.of() : List.copyOf(removed);
    }

    /** The same decision with what the minimum-necessary profile removed from this recipient's copy. */
    public Decision withRemoved(List<String> what) {
        return new Decision(
                agency,
                role,
                decision,
                basis,
                ruleId,
                ruleVersion,
                reasons,
                informSubject,
                urgent,
                profile,
                withheldBecause,
                duplicateOf,
                what);
    }

    public enum Outcome {
        SHARE,
        WITHHOLD
    }

    /** Why a candidate was withheld, for the monitoring figures; the reasons say it in words. */
    public enum WithheldBecause {
        NO_RULE,
        AGENCY_INACTIVE,
        CERTIFICATE_INVALID,
        NOT_INVOLVED,
        NOT_NAMED,
        NOT_ADDRESSED,
        NO_BASIS
    }

    public boolean shared() {
        return decision == Outcome.SHARE;
    }
}
