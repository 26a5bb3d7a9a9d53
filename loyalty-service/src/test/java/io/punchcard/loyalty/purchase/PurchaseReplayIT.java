package io.punchcard.loyalty.purchase;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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

/** A sale sent again — by a retrying till, a replayed outbox, eight threads at once — earns once. */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class PurchaseReplayIT {

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
    void theSameSaleTwentyTimesEarnsOnceAndAlwaysGetsTheSameAnswer() throws Exception {
        UUID member = Fixtures.enroll(core, "REPLAY0001");
        RecordPurchase sale = Fixtures.sale("replay-1", "REPLAY0001", 4250, Instant.now().minusSeconds(60));

        CoreUnderTest.Response first = core.post("/api/v1/purchases", sale);
        assertEquals(201, first.status(), first.body().toString());
        for (int i = 0; i < 19; i++) {
            CoreUnderTest.Response again = core.post("/api/v1/purchases", sale);
            assertEquals(200, again.status());
            assertEquals(first.body(), again.body(), "a replay gets the original answer");
        }

        assertEquals(42, first.number("pointsEarned"));
        assertEquals(42, core.get("/api/v1/members/" + member + "/summary").number("availablePoints"));
        assertEquals(1, count("SELECT count(*) FROM points_entry WHERE member_id = '" + member + "'"));
        assertEquals(1, count("SELECT count(*) FROM purchase WHERE external_id = 'replay-1'"));
    }

    @Test
    void theSameSaleFromEightThreadsAtOnceEarnsOnce() throws Exception {
        UUID member = Fixtures.enroll(core, "REPLAY0002");
        RecordPurchase sale = Fixtures.sale("replay-2", "REPLAY0002", 10000, Instant.now().minusSeconds(60));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < 8 * 5; i++) {
            statuses.add(pool.submit(() -> {
                go.await();
                return core.post("/api/v1/purchases", sale).status();
            }));
        }
        go.countDown();
        int created = 0;
        for (Future<Integer> status : statuses) {
            int s = status.get();
            if (s == 201) {
                created++;
            } else {
                assertEquals(200, s);
            }
        }
        pool.shutdown();

        assertEquals(1, created, "exactly one request recorded the sale");
        long earned = core.get("/api/v1/members/" + member + "/summary").number("availablePoints");
        assertEquals(150, earned, "100 base + 50 big-basket bonus, once");
        assertEquals(1, count("SELECT count(*) FROM points_lot WHERE member_id = '" + member + "'"));
        assertEquals(1, count("SELECT count(*) FROM outbox_event WHERE type = 'purchase.recorded' AND member_id = '"
                + member + "'"));
    }

    @Test
    void anAnonymousSaleIsKeptOnceAndEarnsNothing() throws Exception {
        RecordPurchase sale = Fixtures.sale("anon-1", null, 1999, Instant.now().minusSeconds(60));

        assertEquals(201, core.post("/api/v1/purchases", sale).status());
        assertEquals(200, core.post("/api/v1/purchases", sale).status());

        assertEquals(1, count("SELECT count(*) FROM purchase WHERE external_id = 'anon-1' AND member_id IS NULL"));
        assertEquals(0, count("SELECT count(*) FROM points_lot l JOIN purchase p ON p.id = l.purchase_id "
                + "WHERE p.external_id = 'anon-1'"));
    }

    private static long count(String sql) throws Exception {
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
