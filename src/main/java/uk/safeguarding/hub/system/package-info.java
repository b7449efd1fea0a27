/**
 * Wiring: the beans that tie capabilities together (the FHIR context, the clock, the hub's key for sealing,
 * checkpoints and the broker, the register's history with the development CA), and the start-up summary. Sorted by
 * concern below it: {@code host} (the process's files, home, ports, development PKI, start checks), {@code web}
 * (HTTP security, sign-in, the access audit) and {@code broker} (the broker's layout, security and TLS). A
 * capability builds its own beans in its own package. May depend on every other package; nothing depends on it.
 */
package uk.safeguarding.hub.system;
