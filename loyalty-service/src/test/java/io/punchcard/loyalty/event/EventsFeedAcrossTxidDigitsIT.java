package io.punchcard.loyalty.event;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.support.CoreUnderTest;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a consumer of {@code GET /api/v1/events} relies on, across transaction ids of every length: paging with
 * any limit serves every committed event exactly once, in the order of the positions it hands out, including
 * events whose transaction took its id early and committed late. Transaction ids are burnt past three powers of
 * ten (e.g. 9 999 → 10 000), because a position compared as text jumps there.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class EventsFeedAcrossTxidDigitsIT {

    private static final int WRITERS = 4;
    private static final int COMMITS_PER_WRITER = 8;

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
    void everyCommittedEventIsServedOnceInPositionOrderWhateverTheLimit() throws Exception {
        String start = core.eventsPosition();
        long from = currentTxid();
        long firstBoundary = 10;
        while (firstBoundary <= from + 50) {
            firstBoundary *= 10;
        }

        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
        AtomicBoolean writing = new AtomicBoolean(true);
        // A consumer that follows the feed while it is written, as the campaign scheduler does.
        CompletableFuture<List<JsonNode>> follower = CompletableFuture.supplyAsync(() -> follow(start, writing), pool);
        try {
            for (long boundary = firstBoundary; boundary <= firstBoundary * 100; boundary *= 10) {
                writeAcross(boundary, pool);
            }
        } finally {
            writing.set(false);
        }
        List<JsonNode> followed = follower.get(60, TimeUnit.SECONDS);
        pool.shutdown();
        assertTrue(currentTxid() > firstBoundary * 100, "the transaction ids crossed three powers of ten");

        List<Long> committed = committedSince(start);
        assertEquals(WRITERS * COMMITS_PER_WRITER * 3 * 2 + 3, committed.size(), "events this test committed");
        assertServedOnceInOrder(committed, followed, "the follower (limit 7, while writing)");
        for (int limit : new int[] {1, 7, 100}) {
            assertServedOnceInOrder(committed, page(start, limit), "paging with limit " + limit);
        }
    }

    /**
     * Burns ids up to just below {@code boundary}, opens a transaction that takes its id there and commits last,
     * and meanwhile commits events from {@link #WRITERS} threads whose ids run past the boundary.
     */
    private static void writeAcross(long boundary, ExecutorService pool) throws Exception {
        burnTo(boundary - 10);
        try (Connection late = database.connect()) {
            late.setAutoCommit(false);
            insertEvent(late, "late", boundary);
            List<CompletableFuture<Void>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                String writer = "w" + w;
                writers.add(CompletableFuture.runAsync(() -> write(writer, boundary), pool));
            }
            CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            late.commit();
        }
    }

    private static void write(String writer, long boundary) {
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            for (int i = 0; i < COMMITS_PER_WRITER; i++) {
                // Two events a transaction: the feed may cut a page between them.
                insertEvent(c, writer, boundary * 100 + i * 2L);
                insertEvent(c, writer, boundary * 100 + i * 2L + 1);
                c.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void insertEvent(Connection c, String writer, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox_event (type, payload, at) "
                + "VALUES ('test.feed', jsonb_build_object('writer', ?::text, 'seq', ?::bigint), now())")) {
            ps.setString(1, writer);
            ps.setLong(2, seq);
            ps.executeUpdate();
        }
    }

    /** Takes transaction ids until the next one handed out is {@code next}: subtransactions each take one. */
    private static void burnTo(long next) throws SQLException {
        long burn = next - currentTxid() - 2;
        if (burn <= 0) {
            return;
        }
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE burn (x int)");
            s.execute("DO $$ BEGIN FOR i IN 1.." + burn + " LOOP BEGIN INSERT INTO burn VALUES (i); "
                    + "EXCEPTION WHEN OTHERS THEN NULL; END; END LOOP; END $$");
        }
    }

    private static long currentTxid() throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_current_xact_id()::text::bigint")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<Long> committedSince(String position) throws SQLException {
        long id = position.isEmpty() ? 0 : Long.parseLong(position.split("-")[1]);
        List<Long> ids = new ArrayList<>();
        try (Connection c = database.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM outbox_event WHERE type = 'test.feed' AND id > " + id)) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    private static void assertServedOnceInOrder(List<Long> committed, List<JsonNode> served, String how) {
        List<JsonNode> ours = served.stream().filter(e -> e.get("type").asText().equals("test.feed")).toList();
        List<Long> ids = ours.stream().map(e -> e.get("id").asLong()).toList();
        assertEquals(committed.stream().sorted().toList(), ids.stream().sorted().toList(),
                how + ": every committed event exactly once");
        long[] previous = {-1, -1};
        Map<String, Long> lastSeq = new HashMap<>();
        for (JsonNode event : ours) {
            String[] position = event.get("position").asText().split("-");
            long[] current = {Long.parseLong(position[0]), Long.parseLong(position[1])};
            assertTrue(current[0] > previous[0] || current[0] == previous[0] && current[1] > previous[1],
                    how + ": positions rise, " + previous[0] + "-" + previous[1] + " then " + event.get("position"));
            previous = current;
            String writer = event.get("payload").get("writer").asText();
            long seq = event.get("payload").get("seq").asLong();
            Long before = lastSeq.put(writer, seq);
            assertTrue(before == null || before < seq, how + ": " + writer + "'s events in the order it committed them");
        }
    }

    private static List<JsonNode> follow(String from, AtomicBoolean writing) {
        List<JsonNode> seen = new ArrayList<>();
        String cursor = from;
        boolean lastRound = false;
        while (true) {
            boolean stillWriting = writing.get();
            JsonNode page = core.get("/api/v1/events?after=" + cursor + "&limit=7").body();
            page.get("events").forEach(seen::add);
            cursor = page.get("next").asText();
            if (page.get("events").isEmpty()) {
                if (lastRound) {
                    return seen;
                }
                // One more empty page after the writers stopped, so nothing committed meanwhile is missed.
                lastRound = !stillWriting;
                pause();
            }
        }
    }

    /** A poll interval for a follower that has caught up, as a real consumer has. */
    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonNode> page(String from, int limit) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = from;
        while (true) {
            JsonNode page = core.get("/api/v1/events?after=" + cursor + "&limit=" + limit).body();
            if (page.get("events").isEmpty()) {
                return all;
            }
            assertTrue(page.get("events").size() <= limit, "a page holds at most its limit");
            page.get("events").forEach(all::add);
            cursor = page.get("next").asText();
        }
    }
}
