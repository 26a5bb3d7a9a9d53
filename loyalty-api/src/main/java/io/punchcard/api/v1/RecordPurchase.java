package io.punchcard.api.v1;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * {@code POST /api/v1/purchases}: a completed sale from any channel.
 *
 * @param source              where it comes from
 * @param externalId          the source's own id of the sale (the idempotency key)
 * @param member              who bought; null or empty for an anonymous shopper
 * @param occurredAt          when the sale was completed
 * @param currency            ISO 4217; must be the program's
 * @param lines               what was bought (at most 500 lines)
 * @param basketDiscountMinor a discount on the whole basket
 * @param taxMinor            tax included in the total (never earns)
 * @param shippingMinor       shipping charged (never earns)
 * @param totalMinor          what the shopper paid
 * @param tenders             how they paid
 * @param vouchers            codes of vouchers applied to the sale
 * @param history             true for a sale made before the program (an import of past sales): kept for KPIs,
 *                            tiers and analytics at any age, earning no points and using no voucher; null or
 *                            false for a live sale
 */
public record RecordPurchase(PurchaseSource source, String externalId, MemberRef member, Instant occurredAt,
                             String currency, List<PurchaseLine> lines, Long basketDiscountMinor, Long taxMinor,
                             Long shippingMinor, Long totalMinor, List<Tender> tenders, List<String> vouchers,
                             Boolean history) {

    /** The canonical constructor is the one JSON is read with. */
    @JsonCreator
    public RecordPurchase {
    }

    /** A live sale. */
    public RecordPurchase(PurchaseSource source, String externalId, MemberRef member, Instant occurredAt,
                          String currency, List<PurchaseLine> lines, Long basketDiscountMinor, Long taxMinor,
                          Long shippingMinor, Long totalMinor, List<Tender> tenders, List<String> vouchers) {
        this(source, externalId, member, occurredAt, currency, lines, basketDiscountMinor, taxMinor, shippingMinor,
                totalMinor, tenders, vouchers, null);
    }

    /** True when this is a sale of the past, recorded as history. */
    public boolean historical() {
        return Boolean.TRUE.equals(history);
    }

    /** The same sale, recorded as history. */
    public RecordPurchase asHistory() {
        return new RecordPurchase(source, externalId, member, occurredAt, currency, lines, basketDiscountMinor, taxMinor,
                shippingMinor, totalMinor, tenders, vouchers, Boolean.TRUE);
    }
}
