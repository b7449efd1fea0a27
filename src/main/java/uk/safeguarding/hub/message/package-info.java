/**
 * The hub's internal message: one form for every intake format (FHIR and HL7 v2). Holds the event, the sending
 * agency, the service user, the linked children and the sender's assertions; a refusal ({@code MessageRefused})
 * and an acceptance ({@code Accepted}). Depends on nothing else in the hub.
 */
package uk.safeguarding.hub.message;
