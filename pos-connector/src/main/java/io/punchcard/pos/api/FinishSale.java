package io.punchcard.pos.api;

import java.time.Instant;
import java.util.List;

import io.punchcard.api.v1.MemberRef;
import io.punchcard.api.v1.PurchaseLine;
import io.punchcard.api.v1.Tender;

/**
 * {@code POST /pos/v1/sales/{saleId}/finish}: the completed sale. Answered once it is safe on the connector's
 * disk; the points follow as soon as the core has it.
 *
 * @param member              the shopper; empty for an anonymous sale
 * @param occurredAt          when the sale was completed at the till
 * @param lines               what was sold
 * @param basketDiscountMinor all discounts on the whole basket (the quote's {@code basketDiscountMinor})
 * @param taxMinor            tax included in the total
 * @param totalMinor          what the shopper paid
 * @param tenders             how (points as kind POINTS)
 * @param vouchers            codes of the vouchers used; when left out, those applied to the sale
 */
public record FinishSale(MemberRef member, Instant occurredAt, List<PurchaseLine> lines, Long basketDiscountMinor,
                         Long taxMinor, Long totalMinor, List<Tender> tenders, List<String> vouchers) {
}
