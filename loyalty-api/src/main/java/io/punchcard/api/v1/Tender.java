package io.punchcard.api.v1;

/**
 * How part of a sale was paid.
 *
 * @param kind        CASH, CARD, GIFT_CARD, POINTS, VOUCHER, OTHER
 * @param amountMinor the amount
 * @param reference   e.g. the redemption id of a points tender
 */
public record Tender(String kind, Long amountMinor, String reference) {
}
