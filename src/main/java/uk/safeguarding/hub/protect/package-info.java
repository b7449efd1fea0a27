/**
 * Protection of what leaves the hub: minimum-necessary profiles, CMS sign + encrypt per recipient, the hub's keys
 * and the development PKI. Depends on {@code message}, {@code register} and {@code policy}.
 */
package uk.safeguarding.hub.protect;
