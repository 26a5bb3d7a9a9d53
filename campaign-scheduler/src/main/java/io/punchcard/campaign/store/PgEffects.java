package io.punchcard.campaign.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import io.helidon.dbclient.DbClient;

import io.punchcard.campaign.engine.Effect;
import io.punchcard.campaign.engine.EffectStore;
import io.punchcard.campaign.engine.Limits;
import io.punchcard.campaign.results.Holdout;

/** Campaign effects in the scheduler's schema: planned set-based, claimed with leases, each done once. */
public final class PgEffects implements EffectStore {

    private static final String RETURNING = "e.id, e.key, e.campaign, e.occurrence, e.member_id, e.reserved, e.attempts, "
            + "e.due_at";

    /**
     * The end of both plan statements: the members of a {@code chosen (member_id, occurrence, held_out)} CTE written
     * as effects (binds: campaign, planned at, due at), those planned before left as they are, counted by state.
     */
    private static final String INSERT_CHOSEN = ", inserted AS ("
            + " INSERT INTO campaign_effect (key, campaign, occurrence, member_id, state, planned_at, due_at)"
            + " SELECT gen_random_uuid(), ?, occurrence, member_id,"
            + " CASE WHEN held_out THEN 'HELD_OUT' ELSE 'PLANNED' END, ?, ? FROM chosen"
            + " ON CONFLICT (campaign, occurrence, member_id) DO NOTHING RETURNING state"
            + ") SELECT count(*) FILTER (WHERE state = 'PLANNED'), count(*) FILTER (WHERE state = 'HELD_OUT')"
            + " FROM inserted";

    private final Tx tx;

    public PgEffects(DbClient db) {
        this.tx = new Tx(db);
    }

