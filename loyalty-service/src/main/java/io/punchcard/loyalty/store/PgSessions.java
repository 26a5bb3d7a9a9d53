package io.punchcard.loyalty.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import io.punchcard.loyalty.access.Session;
import io.punchcard.loyalty.access.Sessions;
import io.punchcard.loyalty.member.Codes;

/**
 * Kiosk sessions in PostgreSQL ({@code kiosk_session}). A token is {@code ks_} and 160 random bits; the table keeps
 * its SHA-256, as {@link PgApiKeys} keeps a key's secret, so reading the table opens no session.
 */
public final class PgSessions implements Sessions {

    private static final String PREFIX = "ks_";

    private final Jdbc jdbc;

    public PgSessions(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String open(Session session) {
        String token = PREFIX + Codes.random(32).toLowerCase(Locale.ROOT);
        jdbc.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO kiosk_session (token_hash, api_key_id, member_id, created_at, last_used_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?)""")) {
                Jdbc.bind(ps, PgApiKeys.sha256(token), session.keyId(), session.memberId(), session.createdAt(),
                        session.lastUsedAt(), session.expiresAt()).executeUpdate();
            }
            return null;
        });
        return token;
    }

    @Override
    public Optional<Session> find(String token) {
        if (!wellFormed(token)) {
            return Optional.empty();
        }
        return jdbc.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT api_key_id, member_id, created_at, last_used_at, expires_at FROM kiosk_session
                    WHERE token_hash = ?""")) {
                try (ResultSet rs = Jdbc.bind(ps, PgApiKeys.sha256(token)).executeQuery()) {
                    return rs.next() ? Optional.of(new Session(rs.getString(1), rs.getObject(2, java.util.UUID.class),
                            Jdbc.instant(rs.getTimestamp(3)), Jdbc.instant(rs.getTimestamp(4)),
                            Jdbc.instant(rs.getTimestamp(5)))) : Optional.<Session>empty();
                }
            }
        });
    }

    @Override
    public void touch(String token, Instant at) {
        SessionRows.touch(jdbc, "kiosk_session", token, at);
    }

    @Override
    public void end(String token, String keyId) {
        SessionRows.end(jdbc, "kiosk_session", PREFIX, token, keyId);
    }

    private static boolean wellFormed(String token) {
        return SessionRows.wellFormed(PREFIX, token);
    }
}
