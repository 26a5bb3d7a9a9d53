package io.punchcard.loyalty;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.punchcard.loyalty.support.CoreUnderTest;
import io.punchcard.loyalty.support.Fixtures;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A client that retries (a till after a timeout, a connector replaying its outbox) gets the first answer again,
 * byte for byte, with 200 instead of 201, whatever happened in between; and an id reused for another kind of
 * request is refused, not mistaken for a retry.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class RetriesIT {

    private static CoreUnderTest core;

    @BeforeAll
    static void start(TestPostgres postgres) {
        core = CoreUnderTest.start(postgres, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        core.close();
    }

    private static UUID memberWithPoints(String card, long amountMinor) {
        UUID member = Fixtures.enroll(core, card);
        assertEquals(201, core.post("/api/v1/purchases",
                Fixtures.sale("sale-" + card, card, amountMinor, Instant.now().minusSeconds(60))).status());
        return member;
    }

    @Test
    void aRedemptionRetriedAfterTheBalanceMovedGetsTheFirstAnswer() {
        UUID member = memberWithPoints("RETRY0001", 20000);
        Map<String, Object> spend = Map.of("redemptionId", "tender-1", "points", 50);

        CoreUnderTest.Response first = core.post("/api/v1/members/" + member + "/redemptions", spend);
        core.post("/api/v1/purchases", Fixtures.sale("sale-RETRY0001-b", "RETRY0001", 3000, Instant.now().minusSeconds(30)));
        CoreUnderTest.Response again = core.post("/api/v1/members/" + member + "/redemptions", spend);

        assertEquals(201, first.status(), first.body().toString());
        assertEquals(200, again.status());
        assertEquals(first.body(), again.body());
        assertEquals(List.of("available", "points", "redemptionId"), fields(again));
    }

    @Test
    void anAdjustmentRetriedAfterTheBalanceMovedGetsTheFirstAnswer() {
        UUID member = memberWithPoints("RETRY0002", 10000);
        Map<String, Object> adjust = Map.of("adjustmentId", "goodwill-1", "points", 25, "reason", "late delivery",
                "actor", "ana");

        long before = core.get("/api/v1/members/" + member + "/summary").number("availablePoints");
        CoreUnderTest.Response first = core.post("/api/v1/members/" + member + "/adjustments", adjust);
        core.post("/api/v1/members/" + member + "/redemptions", Map.of("redemptionId", "tender-2", "points", 40));
        CoreUnderTest.Response again = core.post("/api/v1/members/" + member + "/adjustments", adjust);

        assertEquals(201, first.status(), first.body().toString());
        assertEquals(before + 25, first.number("available"));
        assertEquals(200, again.status());
        assertEquals(first.body(), again.body());
    }

    @Test
    void aHoldRetriedGetsTheFirstAnswer() {
        String code = core.post("/api/v1/vouchers", Map.of("template", "FIVE-OFF", "reason", "test")).text("code");

        CoreUnderTest.Response first = core.post("/api/v1/vouchers/" + code + "/holds", Map.of("saleRef", "till-1-0042"));
        CoreUnderTest.Response again = core.post("/api/v1/vouchers/" + code + "/holds", Map.of("saleRef", "till-1-0042"));

        assertEquals(201, first.status(), first.body().toString());
        assertEquals(200, again.status());
        assertEquals(first.body(), again.body());
        assertEquals(List.of("heldUntil", "reservationId"), fields(again));
    }

    @Test
    void aVoucherIssueRetriedIsAnsweredWith200AndTheSameVoucher() {
        Map<String, Object> issue = Map.of("template", "FIVE-OFF", "reason", "apology", "issueId", "apology-7");

        CoreUnderTest.Response first = core.post("/api/v1/vouchers", issue);
        CoreUnderTest.Response again = core.post("/api/v1/vouchers", issue);

        assertEquals(201, first.status(), first.body().toString());
        assertEquals(200, again.status());
        assertEquals(first.text("code"), again.text("code"));
    }

    @Test
    void eightFirstTriesOfOneBearerVoucherIssueMakeOneVoucher() throws Exception {
        Map<String, Object> issue = Map.of("template", "FIVE-OFF", "reason", "flyer", "issueId", "flyer-2026-11");
        List<Callable<CoreUnderTest.Response>> tries = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tries.add(() -> core.post("/api/v1/vouchers", issue));
        }

        List<Integer> statuses = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<CoreUnderTest.Response> answer : pool.invokeAll(tries)) {
                statuses.add(answer.get().status());
                codes.add(answer.get().text("code"));
            }
        }

        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(7, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(1, codes.stream().distinct().count(), codes.toString());
    }

    @Test
    void aRedemptionIdThatBoughtARewardCannotAlsoPayATender() {
        UUID member = memberWithPoints("RETRY0003", 100000);
        assertEquals(201, core.post("/api/v1/members/" + member + "/rewards",
                Map.of("reward", "FIVE-OFF-500", "redemptionId", "kiosk-9")).status());

        CoreUnderTest.Response tender = core.post("/api/v1/members/" + member + "/redemptions",
                Map.of("redemptionId", "kiosk-9", "points", 10));
        core.post("/api/v1/members/" + member + "/redemptions", Map.of("redemptionId", "till-9", "points", 10));
        CoreUnderTest.Response reward = core.post("/api/v1/members/" + member + "/rewards",
                Map.of("reward", "FIVE-OFF-500", "redemptionId", "till-9"));

        assertEquals(409, tender.status(), tender.body().toString());
        assertEquals("redemptionId", tender.text("field"));
        assertEquals(409, reward.status(), reward.body().toString());
        assertEquals("redemptionId", reward.text("field"));
    }

    private static List<String> fields(CoreUnderTest.Response response) {
        List<String> names = new ArrayList<>();
        response.body().fieldNames().forEachRemaining(names::add);
        names.sort(String::compareTo);
        return names;
    }
}
