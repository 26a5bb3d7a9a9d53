package io.punchcard.campaign.message;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The hours of the member's day in which no marketing message reaches them; a message due then waits for the
 * window's end, it is never dropped for it. The window is [start, end) on the member's clock and may cross
 * midnight (21:00-09:00); start equal to end means there is none.
 *
 * @param start the first quiet minute, local time
 * @param end   the first minute messages may go again, local time
 */
public record QuietHours(LocalTime start, LocalTime end) {

    /**
     * Steps {@link #nextAllowed} may take. One is the rule; a second is needed only when the window's end falls in
     * a skipped stretch that is itself quiet (Samoa skipped 30 December 2011 whole); the bound ends any surprise.
     */
    private static final int MAX_STEPS = 4;

    public QuietHours {
        List<SettingsProblem> problems = check(start, end);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(MessagingSettings.describe(problems));
        }
    }

    /** No quiet hours: every hour may carry marketing. */
    public static QuietHours none() {
        return new QuietHours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);
    }

    /** Lists what is wrong with these values; empty when they make quiet hours. */
    public static List<SettingsProblem> check(LocalTime start, LocalTime end) {
        List<SettingsProblem> problems = new ArrayList<>(2);
        if (start == null) {
            problems.add(new SettingsProblem("quietHours.start", "is required (equal to end for no quiet hours)"));
        }
        if (end == null) {
            problems.add(new SettingsProblem("quietHours.end", "is required (equal to start for no quiet hours)"));
        }
        return problems;
    }

    /** True when {@code t} on the member's clock is quiet. */
    public boolean contains(LocalTime t) {
        if (start.equals(end)) {
            return false;
        }
        if (start.isBefore(end)) {
            return !t.isBefore(start) && t.isBefore(end);
        }
        return !t.isBefore(start) || t.isBefore(end);
    }

    /**
     * The first instant at or after {@code now} at which a marketing message may reach a member in {@code zone}:
     * {@code now} itself outside the window, else the window's end on the member's clock. An end the clocks skip
     * (spring forward) becomes the end of the gap; an end they show twice (fall back) is its first showing, or
     * the second when the first is already past, so the answer is never before {@code now}.
     */
    public Instant nextAllowed(Instant now, ZoneId zone) {
        Instant at = now;
        for (int step = 0; step < MAX_STEPS; step++) {
            ZonedDateTime local = at.atZone(zone);
            if (!contains(local.toLocalTime())) {
                return at;
            }
            LocalDate endDate = local.toLocalDate();
            // Across midnight, a time after the start belongs to the window that ends tomorrow.
            if (start.isAfter(end) && !local.toLocalTime().isBefore(start)) {
                endDate = endDate.plusDays(1);
            }
            at = LocalInstants.firstAfter(endDate.atTime(end), zone, at);
        }
        return at;
    }
}
