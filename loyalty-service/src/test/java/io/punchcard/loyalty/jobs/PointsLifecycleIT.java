package io.punchcard.loyalty.jobs;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.punchcard.api.v1.MemberRef;
import io.punchcard.api.v1.PurchaseLine;
import io.punchcard.api.v1.PurchaseSource;
import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.support.CoreUnderTest;
import io.punchcard.loyalty.support.Fixtures;
import io.punchcard.testsupport.MutableClock;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Points through pending, available and expired, and tiers up and down, under a clock the test moves. */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class PointsLifecycleIT {

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private CoreUnderTest core;
    private TestPostgres database;

    @BeforeEach
    void start(TestPostgres postgres) {
        database = postgres;
        core = CoreUnderTest.start(postgres, clock);
    }

    @AfterEach
    void stop() {
        core.close();
    }

    private void run(Job job) {
        core.service().maintenance().runIfDue(job, Duration.ZERO);
    }

    private CoreUnderTest.Response summary(UUID member) {
        return core.get("/api/v1/members/" + member + "/summary");
    }

    private RecordPurchase online(String orderId, String card, long amount) {
        return new RecordPurchase(new PurchaseSource("ONLINE", "WEB", null, "shopify:test"), orderId, MemberRef.card(card),
                clock.instant(), "EUR", List.of(new PurchaseLine("X", "shirts", BigDecimal.ONE, amount, 0L)),
                null, null, null, amount, null, null);
    }

    @Test
    void onlinePointsWaitOutTheReturnWindowThenBecomeSpendable() {
        UUID member = Fixtures.enroll(core, "LIFE0001");
        core.post("/api/v1/purchases", online("order-1", "LIFE0001", 4000));

        assertEquals(40, summary(member).number("pendingPoints"));
        assertEquals(0, summary(member).number("availablePoints"));
        assertEquals(409, core.post("/api/v1/members/" + member + "/redemptions",
                Map.of("redemptionId", "early", "points", 10)).status(), "pending points cannot be spent");

        clock.advance(Duration.ofDays(14).plusMinutes(1));
        run(Job.RELEASE_PENDING);

        assertEquals(0, summary(member).number("pendingPoints"));
        assertEquals(40, summary(member).number("availablePoints"));
        assertTrue(core.get("/api/v1/events?limit=1000").body().get("events").findValuesAsText("type")
                .contains("points.available"));
    }

    @Test
    void whatIsLeftOfALotExpiresAfterTwelveMonths() throws Exception {
        UUID member = Fixtures.enroll(core, "LIFE0002");
        core.post("/api/v1/purchases", Fixtures.sale("till-2", "LIFE0002", 10000 - 1, clock.instant()));
        core.post("/api/v1/members/" + member + "/redemptions", Map.of("redemptionId", "spend", "points", 30));
        assertEquals(69, summary(member).number("availablePoints"));

        clock.advance(Duration.ofDays(366));
        assertEquals(0, summary(member).number("availablePoints"), "expired lots count for nothing at once");
        run(Job.EXPIRE_LOTS);
        run(Job.EXPIRE_LOTS);

        assertEquals(0, summary(member).number("availablePoints"));
        assertEquals(-69, sum("SELECT sum(points) FROM points_entry WHERE kind = 'EXPIRE' AND member_id = '" + member + "'"),
                "one EXPIRE entry for what was left, however often the job runs");
        assertEquals(0, sum("SELECT sum(points) FROM points_entry WHERE member_id = '" + member + "'"));
    }

    @Test
    void aTierComesAtOnceAndGoesOnlyAfterTheGracePeriod() {
        UUID member = Fixtures.enroll(core, "LIFE0003");
        core.post("/api/v1/purchases", Fixtures.sale("till-3", "LIFE0003", 60000, clock.instant()));
        assertEquals("SILVER", summary(member).text("tier"), "upgraded by the purchase itself");

        clock.advance(Duration.ofDays(400));
        run(Job.TIER_REVIEW);
        assertEquals("SILVER", summary(member).text("tier"), "the first review only starts the grace period");

        clock.advance(Duration.ofDays(29));
        run(Job.TIER_REVIEW);
        assertEquals("SILVER", summary(member).text("tier"));

        clock.advance(Duration.ofDays(2));
        run(Job.TIER_REVIEW);
        assertEquals("MEMBER", summary(member).text("tier"));
    }

    @Test
    void qualifyingAgainDuringGraceKeepsTheTier() {
        UUID member = Fixtures.enroll(core, "LIFE0004");
        core.post("/api/v1/purchases", Fixtures.sale("till-4a", "LIFE0004", 60000, clock.instant()));
        clock.advance(Duration.ofDays(400));
        run(Job.TIER_REVIEW);

        core.post("/api/v1/purchases", Fixtures.sale("till-4b", "LIFE0004", 55000, clock.instant()));
        clock.advance(Duration.ofDays(40));
        run(Job.TIER_REVIEW);

        assertEquals("SILVER", summary(member).text("tier"));
    }

    @Test
    void aJobTakenByOneInstanceIsSkippedByAnother() throws Exception {
        try (Connection other = database.connect(); Statement s = other.createStatement()) {
            s.execute("SELECT pg_advisory_lock(hashtextextended('job:expire-lots', 0))");
            assertTrue(core.service().maintenance().runIfDue(Job.EXPIRE_LOTS, Duration.ZERO).isEmpty(),
                    "another instance holds the job: this one skips it");
            s.execute("SELECT pg_advisory_unlock(hashtextextended('job:expire-lots', 0))");
        }
        assertTrue(core.service().maintenance().runIfDue(Job.EXPIRE_LOTS, Duration.ZERO).isPresent());
        assertTrue(core.service().maintenance().runIfDue(Job.EXPIRE_LOTS, Duration.ofHours(1)).isEmpty(),
                "and it does not run again before its interval");
    }

    private long sum(String sql) throws Exception {
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
