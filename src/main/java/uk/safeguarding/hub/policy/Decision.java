package uk.safeguarding.hub.policy;

import java.util.List;
import uk.safeguarding.hub.message.AgencyRole;

/** The decision for one candidate recipient. {@code basis} and {@code profile} are null when withheld. */
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
        String profile) {

    public enum Outcome {
        SHARE,
        WITHHOLD
    }

    public boolean shared() {
        return decision == Outcome.SHARE;
    }
}
