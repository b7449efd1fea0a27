package uk.safeguarding.hub.intake;

/** What the intake route answers: an HTTP status and a FHIR JSON body (a response Bundle or an OperationOutcome). */
public record IntakeResponse(int status, String body) {}
