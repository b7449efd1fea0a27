package uk.safeguarding.hub.message;

import java.util.Arrays;
import java.util.Optional;

/** The event codes of the message catalogue (docs/decisions.md, docs/messages.md). */
public enum Event {
    SCREENING_RESULT("screening-result"),
    TREATMENT_DROPOUT("treatment-dropout"),
    TREATMENT_CHANGE("treatment-change"),
    PREGNANCY_SUBSTANCE_USE("pregnancy-substance-use"),
    NEONATAL_WITHDRAWAL("neonatal-withdrawal"),
    REFERRAL("referral"),
    REFERRAL_OUTCOME("referral-outcome"),
    S47_ENQUIRY("s47-enquiry"),
    CP_PLAN_STATUS("cp-plan-status"),
    S47_INFORMATION_REQUEST("s47-information-request"),
    S47_INFORMATION_RESPONSE("s47-information-response"),
    CONSENT_UPDATE("consent-update");

    public static final String SYSTEM = "https://fhir.safeguarding-hub.example/CodeSystem/event";

    private final String code;

    Event(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /**
     * Its MESH workflow id: {@code SAFEGUARDING_} and its code in capitals, {@code _} for {@code -}
     * ({@code SAFEGUARDING_SCREENING_RESULT}).
     */
    public String meshWorkflowId() {
        return meshWorkflowIdOf(code);
    }

    /** The same rule for any code (the hub's notices use it too). */
    public static String meshWorkflowIdOf(String code) {
        return "SAFEGUARDING_" + code.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    public static Optional<Event> fromCode(String code) {
        return Arrays.stream(values()).filter(e -> e.code.equals(code)).findFirst();
    }

    @Override
    public String toString() {
        return code;
    }
}
