package io.punchcard.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A connector's SQLite file, opened the one way everything in it needs: write-ahead log, and
 * {@code synchronous=FULL}, so a commit is on disk before the call returns; writers wait up to 5 s for each
 * other instead of failing.
 */
public final class Sqlite {

    private Sqlite() {
    }

    /** A connection to {@code file} (created, with its folder, when new) with {@code schema} applied. */
    public static Connection open(Path file, String... schema) throws SQLException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the folder of " + file, e);
        }
        Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA synchronous = FULL");
            s.execute("PRAGMA busy_timeout = 5000");
        }
        apply(db, schema);
        return db;
    }

    /** Runs {@code schema}'s statements (each idempotent: {@code CREATE ... IF NOT EXISTS}) on {@code db}. */
    public static void apply(Connection db, String... schema) throws SQLException {
        try (Statement s = db.createStatement()) {
            for (String statement : schema) {
                s.execute(statement);
            }
        }
    }
}
