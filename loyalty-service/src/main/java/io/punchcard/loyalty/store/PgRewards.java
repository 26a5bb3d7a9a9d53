package io.punchcard.loyalty.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.punchcard.api.v1.RewardBought;
import io.punchcard.api.event.LoyaltyEvent;
import io.punchcard.loyalty.access.Actor;
import io.punchcard.loyalty.access.Audit;
import io.punchcard.loyalty.event.Event;
import io.punchcard.loyalty.member.Ids;
import io.punchcard.loyalty.points.Lots;
import io.punchcard.loyalty.program.Program;
import io.punchcard.loyalty.program.Programs;
import io.punchcard.loyalty.program.Reward;
import io.punchcard.loyalty.voucher.Rewards;
import io.punchcard.loyalty.voucher.Voucher;
import io.punchcard.loyalty.voucher.VoucherViews;

/** Rewards in PostgreSQL: the points are spent and the voucher issued in the same transaction, or neither. */
public final class PgRewards implements Rewards {

    private final Jdbc jdbc;
    private final Programs programs;
    private final PgVouchers vouchers;
    private final Clock clock;
    private final Outbox outbox;

    public PgRewards(Jdbc jdbc, Programs programs, PgVouchers vouchers, Clock clock, Outbox outbox) {
        this.jdbc = jdbc;
        this.programs = programs;
        this.vouchers = vouchers;
        this.clock = clock;
        this.outbox = outbox;
    }

    @Override
    public Bought buy(UUID memberId, String rewardCode, String clientId, Actor by) {
        Program program = programs.current().program();
        Optional<Reward> found = program.reward(rewardCode);
        if (found.isEmpty()) {
            return new UnknownReward(rewardCode);
        }
        Reward reward = found.get();
        return jdbc.transaction(c -> {
            PgPurchases.Member member = PgPurchases.lockFollowingMerges(c, memberId);
            if (member == null) {
                return new MemberNotFound();
            }
            try (PreparedStatement ps = c.prepareStatement(PgPoints.SAME_CLIENT_ID)) {
                try (ResultSet rs = Jdbc.bind(ps, memberId, member.id(), clientId, memberId).executeQuery()) {
                    if (rs.next()) {
                        return rs.getString(1).equals("REWARD")
                                ? new Done(Jdbc.parse(rs.getString(2), RewardBought.class), true) : new IdUsedForTender();
                    }
                }
            }
            Instant now = clock.instant();
            List<Lots.Lot> lots = PgPoints.lots(c, member.id());
            List<Lots.Take> takes = Lots.spend(lots, member.pointsDebt(), reward.pointsPrice(), now);
            if (takes.isEmpty()) {
                return new InsufficientPoints(Lots.balance(lots, member.pointsDebt(), now).available(), reward.pointsPrice());
            }
            long balanceBefore = Lots.balance(lots, member.pointsDebt(), now).available();
            PgPoints.take(c, takes);
            UUID redemptionId = Ids.next(clock);
            Voucher voucher = vouchers.insert(c, program.voucherTemplate(reward.voucherTemplate()).orElseThrow(), member.id(),
                    "reward " + reward.code(), null);
            RewardBought result = new RewardBought(redemptionId, reward.pointsPrice(), VoucherViews.of(voucher, program.currency()));
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO redemption (id, member_id, client_id, kind, points, reward_code, voucher_id, result, at)
                    VALUES (?, ?, ?, 'REWARD', ?, ?, ?, ?::jsonb, ?)""")) {
                Jdbc.bind(ps, redemptionId, member.id(), clientId, reward.pointsPrice(), reward.code(), voucher.id(),
                        Jdbc.json(result), now).executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO points_entry (member_id, kind, points, reason, redemption_id, actor, at)
                    VALUES (?, 'REDEEM', ?, ?, ?, 'system', ?)""")) {
                Jdbc.bind(ps, member.id(), -reward.pointsPrice(), "reward " + reward.code(), redemptionId, now).executeUpdate();
            }
            outbox.append(c,
                    Event.of(member.id(), new LoyaltyEvent.PointsRedeemed(reward.pointsPrice(), "reward", reward.code(),
                            PgBalances.after(c, member.id(), now, program.zone())), now),
                    Event.of(member.id(), new LoyaltyEvent.RewardBought(reward.code(), reward.pointsPrice(), voucher.id()),
                            now));
            if (by != null && by.staffId() != null) {
                AuditRows.insert(c, new Audit.Change(by, "member.redeem", "member:" + member.id(),
                        Map.of("balance", balanceBefore), Map.of("balance", balanceBefore - reward.pointsPrice(),
                        "points", reward.pointsPrice(), "redemptionId", clientId, "reward", reward.code(),
                        "voucher", voucher.code())), now);
            }
            return new Done(result, false);
        });
    }
}
