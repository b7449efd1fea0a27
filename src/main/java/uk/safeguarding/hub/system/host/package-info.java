/**
 * The process on its host, before anything else runs: the hub's home and the paths under it, files readable by
 * the hub's user only, the development PKI, the listeners' ports, and the configuration files checked at start
 * (a bad one stops the start naming its lines). Uses no other part of {@code system}.
 */
package uk.safeguarding.hub.system.host;
