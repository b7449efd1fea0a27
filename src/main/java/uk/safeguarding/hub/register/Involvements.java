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
    private final People people;

    Involvements(JdbcTemplate jdbc, People people) {
        this.jdbc = jdbc;
        this.people = people;
    }

    /** The agencies involved with any of these people since then. */
    Set<String> involvedWith(Collection<String> persons, Instant since) {
        Set<String> keys = people.keys(persons).keySet();
        return new HashSet<>(jdbc.queryForList(
                "SELECT DISTINCT agency_id FROM involvement WHERE last_seen >= ? AND person_key IN ("
                        + Sql.placeholders(keys.size()) + ")",
                String.class,
                Sql.args(Sql.timestamp(since), keys)));
    }

    /** Whoever was involved with the unborn child is involved with the baby. */
    void carryOver(String unbornKey, String babyNhs) {
        jdbc.update(
                "INSERT INTO involvement (agency_id, person_key, last_seen) SELECT u.agency_id, ?, u.last_seen"
                        + " FROM involvement u WHERE u.person_key = ? AND NOT EXISTS (SELECT 1 FROM involvement b"
                        + " WHERE b.person_key = ? AND b.agency_id = u.agency_id)",
                people.key(babyNhs),
                people.key(unbornKey),
                people.key(babyNhs));
    }

    /**
     * Each agency is now involved with each person. Read in one query; a pair is written only if it is new or last
     * seen more than a day before (involvement lapses after months, so a day's grain changes no decision, and a
     * busy family costs no row rewrite per message). The new and stale pairs go in two batches.
     */
    void record(Collection<String> agencies, Collection<String> persons, Timestamp now) {
        if (agencies.isEmpty() || persons.isEmpty()) {
            return;
        }
        Collection<String> keys = people.keys(persons).keySet();
        java.util.Map<String, Timestamp> seen = new java.util.HashMap<>();
        jdbc.query(
                "SELECT agency_id, person_key, last_seen FROM involvement WHERE person_key IN ("
                        + Sql.placeholders(keys.size()) + ")",
                rs -> {
                    seen.put(rs.getString(1) + "\u0000" + rs.getString(2), rs.getTimestamp(3));
                },
                keys.toArray());
        Timestamp stale = Timestamp.from(now.toInstant().minus(java.time.Duration.ofDays(1)));
        java.util.List<Object[]> inserts = new java.util.ArrayList<>();
        java.util.List<Object[]> updates = new java.util.ArrayList<>();
        for (String agency : agencies) {
            for (String person : keys) {
                Timestamp last = seen.get(agency + "\u0000" + person);
                if (last == null) {
                    inserts.add(new Object[] {agency, person, now});
                } else if (last.before(stale)) {
                    updates.add(new Object[] {now, agency, person});
                }
            }
        }
        if (!updates.isEmpty()) {
            jdbc.batchUpdate("UPDATE involvement SET last_seen = ? WHERE agency_id = ? AND person_key = ?", updates);
        }
        if (!inserts.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO involvement (agency_id, person_key, last_seen) VALUES (?, ?, ?)", inserts);
        }
    }

    /** Involvement written before the vault: its people hashed. Returns how many rows. */
    int upgrade() {
        return Upgrades.rekey(jdbc, people, "involvement", "person_key");
    }
}
