package uk.safeguarding.hub.intake;

/** An HL7 v2 message as it came off an MLLP connection, with the agency its client certificate maps to. */
public record Hl7Submission(byte[] body, String agency) {}
