package io.punchcard.api.v1;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/kpis}: the manager console's KPIs for one store, or every store, over whole months, read from
 * rollups the core keeps current from its events. Every figure carries its definition, and {@code definitions} holds
 * those of the series, so the console shows each one click away (docs/kpis.md says the same at more length).
 *
 * @param store            the store the figures are for; absent for every store
 * @param from             the first month, {@code YYYY-MM}
 * @param to               the last month, {@code YYYY-MM}, included
 * @param currency         the program's currency, of every {@code …Minor} amount
 * @param pointValueMinor  what one point is worth in minor units, for the liability's value
 * @param rollupsAt        when the rollups last took in events; absent before they first did
 * @param figures          the headline numbers of the period
 * @param newMembersByWeek enrolments per week (Monday) and join channel
 * @param months           the period's figures month by month
 * @param cohorts          retention: per join month in the period, its members active in each month since
 * @param expiring         the points liability now, by the month its points expire
 * @param tiers            active members per tier now
 * @param tierMoves        members moving between tiers, per month of the period
 * @param definitions      the definition of each series and each field of {@code months}, by name
 */
public record Kpis(String store, String from, String to, String currency, long pointValueMinor, Instant rollupsAt,
                   List<Figure> figures, List<NewMembers> newMembersByWeek, List<Month> months, List<Cohort> cohorts,
                   List<Expiring> expiring, List<TierCount> tiers, List<TierMove> tierMoves,
                   Map<String, String> definitions) {

    public Kpis {
        figures = figures == null ? List.of() : List.copyOf(figures);
        newMembersByWeek = newMembersByWeek == null ? List.of() : List.copyOf(newMembersByWeek);
        months = months == null ? List.of() : List.copyOf(months);
        cohorts = cohorts == null ? List.of() : List.copyOf(cohorts);
        expiring = expiring == null ? List.of() : List.copyOf(expiring);
        tiers = tiers == null ? List.of() : List.copyOf(tiers);
        tierMoves = tierMoves == null ? List.of() : List.copyOf(tierMoves);
        definitions = definitions == null ? Map.of() : Map.copyOf(definitions);
    }

    /** The figure named {@code key}, if the answer has it. */
    public java.util.Optional<Figure> figure(String key) {
        return figures.stream().filter(f -> f.key().equals(key)).findFirst();
    }

    /**
     * One headline number.
     *
     * @param key        stable name, e.g. {@code repurchaseRate}
     * @param label      for people
     * @param value      the number; absent when it is undefined (a rate over nothing)
     * @param unit       {@code members}, {@code purchases}, {@code minor}, {@code points}, {@code ratio} or
     *                   {@code visits per member}
     * @param definition exactly what it counts
     */
    public record Figure(String key, String label, Double value, String unit, String definition) {
    }

    /** @param week the Monday the week starts on */
    public record NewMembers(LocalDate week, String channel, long members) {
    }

    /**
     * One month's figures (see {@code definitions} for each field).
     *
     * @param month                 {@code YYYY-MM}
     * @param newMembers            enrolments
     * @param activeMembers         members with at least one purchase
     * @param repeaters             members with two or more purchases
     * @param visits                members' purchases
     * @param memberPurchases       purchases by members
     * @param anonymousPurchases    purchases by shoppers who were not identified as members
     * @param memberSalesMinor      members' net sales (eligible spend less refunds)
     * @param anonymousSalesMinor   the other shoppers' net sales
     * @param pointsIssued          points earned by purchases and added by staff
     * @param pointsRedeemed        points spent, less spends cancelled
     * @param pointsExpired         points that expired
     */
    public record Month(String month, long newMembers, long activeMembers, long repeaters, long visits,
                        long memberPurchases, long anonymousPurchases, long memberSalesMinor, long anonymousSalesMinor,
                        long pointsIssued, long pointsRedeemed, long pointsExpired) {
    }

    /**
     * @param joinMonth {@code YYYY-MM}
     * @param members   who joined that month (at the store, for a store's figures)
     * @param active    of them, how many bought (anywhere) in the join month, the month after, …, up to the period's
     *                  last month
     */
    public record Cohort(String joinMonth, long members, List<Long> active) {
        public Cohort {
            active = active == null ? List.of() : List.copyOf(active);
        }
    }

    /** @param month {@code YYYY-MM}; the points' value at {@code pointValueMinor} */
    public record Expiring(String month, long points, long valueMinor) {
    }

    public record TierCount(String tier, long members) {
    }

    /** @param month {@code YYYY-MM} */
    public record TierMove(String month, String from, String to, long members) {
    }
}
