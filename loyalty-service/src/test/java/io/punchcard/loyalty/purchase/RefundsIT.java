package io.punchcard.loyalty.purchase;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.punchcard.api.v1.MemberRef;
import io.punchcard.api.v1.PurchaseLine;
import io.punchcard.api.v1.PurchaseSource;
import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.api.v1.RecordRefund;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.support.CoreUnderTest;
import io.punchcard.loyalty.support.Fixtures;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Refunds take back points in proportion, never more than were earned, once per refund. */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class RefundsIT {

    private static final PurchaseSource TILL = new PurchaseSource("POS", "S001", "T1", null);
    private static CoreUnderTest core;
    private static TestPostgres database;

    @BeforeAll
    static void start(TestPostgres postgres) {
        database = postgres;
        core = CoreUnderTest.start(postgres, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        core.close();
    }

    private static RecordPurchase twoLines(String saleId, String card) {
        return new RecordPurchase(TILL, saleId, MemberRef.card(card), Instant.now().minusSeconds(600), "EUR",
                List.of(new PurchaseLine("JACKET", "coats", BigDecimal.ONE, 7000L, 0L),
                        new PurchaseLine("SCARF", "accessories", BigDecimal.valueOf(2), 1500L, 0L)),
                null, 1900L, null, 11900L, null, null);
    }

    private static RecordRefund byLines(String refundId, String saleId, String sku, int quantity) {
        return new RecordRefund(TILL, refundId, null, TILL, saleId,
                List.of(new RecordRefund.ReturnedLine(sku, BigDecimal.valueOf(quantity))), null, Instant.now(), null);
    }

    private long available(UUID member) {
        return core.get("/api/v1/members/" + member + "/summary").number("availablePoints");
    }

    @Test
    void twoPartialRefundsAddUpToExactlyWhatWasEarned() {
        UUID member = Fixtures.enroll(core, "REFUND0001");
        CoreUnderTest.Response sale = core.post("/api/v1/purchases", twoLines("r-sale-1", "REFUND0001"));
        assertEquals(150, sale.number("pointsEarned"), "100 base + 50 big-basket bonus");

        CoreUnderTest.Response scarves = core.post("/api/v1/refunds", byLines("r-ref-1a", "r-sale-1", "SCARF", 2));
        CoreUnderTest.Response jacket = core.post("/api/v1/refunds", byLines("r-ref-1b", "r-sale-1", "JACKET", 1));

        assertEquals(201, scarves.status(), scarves.body().toString());
        assertEquals(45, scarves.number("pointsReversed"), "30% of the eligible spend: 45 of 150");
        assertEquals(105, jacket.number("pointsReversed"));
        assertEquals(150, jacket.number("pointsReversedTotal"));
        assertEquals(0, available(member));
    }

    @Test
    void moreThanWasBoughtCannotBeReturned() {
        Fixtures.enroll(core, "REFUND0002");
        core.post("/api/v1/purchases", twoLines("r-sale-2", "REFUND0002"));
        assertEquals(201, core.post("/api/v1/refunds", byLines("r-ref-2a", "r-sale-2", "SCARF", 1)).status());

        CoreUnderTest.Response tooMany = core.post("/api/v1/refunds", byLines("r-ref-2b", "r-sale-2", "SCARF", 2));

        assertEquals(400, tooMany.status());
        assertEquals("lines[0].quantity", tooMany.text("field"));
    }

    @Test
    void aRefundReplayedIsAnsweredAndReversesOnce() throws Exception {
        UUID member = Fixtures.enroll(core, "REFUND0003");
        core.post("/api/v1/purchases", twoLines("r-sale-3", "REFUND0003"));
        RecordRefund refund = byLines("r-ref-3", "r-sale-3", "JACKET", 1);

        CoreUnderTest.Response first = core.post("/api/v1/refunds", refund);
        CoreUnderTest.Response again = core.post("/api/v1/refunds", refund);

        assertEquals(201, first.status());
        assertEquals(200, again.status());
        assertEquals(first.body(), again.body());
        assertEquals(1, count("SELECT count(*) FROM points_entry WHERE kind = 'REVERSE' AND member_id = '" + member + "'"));
    }

    @Test
    void aRefundAfterPointsWereSpentLeavesADebtThatBlocksRedemption() {
        UUID member = Fixtures.enroll(core, "REFUND0004");
        core.post("/api/v1/purchases", twoLines("r-sale-4", "REFUND0004"));
        assertEquals(201, core.post("/api/v1/members/" + member + "/redemptions",
                Map.of("redemptionId", "spend-4", "points", 120)).status());

        core.post("/api/v1/refunds", byLines("r-ref-4a", "r-sale-4", "JACKET", 1));
        core.post("/api/v1/refunds", byLines("r-ref-4b", "r-sale-4", "SCARF", 2));

        assertEquals(-120, available(member), "150 taken back, of which 120 had been spent");
        CoreUnderTest.Response refused = core.post("/api/v1/members/" + member + "/redemptions",
                Map.of("redemptionId", "spend-4b", "points", 1));
        assertEquals(409, refused.status());

        core.post("/api/v1/purchases", Fixtures.sale("r-sale-4b", "REFUND0004", 5000, Instant.now().minusSeconds(60)));
        assertEquals(-70, available(member), "new points pay the debt first");
    }

    @Test
    void aRefundByAmountReversesTheEligiblePartInProportion() {
        UUID member = Fixtures.enroll(core, "REFUND0005");
        core.post("/api/v1/purchases", twoLines("r-sale-5", "REFUND0005"));

        CoreUnderTest.Response half = core.post("/api/v1/refunds",
                new RecordRefund(TILL, "r-ref-5", null, TILL, "r-sale-5", null, 5950L, Instant.now(), null));
        CoreUnderTest.Response tooMuch = core.post("/api/v1/refunds",
                new RecordRefund(TILL, "r-ref-5b", null, TILL, "r-sale-5", null, 6000L, Instant.now(), null));

        assertEquals(5000, half.number("eligibleMinor"), "half of the money is half of the eligible spend");
        assertEquals(75, half.number("pointsReversed"));
        assertEquals(400, tooMuch.status());
        assertEquals("amountMinor", tooMuch.text("field"));
        assertEquals(75, available(member));
    }

    @Test
    void aCancellationTakesEveryPointLeftWhateverEarlierRefundsTook() {
        UUID member = Fixtures.enroll(core, "REFUND0006");
        core.post("/api/v1/purchases", twoLines("r-sale-6", "REFUND0006"));
        // The scarves come back first (by items), then some money (by amount), then the order is cancelled.
        assertEquals(45, core.post("/api/v1/refunds", byLines("r-ref-6a", "r-sale-6", "SCARF", 2))
                .number("pointsReversed"));
        assertEquals(201, core.post("/api/v1/refunds",
                new RecordRefund(TILL, "r-ref-6b", null, TILL, "r-sale-6", null, 1190L, Instant.now(), null)).status());

        CoreUnderTest.Response cancelled = core.post("/api/v1/refunds",
                new RecordRefund(TILL, "r-cancel-6", null, TILL, "r-sale-6", null, null, Instant.now(), true));
        CoreUnderTest.Response after = core.post("/api/v1/refunds",
                new RecordRefund(TILL, "r-ref-6c", null, TILL, "r-sale-6", null, 100L, Instant.now(), null));

        assertEquals(201, cancelled.status(), cancelled.body().toString());
        assertEquals(150, cancelled.number("pointsReversedTotal"), "every point of the sale is reversed, no more");
        assertEquals(0, available(member));
        assertEquals("amountMinor", after.text("field"), "nothing is left to refund after a cancellation");
        assertEquals("lines", core.post("/api/v1/refunds", new RecordRefund(TILL, "r-ref-6d", null, TILL, "r-sale-6",
                null, 100L, Instant.now(), true)).text("field"), "the remainder, or an amount: not both");
    }

    @Test
    void aRefundOfAnUnknownPurchaseIsRefusedByName() {
        CoreUnderTest.Response response = core.post("/api/v1/refunds", byLines("r-ref-x", "no-such-sale", "X", 1));

        assertEquals(422, response.status());
        assertEquals("purchaseExternalId", response.text("field"));
    }

    private static long count(String sql) throws Exception {
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
