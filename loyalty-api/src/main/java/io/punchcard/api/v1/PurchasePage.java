package io.punchcard.api.v1;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code GET /api/v1/purchases}: a page of purchases, newest first, with totals over every purchase the filters
 * match.
 *
 * @param purchases the purchases on this page
 * @param totals    over the whole filter, not just this page
 * @param next      pass as {@code after} for the next page; absent on the last
 */
public record PurchasePage(List<Item> purchases, Totals totals, String next) {

    /**
     * A recorded purchase.
     *
     * @param purchaseId    the core's id
     * @param source        the source key it was recorded under
     * @param externalId    the source's id of the sale
     * @param memberId      the member credited; absent for an anonymous sale
     * @param channel       POS or ONLINE
     * @param store         the store's code
     * @param terminal      the till, for POS sales
     * @param occurredAt    when the sale happened
     * @param recordedAt    when the core recorded it
     * @param currency      ISO 4217
     * @param totalMinor    what the shopper paid
     * @param eligibleMinor the spend that earns (and qualifies for tiers)
     * @param pointsEarned  points the sale earned (0 for history)
     * @param history       true when recorded as history
     */
    public record Item(UUID purchaseId, String source, String externalId, UUID memberId, String channel, String store,
                       String terminal, Instant occurredAt, Instant recordedAt, String currency, long totalMinor,
                       long eligibleMinor, long pointsEarned, boolean history) {
    }

    /**
     * @param count         purchases matched
     * @param totalMinor    what they came to
     * @param eligibleMinor their eligible spend
     * @param pointsEarned  points they earned
     */
    public record Totals(long count, long totalMinor, long eligibleMinor, long pointsEarned) {
    }
}
