package io.punchcard.loyalty.purchase;

import java.time.Instant;
import java.util.List;

import io.punchcard.loyalty.program.Channel;

/**
 * What a purchase is made of, as the evaluator sees it: where and when, the lines, a discount on the whole
 * basket, the vouchers applied to it, and what was paid with points. Tax, shipping and the other tenders are not
 * part of it: they never earn.
 *
 * @param channel             where it was bought
 * @param store               the store's code
 * @param occurredAt          when
 * @param lines               the lines
 * @param basketDiscountMinor a discount on the whole basket, spread over the lines in proportion
 * @param voucherMultiplierPercent the points multiplier of an applied POINTS_MULTIPLIER voucher, 0 when none
 * @param pointsTenderMinor   what was paid with points (POINTS tenders); earns only if the program says so
 */
public record Basket(Channel channel, String store, Instant occurredAt, List<Line> lines, long basketDiscountMinor,
                     int voucherMultiplierPercent, long pointsTenderMinor) {

    public Basket {
        lines = List.copyOf(lines);
    }

    /** A basket nothing was paid for with points. */
    public Basket(Channel channel, String store, Instant occurredAt, List<Line> lines, long basketDiscountMinor,
                  int voucherMultiplierPercent) {
        this(channel, store, occurredAt, lines, basketDiscountMinor, voucherMultiplierPercent, 0);
    }

    /** The same basket with {@code discountMinor} more off the whole basket. */
    public Basket withMoreDiscount(long discountMinor) {
        return new Basket(channel, store, occurredAt, lines, basketDiscountMinor + discountMinor,
                voucherMultiplierPercent, pointsTenderMinor);
    }

    /** The same basket with {@code amountMinor} paid with points. */
    public Basket withPointsTender(long amountMinor) {
        return new Basket(channel, store, occurredAt, lines, basketDiscountMinor, voucherMultiplierPercent, amountMinor);
    }

    /** The same basket with a points-multiplier voucher of {@code percent} applied. */
    public Basket withVoucherMultiplier(int percent) {
        return new Basket(channel, store, occurredAt, lines, basketDiscountMinor, percent, pointsTenderMinor);
    }
}
