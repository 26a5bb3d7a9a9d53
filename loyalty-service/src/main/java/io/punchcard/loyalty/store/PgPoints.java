package io.punchcard.loyalty.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.punchcard.api.event.LoyaltyEvent;
import io.punchcard.api.v1.PointsRedeemed;
import io.punchcard.api.v1.TenderCancelled;
import io.punchcard.loyalty.access.Actor;
import io.punchcard.loyalty.access.Audit;
import io.punchcard.loyalty.event.Event;
import io.punchcard.loyalty.member.Ids;
import io.punchcard.loyalty.points.AdjustmentRequest;
import io.punchcard.loyalty.points.Lots;
import io.punchcard.loyalty.points.Points;
import io.punchcard.loyalty.program.Programs;

/**
 * Points in PostgreSQL: lots, the ledger, redemptions. Every change locks the member's row first, so the
 * balance a spend is checked against cannot change before the spend commits, on any instance.
 */
public final class PgPoints implements Points {

    private final Jdbc jdbc;
    private final Programs programs;
    private final Clock clock;
    private final Outbox outbox;
    private final PgAdjustmentBatch adjustments;

    public PgPoints(Jdbc jdbc, Programs programs, Clock clock, Outbox outbox) {
        this.jdbc = jdbc;
        this.programs = programs;
        this.clock = clock;
        this.outbox = outbox;
        this.adjustments = new PgAdjustmentBatch(outbox);
    }

    @Override
    public Optional<Lots.Balance> balance(UUID memberId) {
        Instant now = clock.instant();
        return jdbc.read(c -> {
            Long debt = debt(c, memberId);
            return debt == null ? Optional.empty() : Optional.of(Lots.balance(lots(c, memberId), debt, now));
        });
    }

