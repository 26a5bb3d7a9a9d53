package io.punchcard.pos.api;

import java.util.List;
import java.util.UUID;

import io.punchcard.api.v1.PurchaseRecorded;
import io.punchcard.api.v1.Quote;

/**
 * What the open sale earns and saves. Finish it with {@code basketDiscountMinor} as the sale's basket discount
 * and it earns {@code points}.
 *
 * @param memberId             the shopper, or null
 * @param points               points the sale will earn
 * @param tierDiscountMinor    the tier's discount
 * @param voucherDiscountMinor what the applied vouchers take off
 * @param vouchers             each applied voucher, whether it applies, and what it takes off
 * @param basketDiscountMinor  all discounts on the basket together: the till's own, the vouchers', the tier's
 * @param pointsTenderMinor    what the points applied as a tender pay
 * @param availablePoints      what the shopper can still spend
 * @param breakdown            how the points are counted
 */
public record PosQuote(UUID memberId, long points, long tierDiscountMinor, long voucherDiscountMinor,
                       List<Quote.AppliedVoucher> vouchers, long basketDiscountMinor, long pointsTenderMinor,
                       long availablePoints, List<PurchaseRecorded.PointsLine> breakdown) {
}
