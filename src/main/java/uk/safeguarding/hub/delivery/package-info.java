/**
 * Delivery: accepting a message in one transaction (its registers, decisions, sealed shares in the outbox, and
 * audit), relaying the outbox to a durable Artemis queue per recipient agency, and the mailbox calls (list, fetch,
 * acknowledge). Depends on every package before it: intake, message, register, policy, protect, audit.
 */
package uk.safeguarding.hub.delivery;
