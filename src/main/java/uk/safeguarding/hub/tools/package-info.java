/**
 * Command-line tools that run the hub's own parts outside the server (the explain command), through the same
 * {@code SharingDecisions} as the server. Depends on {@code intake}, {@code policy}, {@code protect},
 * {@code register} and {@code message}.
 */
package uk.safeguarding.hub.tools;
