package uk.safeguarding.hub.message;

import java.time.LocalDate;

/** An s47-enquiry or cp-plan-status message's Flag: opens (active) or closes (inactive) a flag on a child. */
public record SafeguardingFlagUpdate(
        String flagType, String childNhsNumber, boolean active, LocalDate start, LocalDate end) {

    public static final String SYSTEM = "https://fhir.safeguarding-hub.example/CodeSystem/safeguarding-flag";
    public static final String S47_ENQUIRY = "s47-enquiry";
    public static final String CHILD_PROTECTION_PLAN = "child-protection-plan";
}
