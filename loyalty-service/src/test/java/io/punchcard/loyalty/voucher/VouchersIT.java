package io.punchcard.loyalty.voucher;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.punchcard.api.v1.MemberRef;
import io.punchcard.api.v1.PurchaseLine;
import io.punchcard.api.v1.PurchaseSource;
import io.punchcard.api.v1.QuoteRequest;
import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.support.CoreUnderTest;
import io.punchcard.loyalty.support.Fixtures;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A single-use voucher is used once, whatever the tills do; rewards turn points into vouchers. */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class VouchersIT {

    private static CoreUnderTest core;

    @BeforeAll
    static void start(TestPostgres postgres) {
        core = CoreUnderTest.start(postgres, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        core.close();
    }

    private static String bearer(String issueId) {
        CoreUnderTest.Response issued = core.post("/api/v1/vouchers",
                Map.of("template", "FIVE-OFF", "reason", "test", "issueId", issueId));
        assertEquals(201, issued.status(), issued.body().toString());
        return issued.text("code");
    }

    @Test
    void aVoucherHeldForASaleIsUsedOnItEvenWhenItsOwnDiscountTakesTheBasketUnderItsMinimumSpend() {
        // FIVE-OFF needs 20.00 EUR; the basket is 22.00, 17.00 once the voucher's 5.00 is taken off.
        String code = bearer("min-spend-held");
        PurchaseSource till = new PurchaseSource("POS", "S001", "T1", null);
        CoreUnderTest.Response held = core.post("/api/v1/vouchers/" + code + "/holds",
                Map.of("saleRef", till.key() + "/min-spend-1"));
        assertEquals(201, held.status(), held.body().toString());

        CoreUnderTest.Response sale = core.post("/api/v1/purchases", new RecordPurchase(till, "min-spend-1", null,
                Instant.now().minusSeconds(10), "EUR", List.of(new PurchaseLine("SKU-1", "shirts", BigDecimal.ONE, 2200L, 0L)),
                500L, null, null, 1700L, null, List.of(code)));

        assertEquals(201, sale.status(), sale.body().toString());
        assertEquals(List.of(code), sale.as(io.punchcard.api.v1.PurchaseRecorded.class).vouchersUsed());
        assertEquals("REDEEMED", core.get("/api/v1/vouchers/" + code).text("status"), "it cannot be used a second time");
    }

    @Test
    void fiftyTillsRacingForASingleUseVoucherUseItOnce() throws Exception {
        String code = bearer("race-voucher");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> committed = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String sale = "sale-" + i;
            committed.add(pool.submit(() -> {
                go.await();
                CoreUnderTest.Response held = core.post("/api/v1/vouchers/" + code + "/holds", Map.of("saleRef", sale));
                if (held.status() != 201) {
                    assertEquals(409, held.status(), held.body().toString());
                    return false;
                }
                CoreUnderTest.Response used = core.post("/api/v1/vouchers/" + code + "/commit", Map.of("saleRef", sale));
                return used.status() == 200;
            }));
        }
        go.countDown();
        int uses = 0;
        for (Future<Boolean> f : committed) {
            uses += f.get() ? 1 : 0;
        }
        pool.shutdown();

        assertEquals(1, uses);
        CoreUnderTest.Response voucher = core.get("/api/v1/vouchers/" + code);
        assertEquals(1, voucher.number("uses"));
        assertEquals("REDEEMED", voucher.text("status"));
    }

    @Test
    void aReleasedHoldLetsAnotherSaleUseTheVoucher() {
        String code = bearer("release-voucher");
        assertEquals(201, core.post("/api/v1/vouchers/" + code + "/holds", Map.of("saleRef", "void-me")).status());
        assertEquals(409, core.post("/api/v1/vouchers/" + code + "/holds", Map.of("saleRef", "second")).status());

        assertEquals(200, core.post("/api/v1/vouchers/" + code + "/release", Map.of("saleRef", "void-me")).status());
        assertEquals(201, core.post("/api/v1/vouchers/" + code + "/holds", Map.of("saleRef", "second")).status());
        assertEquals(200, core.post("/api/v1/vouchers/" + code + "/commit", Map.of("saleRef", "second")).status());
        assertEquals(409, core.post("/api/v1/vouchers/" + code + "/holds", Map.of("saleRef", "third")).status(),
                "used up");
    }

    @Test
    void aMistypedCodeIsRefusedBeforeAnyLookup() {
        String code = bearer("typo-voucher");
        char last = code.charAt(code.length() - 2);
        String typo = code.substring(0, code.length() - 2) + (last == 'A' ? 'B' : 'A') + code.charAt(code.length() - 1);

        CoreUnderTest.Response response = core.get("/api/v1/vouchers/" + typo);

        assertEquals(400, response.status());
        assertEquals("https://punchcard.io/problems/invalid-voucher-code", response.text("type"));
    }

    @Test
    void aMembersVoucherIsNotAnyoneElses() {
        UUID owner = Fixtures.enroll(core, "VOUCHOWNER");
        UUID other = Fixtures.enroll(core, "VOUCHOTHER");
        String code = core.post("/api/v1/vouchers", Map.of("template", "TEN-PERCENT", "reason", "birthday",
                "memberId", owner.toString())).text("code");

        CoreUnderTest.Response refused = core.post("/api/v1/vouchers/" + code + "/holds",
                Map.of("saleRef", "s1", "memberId", other.toString()));
        CoreUnderTest.Response held = core.post("/api/v1/vouchers/" + code + "/holds",
                Map.of("saleRef", "s1", "memberId", owner.toString()));

        assertEquals(409, refused.status());
        assertEquals(201, held.status());
        assertEquals(List.of(code), codes(owner), "the owner's card lists the voucher");
    }

    private static List<String> codes(UUID member) {
        List<String> codes = new ArrayList<>();
        core.get("/api/v1/members/" + member + "/summary").body().get("vouchers").forEach(v -> codes.add(v.asText()));
        return codes;
    }

    @Test
    void aPointsMultiplierVoucherAppliedToASaleIsQuotedUsedOnceAndNotReusable() {
        UUID member = Fixtures.enroll(core, "MULTI0001");
        String code = core.post("/api/v1/vouchers", Map.of("template", "DOUBLE-POINTS", "reason", "welcome",
                "memberId", member.toString())).text("code");
        QuoteRequest basket = new QuoteRequest(new PurchaseSource("POS", "S001", "T1", null), MemberRef.card("MULTI0001"),
                Instant.now().minusSeconds(60), "EUR", List.of(new PurchaseLine("A", "shirts", BigDecimal.ONE, 3000L, 0L)),
                0L, List.of(code));

        CoreUnderTest.Response quote = core.post("/api/v1/checkout/quote", basket);
        assertEquals(List.of(code), codesOf(quote.body().get("usableVouchers")));
        assertEquals(60, quote.number("points"), "30 base, doubled");

        RecordPurchase sale = new RecordPurchase(basket.source(), "multi-1", basket.member(), basket.occurredAt(), "EUR",
                basket.lines(), 0L, null, null, 3000L, null, List.of(code));
        CoreUnderTest.Response recorded = core.post("/api/v1/purchases", sale);
        CoreUnderTest.Response replayed = core.post("/api/v1/purchases", sale);
        CoreUnderTest.Response again = core.post("/api/v1/purchases", new RecordPurchase(basket.source(), "multi-2",
                basket.member(), basket.occurredAt(), "EUR", basket.lines(), 0L, null, null, 3000L, null, List.of(code)));

        assertEquals(60, recorded.number("pointsEarned"));
        assertEquals(List.of(code), codesOf(recorded.body().get("vouchersUsed")));
        assertEquals(recorded.body(), replayed.body());
        assertEquals(30, again.number("pointsEarned"), "used up: the second sale earns without it");
        assertEquals(List.of(), codesOf(again.body().get("vouchersUsed")));
        assertEquals(1, core.get("/api/v1/vouchers/" + code).number("uses"));
    }

    private static List<String> codesOf(com.fasterxml.jackson.databind.JsonNode array) {
        List<String> codes = new ArrayList<>();
        array.forEach(n -> codes.add(n.asText()));
        return codes;
    }

    @Test
    void pointsBuyARewardVoucherOnce() {
        UUID member = Fixtures.enroll(core, "REWARD0001");
        core.post("/api/v1/purchases", Fixtures.sale("reward-sale", "REWARD0001", 50000, Instant.now().minusSeconds(60)));
        assertEquals(550, core.get("/api/v1/members/" + member + "/summary").number("availablePoints"));

        CoreUnderTest.Response bought = core.post("/api/v1/members/" + member + "/rewards",
                Map.of("reward", "FIVE-OFF-500", "redemptionId", "kiosk-1"));
        CoreUnderTest.Response retried = core.post("/api/v1/members/" + member + "/rewards",
                Map.of("reward", "FIVE-OFF-500", "redemptionId", "kiosk-1"));
        CoreUnderTest.Response broke = core.post("/api/v1/members/" + member + "/rewards",
                Map.of("reward", "FIVE-OFF-500", "redemptionId", "kiosk-2"));

        assertEquals(201, bought.status(), bought.body().toString());
        assertEquals(200, retried.status());
        assertEquals(bought.body().get("voucher").get("code"), retried.body().get("voucher").get("code"));
        assertEquals(409, broke.status());
        assertEquals(50, core.get("/api/v1/members/" + member + "/summary").number("availablePoints"));
        assertEquals(1, core.get("/api/v1/members/" + member + "/vouchers").body().size());
    }
}
