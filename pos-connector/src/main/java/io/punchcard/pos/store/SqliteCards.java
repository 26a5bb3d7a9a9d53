package io.punchcard.pos.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.punchcard.outbox.Sqlite;
import io.punchcard.pos.card.KnownCards;

/** Known member cards in the connector's SQLite file, by identifier. */
public final class SqliteCards implements KnownCards, AutoCloseable {

    private final Connection db;

    private SqliteCards(Connection db) {
        this.db = db;
    }

    public static SqliteCards open(Path file) {
        try {
            return new SqliteCards(Sqlite.open(file, """
                    CREATE TABLE IF NOT EXISTS known_card (
                        identifier TEXT    PRIMARY KEY,
                        card       TEXT    NOT NULL,
                        at         INTEGER NOT NULL)"""));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot open the known cards in " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void keep(List<String> identifiers, String card, Instant at) {
        try (PreparedStatement ps = db.prepareStatement("""
                INSERT INTO known_card (identifier, card, at) VALUES (?, ?, ?)
                ON CONFLICT (identifier) DO UPDATE SET card = excluded.card, at = excluded.at
                WHERE excluded.at >= known_card.at""")) {
            for (String identifier : identifiers) {
                ps.setString(1, identifier);
                ps.setString(2, card);
                ps.setLong(3, at.toEpochMilli());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot keep a member card: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Optional<Known> find(String identifier) {
        try (PreparedStatement ps = db.prepareStatement("SELECT card, at FROM known_card WHERE identifier = ?")) {
            ps.setString(1, identifier);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Known(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2))))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the known cards: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            // Nothing to keep.
        }
    }
}
