package io.punchcard.api.v1;

import java.util.List;
import java.util.UUID;

/**
 * What a basket earns and saves. Record the sale with {@code basketDiscountMinor} = your own basket discount +
 * {@code voucherDiscountMinor} + {@code tierDiscountMinor} and the same vouchers, and it earns {@code points}.
 *
 * @param memberId             the member quoted for, or null
 * @param tier                 their tier
 * @param eligibleMinor        spend that earns points, after the discounts below
 * @param tierDiscountMinor    the tier's discount on this basket, after the vouchers'
 * @param voucherDiscountMinor what the applied vouchers take off, together
 * @param vouchers             each applied voucher: whether it applies and what it takes off
 * @param points               points the sale will earn once recorded with those discounts
 * @param breakdown            how the points are counted
 * @param availablePoints      what the member can spend now
 * @param usableVouchers       the member's vouchers that apply to this basket
 */
public record Quote(UUID memberId, String tier, long eligibleMinor, long tierDiscountMinor, long voucherDiscountMinor,
                    List<AppliedVoucher> vouchers, long points, List<PurchaseRecorded.PointsLine> breakdown,
                    long availablePoints, List<String> usableVouchers) {

    /**
     * @param code          the voucher's code
     * @param name          what it is called (null when there is no such voucher)
     * @param kind          AMOUNT_OFF, PERCENT_OFF, FREE_ITEM or POINTS_MULTIPLIER (null when there is no such voucher)
     * @param applies       whether it can be used on this basket
     * @param reason        why not, when it cannot
     * @param discountMinor what it takes off (0 for free items and points multipliers, which act otherwise)
     */
    public record AppliedVoucher(String code, String name, String kind, boolean applies, String reason,
                                 long discountMinor) {
    }
}
