package io.punchcard.loyalty;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.loyalty.support.CoreUnderTest;
import io.punchcard.loyalty.support.Fixtures;
import io.punchcard.platform.cache.Redis;
import io.punchcard.platform.cache.RedisSettings;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.TestRedis;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two core instances on one PostgreSQL and one Redis keep every invariant under concurrent load. */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class TwoInstancesIT {

    private static Redis redisA;
    private static Redis redisB;
    private static CoreUnderTest a;
    private static CoreUnderTest b;
    private static TestPostgres database;

    @BeforeAll
    static void start(TestPostgres postgres, TestRedis redis) {
        database = postgres;
        redisA = Redis.open(RedisSettings.parse(redis.url()));
        redisB = Redis.open(RedisSettings.parse(redis.url()));
        a = CoreUnderTest.start(postgres, redisA.client(), Clock.systemUTC());
        b = CoreUnderTest.start(postgres, redisB.client(), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
        redisA.close();
        redisB.close();
    }

    /** Runs {@code count} calls at once, alternating between the instances. */
    private static <T> List<T> race(int count, java.util.function.BiFunction<CoreUnderTest, Integer, T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            CoreUnderTest instance = i % 2 == 0 ? a : b;
            futures.add(pool.submit((Callable<T>) () -> {
                go.await();
                return call.apply(instance, n);
            }));
        }
        go.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get());
        }
        pool.shutdown();
        return results;
    }

    @Test
    void aSaleReplayedThroughBothInstancesEarnsOnce() throws Exception {
        UUID member = Fixtures.enroll(a, "TWO00001");
        b.get("/api/v1/members/summary?card=TWO00001");
        RecordPurchase sale = Fixtures.sale("two-1", "TWO00001", 20000, Instant.now().minusSeconds(60));

        List<Integer> statuses = race(30, (core, n) -> core.post("/api/v1/purchases", sale).status());

        assertEquals(1, statuses.stream().filter(s -> s == 201).count());
        assertEquals(250, a.get("/api/v1/members/summary?card=TWO00001").number("availablePoints"));
        assertEquals(250, b.get("/api/v1/members/" + member + "/summary").number("availablePoints"),
                "the other instance's cached card was dropped by the commit");
    }

    @Test
    void redemptionsThroughBothInstancesNeverOverspend() throws Exception {
        UUID member = Fixtures.enroll(b, "TWO00002");
        a.post("/api/v1/purchases", Fixtures.sale("two-2a", "TWO00002", 9900, Instant.now().minusSeconds(60)));
        a.post("/api/v1/purchases", Fixtures.sale("two-2b", "TWO00002", 10100, Instant.now().minusSeconds(60)));
        long balance = b.get("/api/v1/members/summary?card=TWO00002").number("availablePoints");
        assertEquals(250, balance, "99 + 101 base, and the 50 bonus of the second sale");

        List<Integer> statuses = race(40, (core, n) -> core.post("/api/v1/members/" + member + "/redemptions",
                Map.of("redemptionId", "two-r-" + n, "points", 10)).status());

        assertEquals(25, statuses.stream().filter(s -> s == 201).count());
        assertEquals(15, statuses.stream().filter(s -> s == 409).count());
        assertEquals(0, a.get("/api/v1/members/summary?card=TWO00002").number("availablePoints"));
        assertEquals(0, b.get("/api/v1/members/summary?card=TWO00002").number("availablePoints"));
    }

    @Test
    void salesAndRedemptionsOfOneMemberThroughBothInstancesKeepTheBooksBalanced() throws Exception {
        UUID member = Fixtures.enroll(a, "TWO00003");
        long start = a.post("/api/v1/purchases", Fixtures.sale("two-3", "TWO00003", 9900, Instant.now().minusSeconds(60)))
                .number("pointsEarned");

        List<CoreUnderTest.Response> answers = race(40, (core, n) -> n % 2 == 0
                ? core.post("/api/v1/purchases", Fixtures.sale("two-3-" + n, "TWO00003", 1000, Instant.now().minusSeconds(30)))
                : core.post("/api/v1/members/" + member + "/redemptions", Map.of("redemptionId", "two-3-r-" + n, "points", 15)));

        long earned = start;
        long spent = 0;
        List<Long> leftAfterEachSpend = new ArrayList<>();
        for (int n = 0; n < answers.size(); n++) {
            CoreUnderTest.Response answer = answers.get(n);
            if (n % 2 == 0) {
                assertEquals(201, answer.status(), answer.body().toString());
                earned += answer.number("pointsEarned");
            } else if (answer.status() == 201) {
                spent += 15;
                leftAfterEachSpend.add(answer.number("available"));
            } else {
                assertEquals(409, answer.status(), answer.body().toString());
            }
        }
        long balance = earned - spent;
        assertTrue(leftAfterEachSpend.stream().allMatch(left -> left >= 0), leftAfterEachSpend.toString());
        assertEquals(balance, a.get("/api/v1/members/" + member + "/summary").number("availablePoints"));
        assertEquals(balance, b.get("/api/v1/members/summary?card=TWO00003").number("availablePoints"));
        assertEquals(balance, sum("SELECT sum(points) FROM points_entry WHERE member_id = '" + member + "'"), "the ledger");
        assertEquals(balance, sum("SELECT sum(remaining) FROM points_lot WHERE member_id = '" + member + "'"), "the lots");
    }

    private static long sum(String sql) throws Exception {
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aSingleUseVoucherIsUsedOnceThroughBothInstances() throws Exception {
        String code = a.post("/api/v1/vouchers", Map.of("template", "FIVE-OFF", "reason", "two instances")).text("code");

        List<Boolean> used = race(30, (core, n) -> {
            String sale = "two-sale-" + n;
            if (core.post("/api/v1/vouchers/" + code + "/holds", Map.of("saleRef", sale)).status() != 201) {
                return false;
            }
            return core.post("/api/v1/vouchers/" + code + "/commit", Map.of("saleRef", sale)).status() == 200;
        });

        assertEquals(1, used.stream().filter(u -> u).count());
        assertEquals(1, b.get("/api/v1/vouchers/" + code).number("uses"));
    }
}
