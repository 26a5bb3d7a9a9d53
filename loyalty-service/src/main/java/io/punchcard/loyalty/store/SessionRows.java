package io.punchcard.loyalty.store;

import java.sql.PreparedStatement;
import java.time.Instant;

/**
 * What kiosk sessions ({@code kiosk_session}) and staff sessions ({@code staff_session}) share: a row per session
 * keyed by the SHA-256 of its token, held by an API key, used and ended the same way.
 */
final class SessionRows {

    private SessionRows() {
    }

    /** Whether {@code token} could be one of {@code prefix}'s; anything else is looked up nowhere. */
    static boolean wellFormed(String prefix, String token) {
        return token != null && token.startsWith(prefix) && token.length() <= 100;
    }

    /** Writes a use of the session of {@code token} in {@code table} at {@code at}. */
    static void touch(Jdbc jdbc, String table, String token, Instant at) {
        jdbc.transaction(c -> {
            // Never backwards: two requests of one screen may write their uses in either order.
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE " + table + " SET last_used_at = greatest(last_used_at, ?) WHERE token_hash = ?")) {
                Jdbc.bind(ps, at, PgApiKeys.sha256(token)).executeUpdate();
            }
            return null;
        });
    }

    /** Ends the session of {@code token} in {@code table} when the key {@code keyId} holds it. */
    static void end(Jdbc jdbc, String table, String prefix, String token, String keyId) {
        if (!wellFormed(prefix, token)) {
            return;
        }
        jdbc.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM " + table + " WHERE token_hash = ? AND api_key_id = ?")) {
                Jdbc.bind(ps, PgApiKeys.sha256(token), keyId).executeUpdate();
            }
            return null;
        });
    }
}
