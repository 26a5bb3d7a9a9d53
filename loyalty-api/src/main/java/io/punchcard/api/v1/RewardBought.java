package io.punchcard.api.v1;

import java.util.UUID;

/**
 * A reward bought with points.
 *
 * @param redemptionId the core's id of the redemption
 * @param points       points spent
 * @param voucher      the voucher it gave
 */
public record RewardBought(UUID redemptionId, long points, VoucherView voucher) {
}
