/**
 * The audit trail: append-only entries chained by keyed hash (HMAC-SHA256 under a key kept outside the database;
 * each entry holds the hash of the one before), written in the same transaction as what they record, with signed
 * checkpoints of the chain's head in a file outside the database; verification walks the chain, compares it with
 * every checkpoint and names each entry missing or altered. Depends on nothing else in the hub: every other
 * package writes to it.
 */
package uk.safeguarding.hub.audit;
