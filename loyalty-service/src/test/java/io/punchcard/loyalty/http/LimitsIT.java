package io.punchcard.loyalty.http;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

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

/** Every limit answers with its own problem naming the field, and nothing is half-recorded. */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class LimitsIT {

    private static final PurchaseSource TILL = new PurchaseSource("POS", "S001", "T1", null);
    private static CoreUnderTest core;

    @BeforeAll
    static void start(TestPostgres postgres) {
        core = CoreUnderTest.start(postgres, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        core.close();
    }

    private static RecordPurchase sale(String id, List<PurchaseLine> lines) {
        return new RecordPurchase(TILL, id, null, Instant.now().minusSeconds(30), "EUR", lines, null, null, null, 100L,
                null, null);
    }

    private static PurchaseLine line(String sku) {
        return new PurchaseLine(sku, "shirts", BigDecimal.ONE, 100L, 0L);
    }

    @Test
    void aPurchaseOfMoreThan500LinesIsRefusedAndNotRecorded() {
        CoreUnderTest.Response refused = core.post("/api/v1/purchases", sale("too-many", Collections.nCopies(501, line("A"))));

        assertEquals(400, refused.status());
        assertEquals("lines", refused.text("field"));
        assertEquals(201, core.post("/api/v1/purchases", sale("too-many", List.of(line("A")))).status(),
                "nothing of the refused attempt was kept under its id");
    }

    @Test
    void aBatchOfMoreThan500IsRefused() {
        List<RecordPurchase> batch = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            batch.add(sale("batch-" + i, List.of(line("A"))));
        }

        CoreUnderTest.Response refused = core.post("/api/v1/purchases/batch", Map.of("purchases", batch));

        assertEquals(400, refused.status());
        assertEquals("purchases", refused.text("field"));
    }

    @Test
    void aTooLongTextIsRefusedByItsPath() {
        CoreUnderTest.Response refused = core.post("/api/v1/purchases", sale("long-sku", List.of(line("S".repeat(129)))));

        assertEquals(400, refused.status());
        assertEquals("lines[0].sku", refused.text("field"));
    }

    @Test
    void aBodyOverFiveMegabytesIsRefusedBeforeItIsRead() {
        String huge = "{\"givenName\":\"" + "x".repeat(6 * 1024 * 1024) + "\"}";

        CoreUnderTest.Response refused = core.post("/api/v1/members", huge);

        assertEquals(413, refused.status());
        assertEquals("https://punchcard.io/problems/body-too-large", refused.text("type"));
    }

    @Test
    void aBatchReportsEachPurchaseOnItsOwn() {
        Fixtures.enroll(core, "BATCH0001");
        RecordPurchase good = Fixtures.sale("batch-good", "BATCH0001", 1000, Instant.now().minusSeconds(30));
        RecordPurchase unknown = Fixtures.sale("batch-unknown", "NOBODY99", 1000, Instant.now().minusSeconds(30));
        RecordPurchase bad = sale("batch-bad", List.of(new PurchaseLine("A", "x", BigDecimal.ZERO, 100L, 0L)));

        CoreUnderTest.Response result = core.post("/api/v1/purchases/batch", Map.of("purchases", List.of(good, unknown, bad, good)));

        assertEquals(200, result.status());
        var items = result.body().get("results");
        assertEquals(201, items.get(0).get("status").asInt());
        assertEquals(422, items.get(1).get("status").asInt());
        assertEquals("purchases[1].member.card", items.get(1).get("problem").get("field").asText());
        assertEquals(400, items.get(2).get("status").asInt());
        assertEquals("purchases[2].lines[0].quantity", items.get(2).get("problem").get("field").asText());
        assertEquals(200, items.get(3).get("status").asInt(), "the same sale twice in one batch is recorded once");
    }
}
