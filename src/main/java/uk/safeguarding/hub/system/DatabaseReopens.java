package uk.safeguarding.hub.system;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;

/**
 * A connection to a database that closed itself is thrown away, so the pool opens new ones and the database is
 * opened again. H2 closes its database when a write to its file fails (the disk full, say: "The database has been
 * closed", 90098); the pool's connections then stay open on it and every statement fails, long after the space has
 * come back. Evicting them on that error makes the hub recover by itself: the next connection reopens the file at
 * its last commit. Named in {@code spring.datasource.hikari.exception-override-class-name}.
 */
public class DatabaseReopens implements SQLExceptionOverride {

    /** H2: the database has been closed; the database is being shut down. */
    static final int CLOSED = 90098;

    static final int SHUTTING_DOWN = 90121;

    @java.lang.Override
    public SQLExceptionOverride.Override adjudicate(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && (s.getErrorCode() == CLOSED || s.getErrorCode() == SHUTTING_DOWN)) {
                return SQLExceptionOverride.Override.MUST_EVICT;
            }
            if (t.getClass().getName().equals("org.h2.mvstore.MVStoreException")) {
                return SQLExceptionOverride.Override.MUST_EVICT; // a failed write: H2 closes the database next
            }
        }
        return SQLExceptionOverride.Override.CONTINUE_EVICT;
    }
}
