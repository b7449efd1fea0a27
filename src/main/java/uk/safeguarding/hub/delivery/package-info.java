/**
 * Delivery: the accept route's store step (a decided, sealed message stored in one transaction with its
 * decisions, its shares in the outbox and their audit entries), the relay of the outbox to a durable queue per
 * recipient, push delivery, the mailbox (list, fetch), the one acknowledgement path, recalls and the urgent watch.
 * Owns the tables {@code inbound_message}, {@code decision} and {@code delivery}. Depends on {@code protect},
 * {@code policy}, {@code register}, {@code message} and {@code audit}.
 */
package uk.safeguarding.hub.delivery;
