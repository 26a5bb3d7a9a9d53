package io.punchcard.api.v1;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST /api/v1/refunds}: money given back on a recorded purchase, by lines or by amount. Points are
 * reversed in proportion to the eligible spend refunded; all refunds of a purchase together never reverse more
 * than it earned.
 *
 * @param source             where the refund comes from
 * @param externalId         the source's id of the refund (the idempotency key)
 * @param purchaseId         the purchase refunded, by the core's id; or
 * @param purchaseSource     the purchase refunded, by its source
 * @param purchaseExternalId and its source's id
 * @param lines              items returned; or
 * @param amountMinor        money refunded (tax and shipping included, as the shopper sees it); or
 * @param remainder          true: everything not refunded yet (a cancelled order), whatever earlier refunds took
 * @param occurredAt         when
 */
public record RecordRefund(PurchaseSource source, String externalId, UUID purchaseId, PurchaseSource purchaseSource,
                           String purchaseExternalId, List<ReturnedLine> lines, Long amountMinor, Instant occurredAt,
                           Boolean remainder) {

    /**
     * @param sku      the item returned
     * @param quantity how many
     */
    public record ReturnedLine(String sku, BigDecimal quantity) {
    }
}
