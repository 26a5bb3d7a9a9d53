package io.punchcard.api.v1;

import java.util.UUID;

/**
 * {@code POST /api/v1/vouchers/{code}/holds}: hold one use of a voucher for an open sale.
 *
 * @param saleRef     the sale, as the till knows it
 * @param memberId    the shopper, for a member's voucher
 * @param holdSeconds how long to hold it (default 900, at most 86400)
 */
public record HoldVoucher(String saleRef, UUID memberId, Integer holdSeconds) {
}
