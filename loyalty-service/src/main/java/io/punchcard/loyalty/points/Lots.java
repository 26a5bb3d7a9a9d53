package io.punchcard.loyalty.points;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

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
