package io.punchcard.loyalty.purchase;

import java.time.Instant;
import java.util.List;

import io.punchcard.loyalty.program.Channel;

/**
 * What a purchase is made of, as the evaluator sees it: where and when, the lines, a discount on the whole
 * basket, and the vouchers applied to it. Tax, shipping and tenders are not part of it: they never earn.
 *
 * @param channel             where it was bought
 * @param store               the store's code
 * @param occurredAt          when
 * @param lines               the lines
 * @param basketDiscountMinor a discount on the whole basket, spread over the lines in proportion
 * @param voucherMultiplierPercent the points multiplier of an applied POINTS_MULTIPLIER voucher, 0 when none
 */
public record Basket(Channel channel, String store, Instant occurredAt, List<Line> lines, long basketDiscountMinor,
                     int voucherMultiplierPercent) {

    public Basket {
        lines = List.copyOf(lines);
    }
}
