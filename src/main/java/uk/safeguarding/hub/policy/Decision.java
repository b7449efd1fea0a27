package uk.safeguarding.hub.policy;

import java.util.List;
import uk.safeguarding.hub.message.AgencyRole;

/**
 * The decision for one candidate recipient. {@code basis} and {@code profile} are null when withheld;
 * {@code withheldBecause} is null when shared. {@code duplicateOf} names the hub id of an earlier referral about
 * the same child or pregnancy that already reached children's social care (002: don't assume someone else has
 * referred; the duplicate is still delivered).
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
        String duplicateOf) {

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
        NO_BASIS
    }

    public boolean shared() {
        return decision == Outcome.SHARE;
    }
}
