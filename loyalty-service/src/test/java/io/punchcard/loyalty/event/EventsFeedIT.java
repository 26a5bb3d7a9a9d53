package io.punchcard.loyalty.event;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.jobs.Job;
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

/** The feed never skips an event whose transaction commits after later ones. */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class EventsFeedIT {

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
    void anEventThatCommitsLateIsServedNotSkipped() throws Exception {
        Fixtures.enroll(core, "FEED0001");
        String cursor = core.eventsPosition();

        try (Connection slow = database.connect()) {
            slow.setAutoCommit(false);
            // A writer takes its event id first and commits last.
            try (PreparedStatement ps = slow.prepareStatement(
                    "INSERT INTO outbox_event (type, payload, at) VALUES ('test.slow', '{}'::jsonb, now()) RETURNING id")) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                }
            }
            core.post("/api/v1/purchases", Fixtures.sale("feed-1", "FEED0001", 1000, Instant.now().minusSeconds(60)));

            JsonNode page = core.get("/api/v1/events?after=" + cursor).body();
            assertEquals(0, page.get("events").size(),
                    "nothing after an event whose transaction is still open is served yet");
            slow.commit();
        }

        List<String> types = new ArrayList<>();
        JsonNode page = core.get("/api/v1/events?after=" + cursor + "&limit=1000").body();
        page.get("events").forEach(e -> types.add(e.get("type").asText()));
        assertEquals(List.of("test.slow", "purchase.recorded", "points.earned"), types);
    }

    @Test
    void theFeedKeepsMovingWhileAJobRuns() throws Exception {
        String cursor = core.eventsPosition();
        try (Connection blocker = database.connect()) {
            blocker.setAutoCommit(false);
            try (Statement s = blocker.createStatement()) {
                // Holds the job up at its first change to the lots, without taking a transaction id itself (an
                // ACCESS EXCLUSIVE lock would take one, to be logged for standbys).
                s.execute("LOCK TABLE points_lot IN SHARE MODE");
            }
            CompletableFuture<Optional<Integer>> run = CompletableFuture.supplyAsync(
                    () -> core.service().maintenance().runIfDue(Job.RELEASE_PENDING, Duration.ZERO));
            awaitWaitingOnTheLock();

            Fixtures.enroll(core, "FEED0002");
            JsonNode page = core.get("/api/v1/events?after=" + cursor + "&limit=1000").body();
            assertEquals(1, page.get("events").size(), "the member.joined event is served while the job waits");
            assertEquals("member.joined", page.get("events").get(0).get("type").asText());
            blocker.rollback();
            assertTrue(run.get(30, TimeUnit.SECONDS).isPresent());
        }
    }

    private static void awaitWaitingOnTheLock() throws Exception {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            for (int i = 0; i < 200; i++) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_locks WHERE NOT granted")) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("the job never reached the locked table");
    }

    @Test
    void pagingThroughTheFeedSeesEveryEventOnce() throws Exception {
        for (int i = 0; i < 7; i++) {
            Fixtures.enroll(core, "PAGE000" + i);
        }
        List<Long> seen = new ArrayList<>();
        String cursor = "";
        while (true) {
            JsonNode page = core.get("/api/v1/events?after=" + cursor + "&limit=3").body();
            page.get("events").forEach(e -> seen.add(e.get("id").asLong()));
            if (page.get("events").isEmpty()) {
                break;
            }
            cursor = page.get("next").asText();
        }
        try (Connection c = database.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM outbox_event")) {
            rs.next();
            assertEquals(rs.getLong(1), seen.size());
        }
        assertEquals(seen.size(), seen.stream().distinct().count(), "no event twice");
    }

    @Test
    void aPositionThatTheFeedNeverHandedOutIsRefused() {
        CoreUnderTest.Response response = core.get("/api/v1/events?after=yesterday");

        assertEquals(400, response.status());
        assertEquals("after", response.text("field"));
        assertFalse(response.body().toString().contains("Exception"));
        assertTrue(response.text("detail").contains("not a position"));
    }
}
