package io.punchcard.loyalty.kpi;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Active members, repeaters and retention, counted as members' monthly visits grow: a member becomes active in a
 * month (store) at their first visit and a repeater at their second, so the counters move only when a member's
 * visits cross 1 or 2, and a month's distinct members are never counted by scanning its purchases.
 */
public final class Activity {

    /** The store key of the member-counting rollups that stands for every store at once. */
    public static final String ALL_STORES = "*";

    /** A month's members with a visit, with two or more, and their visits, in one store (or every store). */
    public record Counts(long active, long repeaters, long visits) {
        Counts plus(Counts o) {
            return new Counts(active + o.active, repeaters + o.repeaters, visits + o.visits);
        }
    }

    public record StoreMonth(String store, LocalDate month) {
    }

    /** Members who joined (at {@code store}, or anywhere) in {@code joinMonth} and bought in {@code month}. */
    public record CohortKey(String store, LocalDate joinMonth, LocalDate month) {
    }

    /** A member's visits in a month and store before and after a page's visits were added. */
    public record Grown(Changes.VisitKey key, int before, int after) {
    }

    private final Map<StoreMonth, Counts> counts = new HashMap<>();
    private final Map<CohortKey, Long> cohorts = new HashMap<>();

    private Activity() {
    }

    /** What the growth of members' visits adds to the monthly counters and the cohorts. */
    public static Activity of(List<Grown> grown, Map<UUID, Facts.MemberFacts> members, ZoneId zone) {
        Activity activity = new Activity();
        for (Grown g : grown) {
            long becameActive = g.before() < 1 && g.after() >= 1 ? 1 : 0;
            long becameRepeater = g.before() < 2 && g.after() >= 2 ? 1 : 0;
            activity.counts.merge(new StoreMonth(g.key().store(), g.key().month()),
                    new Counts(becameActive, becameRepeater, g.after() - g.before()), Counts::plus);
            Facts.MemberFacts member = members.get(g.key().memberId());
            // Retention follows a member anywhere in the chain, under the store they joined at.
            if (becameActive == 1 && g.key().store().equals(ALL_STORES) && member != null) {
                LocalDate joinMonth = LocalDate.ofInstant(member.joined(), zone).withDayOfMonth(1);
                activity.cohorts.merge(new CohortKey(member.store(), joinMonth, g.key().month()), 1L, Long::sum);
                activity.cohorts.merge(new CohortKey(ALL_STORES, joinMonth, g.key().month()), 1L, Long::sum);
            }
        }
        return activity;
    }

    public Map<StoreMonth, Counts> counts() {
        return Map.copyOf(counts);
    }

    public Map<CohortKey, Long> cohorts() {
        return Map.copyOf(cohorts);
    }
}
