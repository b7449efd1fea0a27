/**
 * Intake: bytes in from an agency (FHIR over HTTPS and the broker, HL7 v2 over MLLP), one {@code InboundMessage}
 * out for the accept route, and the answer to the sender in its channel's form; a refusal is quarantined with its
 * reason (table {@code quarantine}). Depends on {@code message}, {@code register} (who the sender is, what the
 * hub knows of the family) and {@code audit}; knows nothing of policy or delivery, which the routes put after it.
 */
package uk.safeguarding.hub.intake;
