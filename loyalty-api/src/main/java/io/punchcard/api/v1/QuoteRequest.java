package io.punchcard.api.v1;

import java.time.Instant;
import java.util.List;

/**
 * {@code POST /api/v1/checkout/quote}: what a basket would earn and save, before the sale. The same evaluator
 * as the recorded purchase computes it, so the points shown are the points given, provided the sale is
 * recorded with the discounts the quote assumed.
 *
 * @param source              where (channel, store, terminal)
 * @param member              who; empty for an anonymous shopper
 * @param occurredAt          when; now if left out
 * @param currency            ISO 4217; must be the program's
 * @param lines               the basket
 * @param basketDiscountMinor discounts already on the basket
 * @param vouchers            voucher codes to apply
 * @param pointsTenderMinor   what the shopper pays with points (the POINTS tenders the sale will carry); it earns
 *                            nothing unless the program says so, so the quote must know it to match the award
 */
public record QuoteRequest(PurchaseSource source, MemberRef member, Instant occurredAt, String currency,
                           List<PurchaseLine> lines, Long basketDiscountMinor, List<String> vouchers,
                           Long pointsTenderMinor) {

    /** A quote for a basket nothing is paid for with points. */
    public QuoteRequest(PurchaseSource source, MemberRef member, Instant occurredAt, String currency,
                        List<PurchaseLine> lines, Long basketDiscountMinor, List<String> vouchers) {
        this(source, member, occurredAt, currency, lines, basketDiscountMinor, vouchers, null);
    }
}
