package io.punchcard.campaign.engine;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The effects of campaigns, one row per (campaign, occurrence, member), claimed by workers under a lease. A row is
 * written before anything is done and is never written twice, so nothing a campaign does happens twice.
 */
public interface EffectStore {

    /**
     * What to plan: the members {@code where} selects from {@code member_facts f}, each at the occurrence
     * {@code occurrenceSql} names (an SQL expression over {@code f}, or a bind), held out by the campaign's
     * share.
     */
    record Plan(String campaign, Sql where, Sql occurrence, int holdoutPercent, Instant dueAt) {
    }

    /**
     * A parameterised piece of SQL: never user text, only the binds.
     *
     * @param sql   the text, with {@code ?} for each bind
     * @param binds the values
     */
    record Sql(String sql, List<Object> binds) {
        public Sql {
            binds = List.copyOf(binds);
        }

        public static Sql of(String sql, Object... binds) {
            return new Sql(sql, List.of(binds));
        }

        public Sql and(Sql other) {
            List<Object> all = new java.util.ArrayList<>(binds);
            all.addAll(other.binds);
            return new Sql("(" + sql + ") AND (" + other.sql + ")", all);
        }
    }

    /**
     * How many effects a plan wrote.
     *
     * @param treated  to be acted on
     * @param heldOut  held out
     * @param existing already planned before (a second instance, a replay)
     */
    record Planned(int treated, int heldOut, boolean existing) {
    }

    /**
     * Plans an occurrence for a whole audience at once (a schedule's run, a day's sweep) under the name
     * {@code run}: a second call with the same name plans nothing.
     */
    Planned planRun(Plan plan, String run, Instant now);

    /** Plans effects member by member (sweeps whose occurrence differs per member); what exists is left. */
    Planned plan(Plan plan, Instant now);

    /** Takes up to {@code limit} due effects for {@code owner} until {@code leaseUntil}. */
    List<Effect> claim(String owner, int limit, Instant leaseUntil, Instant now);

    /**
     * Counts the effects' share of their campaign's budget (each at most once in its life): as many as the budget
     * still affords, in order; the rest become OVER_BUDGET.
     *
     * @return the effects that may go ahead
     */
    List<Effect> reserve(String campaign, List<Effect> effects, Cost each, Limits.Budget budget, String owner,
                         Instant now);

    /**
     * What one effect costs its campaign's budget.
     */
    record Cost(long points, long vouchers, long messages) {
    }

    /**
     * What an effect did.
     *
     * @param voucherId   the voucher issued, if any
     * @param voucherCode its code
     */
    record Done(long id, long points, UUID voucherId, String voucherCode, int messages) {
    }

    void complete(String owner, List<Done> done, Instant now);

    /**
     * Ends effects that cannot be done (an erased member, a template gone), giving their budget back.
     */
    void fail(String owner, List<Long> ids, String detail, Cost each, Instant now);

    /** Ends effects of a campaign finished before they were done, giving their budget back. */
    void skip(String owner, List<Long> ids, String detail, Cost each, Instant now);

    /** Gives effects back to the queue until {@code notBefore} (the core is down; a paused campaign). */
    void release(String owner, List<Long> ids, Instant notBefore, String detail, Instant now);

    /** Puts effects whose lease ran out (a worker died) back in the queue; their reservations stand. */
    int recoverLeases(Instant now);

    /** A voucher a campaign issued was used on a sale: counted in its results. */
    void voucherUsed(UUID voucherId, long discountMinor, Instant at);

    /**
     * How a campaign's effects stand.
     */
    record Counts(long planned, long claimed, long done, long heldOut, long overBudget, long skipped, long failed) {
    }

    Counts counts(String campaign);
}
