package io.punchcard.loyalty.kpi;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

/**
 * What the rollups hold for one store (or every store) and period, as read: the rows {@link Report} makes the KPIs
 * of. Months are keyed by {@link YearMonth}.
 *
 * @param sales      net of nothing: per month and whether members made them
 * @param joinedWeek enrolments per week (Monday) and join channel
 * @param joined     enrolments per month, including the cohorts' join months
 * @param activity   per month
 * @param cohorts    per join month, active members per month
 * @param points     per month
 * @param tiers      active members per tier now
 * @param moves      per month
 * @param expiring   open lots' points now by expiry month
 * @param rollupsAt  when the follower last took in events, or null
 */
public record Rollups(Map<YearMonth, Map<Boolean, Changes.Sales>> sales, List<JoinedWeek> joinedWeek,
                      Map<YearMonth, Long> joined, Map<YearMonth, Activity.Counts> activity,
                      Map<YearMonth, Map<YearMonth, Long>> cohorts, Map<YearMonth, Changes.Points> points,
                      Map<String, Long> tiers, List<Move> moves, Map<YearMonth, Long> expiring, Instant rollupsAt) {

    public record JoinedWeek(LocalDate week, String channel, long members) {
    }

    public record Move(YearMonth month, String from, String to, long members) {
    }
}
