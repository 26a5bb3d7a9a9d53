package io.punchcard.loyalty.purchase;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.v1.MemberRef;
import io.punchcard.api.v1.PurchaseBatch;
import io.punchcard.api.v1.PurchaseLine;
import io.punchcard.api.v1.PurchaseSource;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /api/v1/purchases}: every purchase once, in a stable order, whatever the page size, with totals over
 * the whole filter; filters; bad parameters; who may read it.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class PurchaseListingIT {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    /** Many sales share this moment: their order is decided by their ids alone. */
    private static final Instant SAME_MOMENT = NOW.minus(Duration.ofDays(3));
    private static final Instant IN_2017 = Instant.parse("2017-10-01T14:30:00Z");

    private static CoreUnderTest core;
    private static UUID ana;
    /** Every purchase recorded, as its answer said. */
    private static final List<JsonNode> RECORDED = new ArrayList<>();
    private static final List<RecordPurchase> SENT = new ArrayList<>();

    @BeforeAll
    static void start(TestPostgres postgres) {
        core = CoreUnderTest.start(postgres, Clock.fixed(NOW, ZoneOffset.UTC));
        ana = Fixtures.enroll(core, "LIST0001");
        Fixtures.enroll(core, "LIST0002");
        // External ids of every length, as tills number their sales: 1, 10, 100, 1000 ...
        for (int i = 0; i < 30; i++) {
            String id = String.valueOf((long) Math.pow(10, i % 10) * 100 + i);
            SENT.add(Fixtures.sale(id, i % 3 == 0 ? "LIST0001" : i % 3 == 1 ? "LIST0002" : null, 1_000 + i,
                    i < 20 ? SAME_MOMENT : NOW.minus(Duration.ofHours(i))));
        }
        for (int i = 0; i < 12; i++) {
            SENT.add(new RecordPurchase(new PurchaseSource("ONLINE", "WEB", null, "shopify:acme.myshopify.com"),
                    "order-" + i, i % 2 == 0 ? MemberRef.card("LIST0001") : null, NOW.minus(Duration.ofDays(i + 1)),
                    "EUR", List.of(new PurchaseLine("WEB-" + i, "shirts", BigDecimal.ONE, 5_000L, 0L)), null, null, null,
                    5_000L, null, null));
        }
        for (int i = 0; i < 9; i++) {
            SENT.add(Fixtures.sale("2017-" + i, "LIST0002", 700, IN_2017.plus(Duration.ofMinutes(i))).asHistory());
        }
        CoreUnderTest.Response batch = core.post("/api/v1/purchases/batch", new PurchaseBatch(SENT));
        assertEquals(200, batch.status(), batch.body().toString());
        for (JsonNode item : batch.body().get("results")) {
            assertEquals(201, item.get("status").asInt(), item.toString());
            RECORDED.add(item.get("purchase"));
        }
    }

    @AfterAll
    static void stop() {
        core.close();
    }

    @Test
    void pagingWithAnyPageSizeServesEveryPurchaseOnceNewestFirst() {
        for (int limit : new int[] {1, 7, 100}) {
            List<JsonNode> seen = Fixtures.allPages(core, "/api/v1/purchases?limit=" + limit, "purchases");

            assertEquals(SENT.size(), seen.size(), "limit " + limit);
            Set<String> ids = new HashSet<>();
            seen.forEach(p -> ids.add(p.get("purchaseId").asText()));
            assertEquals(SENT.size(), ids.size(), "no purchase twice with limit " + limit);
            for (int i = 1; i < seen.size(); i++) {
                Instant before = Instant.parse(seen.get(i - 1).get("occurredAt").asText());
                Instant after = Instant.parse(seen.get(i).get("occurredAt").asText());
                UUID beforeId = UUID.fromString(seen.get(i - 1).get("purchaseId").asText());
                UUID afterId = UUID.fromString(seen.get(i).get("purchaseId").asText());
                assertTrue(before.isAfter(after) || before.equals(after) && unsignedGreater(beforeId, afterId),
                        "newest first, then by id, at " + i + " with limit " + limit);
            }
        }
    }

    @Test
    void totalsAddUpTheWholeFilterOnEveryPage() {
        long total = SENT.stream().mapToLong(RecordPurchase::totalMinor).sum();
        long points = RECORDED.stream().mapToLong(p -> p.get("pointsEarned").asLong()).sum();
        long eligible = RECORDED.stream().mapToLong(p -> p.get("eligibleMinor").asLong()).sum();

        CoreUnderTest.Response first = core.get("/api/v1/purchases?limit=5");
        CoreUnderTest.Response second = core.get("/api/v1/purchases?limit=5&after=" + first.text("next"));

        for (CoreUnderTest.Response page : List.of(first, second)) {
            JsonNode totals = page.body().get("totals");
            assertEquals(SENT.size(), totals.get("count").asLong());
            assertEquals(total, totals.get("totalMinor").asLong());
            assertEquals(eligible, totals.get("eligibleMinor").asLong());
            assertEquals(points, totals.get("pointsEarned").asLong());
        }
        assertTrue(points > 0, "the live sales earned");
    }

    @Test
    void filtersNarrowThePurchasesAndTheirTotals() {
        assertEquals(9, core.get("/api/v1/purchases?history=true").body().get("totals").get("count").asLong());
        assertEquals(0, core.get("/api/v1/purchases?history=true").body().get("totals").get("pointsEarned").asLong());
        assertEquals(9, core.get("/api/v1/purchases?from=2017-10-01&to=2017-10-02").body().get("totals")
                .get("count").asLong());
        assertEquals(12, core.get("/api/v1/purchases?channel=ONLINE").body().get("totals").get("count").asLong());
        assertEquals(12, core.get("/api/v1/purchases?store=WEB").body().get("totals").get("count").asLong());
        long anas = SENT.stream().filter(s -> s.member() != null && "LIST0001".equals(s.member().card())).count();
        assertEquals(anas, core.get("/api/v1/purchases?memberId=" + ana).body().get("totals").get("count").asLong());

        JsonNode one = core.get("/api/v1/purchases?source=" + encoded("pos:S001:T1") + "&externalId=100003").body();

        assertEquals(1, one.get("totals").get("count").asLong(), one.toString());
        JsonNode found = one.get("purchases").get(0);
        assertEquals("100003", found.get("externalId").asText());
        assertEquals("pos:S001:T1", found.get("source").asText());
        assertEquals(ana.toString(), found.get("memberId").asText());
        assertEquals("S001", found.get("store").asText());
        assertEquals("POS", found.get("channel").asText());
        assertEquals(1_003, found.get("totalMinor").asLong());
        assertFalse(found.get("history").asBoolean());
        assertFalse(one.has("next"), "one page only");
    }

    @Test
    void badParametersAreA400NamingTheParameter() {
        Map<String, String> bad = Map.of(
                "limit=0", "limit", "limit=501", "limit", "after=bm90LWEtY3Vyc29y", "after", "channel=KIOSK", "channel",
                "from=yesterday", "from", "memberId=42", "memberId", "history=yes", "history",
                "from=2017-10-02&to=2017-10-01", "to", "store=" + "x".repeat(129), "store");
        bad.forEach((query, field) -> {
            CoreUnderTest.Response refused = core.get("/api/v1/purchases?" + query);
            assertEquals(400, refused.status(), query + ": " + refused.body());
            assertEquals(field, refused.body().get("errors").get(0).get("field").asText(), query);
        });
    }

    @Test
    void aStoreKeySeesItsOwnStoreAndAKioskKeyWithoutASessionNothing() {
        CoreUnderTest web = core.as(Fixtures.apiKey(core, "STORE", "WEB"));
        CoreUnderTest kiosk = core.as(Fixtures.apiKey(core, "KIOSK", null));

        assertEquals(12, web.get("/api/v1/purchases").body().get("totals").get("count").asLong());
        assertEquals(403, web.get("/api/v1/purchases?store=S001").status());
        CoreUnderTest.Response sessionless = kiosk.get("/api/v1/purchases");
        assertEquals(401, sessionless.status(), sessionless.body().toString());
        assertEquals("https://punchcard.io/problems/kiosk-session-required", sessionless.text("type"));
        CoreUnderTest connector = core.as(Fixtures.apiKey(core, "CONNECTOR", null));
        assertEquals(SENT.size(), connector.get("/api/v1/purchases").body().get("totals").get("count").asLong());
    }

    /** PostgreSQL orders UUIDs by their bytes, unsigned; Java's compareTo compares signed halves. */
    private static boolean unsignedGreater(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high > 0 : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits()) > 0;
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
