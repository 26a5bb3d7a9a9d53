package io.punchcard.loyalty.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

import io.punchcard.loyalty.access.Audit;

/**
 * Writes an {@link Audit.Change} into {@code staff_audit} on the connection of the change it records, so the two
 * commit or roll back together: every store that changes what staff may change writes its audit here.
 */
final class AuditRows {

    private AuditRows() {
    }

    /** Records {@code change} at {@code at} in the transaction of {@code c}; a null change records nothing. */
    static void insert(Connection c, Audit.Change change, Instant at) throws SQLException {
        if (change == null) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO staff_audit (id, at, actor_staff_id, actor_key_id, action, target, before, after)
                VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)""")) {
            Jdbc.bind(ps, UUID.randomUUID(), at, change.actor().staffId(), change.actor().keyId(), change.action(),
                    change.target(), change.before() == null ? null : Jdbc.json(change.before()),
                    change.after() == null ? null : Jdbc.json(change.after())).executeUpdate();
        }
    }
}
