package io.punchcard.campaign.facts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.punchcard.api.event.EventType;
import io.punchcard.api.event.LoyaltyEvent;
import io.punchcard.api.v1.Consent;
import io.punchcard.api.v1.EventPage.FeedEvent;

/** Feed entries made from the typed records, as the core writes them once it writes the typed contract. */
public final class Feed {

    private Feed() {
    }

    /** The entry numbered {@code id}, at position {@code 1-<id>}, carrying {@code event} for {@code member}. */
    public static FeedEvent entry(long id, UUID member, LoyaltyEvent event, Instant at) {
        return new FeedEvent(position(id), id, event.type().wireName(), member == null ? null : member.toString(),
                EventType.payload(event), at);
    }

    /** Positions that sort as the feed does: one transaction id, then the event's number. */
    public static String position(long id) {
        return "1-" + id;
    }

    public static LoyaltyEvent.MemberFacts member(String zone, String tier, boolean email, boolean sms, UUID referredBy,
                                                  String... tags) {
        return new LoyaltyEvent.MemberFacts(LocalDate.of(1990, 3, 14), "en", zone, "S1", "S1", "KIOSK",
                Instant.parse("2026-01-01T10:00:00Z"), Map.of("email", new Consent(email, "tests", null),
                "sms", new Consent(sms, "tests", null)), List.of(tags), "REF-" + tier, referredBy, tier);
    }

    public static LoyaltyEvent.PurchaseRecorded purchase(UUID id, Instant at, long totalMinor, List<String> categories,
                                                         boolean history, LoyaltyEvent.RulePoints... rules) {
        return new LoyaltyEvent.PurchaseRecorded(id, "pos", "sale-" + id, "S1", "POS", at, totalMinor, totalMinor,
                totalMinor / 100, categories, List.of(rules), history);
    }

    public static LoyaltyEvent.RefundRecorded refund(UUID purchase, long minor) {
        return new LoyaltyEvent.RefundRecorded(UUID.randomUUID(), purchase, "refund-" + purchase, minor, minor / 100);
    }

    public static LoyaltyEvent.PointsAdjusted points(long available, LocalDate expiringOn, long expiring) {
        return new LoyaltyEvent.PointsAdjusted(10, "tests", "adj-" + available, null, new LoyaltyEvent.PointsBalance(
                available, 5, 0, List.of(new LoyaltyEvent.Expiring(expiringOn, expiring))));
    }
}
