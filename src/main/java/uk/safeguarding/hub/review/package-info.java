/**
 * Seeing what was sent, when a review needs it: an information governance officer opens the content of a message
 * the hub holds (as received, and each share as its recipient got it) or of a quarantined one, for a purpose and a
 * reason, for a limited time; every opening is audited, shown to the Caldicott guardians and reviewed by one of
 * them (never the person who opened it).
 */
package uk.safeguarding.hub.review;
