package io.punchcard.pos.api;

import java.util.UUID;

/**
 * {@code POST /pos/v1/sales/{saleId}/vouchers}: hold a voucher for the open sale.
 *
 * @param code     the code the shopper shows (any case, with or without dashes)
 * @param memberId the shopper, for a member's own voucher
 */
public record ApplyVoucher(String code, UUID memberId) {
}
