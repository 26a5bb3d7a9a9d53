package io.punchcard.loyalty.cache;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.punchcard.api.v1.MemberSummary;

import io.punchcard.embedded.LocalRedis;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.support.CoreUnderTest;
import io.punchcard.loyalty.support.Fixtures;
import io.punchcard.platform.cache.Redis;
import io.punchcard.platform.cache.RedisSettings;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Member cards come from Redis when cached, are dropped after every committed change, and while Redis is down
 * every request still succeeds from PostgreSQL. This test runs a Redis of its own, so it can stop it.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class SummaryCacheIT {

    private LocalRedis server;
    private Redis redis;
    private CoreUnderTest core;

    @BeforeEach
    void start(TestPostgres postgres) {
        server = LocalRedis.startEphemeral(0);
        redis = Redis.open(RedisSettings.parse(server.url()));
        core = CoreUnderTest.start(postgres, redis.client(), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        core.close();
        redis.close();
        server.close();
    }

    private CoreUnderTest.Response scan(String card) {
        return core.get("/api/v1/members/summary?card=" + card);
    }

    @Test
    void aScanIsServedFromTheCacheAndACommittedChangeIsSeenAtOnce() {
        UUID member = Fixtures.enroll(core, "CACHE0001");
        assertEquals(0, scan("CACHE0001").number("availablePoints"));
        assertTrue(redis.client().exists("pc:card:CARD:CACHE0001"), "the card is cached under the card number");

        core.post("/api/v1/purchases", Fixtures.sale("cache-1", "CACHE0001", 2500, Instant.now().minusSeconds(60)));

        assertFalse(redis.client().exists("pc:card:" + member), "the purchase dropped the cached card");
        assertEquals(25, scan("CACHE0001").number("availablePoints"));
        assertEquals(25, core.get("/api/v1/members/" + member + "/summary").number("availablePoints"));
    }

    @Test
    void aCardComputedBeforeAChangeIsNotCachedAfterIt() {
        UUID member = Fixtures.enroll(core, "CACHE0004");
        MemberSummary card = core.get("/api/v1/members/" + member + "/summary").as(MemberSummary.class);
        RedisSummaryCache cache = new RedisSummaryCache(redis.client());
        cache.invalidate(List.of(member));

        String before = cache.generation(member);
        cache.invalidate(List.of(member));
        cache.put(card, List.of(), Instant.now().plusSeconds(600), before);

        assertFalse(redis.client().exists("pc:card:" + member), "a change came in between: the card is dropped");
        cache.put(card, List.of(), Instant.now().plusSeconds(600), cache.generation(member));
        assertTrue(redis.client().exists("pc:card:" + member));
    }

    @Test
    void withRedisStoppedEveryRequestStillSucceedsAndWhenItIsBackTheCacheIsUsedAgain() throws Exception {
        int port = server.port();
        UUID member = Fixtures.enroll(core, "CACHE0002");
        scan("CACHE0002");

        server.close();
        for (int i = 0; i < 10; i++) {
            CoreUnderTest.Response sale = core.post("/api/v1/purchases",
                    Fixtures.sale("down-" + i, "CACHE0002", 1000, Instant.now().minusSeconds(60)));
            assertEquals(201, sale.status(), sale.body().toString());
            assertEquals(10 * (i + 1), scan("CACHE0002").number("availablePoints"), "right from PostgreSQL");
        }
        assertEquals(201, core.post("/api/v1/members", Fixtures.member("CACHE0003")).status());

        server = LocalRedis.startEphemeral(port);
        boolean cachedAgain = false;
        for (int attempt = 0; attempt < 40 && !cachedAgain; attempt++) {
            Thread.sleep(500);
            assertEquals(100, scan("CACHE0002").number("availablePoints"));
            try {
                cachedAgain = redis.client().exists("pc:card:" + member);
            } catch (RuntimeException stillReconnecting) {
                cachedAgain = false;
            }
        }
        assertTrue(cachedAgain, "once Redis is back, cards are cached again");
    }
}
