package io.punchcard.api.v1;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The member card a cashier or kiosk shows: who, which tier and how far to the next, what can be spent.
 *
 * @param memberId        the member
 * @param displayName     given name and the surname's initial
 * @param tier            tier code
 * @param tierName        tier name
 * @param tierDiscountPercent discount the tier gives at checkout
 * @param progress        how far to the next tier
 * @param availablePoints what can be spent now (negative while points are owed)
 * @param pendingPoints   earned but not yet spendable (online orders in their return window)
 * @param pointsDebt      points owed after refunds
 * @param vouchers        vouchers usable now
 * @param asOf            when this was computed
 * @param expiringPoints  points that expire within the next {@link #EXPIRY_NOTICE_DAYS} days
 * @param expiringFrom    when the first of them expires; null when none do
 * @param pending         the pending points by when they become available, soonest first (at most
 *                        {@link #MAX_PENDING_SHOWN} dates; {@code pendingPoints} is their whole sum)
 */
public record MemberSummary(UUID memberId, String displayName, String tier, String tierName, int tierDiscountPercent,
                            TierProgress progress, long availablePoints, long pendingPoints, long pointsDebt,
                            List<String> vouchers, Instant asOf, long expiringPoints, Instant expiringFrom,
                            List<PendingPoints> pending) {

    /** How far ahead expiring points are told: a reminder a month ahead is what shoppers can act on. */
    public static final int EXPIRY_NOTICE_DAYS = 30;
    /** A screen shows a few dates; a member with more pending orders sees the soonest. */
    public static final int MAX_PENDING_SHOWN = 10;

    public MemberSummary {
        pending = pending == null ? List.of() : List.copyOf(pending);
    }

    /**
     * @param points      how many
     * @param availableAt when they can be spent (the end of the order's return window)
     */
    public record PendingPoints(long points, Instant availableAt) {
    }

    /**
     * @param basis      SPEND or POINTS
     * @param qualifying the member's qualifying amount over the window
     * @param nextTier   the tier above, or null at the top
     * @param needed     what is still needed for it
     * @param neededBy   when the oldest purchase that counts now leaves the rolling window, so that more would be
     *                   needed after it: {@code needed} reaches {@code nextTier} if it comes before then. Null at
     *                   the top, or when nothing counts yet (then {@code needed} is all of the tier's threshold).
     */
    public record TierProgress(String basis, long qualifying, String nextTier, long needed, Instant neededBy) {
    }
}
