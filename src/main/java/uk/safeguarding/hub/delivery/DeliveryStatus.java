package uk.safeguarding.hub.delivery;

/**
 * Where a share stands (the {@code delivery.status} column). PENDING: stored, not yet on its queue (the relay or
 * the sweep puts it there). QUEUED: in the recipient's mailbox or push queue. ACKED: the recipient has it.
 * RECALLING: consent withdrawn, being taken off its queue. RECALLED: taken off, never to be delivered. DISCARDED:
 * taken off the dead-letter queue by an operator, with a reason; never delivered.
 */
public enum DeliveryStatus {
    PENDING,
    QUEUED,
    ACKED,
    RECALLING,
    RECALLED,
    DISCARDED;

    /** The status as an SQL literal, for the queries that select by it: {@code 'PENDING'}. */
    String sql() {
        return "'" + name() + "'";
    }
}
