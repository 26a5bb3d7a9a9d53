package io.punchcard.loyalty.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import io.punchcard.api.v1.PurchaseLine;
import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.api.v1.RecordRefund;
import io.punchcard.api.v1.RefundRecorded;
import io.punchcard.api.event.LoyaltyEvent;
import io.punchcard.loyalty.event.Event;
import io.punchcard.loyalty.member.Ids;
import io.punchcard.loyalty.points.Award;
import io.punchcard.loyalty.program.Checked;
import io.punchcard.loyalty.program.Programs;
import io.punchcard.loyalty.program.Violation;
import io.punchcard.loyalty.purchase.RefundRules;
import io.punchcard.loyalty.purchase.Refunds;

/**
 * Refunds in PostgreSQL. A refund locks the member (or, for an anonymous sale, the purchase) so that two
 * refunds of one purchase are counted one after the other, and the sum of their reversals stays within what the
 * purchase earned.
 */
public final class PgRefunds implements Refunds {

    private final Jdbc jdbc;
    private final Programs programs;
    private final Clock clock;
    private final Outbox outbox;

    public PgRefunds(Jdbc jdbc, Programs programs, Clock clock, Outbox outbox) {
        this.jdbc = jdbc;
        this.programs = programs;
        this.clock = clock;
        this.outbox = outbox;
    }

    /** A purchase as refunds need it. */
    private record Bought(UUID id, UUID memberId, String store, long totalMinor, long eligibleMinor, long pointsEarned,
                          RecordPurchase request, Award award) {
    }

