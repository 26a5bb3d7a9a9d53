package io.punchcard.loyalty.tier;

import java.time.Instant;
import java.util.Optional;

import io.punchcard.loyalty.program.Tier;
import io.punchcard.loyalty.program.TierLadder;

/**
 * When members move between tiers: up at once when their qualifying amount over the window reaches a
 * higher tier; down only at the periodic review, and only once the grace period since they last held their
 * tier's threshold has passed.
 */
public final class TierRules {

    private TierRules() {
    }

    /**
     * Where the qualifying window that ends {@code now} starts: purchases that occurred after it count toward
     * the member's tier, older ones do not.
     */
    public static Instant windowStart(TierLadder ladder, Instant now) {
        return now.atOffset(java.time.ZoneOffset.UTC).minusMonths(ladder.windowMonths()).toInstant();
    }

    /**
     * By when the member must reach {@code next} for what they have now to count toward it: the moment the oldest
     * purchase that counts ({@code oldestCounting}) leaves the window, after which they need more. Null at the top
     * ({@code next} null) or when nothing counts yet (nothing will leave the window).
     */
    public static Instant neededBy(TierLadder ladder, Tier next, Instant oldestCounting) {
        return next == null || oldestCounting == null ? null : leavesWindow(ladder, oldestCounting);
    }

    /** When a purchase that occurred at {@code occurredAt} stops counting: the window's length after it. */
    public static Instant leavesWindow(TierLadder ladder, Instant occurredAt) {
        return occurredAt.atOffset(java.time.ZoneOffset.UTC).plusMonths(ladder.windowMonths()).toInstant();
    }

    /** The tier to move up to after a purchase, if {@code qualifying} now reaches one above {@code current}. */
    public static Optional<Tier> upgrade(TierLadder ladder, String current, long qualifying) {
        Tier now = ladder.byCode(current);
        Tier earned = ladder.tierFor(qualifying);
        return ladder.rank(earned) > ladder.rank(now) ? Optional.of(earned) : Optional.empty();
    }

    /**
     * The tier to move down to at a review: the tier {@code qualifying} earns, when it is below
     * {@code current} and the grace period after {@code tierSince} has passed; otherwise none.
     */
    public static Optional<Tier> downgrade(TierLadder ladder, String current, long qualifying, Instant tierSince,
                                           Instant now) {
        Tier held = ladder.byCode(current);
        Tier earned = ladder.tierFor(qualifying);
        if (ladder.rank(earned) >= ladder.rank(held)) {
            return Optional.empty();
        }
        Instant graceEnds = tierSince.plus(java.time.Duration.ofDays(ladder.graceDays()));
        return now.isBefore(graceEnds) ? Optional.empty() : Optional.of(earned);
    }
}
