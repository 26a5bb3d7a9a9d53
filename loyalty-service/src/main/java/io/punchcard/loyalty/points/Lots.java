package io.punchcard.loyalty.points;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.punchcard.api.event.LoyaltyEvent;

/** The rules of spending lots: what may be spent, and which lots a spend comes out of. */
public final class Lots {

    private Lots() {
    }

    /**
     * A lot as the rules see it.
     *
     * @param id          the lot
     * @param remaining   points left in it
     * @param availableAt from when it can be spent
     * @param expiresAt   when it expires
     */
    public record Lot(long id, long remaining, Instant availableAt, Instant expiresAt) {

        boolean spendableAt(Instant now) {
            return remaining > 0 && !availableAt.isAfter(now) && expiresAt.isAfter(now);
        }

        boolean pendingAt(Instant now) {
            return remaining > 0 && availableAt.isAfter(now) && expiresAt.isAfter(now);
        }
    }

    /**
     * @param lot   the lot a spend takes from
     * @param taken how many points
     */
    public record Take(long lot, long taken) {
    }

    /**
     * A member's points at a moment.
     *
     * @param available what can be spent now: spendable lots less the debt; may be negative
     * @param pending   what is earned but not yet spendable
     * @param debt      points owed
     */
    public record Balance(long available, long pending, long debt) {
    }

    /** The balance of {@code lots} and {@code debt} at {@code now}. Expired lots count for nothing. */
    public static Balance balance(List<Lot> lots, long debt, Instant now) {
        long spendable = 0;
        long pending = 0;
        for (Lot lot : lots) {
            if (lot.spendableAt(now)) {
                spendable += lot.remaining();
            } else if (lot.pendingAt(now)) {
                pending += lot.remaining();
            }
        }
        return new Balance(spendable - debt, pending, debt);
    }

    /**
     * Points about to be lost: those of spendable lots that expire within {@code window} of {@code now}, and when
     * the first of them goes. A debt is paid from the spendable points first, so no more than the balance left
     * after it can be lost.
     *
     * @param points  how many; 0 when none expire within the window
     * @param firstAt when the first of them expires; null when none do
     */
    public record Expiring(long points, Instant firstAt) {
    }

    /**
     * The pending points of {@code lots} at {@code now} by when they become available, soonest first, at most
     * {@code max} moments: what a shopper is told about points not yet spendable.
     */
    public static List<io.punchcard.api.v1.MemberSummary.PendingPoints> pendingSchedule(List<Lot> lots, Instant now,
                                                                                       int max) {
        TreeMap<Instant, Long> byMoment = new TreeMap<>();
        for (Lot lot : lots) {
            if (lot.pendingAt(now)) {
                byMoment.merge(lot.availableAt(), lot.remaining(), Long::sum);
            }
        }
        return byMoment.entrySet().stream().limit(max)
                .map(e -> new io.punchcard.api.v1.MemberSummary.PendingPoints(e.getValue(), e.getKey())).toList();
    }

    /** What of {@code lots} expires within {@code window} of {@code now} (see {@link Expiring}). */
    public static Expiring expiring(List<Lot> lots, long debt, Instant now, java.time.Duration window) {
        long points = 0;
        Instant first = null;
        Instant until = now.plus(window);
        for (Lot lot : lots) {
            if (lot.spendableAt(now) && lot.remaining() > 0 && !lot.expiresAt().isAfter(until)) {
                points += lot.remaining();
                first = first == null || lot.expiresAt().isBefore(first) ? lot.expiresAt() : first;
            }
        }
        long atMost = Math.max(0, balance(lots, debt, now).available());
        points = Math.min(points, atMost);
        return points == 0 ? new Expiring(0, null) : new Expiring(points, first);
    }

    /**
     * The expiry schedule of {@code lots} at {@code now}: the points left in each open lot (spendable or still
     * pending, not yet expired), summed by the day it expires in {@code zone}, soonest first, at most {@code days}
     * days. A debt does not shorten it: the schedule says what the lots hold, the balance what can be spent.
     */
    public static List<LoyaltyEvent.Expiring> expirySchedule(List<Lot> lots, Instant now, ZoneId zone, int days) {
        TreeMap<LocalDate, Long> byDay = new TreeMap<>();
        for (Lot lot : lots) {
            if (lot.remaining() > 0 && lot.expiresAt().isAfter(now)) {
                byDay.merge(lot.expiresAt().atZone(zone).toLocalDate(), lot.remaining(), Long::sum);
            }
        }
        List<LoyaltyEvent.Expiring> schedule = new ArrayList<>();
        for (Map.Entry<LocalDate, Long> day : byDay.entrySet()) {
            if (schedule.size() == days) {
                break;
            }
            schedule.add(new LoyaltyEvent.Expiring(day.getKey(), day.getValue()));
        }
        return schedule;
    }

    /**
     * The balance the events feed carries after a change: {@link #balance} and the {@link #expirySchedule} of the
     * soonest {@link LoyaltyEvent.PointsBalance#EXPIRING_DAYS} days, in {@code zone} (the program's).
     */
    public static LoyaltyEvent.PointsBalance feedBalance(List<Lot> lots, long debt, Instant now, ZoneId zone) {
        Balance balance = balance(lots, debt, now);
        return new LoyaltyEvent.PointsBalance(balance.available(), balance.pending(), balance.debt(),
                expirySchedule(lots, now, zone, LoyaltyEvent.PointsBalance.EXPIRING_DAYS));
    }

    /**
     * Which lots a spend of {@code points} comes out of: the soonest-expiring spendable lots first (then the
     * oldest), so points are used before they are lost. Empty when the balance does not cover the spend.
     */
    public static List<Take> spend(List<Lot> lots, long debt, long points, Instant now) {
        if (points <= 0 || balance(lots, debt, now).available() < points) {
            return List.of();
        }
        List<Lot> order = lots.stream().filter(l -> l.spendableAt(now))
                .sorted(Comparator.comparing(Lot::expiresAt).thenComparingLong(Lot::id)).toList();
        List<Take> takes = new ArrayList<>();
        long left = points;
        for (Lot lot : order) {
            if (left == 0) {
                break;
            }
            long taken = Math.min(left, lot.remaining());
            takes.add(new Take(lot.id(), taken));
            left -= taken;
        }
        return takes;
    }
}