    @Override
    public Planned planRun(Plan plan, String run, Instant now) {
        return tx.transaction(c -> {
            // The run's row first: a second instance planning the same run waits here for the first to commit, then
            // finds the row and plans nothing.
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("INSERT INTO campaign_run (campaign, occurrence, "
                    + "planned_at, members, held_out) VALUES (?, ?, ?, 0, 0) ON CONFLICT DO NOTHING"),
                    plan.campaign(), run, now)) {
                if (ps.executeUpdate() == 0) {
                    return new Planned(0, 0, true);
                }
            }
            Planned planned = insert(c, plan, now);
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("UPDATE campaign_run SET members = ?, held_out = ? "
                    + "WHERE campaign = ? AND occurrence = ?"), planned.treated(), planned.heldOut(), plan.campaign(), run)) {
                ps.executeUpdate();
            }
            return planned;
        });
    }

    @Override
    public Planned plan(Plan plan, Instant now) {
        return tx.transaction(c -> insert(c, plan, now));
    }

    /** Plans inside the caller's transaction (the facts follower plans event-triggered effects with its facts). */
    public static Planned insert(Connection c, Plan plan, Instant now) throws SQLException {
        List<Object> binds = new ArrayList<>(plan.occurrence().binds());
        binds.add(plan.campaign());
        binds.add(plan.holdoutPercent() * 100);
        binds.addAll(plan.where().binds());
        binds.add(plan.campaign());
        binds.add(now);
        binds.add(plan.dueAt());
        try (PreparedStatement ps = Tx.bind(c.prepareStatement("WITH chosen AS ("
                        + " SELECT f.member_id, (" + plan.occurrence().sql() + ") AS occurrence,"
                        + " " + Holdout.bucketSql("?", "f.member_id") + " < ? AS held_out"
                        + " FROM member_facts f WHERE f.status = 'ACTIVE' AND (" + plan.where().sql() + ")"
                        // In member order: the indexes by member fill in order rather than at random, and a worker's
                        // batch (taken in id order) names neighbouring members, whose rows the core finds together.
                        + " ORDER BY f.member_id"
                        + ")" + INSERT_CHOSEN), binds.toArray());
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Planned(rs.getInt(1), rs.getInt(2), false);
        }
    }

    /**
     * Plans effects for chosen members, each at its own occurrence (the members an event of the feed names), inside
     * the caller's transaction: the facts follower plans them in the commit that applies the event, so an event is
     * acted on once however often it is read. Members outside {@code audience} or no longer active are left out.
     */
    public static Planned insertTargets(Connection c, String campaign, EffectStore.Sql audience, int holdoutPercent,
                                        List<UUID> members, List<String> occurrences, Instant dueAt, Instant now)
            throws SQLException {
        if (members.isEmpty()) {
            return new Planned(0, 0, false);
        }
        List<Object> binds = new ArrayList<>();
        binds.add(c.createArrayOf("uuid", members.toArray()));
        binds.add(c.createArrayOf("text", occurrences.toArray()));
        binds.add(campaign);
        binds.add(holdoutPercent * 100);
        binds.addAll(audience.binds());
        binds.add(campaign);
        binds.add(now);
        binds.add(dueAt);
        try (PreparedStatement ps = Tx.bind(c.prepareStatement("WITH targets AS ("
                        + " SELECT * FROM unnest(?::uuid[], ?::text[]) AS t(member_id, occurrence)"
                        + "), chosen AS ("
                        + " SELECT f.member_id, t.occurrence, " + Holdout.bucketSql("?", "f.member_id") + " < ? AS held_out"
                        + " FROM targets t JOIN member_facts f ON f.member_id = t.member_id"
                        + " WHERE f.status = 'ACTIVE' AND (" + audience.sql() + ")"
                        + ")" + INSERT_CHOSEN), binds.toArray());
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return new Planned(rs.getInt(1), rs.getInt(2), false);
        }
    }

    @Override
    public List<Effect> claim(String owner, int limit, Instant leaseUntil, Instant now) {
        return tx.transaction(c -> {
            List<Effect> claimed = new ArrayList<>();
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("UPDATE campaign_effect e SET state = 'CLAIMED', "
                            + "lease_owner = ?, lease_until = ?, attempts = e.attempts + 1 FROM (SELECT id FROM campaign_effect "
                            + "WHERE state = 'PLANNED' AND due_at <= ? ORDER BY due_at, id LIMIT ? FOR UPDATE SKIP LOCKED) d "
                            + "WHERE e.id = d.id RETURNING " + RETURNING),
                    owner, leaseUntil, now, limit);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claimed.add(effect(rs));
                }
            }
            claimed.sort(Comparator.comparingLong(Effect::id));
            return claimed;
        });
    }

    @Override
    public List<Effect> reserve(String campaign, List<Effect> effects, Cost each, Limits.Budget budget, String owner,
                                Instant now) {
        if (effects.isEmpty()) {
            return List.of();
        }
        return tx.transaction(c -> {
            long[] spent = new long[3];
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT spent_points, spent_vouchers, spent_messages "
                    + "FROM campaign WHERE id = ? FOR UPDATE"), campaign);
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return List.of();
                }
                spent = new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
            }
            List<Effect> fresh = effects.stream().filter(e -> !e.reserved()).toList();
            long affordable = fresh.size();
            affordable = Math.min(affordable, affordable(budget.points(), spent[0], each.points()));
            affordable = Math.min(affordable, affordable(budget.vouchers(), spent[1], each.vouchers()));
            affordable = Math.min(affordable, affordable(budget.messages(), spent[2], each.messages()));
            List<Effect> reserved = fresh.subList(0, (int) affordable);
            List<Effect> over = fresh.subList((int) affordable, fresh.size());
            update(c, "UPDATE campaign_effect SET reserved = true WHERE id = ANY(?) AND lease_owner = ? "
                    + "AND state = 'CLAIMED'", ids(c, reserved), owner);
            update(c, "UPDATE campaign_effect SET state = 'OVER_BUDGET', done_at = ?, detail = 'the campaign''s budget is "
                    + "spent', lease_owner = NULL, lease_until = NULL WHERE id = ANY(?) AND lease_owner = ? "
                    + "AND state = 'CLAIMED'", now, ids(c, over), owner);
            update(c, "UPDATE campaign SET spent_points = spent_points + ?, spent_vouchers = spent_vouchers + ?, "
                    + "spent_messages = spent_messages + ? WHERE id = ?", affordable * each.points(),
                    affordable * each.vouchers(), affordable * each.messages(), campaign);
            List<Effect> going = new ArrayList<>(effects.stream().filter(Effect::reserved).toList());
            going.addAll(reserved);
            going.sort(Comparator.comparingLong(Effect::id));
            return going;
        });
    }

    private static long affordable(Long budget, long spent, long each) {
        if (budget == null || each == 0) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, (budget - spent) / each);
    }

    @Override
    public void complete(String owner, List<Done> done, Instant now) {
        if (done.isEmpty()) {
            return;
        }
        tx.transaction(c -> {
            Object[] ids = new Object[done.size()];
            Object[] points = new Object[done.size()];
            Object[] vouchers = new Object[done.size()];
            Object[] codes = new Object[done.size()];
            Object[] messages = new Object[done.size()];
            for (int i = 0; i < done.size(); i++) {
                Done d = done.get(i);
                ids[i] = d.id();
                points[i] = d.points();
                vouchers[i] = d.voucherId();
                codes[i] = d.voucherCode();
                messages[i] = d.messages();
            }
            return update(c, "UPDATE campaign_effect e SET state = 'DONE', done_at = ?, lease_owner = NULL, "
                            + "lease_until = NULL, points = d.points, voucher_id = d.voucher, voucher_code = d.code, "
                            + "messages = d.messages, detail = NULL FROM unnest(?::bigint[], ?::bigint[], ?::uuid[], "
                            + "?::text[], ?::int[]) AS d(id, points, voucher, code, messages) "
                            + "WHERE e.id = d.id AND e.lease_owner = ? AND e.state = 'CLAIMED'",
                    now, c.createArrayOf("bigint", ids), c.createArrayOf("bigint", points),
                    c.createArrayOf("uuid", vouchers), c.createArrayOf("text", codes),
                    c.createArrayOf("integer", messages), owner);
        });
    }

    @Override
    public void fail(String owner, List<Long> ids, String detail, Cost each, Instant now) {
        end(owner, ids, "FAILED", detail, each, now);
    }

    @Override
    public void skip(String owner, List<Long> ids, String detail, Cost each, Instant now) {
        end(owner, ids, "SKIPPED", detail, each, now);
    }

    private void end(String owner, List<Long> ids, String state, String detail, Cost each, Instant now) {
        if (ids.isEmpty()) {
            return;
        }
        tx.transaction(c -> {
            // Its budget goes back: an effect that did nothing spent nothing.
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("WITH ended AS (UPDATE campaign_effect e SET state = ?, "
                            + "done_at = ?, detail = ?, lease_owner = NULL, lease_until = NULL, reserved = false "
                            + "FROM (SELECT id, reserved FROM campaign_effect WHERE id = ANY(?) FOR UPDATE) old "
                            + "WHERE e.id = old.id AND e.lease_owner = ? AND e.state = 'CLAIMED' "
                            + "RETURNING e.campaign, old.reserved AS was_reserved) "
                            + "SELECT campaign, count(*) FILTER (WHERE was_reserved) FROM ended GROUP BY campaign"),
                    state, now, detail, ids(c, ids), owner);
                 ResultSet rs = ps.executeQuery()) {
                List<Object[]> refunds = new ArrayList<>();
                while (rs.next()) {
                    refunds.add(new Object[] {rs.getString(1), rs.getLong(2)});
                }
                for (Object[] refund : refunds) {
                    long n = (Long) refund[1];
                    update(c, "UPDATE campaign SET spent_points = spent_points - ?, spent_vouchers = spent_vouchers - ?, "
                            + "spent_messages = spent_messages - ? WHERE id = ?", n * each.points(), n * each.vouchers(),
                            n * each.messages(), refund[0]);
                }
            }
            return null;
        });
    }

    @Override
    public void release(String owner, List<Long> ids, Instant notBefore, String detail, Instant now) {
        if (ids.isEmpty()) {
            return;
        }
        tx.transaction(c -> update(c, "UPDATE campaign_effect SET state = 'PLANNED', due_at = greatest(due_at, ?), "
                + "detail = ?, lease_owner = NULL, lease_until = NULL WHERE id = ANY(?) AND lease_owner = ? "
                + "AND state = 'CLAIMED'", notBefore, detail, ids(c, ids), owner));
    }

    @Override
    public int recoverLeases(Instant now) {
        return tx.transaction(c -> update(c, "UPDATE campaign_effect SET state = 'PLANNED', lease_owner = NULL, "
                + "lease_until = NULL, detail = 'its worker stopped before it finished' "
                + "WHERE (CASE WHEN state = 'CLAIMED' THEN lease_until END) < ?", now));
    }

    @Override
    public void voucherUsed(UUID voucherId, long discountMinor, Instant at) {
        tx.transaction(c -> update(c, "UPDATE campaign_effect SET voucher_used_at = ?, voucher_discount_minor = ? "
                + "WHERE voucher_id = ? AND voucher_used_at IS NULL", at, discountMinor, voucherId));
    }

    @Override
    public Counts counts(String campaign) {
        return tx.read(c -> {
            long[] n = new long[7];
            List<String> states = List.of("PLANNED", "CLAIMED", "DONE", "HELD_OUT", "OVER_BUDGET", "SKIPPED", "FAILED");
            try (PreparedStatement ps = Tx.bind(c.prepareStatement("SELECT state, count(*) FROM campaign_effect "
                    + "WHERE campaign = ? GROUP BY state"), campaign);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    n[states.indexOf(rs.getString(1))] = rs.getLong(2);
                }
            }
            return new Counts(n[0], n[1], n[2], n[3], n[4], n[5], n[6]);
        });
    }

    private static Effect effect(ResultSet rs) throws SQLException {
        return new Effect(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                rs.getObject(5, UUID.class), rs.getBoolean(6), rs.getInt(7), Tx.instant(rs.getTimestamp(8)));
    }

    private static Array ids(Connection c, List<?> effects) throws SQLException {
        Object[] ids = effects.stream().map(e -> e instanceof Effect effect ? (Object) effect.id() : e).toArray();
        return c.createArrayOf("bigint", ids);
    }

    private static int update(Connection c, String sql, Object... binds) throws SQLException {
        try (PreparedStatement ps = Tx.bind(c.prepareStatement(sql), binds)) {
            return ps.executeUpdate();
        }
    }
}
