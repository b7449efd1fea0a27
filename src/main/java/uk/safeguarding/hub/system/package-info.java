/**
 * Wiring: the beans every capability shares (FhirContext, clock, agency register, rule engine, sealer), the
 * broker's layout (applied to the embedded broker, or written as broker properties for an external one), TLS
 * client-certificate authentication, and the development PKI made before start.
 * May depend on every other package; nothing depends on it.
 */
package uk.safeguarding.hub.system;
