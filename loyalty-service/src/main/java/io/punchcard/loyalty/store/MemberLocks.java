package io.punchcard.loyalty.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The members a batch acts on, found and locked in two statements however many there are: each id followed
 * through merges to the member it is now, then every one of those locked in id order, the order every writer
 * locks members in, so a batch and concurrent sales cannot deadlock.
 */
final class MemberLocks {

    private MemberLocks() {
    }

    /**
     * @param current the member each id asked for is now (itself, or its survivor); an id absent is nobody (erased,
     *                or never a member)
     * @param locked  those members, locked
     */
    record Held(Map<UUID, UUID> current, Map<UUID, PgPurchases.Member> locked) {
    }

    /**
     * Finds and locks the members {@code ids} stand for now. A member merged or erased between the two statements
     * fails the transaction as a serialization failure, which {@link Jdbc#transaction} runs again from the start.
     */
    static Held lockFollowingMerges(Connection c, Collection<UUID> ids) throws SQLException {
        Map<UUID, UUID> current = survivors(c, new TreeSet<>(ids));
        TreeSet<UUID> locking = new TreeSet<>(current.values());
        Map<UUID, PgPurchases.Member> locked = lock(c, locking);
        if (locked.size() != locking.size()) {
            throw new SQLException("a member of the batch was merged or erased while it was being locked", "40001");
        }
        return new Held(current, locked);
    }

    /** The member each of {@code ids} is now: itself when active, its survivor when merged; absent when none. */
    static Map<UUID, UUID> survivors(Connection c, TreeSet<UUID> ids) throws SQLException {
        Map<UUID, UUID> current = new HashMap<>();
        if (ids.isEmpty()) {
            return current;
        }
        List<UUID> inactive = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, status FROM member WHERE id = ANY(?)")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject(1, UUID.class);
                    if ("ACTIVE".equals(rs.getString(2))) {
                        current.put(id, id);
                    } else {
                        inactive.add(id);
                    }
                }
            }
        }
        for (UUID id : inactive) {
            UUID survivor = PgPurchases.survivorOf(c, id);
            if (survivor != null) {
                current.put(id, survivor);
            }
        }
        return current;
    }

    /** Locks the active members among {@code ids}, in id order, as every other writer does. */
    static Map<UUID, PgPurchases.Member> lock(Connection c, TreeSet<UUID> ids) throws SQLException {
        Map<UUID, PgPurchases.Member> held = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return held;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT id, tier_code, tier_since, points_debt FROM member
                WHERE id = ANY(?) AND status = 'ACTIVE' ORDER BY id FOR UPDATE""")) {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject(1, UUID.class);
                    held.put(id, new PgPurchases.Member(id, rs.getString(2), Jdbc.instant(rs.getTimestamp(3)),
                            rs.getLong(4)));
                }
            }
        }
        return held;
    }
}
