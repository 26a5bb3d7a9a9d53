package io.punchcard.pos.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.punchcard.api.v1.MemberRef;

/**
 * {@code POST /pos/v1/returns}: goods brought back. With the receipt (the original till and sale id), the sale's
 * points are reversed in proportion to what is refunded; without it, the shopper's points for these items — what
 * they earn today on their own — are taken back.
 *
 * @param returnId         the till's id of this return (unique per till; a resend finds the first)
 * @param originalTerminal the till of the original sale, from the receipt (this till when left out)
 * @param originalSaleId   the original sale's id, from the receipt; null without a receipt
 * @param member           the shopper, needed without a receipt
 * @param lines            items returned, with their price when there is no receipt
 * @param amountMinor      with a receipt: money refunded instead of lines
 * @param occurredAt       when
 */
public record ReturnGoods(String returnId, String originalTerminal, String originalSaleId, MemberRef member,
                          List<Item> lines, Long amountMinor, Instant occurredAt) {

    /**
     * @param sku            the item
     * @param category       its department (without a receipt)
     * @param quantity       how many
     * @param unitPriceMinor its price (without a receipt)
     */
    public record Item(String sku, String category, BigDecimal quantity, Long unitPriceMinor) {
    }
}
