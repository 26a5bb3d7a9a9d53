package io.punchcard.loyalty.purchase;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.punchcard.api.Json;
import io.punchcard.api.v1.MemberRef;
import io.punchcard.api.v1.PurchaseLine;
import io.punchcard.api.v1.PurchaseSource;
import io.punchcard.api.v1.PurchaseRecorded;
import io.punchcard.api.v1.Quote;
import io.punchcard.api.v1.QuoteRequest;
import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.api.v1.Tender;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.support.CoreUnderTest;
import io.punchcard.loyalty.support.Fixtures;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The quote a cashier shows is the award the sale gets, for baskets that exercise every kind of rule. */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class QuoteMatchesAwardIT {

    private static final PurchaseSource TILL = new PurchaseSource("POS", "S001", "T9", null);
    private static final PurchaseSource WEB = new PurchaseSource("ONLINE", "WEB", null, "shopify:test");
    private static CoreUnderTest core;

    @BeforeAll
    static void start(TestPostgres postgres) throws Exception {
        core = CoreUnderTest.start(postgres, Clock.systemUTC());
        ObjectNode program = core.get("/api/v1/program").body().get("program").deepCopy();
        ArrayNode rules = (ArrayNode) program.get("earning").get("rules");
        rules.add(Json.mapper().readTree("""
                {"id": "socks-triple", "kind": "MULTIPLIER", "multiplierPercent": 300, "capPoints": 20,
                 "match": {"categories": ["socks"]}}"""));
        rules.add(Json.mapper().readTree("""
                {"id": "promo-item", "kind": "BONUS", "bonusPoints": 7, "perItem": true, "capPoints": 25,
                 "match": {"skus": ["PROMO-1"]}}"""));
        rules.add(Json.mapper().readTree("""
                {"id": "web-welcome", "kind": "BONUS", "bonusPoints": 15, "match": {"stores": ["WEB"]}}"""));
        CoreUnderTest.Response saved = core.put("/api/v1/program", program);
        assertEquals(200, saved.status(), saved.body().toString());
        UUID gold = Fixtures.enroll(core, "QUOTEGOLD1");
        try (Connection c = postgres.connect();
             PreparedStatement ps = c.prepareStatement("UPDATE member SET tier_code = 'GOLD' WHERE id = ?")) {
            ps.setObject(1, gold);
            ps.executeUpdate();
        }
        Fixtures.enroll(core, "QUOTEBASE1");
    }

    @AfterAll
    static void stop() {
        core.close();
    }

    private static PurchaseLine line(String sku, String category, String qty, long price) {
        return new PurchaseLine(sku, category, new BigDecimal(qty), price, 0L);
    }

    /** The most recent Tuesday 10:30 in Berlin: happy hour at the till. */
    private static Instant happyHour() {
        ZonedDateTime now = ZonedDateTime.now(ZoneId.of("Europe/Berlin"));
        ZonedDateTime tuesday = now.with(TemporalAdjusters.previous(DayOfWeek.TUESDAY)).with(LocalTime.of(10, 30));
        return tuesday.toInstant();
    }

    static Stream<Arguments> baskets() {
        Instant recent = Instant.now().minusSeconds(120);
        return Stream.of(
                Arguments.of("base rate", "QUOTEBASE1", TILL, recent, List.of(line("A", "shirts", "3", 1999)), 0L),
                Arguments.of("gift card excluded", "QUOTEBASE1", TILL, recent,
                        List.of(line("GC", "gift-card", "1", 5000), line("B", "shirts", "1", 2500)), 0L),
                Arguments.of("basket discount spread", "QUOTEBASE1", TILL, recent,
                        List.of(line("C", "shirts", "1", 3000), line("D", "socks", "2", 799)), 555L),
                Arguments.of("weighed goods", "QUOTEBASE1", TILL, recent, List.of(line("E", "deli", "0.355", 2490)), 0L),
                Arguments.of("big-basket bonus", "QUOTEBASE1", WEB, recent, List.of(line("F", "coats", "1", 15000)), 0L),
                Arguments.of("happy-hour multiplier", "QUOTEBASE1", TILL, happyHour(), List.of(line("G", "shirts", "2", 2000)), 0L),
                Arguments.of("gold tier multiplier and discount", goldCard(), TILL, recent,
                        List.of(line("H", "coats", "1", 12345)), 0L),
                Arguments.of("gold at happy hour", goldCard(), TILL, happyHour(), List.of(line("I", "shirts", "4", 2500)), 100L),
                Arguments.of("category multiplier up to its cap", "QUOTEBASE1", TILL, recent,
                        List.of(line("J", "socks", "6", 799), line("K", "shirts", "1", 1000)), 0L),
                Arguments.of("per-item bonus up to its cap", "QUOTEBASE1", TILL, recent,
                        List.of(line("PROMO-1", "shirts", "5", 1000)), 0L),
                Arguments.of("store bonus", "QUOTEBASE1", WEB, recent, List.of(line("L", "shirts", "1", 2000)), 0L),
                Arguments.of("sku, category and store rules together", goldCard(), WEB, recent,
                        List.of(line("PROMO-1", "shirts", "2", 1500), line("M", "socks", "1", 799),
                                line("GC2", "gift-card", "1", 2000)), 300L));
    }

    private static String goldCard() {
        return "QUOTEGOLD1";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("baskets")
    void theQuotedPointsAreThePointsGiven(String name, String card, PurchaseSource source, Instant at,
                                          List<PurchaseLine> lines, long discount) {
        CoreUnderTest.Response quote = core.post("/api/v1/checkout/quote",
                new QuoteRequest(source, MemberRef.card(card), at, "EUR", lines, discount, null));
        assertEquals(200, quote.status(), quote.body().toString());
        long tierDiscount = quote.number("tierDiscountMinor");

        RecordPurchase sale = new RecordPurchase(source, "quote-" + name, MemberRef.card(card), at, "EUR", lines,
                discount + tierDiscount, null, null, 100_000L, null, null);
        CoreUnderTest.Response recorded = core.post("/api/v1/purchases", sale);
        assertEquals(201, recorded.status(), recorded.body().toString());

        assertTrue(quote.number("points") > 0);
        assertEquals(quote.number("points"), recorded.number("pointsEarned"), name);
        assertEquals(quote.number("eligibleMinor"), recorded.number("eligibleMinor"), name);
        assertEquals(quote.body().get("breakdown"), recorded.body().get("breakdown"), name);
        for (String expected : RULES_SEEN.getOrDefault(name, List.of())) {
            String label = expected.split("=")[0];
            JsonNode line = null;
            for (JsonNode candidate : recorded.body().get("breakdown")) {
                line = candidate.get("label").asText().equals(label) ? candidate : line;
            }
            assertTrue(line != null, name + ": rule " + label + " applies: " + recorded.body().get("breakdown"));
            if (expected.contains("=")) {
                assertEquals(Long.parseLong(expected.split("=")[1]), line.get("points").asLong(), name + ": " + label);
            }
        }
    }

    @Test
    void vouchersTakeTheirPartBeforeTheTierAndTheQuotedPointsAreStillThePointsGiven() {
        UUID gold = core.get("/api/v1/members?card=" + goldCard()).as(io.punchcard.api.v1.MemberView.class).id();
        String fiveOff = issue("FIVE-OFF", gold, "quote-five");
        String tenPercent = issue("TEN-PERCENT", gold, "quote-ten");
        for (String code : List.of(fiveOff, tenPercent)) {
            assertEquals(201, core.post("/api/v1/vouchers/" + code + "/holds",
                    Map.of("saleRef", TILL.key() + "/quote-vouchers", "memberId", gold)).status());
        }
        List<PurchaseLine> lines = List.of(line("V", "coats", "1", 12345));
        Instant at = Instant.now().minusSeconds(30);

        Quote quote = core.post("/api/v1/checkout/quote", new QuoteRequest(TILL, MemberRef.card(goldCard()), at, "EUR",
                lines, 0L, List.of(fiveOff, tenPercent, "NOPE-NOPE-NOPE-X"))).as(Quote.class);

        assertEquals(500, quote.vouchers().get(0).discountMinor(), "5.00 off");
        assertEquals(1184, quote.vouchers().get(1).discountMinor(), "10% of what the first voucher left");
        assertEquals(false, quote.vouchers().get(2).applies());
        assertEquals(1684, quote.voucherDiscountMinor());
        assertEquals(533, quote.tierDiscountMinor(), "gold's 5% of what the vouchers left");
        RecordPurchase sale = new RecordPurchase(TILL, "quote-vouchers", MemberRef.card(goldCard()), at, "EUR", lines,
                quote.voucherDiscountMinor() + quote.tierDiscountMinor(), null, null, 10128L, null,
                List.of(fiveOff, tenPercent));
        PurchaseRecorded recorded = core.post("/api/v1/purchases", sale).as(PurchaseRecorded.class);
        assertEquals(quote.points(), recorded.pointsEarned());
        assertEquals(quote.eligibleMinor(), recorded.eligibleMinor());
        assertEquals(List.of(fiveOff, tenPercent), recorded.vouchersUsed());
    }

    @Test
    void pointsPaidAsATenderEarnNothingInTheQuoteAsInTheAward() {
        List<PurchaseLine> lines = List.of(line("P", "coats", "1", 10000));
        // A Monday afternoon in Berlin: no happy hour.
        Instant at = ZonedDateTime.now(ZoneId.of("Europe/Berlin")).with(TemporalAdjusters.previous(DayOfWeek.MONDAY))
                .with(LocalTime.of(14, 0)).toInstant();

        Quote quote = core.post("/api/v1/checkout/quote", new QuoteRequest(TILL, MemberRef.card(goldCard()), at, "EUR",
                lines, 0L, null, 2000L)).as(Quote.class);

        // Gold's 5% is off the price, whatever pays for it: 5% of 100.00 = 5.00. Of the 95.00 left, 20.00 is paid with
        // points and earns nothing: eligible 75.00 → base 75; gold's ×1.5 adds 37.5 → 37 (rounded down); the
        // big-basket bonus wants 100.00 eligible. 75 + 37 = 112.
        assertEquals(500, quote.tierDiscountMinor());
        assertEquals(7500, quote.eligibleMinor());
        assertEquals(112, quote.points());
        RecordPurchase sale = new RecordPurchase(TILL, "quote-points-tender", MemberRef.card(goldCard()), at, "EUR",
                lines, quote.tierDiscountMinor(), null, null, 9500L,
                List.of(new Tender("POINTS", 2000L, "r-1"), new Tender("CARD", 7500L, null)), null);
        PurchaseRecorded recorded = core.post("/api/v1/purchases", sale).as(PurchaseRecorded.class);
        assertEquals(112, recorded.pointsEarned());
        assertEquals(7500, recorded.eligibleMinor());
    }

    private static String issue(String template, UUID member, String issueId) {
        CoreUnderTest.Response issued = core.post("/api/v1/vouchers",
                Map.of("template", template, "memberId", member, "reason", "test", "issueId", issueId));
        assertEquals(201, issued.status(), issued.body().toString());
        return issued.text("code");
    }

    /** The rules each new basket is there to exercise, with their points where a cap fixes them. */
    private static final Map<String, List<String>> RULES_SEEN = Map.of(
            "category multiplier up to its cap", List.of("socks-triple=20"),
            "per-item bonus up to its cap", List.of("promo-item=25"),
            "store bonus", List.of("web-welcome=15"),
            "sku, category and store rules together", List.of("promo-item=14", "socks-triple", "web-welcome=15"));
}
