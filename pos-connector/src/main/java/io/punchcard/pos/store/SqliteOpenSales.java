package io.punchcard.pos.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.punchcard.outbox.Sqlite;
import io.punchcard.pos.sale.OpenSales;

/** Open sales' holds in the connector's SQLite file. */
public final class SqliteOpenSales implements OpenSales, AutoCloseable {

    private final Connection db;

    private SqliteOpenSales(Connection db) {
        this.db = db;
    }

    public static SqliteOpenSales open(Path file) {
        try {
            return new SqliteOpenSales(Sqlite.open(file, """
                    CREATE TABLE IF NOT EXISTS sale_hold (
                        id          INTEGER PRIMARY KEY AUTOINCREMENT,
                        terminal    TEXT    NOT NULL,
                        sale_id     TEXT    NOT NULL,
                        kind        TEXT    NOT NULL,
                        reference   TEXT    NOT NULL,
                        member_id   TEXT,
                        points      INTEGER NOT NULL,
                        value_minor INTEGER NOT NULL,
                        at          INTEGER NOT NULL,
                        UNIQUE (terminal, sale_id, kind, reference))"""));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot open the open sales in " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void add(Held held) {
        try (PreparedStatement ps = db.prepareStatement("""
                INSERT INTO sale_hold (terminal, sale_id, kind, reference, member_id, points, value_minor, at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
            ps.setString(1, held.terminal());
            ps.setString(2, held.saleId());
            ps.setString(3, held.kind().name());
            ps.setString(4, held.reference());
            ps.setString(5, held.memberId() == null ? null : held.memberId().toString());
            ps.setLong(6, held.points());
            ps.setLong(7, held.valueMinor());
            ps.setLong(8, held.at().toEpochMilli());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot note what a sale holds: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void remove(String terminal, String saleId, Kind kind, String reference) {
        try (PreparedStatement ps = db.prepareStatement(
                "DELETE FROM sale_hold WHERE terminal = ? AND sale_id = ? AND kind = ? AND reference = ?")) {
            ps.setString(1, terminal);
            ps.setString(2, saleId);
            ps.setString(3, kind.name());
            ps.setString(4, reference);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot forget a sale's hold: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<Held> of(String terminal, String saleId) {
        try (PreparedStatement ps = db.prepareStatement("""
                SELECT kind, reference, member_id, points, value_minor, at FROM sale_hold
                WHERE terminal = ? AND sale_id = ? ORDER BY id""")) {
            ps.setString(1, terminal);
            ps.setString(2, saleId);
            List<Held> held = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    held.add(new Held(terminal, saleId, Kind.valueOf(rs.getString(1)), rs.getString(2),
                            rs.getString(3) == null ? null : UUID.fromString(rs.getString(3)), rs.getLong(4),
                            rs.getLong(5), Instant.ofEpochMilli(rs.getLong(6))));
                }
            }
            return held;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read what a sale holds: " + e.getMessage(), e);
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
