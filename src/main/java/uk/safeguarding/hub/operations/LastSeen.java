package uk.safeguarding.hub.operations;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * When each agency last called the hub's HTTPS API (sending, fetching, acknowledging), for the dashboard. Kept in
 * the database at most once a minute per agency per instance, so a busy agency costs no write per call.
 */
@Component
public class LastSeen {

    private static final Duration GRAIN = Duration.ofMinutes(1);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final Map<String, Instant> written = new ConcurrentHashMap<>();

    public LastSeen(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void saw(String agency) {
        Instant now = Instant.now(clock);
        Instant before = written.get(agency);
        if (before != null && before.plus(GRAIN).isAfter(now)) {
            return;
        }
        written.put(agency, now);
        if (jdbc.update("UPDATE agency_seen SET seen_at = ? WHERE agency = ?", Timestamp.from(now), agency) == 0) {
            try {
                jdbc.update("INSERT INTO agency_seen (agency, seen_at) VALUES (?, ?)", agency, Timestamp.from(now));
            } catch (org.springframework.dao.DuplicateKeyException raced) {
                jdbc.update("UPDATE agency_seen SET seen_at = ? WHERE agency = ?", Timestamp.from(now), agency);
            }
        }
    }

    public Map<String, Instant> all() {
        Map<String, Instant> all = new TreeMap<>();
        jdbc.query("SELECT agency, seen_at FROM agency_seen", rs -> {
            all.put(rs.getString(1), rs.getTimestamp(2).toInstant());
        });
        return all;
    }
}
