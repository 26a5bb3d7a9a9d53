package io.punchcard.campaign.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.punchcard.api.event.EventType;
import io.punchcard.api.event.LoyaltyEvent;
import io.punchcard.api.v1.EventPage;

/** The messages the feed's typed events plan on their own: a welcome on joining, an e-receipt after a sale. */
class OccasionsTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final UUID MEMBER = UUID.randomUUID();
    private static final Occasions ON = new Occasions(true, "welcome", true, "receipt", "e-receipt", Duration.ofDays(2));

    /** An entry as the feed serves it, read back as its record as a follower reads it. */
    private static LoyaltyEvent fromFeed(LoyaltyEvent event) {
        return new EventPage.FeedEvent("1-1", 1, event.type().wireName(), MEMBER.toString(), EventType.payload(event),
                NOW).event();
    }

    private static LoyaltyEvent.PurchaseRecorded sale(boolean history) {
        return new LoyaltyEvent.PurchaseRecorded(UUID.randomUUID(), "pos", "T-1", "S001", "POS", NOW, 1_250, 1_250, 12,
                List.of("shirts"), List.of(), history);
    }

    @Test
    void aMemberWhoJoinedIsWelcomedOnceByTheirId() {
        LoyaltyEvent joined = fromFeed(new LoyaltyEvent.MemberJoined(null));
        PlannedMessage welcome = ON.welcome(joined, MEMBER, NOW, NOW).orElseThrow();
        assertEquals("welcome:" + MEMBER, welcome.cause());
        assertTrue(ON.welcome(fromFeed(new LoyaltyEvent.MemberUpdated(null, List.of("profile"))), MEMBER, NOW, NOW)
                .isEmpty(), "an update welcomes no one");
        assertTrue(ON.welcome(joined, MEMBER, NOW.minus(Duration.ofDays(3)), NOW).isEmpty(), "too old to welcome");
    }

    @Test
    void aLiveSaleOfAMemberTaggedForReceiptsPlansTheirReceiptWithItsPointsAndTotal() {
        LoyaltyEvent.PurchaseRecorded sale = sale(false);
        LoyaltyEvent.PurchaseRecorded wanted = ON.mayWantReceipt(fromFeed(sale), MEMBER, NOW, NOW).orElseThrow();
        PlannedMessage receipt = ON.receipt(MEMBER, wanted, List.of("e-receipt"), "EUR", NOW).orElseThrow();
        assertEquals("receipt:" + sale.purchaseId(), receipt.cause());
        assertEquals(12L, receipt.facts().pointsEarned());
        assertEquals("EUR 12.50", receipt.facts().purchaseTotal());
        assertTrue(ON.receipt(MEMBER, wanted, List.of(), "EUR", NOW).isEmpty(), "not tagged: no receipt");
    }

    @Test
    void importedHistoryAnonymousSalesAndOtherKindsWantNoReceipt() {
        assertTrue(ON.mayWantReceipt(fromFeed(sale(true)), MEMBER, NOW, NOW).isEmpty());
        assertTrue(ON.mayWantReceipt(fromFeed(sale(false)), null, NOW, NOW).isEmpty());
        assertTrue(ON.mayWantReceipt(new LoyaltyEvent.Unrecognised("purchase.teleported", Map.of()), MEMBER, NOW, NOW)
                .isEmpty());
    }
}
