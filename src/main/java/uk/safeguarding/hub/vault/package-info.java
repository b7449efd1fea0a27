/**
 * Personal data sealed by the hub before it reaches any database, the same way on H2 and PostgreSQL: AES-GCM under a
 * data key per purpose, the data keys wrapped by a key-encryption key held outside the database, each value carrying
 * its key's id so that keys rotate without rewriting what was written before; and a keyed hash (HMAC) of each NHS
 * number as the only form that indexes and lookups see. The JDK's own cryptography (which uses the processor's AES
 * instructions); nothing hand-written. Depends on nothing of the hub's but its database.
 */
package uk.safeguarding.hub.vault;
