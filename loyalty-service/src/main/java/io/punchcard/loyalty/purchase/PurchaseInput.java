package io.punchcard.loyalty.purchase;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.punchcard.api.identity.Identifier;

/**
 * A checked purchase, ready to record.
 *
 * @param sourceKey   where it comes from ({@code pos:S001:T3}, {@code online:shopify:acme})
 * @param externalId  the source's id of the sale
 * @param memberId    the member by id, or null
 * @param identifier  the member by identifier, or null; both null is an anonymous sale
 * @param terminal    the till, for POS sales
 * @param basket      what the evaluator needs
 * @param currency    ISO 4217
 * @param totalMinor  what the shopper paid
 * @param taxMinor    tax in the total
 * @param shippingMinor shipping in the total
 * @param voucherCodes  vouchers applied
 * @param detailJson  the request as received, kept with the purchase
 * @param history     a sale of the past, recorded for KPIs, tiers and analytics only: it earns no points and uses
 *                    no voucher (see {@link Sale})
 */
public record PurchaseInput(String sourceKey, String externalId, UUID memberId, Identifier identifier, String terminal,
                            Basket basket, String currency, long totalMinor, long taxMinor, long shippingMinor,
                            List<String> voucherCodes, String detailJson, boolean history) {

    public PurchaseInput {
        voucherCodes = List.copyOf(voucherCodes);
    }

    /** True when nobody is named: the sale is kept for analytics and earns nothing. */
    public boolean anonymous() {
        return memberId == null && identifier == null;
    }

    /** When the sale happened. */
    public Instant occurredAt() {
        return basket.occurredAt();
    }
}
