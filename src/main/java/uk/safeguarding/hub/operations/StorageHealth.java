package uk.safeguarding.hub.operations;

import java.nio.file.Path;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Health {@code storage}: whether the hub can keep what it accepts. DOWN when the data directory's free space is
 * below {@code hub.storage.down-below} or the database cannot be read (H2 closes itself after a failed write; the
 * pool reopens it once space returns: {@code system.DatabaseReopens}); UP otherwise, with a warning below
 * {@code hub.storage.warn-below}. The details (free bytes, the database's state) are for the dashboard; the
 * endpoint shows only the status.
 */
@Component("storage")
public class StorageHealth implements HealthIndicator {

    private final Path dataDir;
    private final StorageProperties limits;
    private final JdbcTemplate jdbc;

    StorageHealth(
            @org.springframework.beans.factory.annotation.Value("${hub.data-dir}") String dataDir,
            StorageProperties limits,
            JdbcTemplate jdbc) {
        this.dataDir = Path.of(dataDir);
        this.limits = limits;
        this.jdbc = jdbc;
    }

    /** What the storage looks like now. */
    public record State(long freeBytes, boolean databaseReadable, String databaseProblem) {}

    public State state() {
        long free = dataDir.toFile().getUsableSpace(); // the file system the data directory is on
        try {
            jdbc.queryForObject("SELECT 1", Integer.class);
            return new State(free, true, null);
        } catch (RuntimeException e) {
            return new State(free, false, e.getClass().getSimpleName());
        }
    }

    @Override
    public Health health() {
        State s = state();
        Health.Builder health =
                s.freeBytes() < limits.downBelow().toBytes() || !s.databaseReadable() ? Health.down() : Health.up();
        health.withDetail("dataDirectoryFreeBytes", s.freeBytes())
                .withDetail("database", s.databaseReadable() ? "readable" : "failing: " + s.databaseProblem());
        if (s.freeBytes() < limits.warnBelow().toBytes()) {
            health.withDetail("warning", "the data directory has less than " + limits.warnBelow() + " free");
        }
        return health.build();
    }
}
