package io.punchcard.outbox;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The outbox in a SQLite file beside the connector: write-ahead log, and {@code synchronous=FULL}, so every
 * commit is on disk (the log fsynced) before {@link #append} returns and the sender hears "done". One
 * connection, used by one thread at a time: SQLite has one writer anyway. A connector may keep tables of its own
 * in the same file and change them in the same transaction as it appends ({@link #inTransaction}).
 */
public final class SqliteOutbox implements Outbox {

    private final Connection db;

    private SqliteOutbox(Connection db) {
        this.db = db;
    }

    /**
     * Opens (creating when new) the outbox at {@code file}, with the connector's own {@code schema} statements
     * applied after the outbox's.
     */
    public static SqliteOutbox open(Path file, String... schema) {
        try {
            Connection db = Sqlite.open(file);
            try (Statement s = db.createStatement()) {
                // Files written before the outbox served more than tills named the stream "terminal".
                if (columnExists(s, "outbox", "terminal")) {
                    s.execute("ALTER TABLE outbox RENAME COLUMN terminal TO stream");
                }
            }
            Sqlite.apply(db, """
                    CREATE TABLE IF NOT EXISTS outbox (
                        id         INTEGER PRIMARY KEY AUTOINCREMENT,
                        stream     TEXT    NOT NULL,
                        kind       TEXT    NOT NULL,
                        reference  TEXT    NOT NULL,
                        body       TEXT    NOT NULL,
                        at         INTEGER NOT NULL,
                        state      TEXT    NOT NULL DEFAULT 'PENDING',
                        attempts   INTEGER NOT NULL DEFAULT 0,
                        outcome    TEXT,
                        settled_at INTEGER,
                        UNIQUE (stream, kind, reference))""",
                    "CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (id) WHERE state = 'PENDING'",
                    "CREATE INDEX IF NOT EXISTS outbox_rejected ON outbox (id) WHERE state = 'REJECTED'");
            Sqlite.apply(db, schema);
            return new SqliteOutbox(db);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot open the outbox " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean columnExists(Statement s, String table, String column) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT 1 FROM pragma_table_info('" + table + "') WHERE name = '" + column + "'")) {
            return rs.next();
        }
    }

    /** Work on the connector's own tables that must be kept together with the entries it appends. */
    @FunctionalInterface
    public interface Work<T> {
        /**
         * @param db     the file's connection, inside the transaction (do not commit or close it)
         * @param append appends an entry inside the same transaction
         */
        T run(Connection db, java.util.function.Function<NewEntry, Appended> append) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction: its changes to the connector's tables and the entries it appends are
     * on disk together when this returns, or — when it throws — none of them are.
     */
    public synchronized <T> T inTransaction(Work<T> work) {
        try {
            db.setAutoCommit(false);
            try {
                T result = work.run(db, this::append);
                db.commit();
                return result;
            } catch (Throwable e) {
                // Whatever stopped the work — an Error too — nothing of it may be committed when auto-commit returns.
                try {
                    db.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The outbox's file could not keep a change: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Appended append(NewEntry entry) {
        try {
            try (PreparedStatement ps = db.prepareStatement("""
                    INSERT INTO outbox (stream, kind, reference, body, at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (stream, kind, reference) DO NOTHING""")) {
                ps.setString(1, entry.stream());
                ps.setString(2, entry.kind());
                ps.setString(3, entry.reference());
                ps.setString(4, entry.body());
                ps.setLong(5, entry.at().toEpochMilli());
                int inserted = ps.executeUpdate();
                long id = find(entry.stream(), entry.kind(), entry.reference()).orElseThrow().id();
                return new Appended(id, inserted == 0);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The outbox could not keep a " + entry.kind() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<Appended> appendAll(List<NewEntry> entries) {
        return inTransaction((db, append) -> entries.stream().map(append).toList());
    }

    @Override
    public synchronized List<Entry> pending(int limit) {
        return query("SELECT " + COLUMNS + " FROM outbox WHERE state = 'PENDING' ORDER BY id LIMIT " + limit);
    }

    @Override
    public synchronized void sent(List<Long> ids, List<String> answers, Instant at) {
        settle(ids, answers, "SENT", at);
    }

    @Override
    public synchronized void rejected(long id, String problem, Instant at) {
        settle(List.of(id), List.of(problem), "REJECTED", at);
    }

    private void settle(List<Long> ids, List<String> outcomes, String state, Instant at) {
        try {
            db.setAutoCommit(false);
            try (PreparedStatement ps = db.prepareStatement(
                    "UPDATE outbox SET state = ?, outcome = ?, settled_at = ? WHERE id = ? AND state = 'PENDING'")) {
                for (int i = 0; i < ids.size(); i++) {
                    ps.setString(1, state);
                    ps.setString(2, outcomes.get(i));
                    ps.setLong(3, at.toEpochMilli());
                    ps.setLong(4, ids.get(i));
                    ps.addBatch();
                }
                ps.executeBatch();
                db.commit();
            } catch (SQLException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The outbox could not mark entries " + state + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void failed(List<Long> ids, String error) {
        try (PreparedStatement ps = db.prepareStatement(
                "UPDATE outbox SET attempts = attempts + 1, outcome = ? WHERE id = ? AND state = 'PENDING'")) {
            for (long id : ids) {
                ps.setString(1, error);
                ps.setLong(2, id);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("The outbox could not count a failed try: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<Entry> find(String stream, String kind, String reference) {
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT " + COLUMNS + " FROM outbox WHERE stream = ? AND kind = ? AND reference = ?")) {
            ps.setString(1, stream);
            ps.setString(2, kind);
            ps.setString(3, reference);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(entry(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The outbox could not be read: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<Entry> rejected(int limit) {
        return query("SELECT " + COLUMNS + " FROM outbox WHERE state = 'REJECTED' ORDER BY id DESC LIMIT " + limit);
    }

    @Override
    public synchronized boolean retry(long id) {
        try (PreparedStatement ps = db.prepareStatement(
                "UPDATE outbox SET state = 'PENDING', attempts = 0, settled_at = NULL WHERE id = ? AND state = 'REJECTED'")) {
            ps.setLong(1, id);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("The outbox could not put entry " + id + " back: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Stats stats() {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT (SELECT count(*) FROM outbox WHERE state = 'PENDING'),
                       (SELECT min(at) FROM outbox WHERE state = 'PENDING'),
                       (SELECT count(*) FROM outbox WHERE state = 'REJECTED')""")) {
            rs.next();
            Object oldest = rs.getObject(2);
            return new Stats(rs.getLong(1), oldest == null ? null : Instant.ofEpochMilli(((Number) oldest).longValue()),
                    rs.getLong(3));
        } catch (SQLException e) {
            throw new IllegalStateException("The outbox could not be read: " + e.getMessage(), e);
        }
    }

    private static final String COLUMNS = "id, stream, kind, reference, body, at, state, attempts, outcome";

    private List<Entry> query(String sql) {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<Entry> entries = new ArrayList<>();
            while (rs.next()) {
                entries.add(entry(rs));
            }
            return entries;
        } catch (SQLException e) {
            throw new IllegalStateException("The outbox could not be read: " + e.getMessage(), e);
        }
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                Instant.ofEpochMilli(rs.getLong(6)), State.valueOf(rs.getString(7)), rs.getInt(8), rs.getString(9));
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            // Closing: the log is on disk already; nothing to save.
        }
    }
}
