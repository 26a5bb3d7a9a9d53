package io.punchcard.loyalty.purchase;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/**
 * A batch records exactly what the same sales sent one by one record: the same answers, points, lots, ledger,
 * tiers and events, through upgrades inside the batch, debts paid, pending online points, anonymous and
 * unknown shoppers, a sale twice in one batch, a voucher, and a member merged away.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class BatchMatchesSingleIT {

    private static final PurchaseSource TILL = new PurchaseSource("POS", "S001", "T1", null);
    private static final PurchaseSource WEB = new PurchaseSource("ONLINE", "WEB", null, "shopify:batch");
    private static CoreUnderTest core;

    @BeforeAll
    static void start(TestPostgres postgres) {
        core = CoreUnderTest.start(postgres, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        core.close();
    }

    /** Last Monday, mid-afternoon in Berlin: no happy hour, inside every window. */
    private static Instant monday(int minute) {
        return ZonedDateTime.now(ZoneId.of("Europe/Berlin")).with(TemporalAdjusters.previous(DayOfWeek.MONDAY))
                .with(LocalTime.of(15, minute)).toInstant();
    }

    /** The members of one side, set up alike: a, b with a debt of 100, c with a voucher, d merged into a. */
    private record Side(String prefix, List<UUID> members, String voucher) {
    }

    private static Side side(String prefix) {
        List<UUID> members = new ArrayList<>();
        for (String name : List.of("A", "B", "C", "D")) {
            members.add(Fixtures.enroll(core, prefix + name + "0001"));
        }
        assertEquals(201, core.post("/api/v1/members/" + members.get(1) + "/adjustments", Map.of("adjustmentId",
                "debt", "points", -100, "reason", "refund owed", "actor", "test")).status());
        String voucher = core.post("/api/v1/vouchers", Map.of("template", "DOUBLE-POINTS", "reason", "test",
                "memberId", members.get(2).toString())).text("code");
        assertEquals(200, core.post("/api/v1/members/" + members.get(0) + "/merge", Map.of("duplicateId",
                members.get(3).toString(), "actor", "test", "reason", "same person")).status());
        return new Side(prefix, members, voucher);
    }

    private static RecordPurchase sale(Side side, String id, MemberRef member, PurchaseSource source, long amount,
                                       int minute, List<String> vouchers) {
        return new RecordPurchase(source, side.prefix() + id, member, monday(minute), "EUR",
                List.of(new PurchaseLine("SKU-" + amount, "shirts", BigDecimal.ONE, amount, 0L)), null, null, null,
                amount, null, vouchers);
    }

    private static List<RecordPurchase> sales(Side side) {
        MemberRef a = MemberRef.card(side.prefix() + "A0001");
        MemberRef b = MemberRef.card(side.prefix() + "B0001");
        MemberRef c = MemberRef.card(side.prefix() + "C0001");
        MemberRef merged = new MemberRef(side.members().get(3), null, null, null, null, null);
        return List.of(
                sale(side, "-1", a, TILL, 30000, 1, null),
                sale(side, "-2", a, TILL, 30000, 2, null),
                sale(side, "-3", b, TILL, 20000, 3, null),
                sale(side, "-4", b, WEB, 5000, 4, null),
                sale(side, "-5", null, TILL, 4000, 5, null),
                sale(side, "-6", MemberRef.card(side.prefix() + "NOBODY"), TILL, 1000, 6, null),
                sale(side, "-1", a, TILL, 30000, 1, null),
                sale(side, "-8", c, TILL, 3000, 8, List.of(side.voucher())),
                sale(side, "-9", merged, TILL, 2500, 9, null));
    }

    @Test
    void aBatchRecordsWhatTheSameSalesOneByOneRecord() {
        Side single = side("ONE");
        Side batched = side("BAT");

        List<JsonNode> one = new ArrayList<>();
        for (RecordPurchase sale : sales(single)) {
            CoreUnderTest.Response r = core.post("/api/v1/purchases", sale);
            ObjectNode item = r.body().deepCopy();
            item.put("status", r.status());
            one.add(item);
        }
        CoreUnderTest.Response batch = core.post("/api/v1/purchases/batch", new PurchaseBatch(sales(batched)));
        assertEquals(200, batch.status(), batch.body().toString());
        JsonNode items = batch.body().get("results");

        assertEquals(one.size(), items.size());
        for (int i = 0; i < one.size(); i++) {
            JsonNode s = one.get(i);
            JsonNode b = items.get(i);
            String at = "sale " + i + ": " + s + " / " + b;
            assertEquals(s.get("status").asInt(), b.get("status").asInt(), at);
            if (b.get("purchase") != null && !b.get("purchase").isNull()) {
                JsonNode result = b.get("purchase");
                for (String field : List.of("pointsEarned", "eligibleMinor", "availableAt", "expiresAt", "tier",
                        "breakdown")) {
                    assertEquals(s.get(field), result.get(field), at + " " + field);
                }
                assertEquals(s.get("vouchersUsed").size(), result.get("vouchersUsed").size(), at);
            } else {
                assertEquals(s.get("field").asText().replace("ONE", "BAT"),
                        b.get("problem").get("field").asText().replace("purchases[" + i + "].", ""), at);
            }
        }
        for (int m = 0; m < 3; m++) {
            UUID s = single.members().get(m);
            UUID b = batched.members().get(m);
            JsonNode sSummary = core.get("/api/v1/members/" + s + "/summary").body();
            JsonNode bSummary = core.get("/api/v1/members/" + b + "/summary").body();
            for (String field : List.of("tier", "availablePoints", "pendingPoints", "pointsDebt")) {
                assertEquals(sSummary.get(field), bSummary.get(field), "member " + m + " " + field);
            }
            assertEquals(ledger(s), ledger(b), "member " + m + " ledger");
            assertEquals(eventTypes(s), eventTypes(b), "member " + m + " events");
        }
    }

    private static List<String> ledger(UUID member) {
        List<String> entries = new ArrayList<>();
        for (JsonNode entry : core.get("/api/v1/members/" + member + "/ledger?limit=1000").body()) {
            entries.add(entry.get("kind").asText() + " " + entry.get("points").asLong() + " "
                    + entry.get("reason").asText().replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "<id>"));
        }
        return entries;
    }

    private static List<String> eventTypes(UUID member) {
        List<String> types = new ArrayList<>();
        String cursor = "";
        while (true) {
            JsonNode page = core.get("/api/v1/events?limit=1000&after=" + cursor).body();
            if (page.get("events").isEmpty()) {
                return types;
            }
            for (JsonNode event : page.get("events")) {
                if (member.toString().equals(event.path("memberId").asText())) {
                    types.add(event.get("type").asText());
                }
            }
            cursor = page.get("next").asText();
        }
    }

    @Test
    void aSaleWithAVoucherKeepsItsPlaceAmongTheSalesOfItsBatch() {
        Side single = side("ORD");
        Side batched = side("BOR");
        List<JsonNode> one = new ArrayList<>();
        for (RecordPurchase sale : ordered(single)) {
            one.add(core.post("/api/v1/purchases", sale).body());
        }
        JsonNode items = core.post("/api/v1/purchases/batch", new PurchaseBatch(ordered(batched))).body().get("results");

        for (int i = 0; i < one.size(); i++) {
            JsonNode b = items.get(i).get("purchase");
            assertEquals(one.get(i).get("pointsEarned"), b.get("pointsEarned"), "sale " + i);
            assertEquals(one.get(i).get("tier"), b.get("tier"), "sale " + i);
        }
        assertEquals(ledger(single.members().get(2)), ledger(batched.members().get(2)));
    }

    /** Member C: a small sale with a double-points voucher, then one that lifts C to SILVER, then another. */
    private static List<RecordPurchase> ordered(Side side) {
        MemberRef c = MemberRef.card(side.prefix() + "C0001");
        return List.of(
                sale(side, "-v", c, TILL, 3000, 20, List.of(side.voucher())),
                sale(side, "-big", c, TILL, 60000, 21, null),
                sale(side, "-after", c, TILL, 1000, 22, null));
    }

    @Test
    void aBatchSentTwiceIsAnsweredTheSameAndRecordedOnce() {
        UUID member = Fixtures.enroll(core, "TWICE0001");
        List<RecordPurchase> sales = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sales.add(Fixtures.sale("twice-" + i, "TWICE0001", 1000 + i, Instant.now().minusSeconds(60)));
        }

        JsonNode first = core.post("/api/v1/purchases/batch", new PurchaseBatch(sales)).body().get("results");
        // The answers were lost; meanwhile the shopper got a new card, so the old one names nobody now.
        assertEquals(200, core.patch("/api/v1/members/" + member, Map.of("cardNumber", "TWICE0002")).status());
        JsonNode again = core.post("/api/v1/purchases/batch", new PurchaseBatch(sales)).body().get("results");

        long earned = 0;
        for (int i = 0; i < 20; i++) {
            assertEquals(201, first.get(i).get("status").asInt());
            assertEquals(200, again.get(i).get("status").asInt());
            assertEquals(first.get(i).get("purchase"), again.get(i).get("purchase"));
            earned += first.get(i).get("purchase").get("pointsEarned").asLong();
        }
        assertEquals(earned, core.get("/api/v1/members/" + member + "/summary").number("availablePoints"));
    }
}
