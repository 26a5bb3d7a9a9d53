package io.punchcard.pos.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.punchcard.outbox.Sqlite;
import io.punchcard.pos.terminal.Terminals;

/**
 * Till tokens in the connector's SQLite file. A token's secret is 256 random bits, so its SHA-256 is enough
 * to keep (nothing to guess, nothing a slow hash would protect), and checking one needs no slow hash.
 */
public final class SqliteTerminals implements Terminals, AutoCloseable {

    private static final Pattern TERMINAL = Pattern.compile("[A-Za-z0-9-]{1,32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Connection db;

    private SqliteTerminals(Connection db) {
        this.db = db;
    }

    public static SqliteTerminals open(Path file) {
        try {
            return new SqliteTerminals(Sqlite.open(file, """
                    CREATE TABLE IF NOT EXISTS terminal (
                        terminal   TEXT PRIMARY KEY,
                        token_hash TEXT NOT NULL)"""));
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot open the till tokens in " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized String issue(String terminal) {
        if (terminal == null || !TERMINAL.matcher(terminal).matches()) {
            throw new IllegalArgumentException("a till's name is 1 to 32 letters, digits or '-'");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(secret).replace('_', 'x');
        try (PreparedStatement ps = db.prepareStatement("""
                INSERT INTO terminal (terminal, token_hash) VALUES (?, ?)
                ON CONFLICT (terminal) DO UPDATE SET token_hash = excluded.token_hash""")) {
            ps.setString(1, terminal);
            ps.setString(2, sha256(encoded));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot keep the till's token: " + e.getMessage(), e);
        }
        return "pt_" + terminal + "_" + encoded;
    }

    @Override
    public synchronized Optional<String> verify(String token) {
        if (token == null || !token.startsWith("pt_") || token.length() > 120) {
            return Optional.empty();
        }
        int split = token.lastIndexOf('_');
        if (split <= 3) {
            return Optional.empty();
        }
        String terminal = token.substring(3, split);
        String secret = token.substring(split + 1);
        try (PreparedStatement ps = db.prepareStatement("SELECT token_hash FROM terminal WHERE terminal = ?")) {
            ps.setString(1, terminal);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && MessageDigest.isEqual(rs.getString(1).getBytes(StandardCharsets.US_ASCII),
                        sha256(secret).getBytes(StandardCharsets.US_ASCII))) {
                    return Optional.of(terminal);
                }
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the till tokens: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized boolean revoke(String terminal) {
        try (PreparedStatement ps = db.prepareStatement("DELETE FROM terminal WHERE terminal = ?")) {
            ps.setString(1, terminal);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot revoke the till's token: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<String> list() {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT terminal FROM terminal ORDER BY terminal")) {
            List<String> terminals = new ArrayList<>();
            while (rs.next()) {
                terminals.add(rs.getString(1));
            }
            return terminals;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the till tokens: " + e.getMessage(), e);
        }
    }

    private static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
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
