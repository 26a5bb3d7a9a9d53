package io.punchcard.loyalty.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import io.helidon.dbclient.DbClient;

import io.punchcard.platform.store.CommitOutcomeUnknown;

/**
 * Transactions over the DB Client's pool. The core's writes are short multi-statement transactions that lock
 * a member row, batch their inserts and read {@code RETURNING} values; plain JDBC on a pooled connection is
 * the direct way to say that, and it is the same Hikari pool the DB Client serves.
 */
public final class Jdbc {

    private static final System.Logger LOG = System.getLogger(Jdbc.class.getName());
    /** Serialization failures and deadlocks are worth one more try; anything else is not. */
    private static final int ATTEMPTS = 3;

    /** Members whose data each open transaction of this thread changed, innermost last. */
    private static final ThreadLocal<Deque<Set<UUID>>> TOUCHED = ThreadLocal.withInitial(ArrayDeque::new);

    private final DbClient db;
    private volatile Consumer<Set<UUID>> afterCommit = members -> { };

    public Jdbc(DbClient db) {
        this.db = db;
    }

    /** Called with the members a transaction changed, once it has committed (to drop their cached cards). */
    public void afterCommit(Consumer<Set<UUID>> listener) {
        this.afterCommit = listener;
    }

    /** Notes that the running transaction changes {@code memberId}. */
    static void touched(UUID memberId) {
        Set<UUID> current = TOUCHED.get().peekLast();
        if (current != null && memberId != null) {
            current.add(memberId);
        }
    }

    /** Work inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in a transaction, committing when it returns and rolling back when it throws.
     *
     * @throws CommitOutcomeUnknown when the connection broke during the commit itself
     */
    public <T> T transaction(Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            Set<UUID> touched = new HashSet<>();
            TOUCHED.get().addLast(touched);
            try (Connection c = db.unwrap(Connection.class)) {
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    CommitOutcomeUnknown.commit(c);
                    if (!touched.isEmpty()) {
                        afterCommit.accept(touched);
                    }
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollback(c, e);
                    if (attempt < ATTEMPTS && e instanceof SQLException sql && retryable(sql)) {
                        continue;
                    }
                    throw e;
                } finally {
                    resetAutoCommit(c);
                }
            } catch (SQLException e) {
                throw new StoreException(e);
            } finally {
                TOUCHED.get().removeLast();
            }
        }
    }


    /**
     * Puts the connection back in auto-commit mode for the pool. One that cannot be is broken, and the pool
     * resets (or drops) it on its return anyway: that must not turn a committed write, or the failure that
     * broke the connection, into another failure.
     */
    private static void resetAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.DEBUG, "Connection not reset after a transaction: " + e.getMessage());
        }
    }

    /**
     * Rolls back after {@code failure}. A rollback that fails (the connection broke: the server ends the
     * transaction with the session) must not hide the failure that caused it.
     */
    private static void rollback(Connection c, Exception failure) {
        try {
            c.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** Runs read-only {@code work} on a connection in auto-commit mode. */
    public <T> T read(Work<T> work) {
        try (Connection c = db.unwrap(Connection.class)) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /**
     * Runs read-only {@code work} in one REPEATABLE READ transaction, so that its statements all see the database as
     * of the first: a read that answers from several statements (members, then their cards) must not see a merge
     * or a sale land between two of them. Costs two round trips more than {@link #read}, however much it reads:
     * the setting (which carries the driver's BEGIN) and the commit.
     */
    public <T> T snapshot(Work<T> work) {
        try (Connection c = db.unwrap(Connection.class)) {
            c.setAutoCommit(false);
            try {
                try (var settings = c.createStatement()) {
                    settings.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
                }
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            } finally {
                resetAutoCommit(c);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    private static boolean retryable(SQLException e) {
        return "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
    }

    static boolean uniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** Sets the parameters of {@code ps} in order. */
    static PreparedStatement bind(PreparedStatement ps, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v instanceof Instant instant) {
                ps.setTimestamp(i + 1, Timestamp.from(instant));
            } else {
                ps.setObject(i + 1, v);
            }
        }
        return ps;
    }

    /**
     * {@code column = ?} for one id, {@code column = ANY(?)} for several. The planner takes an array parameter for
     * ten elements, and the plan it picks for ten is slower for the one member a till asks for (identify ran at
     * two thirds of its speed when a single card was read as a batch of one).
     */
    static String idsIn(String column, Collection<UUID> ids) {
        return ids.size() == 1 ? column + " = ?" : column + " = ANY(?)";
    }

    /** The parameter of {@link #idsIn}: the id itself, or the array of them. */
    static Object ids(Connection c, Collection<UUID> ids) throws SQLException {
        return ids.size() == 1 ? ids.iterator().next() : c.createArrayOf("uuid", ids.toArray());
    }

    /** {@code value} as JSON, for a jsonb column. */
    static String json(Object value) {
        try {
            return io.punchcard.api.Json.mapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** A jsonb column's text read back as {@code type}; what we wrote, so a failure is ours. */
    static <T> T parse(String json, Class<T> type) {
        try {
            return io.punchcard.api.Json.mapper().readValue(json, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("A stored " + type.getSimpleName() + " cannot be read: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** A database failure that no caller can act on; it becomes a 500 problem with an incident id. */
    public static final class StoreException extends RuntimeException {
        StoreException(SQLException e) {
            super(e.getMessage(), e);
        }
    }
}
