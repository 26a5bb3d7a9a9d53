package io.punchcard.api.v1;

/**
 * {@code POST /api/v1/vouchers/{code}/commit} or {@code …/release}: use a held voucher on its sale, or let it go.
 * The sale travels in the body, not the path: a sale's reference ({@code pos:S001:T3/0042}) has a slash in it.
 *
 * @param saleRef the sale the voucher is held for
 */
public record SettleHold(String saleRef) {
}
