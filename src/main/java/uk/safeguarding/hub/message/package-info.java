/**
 * The hub's internal message: one form for every intake format (FHIR now, HL7 v2 later). Holds the event, the
 * sending agency, the service user, the linked children and the sender's assertions. Depends on nothing else in
 * the hub.
 */
package uk.safeguarding.hub.message;
