/**
 * The audit trail: append-only entries chained by SHA-256 hash (each holds the hash of the one before), written in
 * the same transaction as what they record; verification walks the chain and names the first broken link.
 * Depends on nothing else in the hub: every other package writes to it.
 */
package uk.safeguarding.hub.audit;
