package uk.safeguarding.hub.message;

/** The identifier systems of the hub's FHIR messages (the message formats document them). */
public final class FhirSystems {

    /** An agency's id in the agency register. */
    public static final String AGENCY = "https://fhir.safeguarding-hub.example/Id/agency";
    /** The hub message ids it gives what it accepts (receipts, notices). */
    public static final String HUB_MESSAGE = "https://fhir.safeguarding-hub.example/Id/hub-message";

    private FhirSystems() {}
}
