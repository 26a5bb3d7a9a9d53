package io.punchcard.api.v1;

import java.util.UUID;

/**
 * The result of recording a refund; a replay of the same refund gets the same result.
 *
 * @param refundId            the core's id of the refund
 * @param purchaseId          the purchase refunded
 * @param memberId            the member whose points were reversed, or null for an anonymous sale
 * @param eligibleMinor       eligible spend this refund gave back
 * @param pointsReversed      points this refund took back
 * @param pointsReversedTotal points all refunds of the purchase have taken back
 */
public record RefundRecorded(UUID refundId, UUID purchaseId, UUID memberId, long eligibleMinor, long pointsReversed,
                             long pointsReversedTotal) {
}
