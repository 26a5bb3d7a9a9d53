package io.punchcard.loyalty.purchase;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.v1.PurchaseBatch;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sales of the past recorded as history: kept at any age, counted for tiers inside the window, never earning a
 * point, and idempotent across the two modes.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class HistoryPurchasesIT {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Instant IN_2017 = Instant.parse("2017-10-01T14:30:00Z");

    private static CoreUnderTest core;
    private static TestPostgres database;

    @BeforeAll
    static void start(TestPostgres postgres) {
        database = postgres;
        core = CoreUnderTest.start(postgres, Clock.fixed(NOW, java.time.ZoneOffset.UTC));
    }

    @AfterAll
    static void stop() {
        core.close();
    }

    @Test
    void aSaleFrom2017IsRecordedAsHistoryWithoutPointsOrLedgerOrPointsEvent() throws Exception {
        UUID member = Fixtures.enroll(core, "HIST0001");

        CoreUnderTest.Response batch = core.post("/api/v1/purchases/batch", new PurchaseBatch(List.of(
                Fixtures.sale("h-2017-1", "HIST0001", 12_000, IN_2017).asHistory(),
                Fixtures.sale("h-2017-2", null, 3_000, IN_2017).asHistory())));

        assertEquals(200, batch.status(), batch.body().toString());
        JsonNode first = batch.body().get("results").get(0);
        assertEquals(201, first.get("status").asInt(), first.toString());
        assertEquals(0, first.get("purchase").get("pointsEarned").asLong());
        assertEquals(12_000, first.get("purchase").get("eligibleMinor").asLong());
        assertTrue(first.get("purchase").get("history").asBoolean());
        assertFalse(first.get("purchase").has("availableAt"), "no points, so nothing becomes available");
        assertEquals(201, batch.body().get("results").get(1).get("status").asInt(), "an anonymous one too");
        assertEquals(0, core.get("/api/v1/members/" + member + "/summary").number("availablePoints"));
        assertEquals(0, count("SELECT count(*) FROM points_entry WHERE member_id = '" + member + "'"));
        assertEquals(0, count("SELECT count(*) FROM points_lot WHERE member_id = '" + member + "'"));
        assertEquals(2, count("SELECT count(*) FROM purchase WHERE history AND external_id LIKE 'h-2017-%'"));
        assertEquals(1, count("""
                SELECT count(*) FROM outbox_event WHERE type = 'purchase.recorded' AND member_id = '%s'
                AND payload->>'history' = 'true' AND payload->>'occurredAt' = '2017-10-01T14:30:00Z'
                AND (payload->>'totalMinor')::bigint = 12000""".formatted(member)));
        assertEquals(0, count("SELECT count(*) FROM outbox_event WHERE type = 'points.earned' AND member_id = '"
                + member + "'"));
        JsonNode timeline = core.get("/api/v1/members/" + member + "/timeline").body();
        assertEquals(List.of("tier", "purchase"), List.of(timeline.get(0).get("type").asText(),
                timeline.get(1).get("type").asText()), "joining, then the purchase of 2017; no points: " + timeline);
        assertEquals(2, timeline.size(), timeline.toString());
        assertTrue(timeline.get(1).get("detail").get("history").asBoolean(), "staff see it is history");
    }

    @Test
    void aLiveSaleOverAYearOldIsStillRefusedAndSaysHowToSendIt() {
        CoreUnderTest.Response refused = core.post("/api/v1/purchases", Fixtures.sale("old-live", null, 1_000, IN_2017));

        assertEquals(400, refused.status(), refused.body().toString());
        JsonNode error = refused.body().get("errors").get(0);
        assertEquals("occurredAt", error.get("field").asText());
        assertEquals("is more than a year ago; send a sale of the past with \"history\": true to record it without "
                + "points", error.get("detail").asText());
    }

    @Test
    void aHistorySaleInTheFutureOrWithVouchersIsRefused() {
        CoreUnderTest.Response future = core.post("/api/v1/purchases",
                Fixtures.sale("h-future", null, 1_000, NOW.plus(Duration.ofHours(1))).asHistory());
        RecordPurchase sale = Fixtures.sale("h-voucher", null, 1_000, IN_2017);
        CoreUnderTest.Response withVoucher = core.post("/api/v1/purchases", new RecordPurchase(sale.source(),
                sale.externalId(), null, sale.occurredAt(), "EUR", sale.lines(), null, null, null, sale.totalMinor(), null,
                List.of("ABCD-EFGH"), true));

        assertEquals(400, future.status());
        assertEquals("occurredAt", future.body().get("errors").get(0).get("field").asText());
        assertEquals(400, withVoucher.status());
        assertEquals("vouchers", withVoucher.body().get("errors").get(0).get("field").asText());
        assertEquals("a history sale uses no vouchers; leave them out",
                withVoucher.body().get("errors").get(0).get("detail").asText());
        assertEquals(0, count("SELECT count(*) FROM purchase WHERE external_id IN ('h-future', 'h-voucher')"));
    }

    @Test
    void aSaleIsLiveOrHistoryOnceAndForAllWhicheverWayItIsReplayed() throws Exception {
        UUID member = Fixtures.enroll(core, "HIST0002");
        RecordPurchase history = Fixtures.sale("h-replay", "HIST0002", 5_000, NOW.minus(Duration.ofDays(30))).asHistory();
        RecordPurchase live = Fixtures.sale("l-replay", "HIST0002", 5_000, NOW.minus(Duration.ofDays(1)));

        CoreUnderTest.Response historyFirst = core.post("/api/v1/purchases", history);
        CoreUnderTest.Response historyAgainAsLive = core.post("/api/v1/purchases",
                Fixtures.sale("h-replay", "HIST0002", 5_000, NOW.minus(Duration.ofDays(30))));
        CoreUnderTest.Response liveFirst = core.post("/api/v1/purchases", live);
        CoreUnderTest.Response liveAgainAsHistory = core.post("/api/v1/purchases/batch",
                new PurchaseBatch(List.of(live.asHistory())));

        assertEquals(201, historyFirst.status(), historyFirst.body().toString());
        assertEquals(200, historyAgainAsLive.status());
        assertEquals(historyFirst.body(), historyAgainAsLive.body(), "the first recording's answer, history and all");
        assertEquals(201, liveFirst.status());
        assertEquals(50, liveFirst.number("pointsEarned"));
        JsonNode replayed = liveAgainAsHistory.body().get("results").get(0);
        assertEquals(200, replayed.get("status").asInt());
        assertEquals(liveFirst.body(), replayed.get("purchase"));
        assertEquals(50, core.get("/api/v1/members/" + member + "/summary").number("availablePoints"));
        assertEquals(1, count("SELECT count(*) FROM purchase WHERE external_id = 'h-replay'"));
        assertEquals(1, count("SELECT count(*) FROM purchase WHERE external_id = 'l-replay'"));
    }

    @Test
    void historyInsideTheQualifyingWindowLiftsTheTierButHistoryFrom2017DoesNot() {
        UUID recent = Fixtures.enroll(core, "HIST0003");
        UUID longAgo = Fixtures.enroll(core, "HIST0004");

        CoreUnderTest.Response lifted = core.post("/api/v1/purchases",
                Fixtures.sale("h-tier-1", "HIST0003", 60_000, NOW.minus(Duration.ofDays(60))).asHistory());
        CoreUnderTest.Response notLifted = core.post("/api/v1/purchases",
                Fixtures.sale("h-tier-2", "HIST0004", 600_000, IN_2017).asHistory());

        assertEquals("SILVER", lifted.text("tier"), lifted.body().toString());
        assertEquals(0, lifted.number("pointsEarned"));
        assertEquals("SILVER", core.get("/api/v1/members/" + recent).text("tier"));
        assertEquals("MEMBER", notLifted.text("tier"));
        assertEquals("MEMBER", core.get("/api/v1/members/" + longAgo).text("tier"));
    }

    @Test
    void aRefundOfAHistorySaleIsRecordedAndTakesBackNoPoints() throws Exception {
        UUID member = Fixtures.enroll(core, "HIST0005");
        core.post("/api/v1/purchases", Fixtures.sale("l-before", "HIST0005", 2_000, NOW.minus(Duration.ofDays(2))));
        CoreUnderTest.Response sale = core.post("/api/v1/purchases",
                Fixtures.sale("h-refund", "HIST0005", 8_000, IN_2017).asHistory());
        assertEquals(201, sale.status(), sale.body().toString());

        CoreUnderTest.Response refund = core.post("/api/v1/refunds", new RecordRefund(
                new PurchaseSource("POS", "S001", "T1", null), "r-h-refund", null,
                new PurchaseSource("POS", "S001", "T1", null), "h-refund", null, 8_000L, null, null));

        assertEquals(201, refund.status(), refund.body().toString());
        assertEquals(0, refund.number("pointsReversed"));
        assertEquals(8_000, refund.number("eligibleMinor"));
        assertEquals(20, core.get("/api/v1/members/" + member + "/summary").number("availablePoints"),
                "the live sale's points stand");
        assertEquals(0, count("SELECT count(*) FROM points_entry WHERE kind = 'REVERSE' AND member_id = '" + member + "'"));
    }

    private static long count(String sql) {
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
