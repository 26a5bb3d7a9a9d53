package io.punchcard.loyalty.purchase;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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

import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.support.CoreUnderTest;
import io.punchcard.loyalty.support.Fixtures;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parallel tills spending one member's points cannot spend more than there is. */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class RedemptionRaceIT {

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

    @Test
    void fiftyConcurrentRedemptionsAgainstABalanceForTenLetExactlyTenThrough() throws Exception {
        UUID member = Fixtures.enroll(core, "RACE0001");
        // 99.00 EUR: 99 points, under the big-basket bonus, so the balance covers nine redemptions of 10 and
        // a tenth of 9 would not; make it exactly 100 with a second sale.
        assertEquals(201, core.post("/api/v1/purchases", Fixtures.sale("race-a", "RACE0001", 9900, Instant.now().minusSeconds(60))).status());
        assertEquals(201, core.post("/api/v1/purchases", Fixtures.sale("race-b", "RACE0001", 100, Instant.now().minusSeconds(60))).status());
        assertEquals(100, core.get("/api/v1/members/" + member + "/summary").number("availablePoints"));

        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<CoreUnderTest.Response>> responses = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String redemptionId = "till-" + i;
            responses.add(pool.submit(() -> {
                go.await();
                return core.post("/api/v1/members/" + member + "/redemptions",
                        Map.of("redemptionId", redemptionId, "points", 10));
            }));
        }
        go.countDown();
        int accepted = 0;
        for (Future<CoreUnderTest.Response> response : responses) {
            CoreUnderTest.Response r = response.get();
            if (r.status() == 201) {
                accepted++;
            } else {
                assertEquals(409, r.status(), r.body().toString());
                assertEquals("https://punchcard.io/problems/insufficient-points", r.text("type"));
            }
        }
        pool.shutdown();

        assertEquals(10, accepted);
        assertEquals(0, core.get("/api/v1/members/" + member + "/summary").number("availablePoints"));
        assertEquals(0, sum("SELECT coalesce(sum(points), 0) FROM points_entry WHERE member_id = '" + member + "'"),
                "the ledger balances to zero");
        assertTrue(sum("SELECT coalesce(min(remaining), 0) FROM points_lot WHERE member_id = '" + member + "'") >= 0);
    }

    @Test
    void aRetriedRedemptionIsAnsweredNotRepeated() {
        UUID member = Fixtures.enroll(core, "RACE0002");
        core.post("/api/v1/purchases", Fixtures.sale("retry-a", "RACE0002", 5000, Instant.now().minusSeconds(60)));

        CoreUnderTest.Response first = core.post("/api/v1/members/" + member + "/redemptions",
                Map.of("redemptionId", "pos-7-sale-9", "points", 20));
        CoreUnderTest.Response retry = core.post("/api/v1/members/" + member + "/redemptions",
                Map.of("redemptionId", "pos-7-sale-9", "points", 20));

        assertEquals(201, first.status());
        assertEquals(200, retry.status());
        assertEquals(first.text("redemptionId"), retry.text("redemptionId"));
        assertEquals(30, core.get("/api/v1/members/" + member + "/summary").number("availablePoints"));
    }

    @Test
    void aVoidedTenderGivesItsPointsBackToTheLotsTheyCameFromOnce() throws Exception {
        UUID member = Fixtures.enroll(core, "RACE0003");
        core.post("/api/v1/purchases", Fixtures.sale("void-a", "RACE0003", 5000, Instant.now().minusSeconds(60)));
        long lotsBefore = sum("SELECT count(*) FROM points_lot WHERE member_id = '" + member + "'");
        core.post("/api/v1/members/" + member + "/redemptions", Map.of("redemptionId", "S001:T1:77:points:1", "points", 30));

        CoreUnderTest.Response cancelled = core.post("/api/v1/members/" + member
                + "/redemptions/S001:T1:77:points:1/cancel", Map.of());
        CoreUnderTest.Response again = core.post("/api/v1/members/" + member
                + "/redemptions/S001:T1:77:points:1/cancel", Map.of());

        assertEquals(200, cancelled.status(), cancelled.body().toString());
        assertEquals(30, cancelled.number("points"));
        assertEquals(50, cancelled.number("available"));
        assertEquals(cancelled.body(), again.body(), "a second cancellation is answered, not repeated");
        assertEquals(50, core.get("/api/v1/members/" + member + "/summary").number("availablePoints"));
        assertEquals(lotsBefore, sum("SELECT count(*) FROM points_lot WHERE member_id = '" + member + "'"),
                "the points went back into their lot, with its expiry, not into a new one");
        assertEquals(50, sum("SELECT sum(points) FROM points_entry WHERE member_id = '" + member + "'"));
        assertEquals(1, sum("SELECT count(*) FROM points_entry WHERE kind = 'RESTORE' AND member_id = '" + member + "'"));
    }

    @Test
    void onlyATenderCanBeCancelled() {
        UUID member = Fixtures.enroll(core, "RACE0004");

        CoreUnderTest.Response unknown = core.post("/api/v1/members/" + member + "/redemptions/never-made/cancel", Map.of());

        assertEquals(404, unknown.status());
        assertEquals("https://punchcard.io/problems/tender-not-found", unknown.text("type"));
        assertEquals("redemptionId", unknown.text("field"));
    }

    private static long sum(String sql) throws Exception {
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