    @Override
    public Refunded record(String sourceKey, RecordRefund request, String onlyStore) {
        Optional<RefundRecorded> earlier = jdbc.read(c -> stored(c, sourceKey, request.externalId()));
        if (earlier.isPresent()) {
            return new Accepted(earlier.get(), true);
        }
        return jdbc.transaction(c -> {
            Bought bought = find(c, request);
            if (bought == null) {
                return new UnknownPurchase(request.purchaseId() != null ? "purchaseId" : "purchaseExternalId");
            }
            PgPurchases.Member member = bought.memberId() == null ? null : PgPurchases.lock(c, bought.memberId());
            UUID owner = lockPurchase(c, bought.id());
            if (!Objects.equals(owner, bought.memberId())) {
                // A merge moved the purchase to its survivor between the read and the lock. Start again, so that
                // the survivor is locked before the purchase, in the order every writer locks them.
                throw new SQLException("the refunded purchase changed hands under a merge", "40001");
            }
            if (onlyStore != null && !onlyStore.equals(bought.store())) {
                return new OtherStore(bought.store());
            }
            Optional<RefundRecorded> raced = stored(c, sourceKey, request.externalId());
            if (raced.isPresent()) {
                return new Accepted(raced.get(), true);
            }
            long refundedBefore = 0;
            long reversedBefore = 0;
            Map<String, BigDecimal> returnedBefore = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT eligible_minor, points_reversed, detail::text FROM refund WHERE purchase_id = ?")) {
                try (ResultSet rs = Jdbc.bind(ps, bought.id()).executeQuery()) {
                    while (rs.next()) {
                        refundedBefore += rs.getLong(1);
                        reversedBefore += rs.getLong(2);
                        RecordRefund previous = Jdbc.parse(rs.getString(3), RecordRefund.class);
                        if (previous.lines() != null) {
                            previous.lines().forEach(l -> returnedBefore.merge(l.sku(), l.quantity(), BigDecimal::add));
                        }
                    }
                }
            }
            long eligibleNow;
            RecordRefund kept = request;
            if (Boolean.TRUE.equals(request.remainder())) {
                // A cancellation: all the eligible spend left (capped below), and all the money left, which is kept
                // as the refund's amount so a later refund by amount finds nothing left.
                long refundedMoney = refundedMoney(c, bought.id());
                eligibleNow = bought.eligibleMinor();
                kept = new RecordRefund(request.source(), request.externalId(), request.purchaseId(),
                        request.purchaseSource(), request.purchaseExternalId(), null,
                        Math.max(0, bought.totalMinor() - refundedMoney), request.occurredAt(), true);
            } else if (request.lines() != null && !request.lines().isEmpty()) {
                List<RefundRules.BoughtLine> lines = new ArrayList<>();
                List<PurchaseLine> wire = bought.request().lines();
                for (int i = 0; i < wire.size(); i++) {
                    long eligible = i < bought.award().lineEligibleMinor().size() ? bought.award().lineEligibleMinor().get(i) : 0;
                    lines.add(new RefundRules.BoughtLine(wire.get(i).sku(), wire.get(i).quantity(), eligible));
                }
                Checked<Long> checked = RefundRules.eligibleOfLines(lines, request.lines(), returnedBefore);
                if (checked instanceof Checked.Invalid<Long> invalid) {
                    return new Rejected(invalid.violations());
                }
                eligibleNow = ((Checked.Ok<Long>) checked).value();
            } else {
                long refundedMoney = refundedMoney(c, bought.id());
                if (request.amountMinor() + refundedMoney > bought.totalMinor()) {
                    return new Rejected(List.of(new Violation("amountMinor", "only " + (bought.totalMinor() - refundedMoney)
                            + " of the purchase's " + bought.totalMinor() + " are left to refund")));
                }
                eligibleNow = RefundRules.eligibleOfAmount(refundedMoney, request.amountMinor(), bought.totalMinor(),
                        bought.eligibleMinor());
            }
            eligibleNow = Math.min(eligibleNow, Math.max(0, bought.eligibleMinor() - refundedBefore));
            long points = RefundRules.pointsToReverse(bought.pointsEarned(), bought.eligibleMinor(), refundedBefore,
                    eligibleNow, reversedBefore);
            Instant now = clock.instant();
            UUID refundId = Ids.next(clock);
            RefundRecorded result = new RefundRecorded(refundId, bought.id(), bought.memberId(), eligibleNow, points,
                    reversedBefore + points);
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO refund (id, purchase_id, source, external_id, eligible_minor, points_reversed, detail,
                        result, recorded_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)""")) {
                Jdbc.bind(ps, refundId, bought.id(), sourceKey, request.externalId(), eligibleNow, points,
                        Jdbc.json(kept), Jdbc.json(result), now).executeUpdate();
            }
            List<Event> events = new ArrayList<>();
            events.add(Event.of(bought.memberId(), new LoyaltyEvent.RefundRecorded(refundId, bought.id(),
                    request.externalId(), eligibleNow, points), now));
            if (member != null && points > 0) {
                reverse(c, member, bought.id(), refundId, points, now);
                events.add(Event.of(member.id(), new LoyaltyEvent.PointsReversed(points, refundId,
                        PgBalances.after(c, member.id(), now, programs.current().program().zone())), now));
            }
            outbox.append(c, events.toArray(Event[]::new));
            return new Accepted(result, false);
        });
    }

    /**
     * Takes reversed points back out of the purchase's own lot; what was already spent or expired from it becomes
     * a debt, which lowers the balance (possibly below zero) and is paid off by later earnings.
     */
    private static void reverse(Connection c, PgPurchases.Member member, UUID purchaseId, UUID refundId, long points,
                                Instant now) throws SQLException {
        long fromLot = 0;
        try (PreparedStatement select = c.prepareStatement(
                "SELECT id, remaining FROM points_lot WHERE purchase_id = ? FOR UPDATE")) {
            try (ResultSet rs = Jdbc.bind(select, purchaseId).executeQuery()) {
                if (rs.next()) {
                    long lotId = rs.getLong(1);
                    fromLot = Math.min(rs.getLong(2), points);
                    if (fromLot > 0) {
                        try (PreparedStatement ps = c.prepareStatement(
                                "UPDATE points_lot SET remaining = remaining - ? WHERE id = ?")) {
                            Jdbc.bind(ps, fromLot, lotId).executeUpdate();
                        }
                    }
                }
            }
        }
        long owed = points - fromLot;
        if (owed > 0) {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE member SET points_debt = points_debt + ?, updated_at = ? WHERE id = ?")) {
                Jdbc.bind(ps, owed, now, member.id()).executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO points_entry (member_id, kind, points, reason, purchase_id, refund_id, actor, at)
                VALUES (?, 'REVERSE', ?, ?, ?, ?, 'system', ?)""")) {
            Jdbc.bind(ps, member.id(), -points, owed > 0 ? "refund; " + owed + " owed" : "refund", purchaseId,
                    refundId, now).executeUpdate();
        }
    }

    private static long refundedMoney(Connection c, UUID purchaseId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT coalesce(sum((detail->>'amountMinor')::bigint), 0) FROM refund WHERE purchase_id = ?")) {
            try (ResultSet rs = Jdbc.bind(ps, purchaseId).executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Locks the purchase and answers whose it is now. */
    private static UUID lockPurchase(Connection c, UUID purchaseId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT member_id FROM purchase WHERE id = ? FOR UPDATE")) {
            try (ResultSet rs = Jdbc.bind(ps, purchaseId).executeQuery()) {
                rs.next();
                return rs.getObject(1, UUID.class);
            }
        }
    }

    private static Bought find(Connection c, RecordRefund request) throws SQLException {
        String where = request.purchaseId() != null ? "id = ?" : "source = ? AND external_id = ?";
        Object[] params = request.purchaseId() != null ? new Object[] {request.purchaseId()}
                : new Object[] {request.purchaseSource().key(), request.purchaseExternalId()};
        try (PreparedStatement ps = c.prepareStatement("SELECT id, member_id, store, total_minor, eligible_minor, points_earned, "
                + "detail::text, award::text FROM purchase WHERE " + where)) {
            try (ResultSet rs = Jdbc.bind(ps, params).executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new Bought(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6), Jdbc.parse(rs.getString(7), RecordPurchase.class),
                        Jdbc.parse(rs.getString(8), Award.class));
            }
        }
    }

    private static Optional<RefundRecorded> stored(Connection c, String source, String externalId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT result::text FROM refund WHERE source = ? AND external_id = ?")) {
            try (ResultSet rs = Jdbc.bind(ps, source, externalId).executeQuery()) {
                return rs.next() ? Optional.of(Jdbc.parse(rs.getString(1), RefundRecorded.class)) : Optional.empty();
            }
        }
    }
}
