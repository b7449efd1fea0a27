package uk.safeguarding.hub.delivery;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The sealed copy of each share, kept from acceptance until it is acknowledged, recalled or discarded, in a table of
 * its own: the delivery record beside it is small and changes four times on the way (queued, fetched, acknowledged,
 * taken off the queue), and each change rewrote the 6 KB copy with it while the two shared a row.
 */
public final class SealedCopies {

    private SealedCopies() {}

    /** In the caller's transaction, with the delivery record. */
    static void store(JdbcTemplate jdbc, String deliveryId, byte[] sealed) {
        jdbc.update("INSERT INTO delivery_payload (delivery_id, payload) VALUES (?, ?)", deliveryId, sealed);
    }

    /** Many at once (delivery id, sealed copy), in one batch: a message's shares. */
    static void storeAll(JdbcTemplate jdbc, java.util.List<Object[]> copies) {
        jdbc.batchUpdate("INSERT INTO delivery_payload (delivery_id, payload) VALUES (?, ?)", copies);
    }

    /** In the caller's transaction, with the change that ends the share's way (a no-op when already gone). */
    public static void remove(JdbcTemplate jdbc, String deliveryId) {
        jdbc.update("DELETE FROM delivery_payload WHERE delivery_id = ?", deliveryId);
    }
}
