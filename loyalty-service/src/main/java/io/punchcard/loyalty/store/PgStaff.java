package io.punchcard.loyalty.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.loyalty.access.Audit;
import io.punchcard.loyalty.access.Session;
import io.punchcard.loyalty.access.Staff;
import io.punchcard.loyalty.access.StaffRole;
import io.punchcard.loyalty.access.StaffStore;
import io.punchcard.loyalty.member.Codes;
import io.punchcard.loyalty.search.Cursor;

/**
 * Staff accounts ({@code staff}), their sessions ({@code staff_session}, tokens {@code ss_…} kept as SHA-256 like
 * kiosk sessions') and the audit ({@code staff_audit}) in PostgreSQL.
 */
public final class PgStaff implements StaffStore, Audit {

    private static final String PREFIX = "ss_";
    private static final String COLUMNS = "id, email, name, role, stores, must_change_password, failed_attempts, "
            + "locked_until, disabled, created_at, created_by, updated_at, updated_by, password_hash";

    private final Jdbc jdbc;
    private final Clock clock;

    public PgStaff(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Optional<WithHash> byEmail(String email) {
        return one("email = ?", email);
    }

    @Override
    public Optional<WithHash> find(UUID id) {
        return one("id = ?", id);
    }

    private Optional<WithHash> one(String where, Object value) {
        return jdbc.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM staff WHERE " + where)) {
                try (ResultSet rs = Jdbc.bind(ps, value).executeQuery()) {
                    return rs.next() ? Optional.of(new WithHash(staff(rs), rs.getString(14))) : Optional.<WithHash>empty();
                }
            }
        });
    }

    @Override
    public List<Staff> list() {
        return jdbc.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM staff ORDER BY email");
                 ResultSet rs = ps.executeQuery()) {
                List<Staff> all = new ArrayList<>();
                while (rs.next()) {
                    all.add(staff(rs));
                }
                return all;
            }
        });
    }

    private static Staff staff(ResultSet rs) throws SQLException {
        return new Staff(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                StaffRole.valueOf(rs.getString(4)), Arrays.asList((String[]) rs.getArray(5).getArray()),
                rs.getBoolean(6), rs.getInt(7), Jdbc.instant(rs.getTimestamp(8)), rs.getBoolean(9),
                Jdbc.instant(rs.getTimestamp(10)), rs.getString(11), Jdbc.instant(rs.getTimestamp(12)), rs.getString(13));
    }

    @Override
    public boolean insert(Staff staff, String passwordHash, Change change) {
        return jdbc.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO staff (" + COLUMNS + ") VALUES "
                    + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (email) DO NOTHING")) {
                if (Jdbc.bind(ps, staff.id(), staff.email(), staff.name(), staff.role().name(),
                        c.createArrayOf("text", staff.stores().toArray()), staff.mustChangePassword(),
                        staff.failedAttempts(), staff.lockedUntil(), staff.disabled(), staff.createdAt(),
                        staff.createdBy(), staff.updatedAt(), staff.updatedBy(), passwordHash).executeUpdate() == 0) {
                    return false;
                }
            }
            record(c, change);
            return true;
        });
    }

    /** Thrown inside the transaction to roll it back when the last admin would go. */
    private static final class NoAdminLeft extends RuntimeException {
        NoAdminLeft() {
            super(null, null, false, false);
        }
    }

    @Override
    public Updated update(Staff staff, String passwordHash, boolean endSessions, Change change) {
        try {
            jdbc.transaction(c -> {
                if (!staff.activeAdmin()) {
                    // Every enabled admin's row locked: two admins demoting each other wait for one another.
                    try (PreparedStatement ps = c.prepareStatement(
                            "SELECT id FROM staff WHERE role = 'ADMIN' AND NOT disabled ORDER BY id FOR UPDATE");
                         ResultSet rs = ps.executeQuery()) {
                        List<UUID> admins = new ArrayList<>();
                        while (rs.next()) {
                            admins.add(rs.getObject(1, UUID.class));
                        }
                        if (admins.equals(List.of(staff.id()))) {
                            throw new NoAdminLeft();
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("""
                        UPDATE staff SET name = ?, role = ?, stores = ?, must_change_password = ?, failed_attempts = ?,
                               locked_until = ?, disabled = ?, updated_at = ?, updated_by = ?,
                               password_hash = coalesce(?, password_hash)
                        WHERE id = ?""")) {
                    Jdbc.bind(ps, staff.name(), staff.role().name(), c.createArrayOf("text", staff.stores().toArray()),
                            staff.mustChangePassword(), staff.failedAttempts(), staff.lockedUntil(), staff.disabled(),
                            staff.updatedAt(), staff.updatedBy(), passwordHash, staff.id()).executeUpdate();
                }
                if (endSessions) {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM staff_session WHERE staff_id = ?")) {
                        Jdbc.bind(ps, staff.id()).executeUpdate();
                    }
                }
                if (change != null) {
                    record(c, change);
                }
                return null;
            });
            return Updated.DONE;
        } catch (NoAdminLeft e) {
            return Updated.NO_ADMIN_LEFT;
        }
    }

    private void record(Connection c, Change change) throws SQLException {
        AuditRows.insert(c, change, clock.instant());
    }

    @Override
    public void record(Change change) {
        jdbc.transaction(c -> {
            record(c, change);
            return null;
        });
    }

    @Override
    public Page list(Query query) {
        StringBuilder sql = new StringBuilder("SELECT a.id, a.at, a.actor_staff_id, a.actor_key_id, a.action, "
                + "a.target, a.before, a.after, s.name, s.email FROM staff_audit a LEFT JOIN staff s "
                + "ON s.id = a.actor_staff_id WHERE true");
        List<Object> values = new ArrayList<>();
        if (query.actor() != null) {
            sql.append(" AND (a.actor_staff_id::text = ? OR a.actor_key_id = ?)");
            values.add(query.actor().toLowerCase(Locale.ROOT));
            values.add(query.actor());
        }
        if (query.resource() != null) {
            // A prefix without LIKE, so no character of the resource is a wildcard.
            sql.append(" AND starts_with(a.action, ?)");
            values.add(query.resource() + ".");
        } else if (query.action() != null) {
            sql.append(" AND a.action = ?");
            values.add(query.action());
        }
        if (query.target() != null) {
            sql.append(" AND a.target = ?");
            values.add(query.target());
        }
        if (query.from() != null) {
            sql.append(" AND a.at >= ?");
            values.add(query.from());
        }
        if (query.to() != null) {
            sql.append(" AND a.at < ?");
            values.add(query.to());
        }
        if (query.after() != null) {
            // The cursor names the last entry served; its place in writing order breaks ties of one moment.
            sql.append(" AND (a.at, a.seq) < (?, (SELECT seq FROM staff_audit WHERE id = ?))");
            values.add(query.after().at());
            values.add(query.after().id());
        }
        sql.append(" ORDER BY a.at DESC, a.seq DESC LIMIT ?");
        values.add(query.limit() + 1);
        return jdbc.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                try (ResultSet rs = Jdbc.bind(ps, values.toArray()).executeQuery()) {
                    List<Entry> entries = new ArrayList<>();
                    while (rs.next()) {
                        entries.add(new Entry(rs.getObject(1, UUID.class), Jdbc.instant(rs.getTimestamp(2)),
                                rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5), rs.getString(6),
                                json(rs.getString(7)), json(rs.getString(8)), rs.getString(9), rs.getString(10)));
                    }
                    if (entries.size() <= query.limit()) {
                        return new Page(entries, null);
                    }
                    List<Entry> page = entries.subList(0, query.limit());
                    Entry last = page.getLast();
                    return new Page(List.copyOf(page), new Cursor(last.at(), last.id()).encode());
                }
            }
        });
    }

    private static JsonNode json(String text) {
        return text == null ? null : Jdbc.parse(text, JsonNode.class);
    }

    @Override
    public String openSession(StaffSession session) {
        String token = PREFIX + Codes.random(32).toLowerCase(Locale.ROOT);
        Session times = session.times();
        jdbc.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO staff_session (token_hash, staff_id, api_key_id, created_at, last_used_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?)""")) {
                Jdbc.bind(ps, PgApiKeys.sha256(token), session.staffId(), times.keyId(), times.createdAt(),
                        times.lastUsedAt(), times.expiresAt()).executeUpdate();
            }
            return null;
        });
        return token;
    }

    @Override
    public Optional<StaffSession> findSession(String token) {
        if (!wellFormed(token)) {
            return Optional.empty();
        }
        return jdbc.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT staff_id, api_key_id, created_at, last_used_at, expires_at FROM staff_session
                    WHERE token_hash = ?""")) {
                try (ResultSet rs = Jdbc.bind(ps, PgApiKeys.sha256(token)).executeQuery()) {
                    return rs.next() ? Optional.of(new StaffSession(rs.getObject(1, UUID.class),
                            new Session(rs.getString(2), null, Jdbc.instant(rs.getTimestamp(3)),
                                    Jdbc.instant(rs.getTimestamp(4)), Jdbc.instant(rs.getTimestamp(5)))))
                            : Optional.<StaffSession>empty();
                }
            }
        });
    }

    @Override
    public void touchSession(String token, Instant at) {
        SessionRows.touch(jdbc, "staff_session", token, at);
    }

    @Override
    public void endSession(String token, String keyId) {
        SessionRows.end(jdbc, "staff_session", PREFIX, token, keyId);
    }

    private static boolean wellFormed(String token) {
        return SessionRows.wellFormed(PREFIX, token);
    }
}
