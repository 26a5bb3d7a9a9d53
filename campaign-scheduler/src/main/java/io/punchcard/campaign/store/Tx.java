package io.punchcard.campaign.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;

import io.helidon.dbclient.DbClient;

import io.punchcard.platform.store.CommitOutcomeUnknown;

/**
 * Short transactions on the scheduler's pool: plain JDBC on a pooled connection of the DB Client, the direct way
 * to say {@code FOR UPDATE SKIP LOCKED}, advisory locks and {@code RETURNING}.
 */
final class Tx {

    /** Work inside one transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DbClient db;

    Tx(DbClient db) {
        this.db = db;
    }

    /** Runs {@code work} in a transaction, committing when it returns and rolling back when it throws. */
    <T> T transaction(Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = db.unwrap(Connection.class)) {
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    CommitOutcomeUnknown.commit(c);
                    return result;
                } catch (SQLException | RuntimeException e) {
                    try {
                        c.rollback();
                    } catch (SQLException rollback) {
                        e.addSuppressed(rollback);
                    }
                    // Serialization failures and deadlocks are worth one more try; nothing else is.
                    if (attempt < 3 && e instanceof SQLException sql
                            && ("40001".equals(sql.getSQLState()) || "40P01".equals(sql.getSQLState()))) {
                        continue;
                    }
                    throw e;
                } finally {
                    try {
                        c.setAutoCommit(true);
                    } catch (SQLException ignored) {
                        // A broken connection is reset or dropped by the pool on its return.
                    }
                }
            } catch (SQLException e) {
                throw new SchedulerStoreException(e);
            }
        }
    }

    /** Runs {@code work} on a connection in auto-commit mode. */
    <T> T read(Work<T> work) {
        try (Connection c = db.unwrap(Connection.class)) {
            return work.run(c);
        } catch (SQLException e) {
            throw new SchedulerStoreException(e);
        }
    }

    /**
     * Sets the parameters of {@code ps} in order; Instants as timestamps, a compiled segment's lists as arrays,
     * nulls typed loosely.
     */
    static PreparedStatement bind(PreparedStatement ps, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v instanceof Instant instant) {
                ps.setTimestamp(i + 1, Timestamp.from(instant));
            } else if (v instanceof io.punchcard.campaign.segment.SegmentSql.TextList list) {
                ps.setArray(i + 1, ps.getConnection().createArrayOf("text", list.texts().toArray()));
            } else if (v instanceof io.punchcard.campaign.segment.SegmentSql.WholeList list) {
                ps.setArray(i + 1, ps.getConnection().createArrayOf("bigint", list.numbers().toArray()));
            } else if (v instanceof Enum<?> e) {
                ps.setString(i + 1, e.name());
            } else if (v == null) {
                ps.setNull(i + 1, Types.NULL);
            } else {
                ps.setObject(i + 1, v);
            }
        }
        return ps;
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
