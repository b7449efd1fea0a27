package uk.safeguarding.hub.message;

import java.time.LocalDate;

/**
 * An s47-enquiry or cp-plan-status message's Flag: opens (active) or closes (inactive) a flag on a child, by its
 * register key (an NHS number, or an unborn child's key).
 */
public record SafeguardingFlagUpdate(String flagType, String childKey, boolean active, LocalDate start, LocalDate end) {

    public static final String SYSTEM = "https://fhir.safeguarding-hub.example/CodeSystem/safeguarding-flag";
    public static final String S47_ENQUIRY = "s47-enquiry";
    public static final String CHILD_PROTECTION_PLAN = "child-protection-plan";
}
