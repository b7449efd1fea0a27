package uk.safeguarding.hub.register;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Agency involvement (table {@code involvement}): when each agency last sent or was sent a message about each
 * person (by NHS number, or an unborn child's register key).
 */
final class Involvements {

    private final JdbcTemplate jdbc;

    Involvements(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The agencies involved with any of these people since then. */
    Set<String> involvedWith(Collection<String> people, Instant since) {
        return new HashSet<>(jdbc.queryForList(
                "SELECT DISTINCT agency_id FROM involvement WHERE last_seen >= ? AND person_key IN ("
                        + Sql.placeholders(people.size()) + ")",
                String.class,
                Sql.args(Sql.timestamp(since), people)));
    }

    /** Whoever was involved with the unborn child is involved with the baby. */
    void carryOver(String unbornKey, String babyNhs) {
        jdbc.update(
                "INSERT INTO involvement (agency_id, person_key, last_seen) SELECT u.agency_id, ?, u.last_seen"
                        + " FROM involvement u WHERE u.person_key = ? AND NOT EXISTS (SELECT 1 FROM involvement b"
                        + " WHERE b.person_key = ? AND b.agency_id = u.agency_id)",
                babyNhs,
                unbornKey,
                babyNhs);
    }

    void record(Collection<String> agencies, Collection<String> people, Timestamp now) {
        for (String agency : agencies) {
            for (String person : people) {
                int updated = jdbc.update(
                        "UPDATE involvement SET last_seen = ? WHERE agency_id = ? AND person_key = ?",
                        now,
                        agency,
                        person);
                if (updated == 0) {
                    jdbc.update(
                            "INSERT INTO involvement (agency_id, person_key, last_seen) VALUES (?, ?, ?)",
                            agency,
                            person,
                            now);
                }
            }
        }
    }
}
