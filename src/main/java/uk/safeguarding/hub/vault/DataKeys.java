package uk.safeguarding.hub.vault;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/** Where the wrapped data keys live: table {@code vault_key} (the only table of this package). */
public interface DataKeys {

    /** A data key as stored: wrapped by the key-encryption key; {@code retiredAt} null while it seals new values. */
    record Stored(int id, Purpose purpose, byte[] wrapped, Instant createdAt, Instant retiredAt) {}

    List<Stored> all();

    /** False when a key with this id exists already (another instance made one first). */
    boolean add(Stored key);

    /**
     * Stops the purpose's keys older than key {@code newer} from sealing new values (they still open old ones). By
     * id, not by time: ids only grow, while a stored time may be rounded past the one it is compared with.
     */
    void retire(Purpose purpose, int newer, Instant at);

    static DataKeys in(JdbcTemplate jdbc) {
        return new DataKeys() {
            @Override
            public List<Stored> all() {
                return jdbc.query(
                        "SELECT key_id, purpose, wrapped, created_at, retired_at FROM vault_key ORDER BY key_id",
                        (rs, i) -> new Stored(
                                rs.getInt(1),
                                Purpose.valueOf(rs.getString(2)),
                                rs.getBytes(3),
                                rs.getTimestamp(4).toInstant(),
                                rs.getTimestamp(5) == null
                                        ? null
                                        : rs.getTimestamp(5).toInstant()));
            }

            @Override
            public boolean add(Stored key) {
                try {
                    jdbc.update(
                            "INSERT INTO vault_key (key_id, purpose, wrapped, created_at) VALUES (?, ?, ?, ?)",
                            key.id(),
                            key.purpose().name(),
                            key.wrapped(),
                            Timestamp.from(key.createdAt()));
                    return true;
                } catch (DuplicateKeyException e) {
                    return false;
                }
            }

            @Override
            public void retire(Purpose purpose, int newer, Instant at) {
                jdbc.update(
                        "UPDATE vault_key SET retired_at = ? WHERE purpose = ? AND retired_at IS NULL AND key_id < ?",
                        Timestamp.from(at),
                        purpose.name(),
                        newer);
            }
        };
    }
}
