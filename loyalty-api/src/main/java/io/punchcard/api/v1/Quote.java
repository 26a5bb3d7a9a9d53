package io.punchcard.api.v1;

import java.util.List;
import java.util.UUID;

/**
 * What a basket earns and saves.
 *
 * @param memberId          the member quoted for, or null
 * @param tier              their tier
 * @param eligibleMinor     spend that earns points, after the discounts below
 * @param tierDiscountMinor the tier's discount on this basket; send it in the sale's basketDiscountMinor
 * @param points            points the sale will earn once recorded with that discount
 * @param breakdown         how the points are counted
 * @param availablePoints   what the member can spend now
 * @param usableVouchers    the member's vouchers that apply to this basket
 */
public record Quote(UUID memberId, String tier, long eligibleMinor, long tierDiscountMinor, long points,
                    List<PurchaseRecorded.PointsLine> breakdown, long availablePoints, List<String> usableVouchers) {
}
