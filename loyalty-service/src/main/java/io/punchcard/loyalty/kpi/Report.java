package io.punchcard.loyalty.kpi;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.punchcard.api.v1.Kpis;

/**
 * Makes the KPIs of one store (or every store) and period from its rollups, each figure with its definition. The
 * ratios are taken here, from sums, never averaged from monthly ratios. docs/kpis.md says the same in more words.
 */
public final class Report {

    /** The figures' definitions, one click away in the console. */
    public enum Figure {
        MEMBERS("members", "Members", "members", "Active members now (enrolled, not merged into another member nor "
                + "erased) who joined at the store, or anywhere for every store. Not bounded by the period."),
        NEW_MEMBERS("newMembers", "New members", "members", "Enrolments in the period at the store (by join store "
                + "and join time), including members since merged or erased."),
        ACTIVE_MEMBERS("activeMembers", "Active members (last month)", "members", "Members with at least one "
                + "purchase in the store (any store for every store) in the period's last month. Distinct members are "
                + "counted per month; see the months series for each month."),
        REPURCHASE_RATE("repurchaseRate", "Repurchase rate (last month)", "ratio", "Of the active members of the "
                + "period's last month, the share with two or more purchases in that month."),
        VISIT_FREQUENCY("visitFrequency", "Visit frequency (last month)", "visits per member", "Members' purchases "
                + "in the period's last month divided by that month's active members."),
        PURCHASES("purchases", "Purchases", "purchases", "Sales recorded in the period at the store (by the sale's "
                + "time), by members and others, imported history included."),
        SALES("salesMinor", "Net sales", "minor", "Eligible spend of the period's sales (what earns points: the "
                + "basket less excluded categories, discounts and points paid) less the eligible spend refunded in the "
                + "period (refunds count on the day they are recorded, under the refunded sale's store)."),
        ATV_MEMBERS("atvMembersMinor", "ATV, members", "minor", "Average transaction value of members' sales: the "
                + "receipts' totals divided by the number of sales, over the period. Refunds do not change it."),
        ATV_NON_MEMBERS("atvNonMembersMinor", "ATV, non-members", "minor", "The same for sales not identified "
                + "as a member's."),
        MEMBER_SALES_SHARE("memberSalesShare", "Share of sales by members", "ratio", "Members' net sales divided "
                + "by all net sales of the period."),
        POINTS_ISSUED("pointsIssued", "Points issued", "points", "Points earned by purchases plus points added by "
                + "staff or campaigns in the period, counted under the member's join store."),
        POINTS_REDEEMED("pointsRedeemed", "Points redeemed", "points", "Points spent on rewards and at tills in the "
                + "period, less spends cancelled in it."),
        POINTS_EXPIRED("pointsExpired", "Points expired", "points", "Points that left balances by expiry in the "
                + "period."),
        POINTS_REVERSED("pointsReversed", "Points reversed", "points", "Points taken back by refunds in the period."),
        REDEMPTION_RATE("redemptionRate", "Redemption rate", "ratio", "Points redeemed in the period divided by "
                + "points issued in it."),
        LIABILITY_POINTS("liabilityPoints", "Points liability", "points", "Points in members' open lots now "
                + "(available and pending), members of the store for a store. Not bounded by the period; points "
                + "owed back after refunds are not subtracted."),
        LIABILITY_VALUE("liabilityValueMinor", "Points liability, value", "minor", "The points liability times "
                + "the value of a point (pointValueMinor, the configuration's kpis.point-value-minor).");

        private final String key;
        private final String label;
        private final String unit;
        private final String definition;

        Figure(String key, String label, String unit, String definition) {
            this.key = key;
            this.label = label;
            this.unit = unit;
            this.definition = definition;
        }

        public String key() {
            return key;
        }

        Kpis.Figure of(Double value) {
            return new Kpis.Figure(key, label, value, unit, definition);
        }
    }

    /** The definitions of the series and of the months' fields, by name. */
    public static final Map<String, String> SERIES = series();

    private Report() {
    }

