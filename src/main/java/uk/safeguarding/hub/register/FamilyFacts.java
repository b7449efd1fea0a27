package uk.safeguarding.hub.register;

import java.util.List;
import java.util.Set;
import uk.safeguarding.hub.message.LinkedChild;

/**
 * What the registers say about one service user's family at the moment of a decision: the linked children
 * (from this message and earlier ones), which of them have an open Section 47 enquiry or a child protection
 * plan, the standing consent records, and the agencies involved.
 */
public record FamilyFacts(
        String serviceUserNhsNumber,
        List<LinkedChild> linkedChildren,
        Set<String> openSection47,
        Set<String> childProtectionPlans,
        List<ConsentRecord> consents,
        Set<String> involvedAgencies) {}
