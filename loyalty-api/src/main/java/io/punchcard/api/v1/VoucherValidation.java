package io.punchcard.api.v1;

/**
 * Whether a voucher can be used on a basket.
 *
 * @param valid         whether it can be used
 * @param reason        why not, when it cannot
 * @param discountMinor what it takes off the basket (0 for free items and points multipliers)
 * @param voucher       the voucher
 */
public record VoucherValidation(boolean valid, String reason, long discountMinor, VoucherView voucher) {
}
