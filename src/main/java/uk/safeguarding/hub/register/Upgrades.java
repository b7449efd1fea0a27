package uk.safeguarding.hub.register;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** Rewrites what a register stored before the vault: each person's NHS number (or unborn key) becomes its hash. */
final class Upgrades {

    private Upgrades() {}

    /** Every value of {@code column} not yet a keyed hash, replaced by it. Returns how many distinct values. */
    static int rekey(JdbcTemplate jdbc, People people, String table, String column) {
        List<Object[]> keys = jdbc.query(
                "SELECT DISTINCT " + column + " FROM " + table + " WHERE LENGTH(" + column + ") <> " + People.HASHED,
                (rs, i) -> new Object[] {people.key(rs.getString(1)), rs.getString(1)});
        if (!keys.isEmpty()) {
            jdbc.batchUpdate("UPDATE " + table + " SET " + column + " = ? WHERE " + column + " = ?", keys);
        }
        return keys.size();
    }
}
