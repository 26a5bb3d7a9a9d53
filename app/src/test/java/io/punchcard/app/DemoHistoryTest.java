package io.punchcard.app;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.punchcard.api.sample.Baskets;
import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.api.v1.RecordRefund;
import io.punchcard.testsupport.SharedFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo history as a newcomer's charts would show it: a year of members who shop, return and redeem. */
class DemoHistoryTest {

    private static final Instant END = Instant.parse("2026-12-07T13:30:00Z");
    private static final DemoHistory.Stores STORES = DemoHistory.Stores.DEFAULT;

    private static Baskets baskets;
    private static DemoHistory history;

    @BeforeAll
    static void generate() {
        Path fixtures = SharedFixtures.path(Baskets.FILE).getParent().getParent();
        baskets = Baskets.read(fixtures, DemoHistory.BASKET_LINES);
        history = DemoHistory.generate(DemoHistory.SEED, DemoHistory.MEMBERS, baskets, STORES, END);
    }

    @Test
    void theSameSeedGivesTheSameHistory() {
        assertEquals(history, DemoHistory.generate(DemoHistory.SEED, DemoHistory.MEMBERS, baskets, STORES, END));
        assertFalse(history.equals(DemoHistory.generate(DemoHistory.SEED + 1, DemoHistory.MEMBERS, baskets, STORES,
                END)));
    }

    @Test
    void fiveThousandMembersWithTheirOwnCardsPhonesAndMails() {
        assertEquals(5_000, history.members().size());
        Set<String> cards = new HashSet<>();
        Set<String> phones = new HashSet<>();
        Set<String> languages = new HashSet<>();
        Set<String> channels = new HashSet<>();
        history.members().forEach(m -> {
            cards.add(m.enrolment().cardNumber());
            phones.add(m.enrolment().phone());
            languages.add(m.enrolment().language());
            channels.add(m.enrolment().joinChannel());
            assertTrue(m.enrolment().phone().startsWith("+49 30 5550"), m.enrolment().phone());
            assertTrue(m.enrolment().email() == null || m.enrolment().email().endsWith("@example.com"));
        });
        assertEquals(5_000, cards.size());
        assertEquals(5_000, phones.size());
        assertEquals(Set.of("en", "de", "zh-Hans"), languages);
        assertEquals(Set.of("POS", "ONLINE", "KIOSK"), channels);
        assertTrue(history.members().stream().anyMatch(m -> !m.enrolment().consents().isEmpty()));
        assertTrue(history.members().stream().anyMatch(m -> m.enrolment().consents().isEmpty()));
    }

    @Test
    void purchasesSpanTheYearBeforeTodayOldestFirstInStoreAndOnline() {
        List<RecordPurchase> purchases = history.purchases();
        assertTrue(purchases.size() > 15_000, "purchases: " + purchases.size());
        Set<Long> monthsBack = new HashSet<>();
        for (int i = 0; i < purchases.size(); i++) {
            Instant at = purchases.get(i).occurredAt();
            assertTrue(at.isBefore(END), at.toString());
            // Inside the core's limit on a live sale's age, so every sale earns points.
            assertTrue(at.isAfter(END.minus(Duration.ofDays(364))), at.toString());
            if (i > 0) {
                assertFalse(at.isBefore(purchases.get(i - 1).occurredAt()));
            }
            monthsBack.add(Duration.between(at, END).toDays() / 30);
        }
        assertTrue(monthsBack.size() >= 12, "months: " + monthsBack);
        long online = purchases.stream().filter(p -> p.source().channel().equals("ONLINE")).count();
        assertTrue(online > purchases.size() / 10 && online < purchases.size() / 2, "online: " + online);
        assertTrue(purchases.stream().filter(p -> p.source().channel().equals("ONLINE"))
                .allMatch(p -> p.source().store().equals("WEB")));
        assertEquals(purchases.size(), purchases.stream().map(RecordPurchase::externalId).distinct().count());
    }

    @Test
    void mostMembersBuyAFewTimesSomeOftenSomeLapse() {
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Instant> last = new HashMap<>();
        history.purchases().forEach(p -> {
            counts.merge(p.member().card(), 1, Integer::sum);
            last.put(p.member().card(), p.occurredAt());
        });
        assertEquals(5_000, counts.size(), "every member buys at least once");
        long few = counts.values().stream().filter(n -> n <= 5).count();
        long regulars = counts.values().stream().filter(n -> n >= 12).count();
        long lapsed = last.values().stream().filter(at -> at.isBefore(END.minus(Duration.ofDays(90)))).count();
        assertTrue(few > 2_500, "few: " + few);
        assertTrue(regulars > 300 && regulars < 1_000, "regulars: " + regulars);
        assertTrue(lapsed > 500, "lapsed: " + lapsed);
    }

    @Test
    void aFewPercentOfPurchasesComeBackAfterTheSale() {
        Map<String, RecordPurchase> byId = new HashMap<>();
        history.purchases().forEach(p -> byId.put(p.externalId(), p));
        List<RecordRefund> refunds = history.refunds();
        double share = refunds.size() / (double) history.purchases().size();
        assertTrue(share > 0.02 && share < 0.07, "share: " + share);
        for (RecordRefund refund : refunds) {
            RecordPurchase purchase = byId.get(refund.purchaseExternalId());
            assertTrue(refund.occurredAt().isAfter(purchase.occurredAt()) && refund.occurredAt().isBefore(END));
            assertTrue(Boolean.TRUE.equals(refund.remainder())
                    || refund.amountMinor() > 0 && refund.amountMinor() < purchase.totalMinor());
        }
        assertTrue(refunds.stream().anyMatch(r -> r.amountMinor() != null));
    }

    @Test
    void bigSpendersBuyRewardsAndClimbTiers() {
        Map<String, Long> spend = new HashMap<>();
        history.purchases().forEach(p -> spend.merge(p.member().card(), p.totalMinor(), Long::sum));
        // The default program's Silver is 500.00 of spend in twelve months, Gold 1,500.00.
        assertTrue(spend.values().stream().filter(s -> s >= 50_000).count() > 500);
        assertTrue(spend.values().stream().filter(s -> s >= 150_000).count() > 100);
        assertTrue(history.redemptions().size() > 100, "redemptions: " + history.redemptions().size());
    }

    @Test
    void aSizeOutsideThePhoneRangeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> DemoHistory.generate(1, 0, baskets, STORES, END));
        assertThrows(IllegalArgumentException.class, () -> DemoHistory.generate(1, 10_001, baskets, STORES, END));
    }

    @Test
    void aProgramOfOnesOwnGivesItsStoresCurrencyAndCheapestReward() throws Exception {
        var versioned = io.punchcard.api.Json.mapper().readTree("""
                {"version": 1, "program": {"currency": "USD", "stores": [{"code": "9"}, {"code": "10"}],
                 "rewards": [{"code": "BIG", "pointsPrice": 2000}, {"code": "SMALL", "pointsPrice": 300}]}}""");
        DemoHistory.Stores stores = DemoLoader.stores(versioned);
        assertEquals(new DemoHistory.Stores(List.of("9", "10"), null, "USD", "SMALL"), stores);

        DemoHistory own = DemoHistory.generate(DemoHistory.SEED, 300, baskets, stores, END);
        assertTrue(own.purchases().stream().allMatch(p -> p.currency().equals("USD")));
        assertTrue(own.purchases().stream().filter(p -> p.source().channel().equals("ONLINE"))
                .allMatch(p -> p.source().store().equals("9")));
        assertTrue(own.redemptions().stream().allMatch(r -> r.reward().reward().equals("SMALL")));
    }
}
