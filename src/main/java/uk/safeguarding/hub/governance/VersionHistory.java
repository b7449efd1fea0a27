package uk.safeguarding.hub.governance;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads a governed document's versions, for the store that owns their table: every kind keeps them in the same
 * columns (version, yaml, changed_by, approved_by, changed_at, reason). The owner names its table; only it writes.
 */
public final class VersionHistory {

    private final JdbcTemplate jdbc;
    private final String table;

    public VersionHistory(JdbcTemplate jdbc, String table) {
        if (!table.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a table name: " + table);
        }
        this.jdbc = jdbc;
        this.table = table;
    }

    /** Newest first. */
    public List<Governed.Version> all() {
        return jdbc.query(
                "SELECT version, changed_by, approved_by, changed_at, reason FROM " + table + " ORDER BY version DESC",
                (rs, i) -> new Governed.Version(
                        rs.getInt("version"),
                        rs.getString("changed_by"),
                        rs.getString("approved_by"),
                        rs.getTimestamp("changed_at").toInstant(),
                        rs.getString("reason")));
    }

    public Optional<String> yaml(int version) {
        return jdbc.queryForList("SELECT yaml FROM " + table + " WHERE version = ?", String.class, version).stream()
                .findFirst();
    }

    /** The highest version applied; null before the first. */
    public Integer latest() {
        return jdbc.queryForObject("SELECT MAX(version) FROM " + table, Integer.class);
    }
}
