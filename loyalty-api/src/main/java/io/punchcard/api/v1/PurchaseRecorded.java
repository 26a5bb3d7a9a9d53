package io.punchcard.api.v1;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * The result of recording a purchase; a replay of the same sale gets the same result.
 *
 * @param purchaseId    the core's id of the purchase
 * @param memberId      the member credited, null for an anonymous sale
 * @param pointsEarned  points the sale earned
 * @param eligibleMinor spend that earned them
 * @param availableAt   when the points can be spent (later than now for online orders in their return window)
 * @param expiresAt     when they expire
 * @param tier          the member's tier after the sale
 * @param breakdown     how the points were counted
 * @param vouchersUsed  the applied vouchers that were used on the sale (one that could not be, for instance
 *                      used up elsewhere, is left out and gives nothing)
 * @param history       true when the sale was recorded as history (it earned nothing); absent for a live sale
 */
public record PurchaseRecorded(UUID purchaseId, UUID memberId, long pointsEarned, long eligibleMinor,
                               Instant availableAt, Instant expiresAt, String tier, List<PointsLine> breakdown,
                               List<String> vouchersUsed, Boolean history) {

    /** The canonical constructor is the one JSON is read with. */
    @JsonCreator
    public PurchaseRecorded {
    }

    /** The answer for a live sale. */
    public PurchaseRecorded(UUID purchaseId, UUID memberId, long pointsEarned, long eligibleMinor, Instant availableAt,
                            Instant expiresAt, String tier, List<PointsLine> breakdown, List<String> vouchersUsed) {
        this(purchaseId, memberId, pointsEarned, eligibleMinor, availableAt, expiresAt, tier, breakdown, vouchersUsed,
                null);
    }

    /**
     * One part of the points count.
     *
     * @param label  {@code base}, {@code tier} or a rule id
     * @param points its points
     */
    public record PointsLine(String label, long points) {
    }
}
