package uk.safeguarding.hub.message;

/** Something the sender asserts about the message, with the sender's reason text (docs/decisions.md "Assertions"). */
public record Assertion(String code, String reason) {

    public static final String SYSTEM_URL = "https://fhir.safeguarding-hub.example/StructureDefinition/assertion";
    public static final String SIGNIFICANT_HARM_RISK = "significant-harm-risk";
    public static final String IMMEDIATE_HARM_RISK = "immediate-harm-risk";
    public static final String CAPACITY_SERIOUSLY_IMPAIRED = "capacity-seriously-impaired";
    public static final String ILLICIT_USE_CONFIRMED = "illicit-use-confirmed";
    public static final String ILLICIT_USE_SUSPECTED = "illicit-use-suspected";
    public static final String INFORM_SUBJECT_INCREASES_RISK = "inform-subject-increases-risk";
}
