package io.punchcard.loyalty.points;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.v1.AdjustPoints;
import io.punchcard.api.v1.AdjustmentBatch;
import io.punchcard.api.v1.AdjustmentBatchResult;
import io.punchcard.api.v1.PointsAdjusted;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.access.Scope;
import io.punchcard.loyalty.support.CoreUnderTest;
import io.punchcard.loyalty.support.Fixtures;
import io.punchcard.loyalty.support.RoundTrips;
import io.punchcard.testsupport.MutableClock;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /api/v1/adjustments/batch}: a campaign's grant to many members in one call, each adjustment answered
 * as the single route answers it, made once however often the batch is sent, at a cost that does not grow with it.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class AdjustmentBatchIT {

    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2025-03-03T09:00:00Z"));
    private static CoreUnderTest core;
    private static PunchcardClient scheduler;
    private static int cards;

    @BeforeAll
    static void start(TestPostgres postgres) {
        core = CoreUnderTest.start(postgres, CLOCK);
        scheduler = core.client("scheduler", Scope.CONNECTOR);
    }

    @AfterAll
    static void stop() {
        core.close();
    }

    /** A new member, with {@code spentMinor} spent at the till (0: none) so that they have points. */
    private static UUID member(long spentMinor) {
        String card = "ADJB%04d".formatted(++cards);
        UUID id = Fixtures.enroll(core, card);
        if (spentMinor > 0) {
            assertEquals(201, core.post("/api/v1/purchases", Fixtures.sale("sale-" + card, card, spentMinor,
                    CLOCK.instant())).status());
        }
        return id;
    }

    private static AdjustmentBatch.Adjustment adjustment(String id, UUID member, long points) {
        return new AdjustmentBatch.Adjustment(id, member, points, "spring campaign", "scheduler", "spring-2025");
    }

    private static List<JsonNode> ledger(UUID member) {
        List<JsonNode> entries = new ArrayList<>();
        core.get("/api/v1/members/" + member + "/ledger?limit=1000").body().forEach(entries::add);
        return entries;
    }

    private static long available(UUID member) {
        return core.get("/api/v1/members/" + member + "/summary").body().path("availablePoints").asLong();
    }

    private static List<Integer> statuses(AdjustmentBatchResult result) {
        return result.results().stream().map(AdjustmentBatchResult.Item::status).toList();
    }

    @Test
    void eachAdjustmentIsAnsweredOnItsOwnInOrderAndOneRefusedNeverFailsTheOthers() {
        UUID rich = member(10_000);
        UUID plain = member(0);
        UUID survivor = member(0);
        UUID mergedAway = member(0);
        assertEquals(200, core.post("/api/v1/members/" + survivor + "/merge", Map.of("duplicateId",
                mergedAway.toString(), "actor", "manager", "reason", "same person")).status());
        UUID erased = member(0);
        assertEquals(204, core.post("/api/v1/members/" + erased + "/erase", Map.of("actor", "dpo", "reason", "t")).status());
        long richBefore = available(rich);

        AdjustmentBatchResult result = scheduler.adjustPoints(List.of(
                adjustment("mix-1", rich, 100),
                adjustment("mix-2", UUID.randomUUID(), 5),
                adjustment("mix-3", plain, 0),
                adjustment("mix-4", erased, 5),
                adjustment("mix-5", mergedAway, 7),
                adjustment("mix-6", rich, -(richBefore + 100 + 40)),
                new AdjustmentBatch.Adjustment("mix-7", plain, 50L, "r", "scheduler", "not a campaign id!"),
                adjustment("mix-8", plain, 20),
                adjustment("mix-9", plain, 100_000_001)));

        assertEquals(List.of(201, 404, 400, 404, 201, 201, 400, 201, 400), statuses(result));
        for (int i = 0; i < result.results().size(); i++) {
            assertEquals(i, result.results().get(i).index());
            assertEquals("mix-" + (i + 1), result.results().get(i).adjustmentId());
        }
        assertEquals(new PointsAdjusted(100, richBefore + 100), result.results().get(0).adjustment());
        assertEquals("items[1].memberId", result.results().get(1).problem().field());
        assertEquals("member-not-found", result.results().get(1).problem().type().getPath().replaceAll(".*/", ""));
        assertEquals("items[2].points", result.results().get(2).problem().field());
        assertEquals("items[3].memberId", result.results().get(3).problem().field());
        // Taken beyond what they can spend: the rest is a debt, as the single route makes it.
        assertEquals(new PointsAdjusted(-(richBefore + 140), -40), result.results().get(5).adjustment());
        assertEquals(-40, available(rich));
        assertEquals("items[6].campaign", result.results().get(6).problem().field());
        assertEquals(new PointsAdjusted(20, 20), result.results().get(7).adjustment());
        assertEquals("items[8].points", result.results().get(8).problem().field());

        // The member merged away is adjusted as the survivor, as the single route does it.
        assertEquals(List.of(7L), ledger(survivor).stream().filter(e -> e.path("kind").asText().equals("ADJUST"))
                .map(e -> e.path("points").asLong()).toList());
        assertEquals(1, ledger(plain).size(), "only the valid adjustment of the member with refused ones");
        assertEquals("spring campaign", ledger(plain).getFirst().path("reason").asText());
    }

    @Test
    void aBatchWritesWhatTheSingleRouteWritesForTheSameAdjustments() {
        UUID single = member(10_000);
        UUID batched = member(10_000);
        long[] sequence = {-(available(single) + 500), 300, 400, -50, 10};

        List<PointsAdjusted> one = new ArrayList<>();
        List<AdjustmentBatch.Adjustment> items = new ArrayList<>();
        for (int i = 0; i < sequence.length; i++) {
            one.add(scheduler.adjust(single, new AdjustPoints("same-" + i, sequence[i], "goodwill", "manager")));
            items.add(new AdjustmentBatch.Adjustment("same-" + i, batched, sequence[i], "goodwill", "manager", null));
        }
        AdjustmentBatchResult result = scheduler.adjustPoints(items);

        assertEquals(one, result.results().stream().map(AdjustmentBatchResult.Item::adjustment).toList());
        assertEquals(available(single), available(batched));
        assertEquals(entries(single), entries(batched), "the same ledger entries, debts paid said the same way");
        JsonNode singleCard = core.get("/api/v1/members/" + single + "/summary").body();
        JsonNode batchedCard = core.get("/api/v1/members/" + batched + "/summary").body();
        for (String field : List.of("availablePoints", "pendingPoints", "pointsDebt", "expiringPoints")) {
            assertEquals(singleCard.path(field), batchedCard.path(field), field);
        }
    }

    private static List<String> entries(UUID member) {
        return ledger(member).stream().map(e -> e.path("kind").asText() + " " + e.path("points").asLong() + " "
                + e.path("reason").asText().replace(member.toString(), "") + " " + e.path("actor").asText()).toList();
    }

    @Test
    void aReplayedBatchGetsTheSameAnswersAsReplaysAndMakesNothingAgain() {
        UUID a = member(5_000);
        UUID b = member(0);
        List<AdjustmentBatch.Adjustment> items = List.of(adjustment("again-1", a, 30), adjustment("again-2", b, 15),
                adjustment("again-3", a, -10), adjustment("again-4", UUID.randomUUID(), 1));
        AdjustmentBatchResult first = scheduler.adjustPoints(items);
        int ledgerA = ledger(a).size();
        int ledgerB = ledger(b).size();

        AdjustmentBatchResult second = scheduler.adjustPoints(items);

        assertEquals(List.of(201, 201, 201, 404), statuses(first));
        assertEquals(List.of(200, 200, 200, 404), statuses(second));
        for (int i = 0; i < items.size(); i++) {
            assertEquals(first.results().get(i).adjustment(), second.results().get(i).adjustment(), "item " + i);
        }
        assertTrue(second.results().get(0).replayed());
        assertEquals(ledgerA, ledger(a).size());
        assertEquals(ledgerB, ledger(b).size());
    }

    @Test
    void theSingleRouteAndTheBatchShareTheIdsSoAnAdjustmentSentByBothIsMadeOnce() {
        UUID member = member(0);
        PointsAdjusted bySingle = scheduler.adjust(member, new AdjustPoints("shared-1", 25L, "spring campaign", "scheduler"));

        AdjustmentBatchResult batch = scheduler.adjustPoints(List.of(
                new AdjustmentBatch.Adjustment("shared-1", member, 25L, "spring campaign", "scheduler", null),
                new AdjustmentBatch.Adjustment("shared-2", member, 5L, "spring campaign", "scheduler", null)));
        CoreUnderTest.Response singleAfterBatch = core.post("/api/v1/members/" + member + "/adjustments",
                new AdjustPoints("shared-2", 5L, "spring campaign", "scheduler"));

        assertEquals(List.of(200, 201), statuses(batch));
        assertEquals(bySingle, batch.results().get(0).adjustment());
        assertEquals(200, singleAfterBatch.status());
        assertEquals(batch.results().get(1).adjustment(), singleAfterBatch.as(PointsAdjusted.class));
        assertEquals(2, ledger(member).size());
        assertEquals(30, available(member));
    }

    @Test
    void anIdReusedForADifferentAdjustmentIsAConflictForThatItemAndOnTheSingleRoute() {
        UUID member = member(0);
        scheduler.adjustPoints(List.of(adjustment("taken-1", member, 10)));

        AdjustmentBatchResult result = scheduler.adjustPoints(List.of(
                adjustment("taken-1", member, 11),
                new AdjustmentBatch.Adjustment("taken-1", member, 10L, "spring campaign", "scheduler", "other-campaign"),
                adjustment("taken-2", member, 3),
                adjustment("taken-2", member, 3),
                adjustment("taken-2", member, 4)));
        CoreUnderTest.Response single = core.post("/api/v1/members/" + member + "/adjustments",
                new AdjustPoints("taken-1", 12L, "spring campaign", "scheduler"));

        // The same id twice in one batch: the second is answered as a replay of the first, or taken when it differs.
        assertEquals(List.of(409, 409, 201, 200, 409), statuses(result));
        assertEquals("items[0].adjustmentId", result.results().get(0).problem().field());
        assertEquals(result.results().get(2).adjustment(), result.results().get(3).adjustment());
        assertEquals(409, single.status());
        assertEquals("adjustmentId", single.text("field"));
        assertEquals(2, ledger(member).size());
        assertEquals(13, available(member));
    }

    @Test
    void theSameBatchSentFromFourThreadsAtOnceMakesEachAdjustmentOnce() throws Exception {
        List<UUID> members = new ArrayList<>();
        List<AdjustmentBatch.Adjustment> items = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            members.add(member(i % 3 == 0 ? 3_000 : 0));
            items.add(adjustment("race-" + i, members.get(i), i % 3 == 0 ? -20 : 10 + i));
        }
        List<Map<Integer, Integer>> counts = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            List<Future<AdjustmentBatchResult>> sent = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                sent.add(threads.submit(() -> scheduler.adjustPoints(items)));
            }
            List<AdjustmentBatchResult> results = new ArrayList<>();
            for (Future<AdjustmentBatchResult> future : sent) {
                results.add(future.get());
            }
            for (int i = 0; i < items.size(); i++) {
                Map<Integer, Integer> byStatus = new HashMap<>();
                for (AdjustmentBatchResult result : results) {
                    byStatus.merge(result.results().get(i).status(), 1, Integer::sum);
                    assertEquals(results.getFirst().results().get(i).adjustment(), result.results().get(i).adjustment());
                }
                counts.add(byStatus);
            }
        }
        for (int i = 0; i < items.size(); i++) {
            assertEquals(Map.of(201, 1, 200, 3), counts.get(i), "item " + i);
            assertEquals(1, ledger(members.get(i)).stream().filter(e -> e.path("kind").asText().equals("ADJUST")).count());
        }
    }

    @Test
    void onlyAdminAndConnectorKeysMayGrantToManyMembers() {
        UUID member = member(0);
        Map<String, Object> body = Map.of("items", List.of(Map.of("adjustmentId", "scope-1", "memberId",
                member.toString(), "points", 5, "reason", "r", "actor", "a")));

        assertEquals(403, core.as(Fixtures.apiKey(core, "STORE", "S001")).post("/api/v1/adjustments/batch", body).status());
        assertEquals(403, core.as(Fixtures.apiKey(core, "KIOSK", null)).post("/api/v1/adjustments/batch", body).status());
        assertEquals(0, ledger(member).size());
        assertEquals(200, core.as(Fixtures.apiKey(core, "CONNECTOR", null)).post("/api/v1/adjustments/batch", body).status());
        assertEquals(200, core.post("/api/v1/adjustments/batch", body).status(), "an admin key");
        assertEquals(1, ledger(member).size());
    }

    @Test
    void aMalformedBatchIsA400NamingTheFieldAndChangesNothing() {
        UUID member = member(0);
        String good = "{\"adjustmentId\":\"bad-1\",\"memberId\":\"" + member + "\",\"points\":5,\"reason\":\"r\",\"actor\":\"a\"}";
        String missing = "{\"adjustmentId\":\"bad-2\",\"points\":5,\"reason\":\"r\",\"actor\":\"a\"}";
        StringBuilder tooMany = new StringBuilder("{\"items\":[");
        for (int i = 0; i <= AdjustmentBatch.MAX_ITEMS; i++) {
            tooMany.append(i == 0 ? "" : ",").append(good);
        }
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("not json", null);
        bad.put("{}", "items");
        bad.put("{\"items\":[]}", "items");
        bad.put(tooMany + "]}", "items");
        bad.put("{\"items\":[" + good + "," + good + "," + good + "," + missing + "]}", "items[3].memberId");
        bad.put("{\"items\":[" + good.replace("\"reason\":\"r\"", "\"reason\":\"  \"") + "]}", "items[0].reason");
        bad.put("{\"items\":[" + good.replace("\"points\":5", "\"points\":\"5\"") + "]}", "items[0].points");
        bad.put("{\"items\":[null]}", "items[0]");

        bad.forEach((body, field) -> {
            CoreUnderTest.Response response = core.post("/api/v1/adjustments/batch", body);
            assertEquals(400, response.status(), body.length() > 200 ? body.substring(0, 200) : body);
            if (field != null) {
                assertEquals(field, response.text("field"), response.body().toString());
            }
        });
        assertEquals(0, ledger(member).size());
    }

    @Test
    void aThousandAdjustmentsCostTheSameRoundTripsToPostgresqlAsOne() {
        List<UUID> members = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            members.add(member(0));
        }
        scheduler.adjustPoints(List.of(adjustment("warm", members.getFirst(), 1)));
        List<AdjustmentBatch.Adjustment> thousand = new ArrayList<>();
        for (int i = 0; i < AdjustmentBatch.MAX_ITEMS; i++) {
            // Up and down by turns, so that the thousand draw on lots and run into debts as well as add.
            thousand.add(adjustment("k-" + i, members.get(i % members.size()), i % 2 == 0 ? 50 : -70));
        }

        // The member of the warm-up has a stored lot to draw on, as members of the thousand have.
        int one = RoundTrips.of(() -> scheduler.adjustPoints(List.of(adjustment("one", members.getFirst(), 50),
                adjustment("one-down", members.getFirst(), -70))));
        int many = RoundTrips.of(() -> assertTrue(scheduler.adjustPoints(thousand).results().stream()
                .allMatch(item -> item.status() == 201)));

        System.out.println("AdjustmentBatchIT: round trips to PostgreSQL for 2 adjustments: " + one + ", for "
                + thousand.size() + ": " + many);
        assertTrue(one > 0, "the driver's log is read");
        assertTrue(many <= one + 1, one + " for two adjustments, " + many + " for a thousand");
    }
}
