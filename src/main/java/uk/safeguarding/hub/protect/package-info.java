/**
 * Protection of what leaves the hub (the accept route's protect step): each share's copy, as HL7 v2 for a
 * recipient that wants it, signed by the hub and encrypted to its recipient alone (CMS); the hub's keys and the
 * development PKI. Depends on {@code policy}, {@code register} and {@code message}.
 */
package uk.safeguarding.hub.protect;
