package io.punchcard.campaign.message;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * How many marketing messages a member gets at most in a number of calendar days, so a busy week of campaigns
 * does not drive them to unsubscribe. Days are the member's own days: a cap of 3 in 7 counts from their local
 * midnight six days ago, wherever the server runs.
 *
 * @param maxMessages the most marketing messages in the window; 0 means no cap
 * @param days        the window's length in calendar days, today included: 1 to 366
 */
public record FrequencyCap(int maxMessages, int days) {

    /** More than any sane campaign plan sends; a bound so a typo cannot silently mean "no cap". */
    public static final int MAX_MESSAGES = 1000;
    /** A year, leap day included: a longer window would need counts the store does not keep. */
    public static final int MAX_DAYS = 366;

    public FrequencyCap {
        List<SettingsProblem> problems = check(maxMessages, days);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(MessagingSettings.describe(problems));
        }
    }

    /** Lists what is wrong with these values; empty when they make a cap. */
    public static List<SettingsProblem> check(int maxMessages, int days) {
        List<SettingsProblem> problems = new ArrayList<>(2);
        if (maxMessages < 0 || maxMessages > MAX_MESSAGES) {
            problems.add(new SettingsProblem("frequencyCap.maxMessages",
                    "must be 0 (no cap) to " + MAX_MESSAGES + ", was " + maxMessages));
        }
        if (days < 1 || days > MAX_DAYS) {
            problems.add(new SettingsProblem("frequencyCap.days", "must be 1 to " + MAX_DAYS + ", was " + days));
        }
        return problems;
    }

    /**
     * Where the window that holds {@code now} begins: the member's local midnight {@code days - 1} days before
     * their today, or the first instant of that day when its midnight is skipped by a clock change (Brazil and
     * Lebanon have started summer time at midnight). The store counts the marketing messages sent since then.
     */
    public Instant windowStart(Instant now, ZoneId zone) {
        // atStartOfDay is defined as the earliest valid time of the date: the end of a gap, the first of an overlap.
        return now.atZone(zone).toLocalDate().minusDays(days - 1L).atStartOfDay(zone).toInstant();
    }

    /** True when {@code sentSinceWindowStart} messages leave no room for one more. */
    public boolean reached(long sentSinceWindowStart) {
        return maxMessages > 0 && sentSinceWindowStart >= maxMessages;
    }
}
