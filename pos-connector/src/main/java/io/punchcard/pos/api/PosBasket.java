package io.punchcard.pos.api;

import java.util.List;

import io.punchcard.api.v1.MemberRef;
import io.punchcard.api.v1.PurchaseLine;

/**
 * {@code POST /pos/v1/sales/{saleId}/quote}: the open sale's basket, to price with the vouchers and points
 * applied to it so far.
 *
 * @param member              the shopper (member id or an identifier); empty for an anonymous sale
 * @param lines               what is in the basket
 * @param basketDiscountMinor the till's own discount on the whole basket, if any
 */
public record PosBasket(MemberRef member, List<PurchaseLine> lines, Long basketDiscountMinor) {
}
