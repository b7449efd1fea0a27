/**
 * Intake: bytes in from an agency (FHIR over HTTPS now; HL7 v2 and the broker later), one {@code InboundMessage}
 * out, or a refusal that is quarantined with its reason. Depends on {@code message} and, for the quarantine's
 * audit entry, {@code audit}.
 */
package uk.safeguarding.hub.intake;
