package io.punchcard.loyalty.points;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A member's lots and debt held in memory while a batch of adjustments is decided under the member's lock: each
 * adjustment is decided on what the ones before it left, exactly as if each had been made on its own, and the
 * holding then says what to write — new lots, points taken from stored ones, the debt.
 */
public final class Holding {

    /** Lots by id, in the order they were read and then made. */
    private final Map<Long, Lots.Lot> lots = new LinkedHashMap<>();
    private final Map<Long, Long> takenFromStored = new LinkedHashMap<>();
    /** The points each lot made here was made with, by lot. */
    private final Map<Long, Long> made = new LinkedHashMap<>();
    private final long debtBefore;
    private long debt;

    /** @param lots the member's stored lots with points left; {@code debt} what they owe */
    public Holding(List<Lots.Lot> lots, long debt) {
        lots.forEach(lot -> this.lots.put(lot.id(), lot));
        this.debtBefore = debt;
        this.debt = debt;
    }

    /**
     * What one adjustment does.
     *
     * @param points    the change
     * @param paidDebt  of an adjustment up, the points that paid a debt instead of going into the new lot
     * @param lotId     of an adjustment up, the lot it made; 0 otherwise
     * @param available what the member can spend right after it
     */
    public record Change(long points, long paidDebt, long lotId, long available) {
    }

    /**
     * Adds or takes {@code points} now. Points added are spendable at once, pay a debt first and expire at
     * {@code expiresAt} in a new lot numbered {@code newLotId}; points taken come out of the spendable lots
     * (soonest-expiring first), and what they do not cover becomes a debt that later earnings pay off.
     */
    public Change adjust(long points, long newLotId, Instant now, Instant expiresAt) {
        if (points > 0) {
            long paid = Math.min(debt, points);
            debt -= paid;
            lots.put(newLotId, new Lots.Lot(newLotId, points - paid, now, expiresAt));
            made.put(newLotId, points);
            return new Change(points, paid, newLotId, available(now));
        }
        long spendable = Math.max(0, Lots.balance(List.copyOf(lots.values()), 0, now).available());
        long fromLots = Math.min(spendable, -points);
        if (fromLots > 0) {
            for (Lots.Take take : Lots.spend(List.copyOf(lots.values()), 0, fromLots, now)) {
                Lots.Lot lot = lots.get(take.lot());
                lots.put(lot.id(), new Lots.Lot(lot.id(), lot.remaining() - take.taken(), lot.availableAt(), lot.expiresAt()));
                if (!made.containsKey(lot.id())) {
                    takenFromStored.merge(lot.id(), take.taken(), Long::sum);
                }
            }
        }
        debt += -points - fromLots;
        return new Change(points, 0, 0, available(now));
    }

    /** What the member can spend at {@code now}. */
    public long available(Instant now) {
        return Lots.balance(List.copyOf(lots.values()), debt, now).available();
    }

    /**
     * A lot an adjustment made.
     *
     * @param lot    the lot, with what is left in it after the later adjustments took their share
     * @param earned the points it was made with
     */
    public record MadeLot(Lots.Lot lot, long earned) {
    }

    /** The lots the adjustments made, in the order they were made. */
    public List<MadeLot> madeLots() {
        return made.entrySet().stream().map(e -> new MadeLot(lots.get(e.getKey()), e.getValue())).toList();
    }

    /** Points taken from lots that were stored before, by lot. */
    public Map<Long, Long> takenFromStored() {
        return Map.copyOf(takenFromStored);
    }

    /** Whether the debt is no longer what was read. */
    public boolean debtChanged() {
        return debt != debtBefore;
    }

    public long debt() {
        return debt;
    }
}
