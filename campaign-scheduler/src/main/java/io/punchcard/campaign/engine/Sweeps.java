package io.punchcard.campaign.engine;

import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The daily sweeps as SQL over {@code member_facts f}: which members a sweep finds now, and each one's
 * occurrence, so a member is found again only for a new reason (next year's birthday, a lapse after a new
 * purchase, a later expiry).
 */
public final class Sweeps {

    /**
     * A sweep's selection and each member's occurrence.
     *
     * @param where      which members
     * @param occurrence their occurrence
     */
    public record Selection(EffectStore.Sql where, EffectStore.Sql occurrence) {
    }

    private Sweeps() {
    }

    /**
     * Members whose birthday it is now in their own zone (the program's for those without one), once their clock
     * has reached {@code sweep.time()}; 29 February birthdays on 28 February in common years.
     */
    public static Selection birthdays(Trigger.Sweep sweep, Limits.PerMember limit, Instant now, ZoneId programZone) {
        String local = "(?::timestamptz AT TIME ZONE coalesce(f.time_zone, ?))";
        // Some zone's date is yesterday's, today's or tomorrow's UTC date: only those birthdays can be due, which the
        // birthday index finds without reading every member.
        Set<MonthDay> candidates = new LinkedHashSet<>();
        LocalDate utc = LocalDate.ofInstant(now, ZoneOffset.UTC);
        for (LocalDate day : List.of(utc.minusDays(1), utc, utc.plusDays(1))) {
            candidates.add(MonthDay.from(day));
            if (day.getMonthValue() == 2 && day.getDayOfMonth() == 28) {
                candidates.add(MonthDay.of(2, 29));
            }
        }
        StringBuilder in = new StringBuilder();
        List<Object> binds = new ArrayList<>();
        for (MonthDay day : candidates) {
            in.append(in.isEmpty() ? "" : ", ").append("(?, ?)");
            binds.add(day.getMonthValue());
            binds.add(day.getDayOfMonth());
        }
        String where = "f.birthday IS NOT NULL AND (extract(month FROM f.birthday), extract(day FROM f.birthday)) IN ("
                + in + ") AND " + local + "::time >= ?::time AND (to_char(f.birthday, 'MM-DD') = to_char(" + local
                + ", 'MM-DD') OR (to_char(f.birthday, 'MM-DD') = '02-29' AND to_char(" + local + ", 'MM-DD') = '02-28' "
                + "AND extract(day FROM date_trunc('year', " + local + ") + interval '2 months' - interval '1 day') = 28))";
        String zone = programZone.getId();
        binds.addAll(List.of(now, zone, sweep.time().toString(), now, zone, now, zone, now, zone));
        EffectStore.Sql occurrence = limit == Limits.PerMember.ONCE ? EffectStore.Sql.of("?", Occurrences.ONCE)
                : EffectStore.Sql.of("'birthday:' || extract(year FROM " + local + ")::int", now, zone);
        return new Selection(new EffectStore.Sql(where, binds), occurrence);
    }

    /** Members whose last purchase is more than {@code sweep.days()} days ago; one occurrence per lapse. */
    public static Selection inactive(Trigger.Sweep sweep, Limits.PerMember limit, Instant now, ZoneId programZone) {
        EffectStore.Sql where = EffectStore.Sql.of("f.last_purchase_at IS NOT NULL AND f.last_purchase_at < ?",
                now.minus(java.time.Duration.ofDays(sweep.days())));
        EffectStore.Sql occurrence = limit == Limits.PerMember.ONCE ? EffectStore.Sql.of("?", Occurrences.ONCE)
                : EffectStore.Sql.of("'inactive:' || (f.last_purchase_at AT TIME ZONE ?)::date", programZone.getId());
        return new Selection(where, occurrence);
    }

    /**
     * Members with at least {@code sweep.minPoints()} points expiring from today to {@code sweep.days()} days
     * ahead (in the program's zone), as their last points event listed them; one occurrence per soonest expiry day.
     */
    public static Selection pointsExpiring(Trigger.Sweep sweep, Limits.PerMember limit, Instant now, ZoneId programZone) {
        LocalDate today = LocalDate.ofInstant(now, programZone);
        LocalDate until = today.plusDays(sweep.days());
        String within = " FROM jsonb_array_elements(f.points_expiring) x WHERE (x->>'on')::date BETWEEN ?::date AND ?::date";
        EffectStore.Sql where = EffectStore.Sql.of("(SELECT coalesce(sum((x->>'points')::bigint), 0)" + within + ") >= ?",
                today.toString(), until.toString(), sweep.minPoints());
        EffectStore.Sql occurrence = limit == Limits.PerMember.ONCE ? EffectStore.Sql.of("?", Occurrences.ONCE)
                : EffectStore.Sql.of("'expiring:' || (SELECT min(x->>'on')" + within + ")", today.toString(),
                until.toString());
        return new Selection(where, occurrence);
    }
}
