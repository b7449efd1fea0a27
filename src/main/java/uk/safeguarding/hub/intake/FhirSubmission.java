package uk.safeguarding.hub.intake;

/** What the HTTPS intake hands to the intake route: the body as received and the authenticated agency. */
public record FhirSubmission(byte[] body, String agency) {}