    @Override
    public List<Entry> ledger(UUID memberId, long afterId, int limit) {
        return jdbc.read(c -> {
            List<Entry> entries = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT id, kind, points, reason, purchase_id, actor, at FROM points_entry
                    WHERE member_id = ? AND id > ? ORDER BY id LIMIT ?""")) {
                try (ResultSet rs = Jdbc.bind(ps, memberId, afterId, limit).executeQuery()) {
                    while (rs.next()) {
                        entries.add(new Entry(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                                rs.getObject(5, UUID.class), rs.getString(6), Jdbc.instant(rs.getTimestamp(7))));
                    }
                }
            }
            return entries;
        });
    }

    @Override
    public Redemption redeem(UUID memberId, String clientId, long points, String reference, Actor by) {
        return jdbc.transaction(c -> {
            PgPurchases.Member member = PgPurchases.lockFollowingMerges(c, memberId);
            if (member == null) {
                return new MemberNotFound();
            }
            Optional<Redemption> earlier = earlierRedemption(c, memberId, member.id(), clientId);
            if (earlier.isPresent()) {
                return earlier.get();
            }
            Instant now = clock.instant();
            List<Lots.Lot> lots = lots(c, member.id());
            List<Lots.Take> takes = Lots.spend(lots, member.pointsDebt(), points, now);
            if (takes.isEmpty()) {
                return new InsufficientPoints(Lots.balance(lots, member.pointsDebt(), now).available());
            }
            take(c, takes);
            long available = Lots.balance(lots, member.pointsDebt(), now).available() - points;
            UUID id = Ids.next(clock);
            PointsRedeemed result = new PointsRedeemed(id, points, available);
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO redemption (id, member_id, client_id, kind, points, reference, result, takes, at)
                    VALUES (?, ?, ?, 'TENDER', ?, ?, ?::jsonb, ?::jsonb, ?)""")) {
                Jdbc.bind(ps, id, member.id(), clientId, points, reference, Jdbc.json(result), Jdbc.json(takes), now)
                        .executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO points_entry (member_id, kind, points, reason, redemption_id, actor, at)
                    VALUES (?, 'REDEEM', ?, ?, ?, 'system', ?)""")) {
                Jdbc.bind(ps, member.id(), -points, reference == null ? "tender" : "tender for " + reference, id, now)
                        .executeUpdate();
            }
            outbox.append(c, Event.of(member.id(), new LoyaltyEvent.PointsRedeemed(points, "tender", id.toString(),
                    PgBalances.after(c, member.id(), now, programs.current().program().zone())), now));
            if (by != null && by.staffId() != null) {
                Map<String, Object> after = new LinkedHashMap<>();
                after.put("balance", available);
                after.put("points", points);
                after.put("redemptionId", clientId);
                if (reference != null) {
                    after.put("reference", reference);
                }
                AuditRows.insert(c, new Audit.Change(by, "member.redeem", "member:" + member.id(),
                        Map.of("balance", available + points), after), now);
            }
            return new Redeemed(result, false);
        });
    }

    @Override
    public Cancellation cancelTender(UUID memberId, String clientId) {
        return jdbc.transaction(c -> {
            PgPurchases.Member member = PgPurchases.lockFollowingMerges(c, memberId);
            if (member == null) {
                return new MemberNotFound();
            }
            UUID id;
            long points;
            String takes;
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT id, points, takes::text, cancelled::text FROM redemption
                    WHERE member_id IN (?, ?) AND client_id = ? AND kind = 'TENDER'
                    ORDER BY member_id = ? DESC LIMIT 1 FOR UPDATE""")) {
                try (ResultSet rs = Jdbc.bind(ps, memberId, member.id(), clientId, memberId).executeQuery()) {
                    if (!rs.next()) {
                        return new NoSuchTender();
                    }
                    if (rs.getString(4) != null) {
                        return new Cancelled(Jdbc.parse(rs.getString(4), TenderCancelled.class), true);
                    }
                    id = rs.getObject(1, UUID.class);
                    points = rs.getLong(2);
                    takes = rs.getString(3);
                }
            }
            Instant now = clock.instant();
            if (takes != null) {
                // Back into the lots they came from; a lot that expired meanwhile is expired again by the next run.
                try (PreparedStatement ps = c.prepareStatement("""
                        UPDATE points_lot l SET remaining = l.remaining + t.taken
                        FROM jsonb_to_recordset(?::jsonb) AS t(lot bigint, taken bigint) WHERE l.id = t.lot""")) {
                    Jdbc.bind(ps, takes).executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO points_entry (member_id, kind, points, reason, redemption_id, actor, at)
                        VALUES (?, 'RESTORE', ?, 'tender cancelled', ?, 'system', ?)""")) {
                    Jdbc.bind(ps, member.id(), points, id, now).executeUpdate();
                }
            } else {
                // A tender made before redemptions kept their lots (schema v5): the points come back as a new lot.
                Instant expires = now.atOffset(java.time.ZoneOffset.UTC)
                        .plusMonths(programs.current().program().expiry().months()).toInstant();
                PgPurchases.earn(c, new PgPurchases.Earning(member.id(), member.pointsDebt(), null, points, now, expires,
                        "RESTORE", "tender cancelled", "system", null), now);
            }
            TenderCancelled result = new TenderCancelled(id, points,
                    Lots.balance(lots(c, member.id()), debt(c, member.id()), now).available());
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE redemption SET cancelled = ?::jsonb, cancelled_at = ? WHERE id = ?")) {
                Jdbc.bind(ps, Jdbc.json(result), now, id).executeUpdate();
            }
            outbox.append(c, Event.of(member.id(), new LoyaltyEvent.PointsRestored(points, id.toString(),
                    PgBalances.after(c, member.id(), now, programs.current().program().zone())), now));
            return new Cancelled(result, false);
        });
    }

    @Override
    public Adjustment adjust(AdjustmentRequest request, Actor by) {
        return make(List.of(request), by, true).getFirst();
    }

    @Override
    public List<Adjustment> adjustAll(List<AdjustmentRequest> requests, Actor by) {
        return make(requests, by, false);
    }

    private List<Adjustment> make(List<AdjustmentRequest> requests, Actor by, boolean auditEach) {
        return jdbc.transaction(c -> adjustments.adjust(c, requests, clock.instant(),
                programs.current().program().expiry().months(), programs.current().program().zone(),
                new PgAdjustmentBatch.Audited(by, auditEach)));
    }

    /**
     * A redemption with the client's id, made for the member asked for or for the one it was merged into, the
     * member asked for first (the two may both have used one id before the merge).
     */
    static final String SAME_CLIENT_ID = """
            SELECT kind, result::text FROM redemption WHERE member_id IN (?, ?) AND client_id = ?
            ORDER BY member_id = ? DESC LIMIT 1""";

    /** The answer to an earlier redemption with this client id, or the refusal when the id bought a reward. */
    private static Optional<Redemption> earlierRedemption(Connection c, UUID asked, UUID survivor, String clientId)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SAME_CLIENT_ID)) {
            try (ResultSet rs = Jdbc.bind(ps, asked, survivor, clientId, asked).executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(rs.getString(1).equals("TENDER")
                        ? new Redeemed(Jdbc.parse(rs.getString(2), PointsRedeemed.class), true)
                        : new IdUsedForReward());
            }
        }
    }

    /** Takes points out of lots; the guard on remaining makes a miscount fail loudly instead of going negative. */
    static void take(Connection c, List<Lots.Take> takes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE points_lot SET remaining = remaining - ? WHERE id = ? AND remaining >= ?")) {
            for (Lots.Take take : takes) {
                Jdbc.bind(ps, take.taken(), take.lot(), take.taken()).addBatch();
            }
            for (int updated : ps.executeBatch()) {
                if (updated != 1) {
                    throw new IllegalStateException("A lot had fewer points than its member's lock promised");
                }
            }
        }
    }

    /** A member's lots with points left. */
    static List<Lots.Lot> lots(Connection c, UUID memberId) throws SQLException {
        List<Lots.Lot> lots = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, remaining, available_at, expires_at FROM points_lot WHERE member_id = ? AND remaining > 0")) {
            try (ResultSet rs = Jdbc.bind(ps, memberId).executeQuery()) {
                while (rs.next()) {
                    lots.add(new Lots.Lot(rs.getLong(1), rs.getLong(2), Jdbc.instant(rs.getTimestamp(3)),
                            Jdbc.instant(rs.getTimestamp(4))));
                }
            }
        }
        return lots;
    }

    /** A member's debt, or null when there is no such member. */
    static Long debt(Connection c, UUID memberId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT points_debt FROM member WHERE id = ?")) {
            try (ResultSet rs = Jdbc.bind(ps, memberId).executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }
}
