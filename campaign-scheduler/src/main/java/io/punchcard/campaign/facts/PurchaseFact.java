package io.punchcard.campaign.facts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * One purchase as the read model keeps it (a row of {@code fact_purchase}).
 *
 * @param day           the day of the sale in its member's zone when it was recorded (their zone, else the
 *                      program's); kept, not recomputed, when the member later moves zone
 * @param totalMinor    what the shopper paid
 * @param refundedMinor the eligible spend refunds gave back so far
 * @param history       an imported sale of the past: it counts like any other sale, it earned nothing
 */
public record PurchaseFact(UUID purchaseId, UUID memberId, Instant occurredAt, LocalDate day, String store,
                           String channel, long totalMinor, long eligibleMinor, long refundedMinor, long points,
                           List<String> categories, boolean history) {

    public PurchaseFact {
        categories = List.copyOf(categories);
    }

    /** What the sale is worth after refunds: the total paid less what came back. */
    public long spendMinor() {
        return totalMinor - refundedMinor;
    }

    PurchaseFact refunded(long minor) {
        return new PurchaseFact(purchaseId, memberId, occurredAt, day, store, channel, totalMinor, eligibleMinor,
                refundedMinor + minor, points, categories, history);
    }

    PurchaseFact ownedBy(UUID member) {
        return new PurchaseFact(purchaseId, member, occurredAt, day, store, channel, totalMinor, eligibleMinor,
                refundedMinor, points, categories, history);
    }
}
