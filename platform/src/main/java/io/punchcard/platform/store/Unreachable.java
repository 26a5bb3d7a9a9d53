package io.punchcard.platform.store;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Tells a database that is out of reach (down, restarting, refusing connections, the pool finding no
 * connection in time) from a request the database refused. The first is no fault of the request: the
 * problem mapping answers it 503, and the caller tries again later; only the second can be a bug.
 */
public final class Unreachable {

    /**
     * PostgreSQL's states for a server going away or not taking sessions: admin_shutdown (a restart),
     * crash_shutdown, cannot_connect_now (starting up or in recovery), too_many_connections. Class 08, the
     * connection exceptions, is matched as a class.
     */
    private static final Set<String> STATES = Set.of("57P01", "57P02", "57P03", "53300");

    /** Causes looked through; a chain is never this long unless it is a loop. */
    private static final int MAX_DEPTH = 20;

    private Unreachable() {
    }

    /** Whether {@code failure}, or anything that caused it, says the database is out of reach. */
    public static boolean causedBy(Throwable failure) {
        int depth = 0;
        for (Throwable cause = failure; cause != null && depth < MAX_DEPTH; cause = cause.getCause(), depth++) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || STATES.contains(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }
}