    private static Map<String, String> series() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("newMembersByWeek", "Enrolments per week (starting Monday, in the program's time zone) and join channel.");
        d.put("months", "The period month by month; each field is defined below.");
        d.put("months.newMembers", "Enrolments in the month.");
        d.put("months.activeMembers", "Members with at least one purchase in the month (in the store for a store).");
        d.put("months.repeaters", "Active members with two or more purchases in the month: repurchase rate = "
                + "repeaters / activeMembers.");
        d.put("months.visits", "Members' purchases in the month: visit frequency = visits / activeMembers.");
        d.put("months.memberPurchases", "Purchases by identified members.");
        d.put("months.anonymousPurchases", "Purchases by shoppers not identified as members.");
        d.put("months.memberSalesMinor", "Members' eligible spend less the eligible spend refunded in the month.");
        d.put("months.anonymousSalesMinor", "The same for other shoppers.");
        d.put("months.pointsIssued", "Points earned by purchases and added by staff or campaigns.");
        d.put("months.pointsRedeemed", "Points spent, less spends cancelled.");
        d.put("months.pointsExpired", "Points that expired.");
        d.put("cohorts", "Retention: members who joined in a month (at the store, for a store), and how many of them "
                + "bought anywhere in the chain in their join month (active[0]), the month after (active[1]), and so "
                + "on to the period's last month.");
        d.put("expiring", "The points liability now by the month its points expire, in points and at the value of a "
                + "point.");
        d.put("tiers", "Active members per tier now.");
        d.put("tierMoves", "Members moved between tiers per month (upgrades by purchases, downgrades by the review, "
                + "merges), by from and to tier; enrolment is no move.");
        return Map.copyOf(d);
    }

    /** The KPIs of {@code store} (null for every store) over {@code period}. */
    public static Kpis of(String store, Period period, String currency, long pointValueMinor, Rollups r) {
        Changes.Sales members = sum(r, true);
        Changes.Sales others = sum(r, false);
        Changes.Points points = r.points().values().stream().reduce(Changes.Points.NONE, Changes.Points::plus);
        long issued = points.earned() + points.adjustedIn();
        long redeemed = points.redeemed() - points.restored();
        Activity.Counts last = r.activity().getOrDefault(period.to(), new Activity.Counts(0, 0, 0));
        long liability = r.expiring().values().stream().mapToLong(Long::longValue).sum();
        long netMembers = net(members);
        long netAll = netMembers + net(others);
        List<Kpis.Figure> figures = List.of(
                Figure.MEMBERS.of((double) r.tiers().values().stream().mapToLong(Long::longValue).sum()),
                Figure.NEW_MEMBERS.of((double) r.joined().entrySet().stream()
                        .filter(e -> !e.getKey().isBefore(period.from()) && !e.getKey().isAfter(period.to()))
                        .mapToLong(Map.Entry::getValue).sum()),
                Figure.ACTIVE_MEMBERS.of((double) last.active()),
                Figure.REPURCHASE_RATE.of(ratio(last.repeaters(), last.active())),
                Figure.VISIT_FREQUENCY.of(ratio(last.visits(), last.active())),
                Figure.PURCHASES.of((double) (members.purchases() + others.purchases())),
                Figure.SALES.of((double) netAll),
                Figure.ATV_MEMBERS.of(ratio(members.totalMinor(), members.purchases())),
                Figure.ATV_NON_MEMBERS.of(ratio(others.totalMinor(), others.purchases())),
                Figure.MEMBER_SALES_SHARE.of(ratio(netMembers, netAll)),
                Figure.POINTS_ISSUED.of((double) issued),
                Figure.POINTS_REDEEMED.of((double) redeemed),
                Figure.POINTS_EXPIRED.of((double) points.expired()),
                Figure.POINTS_REVERSED.of((double) points.reversed()),
                Figure.REDEMPTION_RATE.of(ratio(redeemed, issued)),
                Figure.LIABILITY_POINTS.of((double) liability),
                Figure.LIABILITY_VALUE.of((double) liability * pointValueMinor));
        List<Kpis.Month> months = new ArrayList<>();
        for (YearMonth month : period.months()) {
            Map<Boolean, Changes.Sales> sales = r.sales().getOrDefault(month, Map.of());
            Changes.Sales m = sales.getOrDefault(true, NO_SALES);
            Changes.Sales o = sales.getOrDefault(false, NO_SALES);
            Activity.Counts a = r.activity().getOrDefault(month, new Activity.Counts(0, 0, 0));
            Changes.Points p = r.points().getOrDefault(month, Changes.Points.NONE);
            months.add(new Kpis.Month(month.toString(), r.joined().getOrDefault(month, 0L), a.active(), a.repeaters(),
                    a.visits(), m.purchases(), o.purchases(), net(m), net(o), p.earned() + p.adjustedIn(),
                    p.redeemed() - p.restored(), p.expired()));
        }
        List<Kpis.Cohort> cohorts = new ArrayList<>();
        for (YearMonth joinMonth : period.months()) {
            Map<YearMonth, Long> active = r.cohorts().getOrDefault(joinMonth, Map.of());
            List<Long> byAge = new ArrayList<>();
            for (YearMonth m = joinMonth; !m.isAfter(period.to()); m = m.plusMonths(1)) {
                byAge.add(active.getOrDefault(m, 0L));
            }
            cohorts.add(new Kpis.Cohort(joinMonth.toString(), r.joined().getOrDefault(joinMonth, 0L), byAge));
        }
        return new Kpis(store, period.from().toString(), period.to().toString(), currency, pointValueMinor,
                r.rollupsAt(), figures,
                r.joinedWeek().stream().map(w -> new Kpis.NewMembers(w.week(), w.channel(), w.members())).toList(),
                months, cohorts,
                r.expiring().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> new Kpis.Expiring(e.getKey().toString(), e.getValue(), e.getValue() * pointValueMinor))
                        .toList(),
                r.tiers().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> new Kpis.TierCount(e.getKey(), e.getValue())).toList(),
                r.moves().stream().map(mv -> new Kpis.TierMove(mv.month().toString(), mv.from(), mv.to(), mv.members()))
                        .toList(),
                SERIES);
    }

    private static final Changes.Sales NO_SALES = new Changes.Sales(0, 0, 0, 0, 0);

    private static Changes.Sales sum(Rollups r, boolean member) {
        return r.sales().values().stream().map(byMember -> byMember.getOrDefault(member, NO_SALES))
                .reduce(NO_SALES, Changes.Sales::plus);
    }

    private static long net(Changes.Sales s) {
        return s.eligibleMinor() - s.refundedEligibleMinor();
    }

    /** {@code part / whole}, or null when there is no whole to take a share of. */
    static Double ratio(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }
}
