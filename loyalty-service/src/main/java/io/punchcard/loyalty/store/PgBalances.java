package io.punchcard.loyalty.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.punchcard.api.event.LoyaltyEvent;
import io.punchcard.loyalty.points.Lots;

/**
 * The balances points events carry, read inside the transaction that changed them: a member's debt and open lots
 * in one statement, for one member or for all of a batch's, and turned into a balance by {@link Lots}.
 */
final class PgBalances {

    private PgBalances() {
    }

    /**
     * A member's debt and lots with points left, as the transaction sees them now.
     *
     * @param debt points owed
     * @param lots open lots
     */
    record Held(long debt, List<Lots.Lot> lots) {

        /** The balance after the change, for the feed, with expiry days counted in {@code zone}. */
        LoyaltyEvent.PointsBalance balance(Instant now, ZoneId zone) {
            return Lots.feedBalance(lots, debt, now, zone);
        }
    }

    /** The balance of {@code memberId} after the change its transaction made, for the feed. */
    static LoyaltyEvent.PointsBalance after(Connection c, UUID memberId, Instant now, ZoneId zone) throws SQLException {
        Held held = of(c, List.of(memberId)).get(memberId);
        return held == null ? new LoyaltyEvent.PointsBalance(0, 0, 0, List.of()) : held.balance(now, zone);
    }

    /** The debt and open lots of each of {@code memberIds} that exists, in one statement however many there are. */
    static Map<UUID, Held> of(Connection c, Collection<UUID> memberIds) throws SQLException {
        Map<UUID, Long> debts = new HashMap<>();
        Map<UUID, List<Lots.Lot>> lots = new HashMap<>();
        if (memberIds.isEmpty()) {
            return Map.of();
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT m.id, m.points_debt, l.id, l.remaining, l.available_at, l.expires_at
                FROM member m LEFT JOIN points_lot l ON l.member_id = m.id AND l.remaining > 0
                WHERE m.id = ANY(?)""")) {
            ps.setArray(1, c.createArrayOf("uuid", memberIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID member = rs.getObject(1, UUID.class);
                    debts.put(member, rs.getLong(2));
                    List<Lots.Lot> theirs = lots.computeIfAbsent(member, k -> new ArrayList<>());
                    if (rs.getObject(3) != null) {
                        theirs.add(new Lots.Lot(rs.getLong(3), rs.getLong(4), Jdbc.instant(rs.getTimestamp(5)),
                                Jdbc.instant(rs.getTimestamp(6))));
                    }
                }
            }
        }
        Map<UUID, Held> held = new HashMap<>();
        debts.forEach((member, debt) -> held.put(member, new Held(debt, lots.get(member))));
        return held;
    }
}
