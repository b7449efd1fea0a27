/**
 * The broker: the embedded Artemis's layout (every agency's queues), its security (each agency its own queues, by
 * its certificate; the sender stamped on every message), its TLS acceptor with the hub's key (reloaded on a
 * rotation), and the same layout written as broker properties for an external broker. Uses {@code system.host}
 * only.
 */
package uk.safeguarding.hub.system.broker;
