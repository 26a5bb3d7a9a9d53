package io.punchcard.campaign.facts;

import java.time.LocalDate;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * A member's visits (days with at least one purchase) and spend (paid less refunded) over the last 30, 90 and 365
 * days, counted back from {@code on}: a purchase counts in window {@code w} when its day {@code d} has
 * {@code on - w < d <= on}, so the 30-day window is {@code on} and the 29 days before it. Days are the member's
 * (the purchase's {@link PurchaseFact#day()}). The follower and the daily roll both compute windows here.
 *
 * @param on the day the windows end on; null for a member the feed has named but who has no windows yet
 */
public record Windows(LocalDate on, int visits30, int visits90, int visits365, long spend30, long spend90,
                      long spend365) {

    /** The widest window: purchases older than this never count in any window. */
    public static final int WIDEST_DAYS = 365;

    /** No visits and no spend, ending on {@code on}. */
    public static Windows empty(LocalDate on) {
        return new Windows(on, 0, 0, 0, 0, 0, 0);
    }

    /** The windows ending on {@code on} over {@code purchases} (of one member; older or later days count nowhere). */
    public static Windows of(Collection<PurchaseFact> purchases, LocalDate on) {
        Set<LocalDate> days30 = new HashSet<>();
        Set<LocalDate> days90 = new HashSet<>();
        Set<LocalDate> days365 = new HashSet<>();
        long spend30 = 0;
        long spend90 = 0;
        long spend365 = 0;
        for (PurchaseFact p : purchases) {
            if (within(p.day(), on, 30)) {
                days30.add(p.day());
                spend30 += p.spendMinor();
            }
            if (within(p.day(), on, 90)) {
                days90.add(p.day());
                spend90 += p.spendMinor();
            }
            if (within(p.day(), on, WIDEST_DAYS)) {
                days365.add(p.day());
                spend365 += p.spendMinor();
            }
        }
        return new Windows(on, days30.size(), days90.size(), days365.size(), spend30, spend90, spend365);
    }

    /** Whether {@code day} is in the {@code days}-day window ending on {@code on}. */
    public static boolean within(LocalDate day, LocalDate on, int days) {
        return on != null && !day.isAfter(on) && day.isAfter(on.minusDays(days));
    }

    /** The later of this window's end and {@code day}: windows only move forward. */
    public LocalDate onOrAfter(LocalDate day) {
        return on == null || day.isAfter(on) ? day : on;
    }
}
