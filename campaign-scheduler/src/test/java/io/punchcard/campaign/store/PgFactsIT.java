package io.punchcard.campaign.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.punchcard.api.event.LoyaltyEvent;
import io.punchcard.api.v1.EventPage;
import io.punchcard.campaign.CampaignScheduler;
import io.punchcard.campaign.core.FactsFollower.PageOutcome;
import io.punchcard.campaign.facts.Applied;
import io.punchcard.campaign.facts.Feed;
import io.punchcard.campaign.facts.FeedScript;
import io.punchcard.campaign.facts.MemberFacts;
import io.punchcard.campaign.facts.Windows;
import io.punchcard.platform.store.Postgres;
import io.punchcard.platform.store.PostgresSettings;
import io.punchcard.testsupport.MutableClock;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;

/**
 * The read model in PostgreSQL, fed with the typed records directly (no core): replays, two followers at once,
 * rebuilds and the daily roll all end with the same tables, and what a listener writes commits with the facts.
 */
@WithStores
class PgFactsIT {

    /** Noon in Paris; every zone of the script is on the same date at this hour but Kiritimati (UTC+14). */
    private static final Instant NOW = Instant.parse("2026-12-07T11:00:00Z");
    private static final FeedScript SCRIPT = FeedScript.of(5_000, 42, NOW);

    private static Postgres pool;
    private static MutableClock clock;
    private static PgFacts facts;

    @BeforeAll
    static void open(TestPostgres postgres) throws SQLException {
        pool = Postgres.openSchema(new PostgresSettings(postgres.jdbcUrl(), postgres.username(), postgres.password(), 6),
                CampaignScheduler.SCHEMA, CampaignScheduler.MIGRATIONS);
        clock = new MutableClock(NOW);
        facts = new PgFacts(pool.dbClient(), clock, FactsListener.NONE);
        try (Connection c = pool.dbClient().unwrap(Connection.class); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE scheduler.test_effect (event_id bigint PRIMARY KEY, member_id uuid NOT NULL)");
        }
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @BeforeEach
    void empty() {
        clock.set(NOW);
        facts.rebuild();
    }

    @Test
    void aPageAppliedTwiceIsTakenOnce() {
        EventPage first = SCRIPT.after("", 300);
        assertInstanceOf(PageOutcome.Taken.class, facts.apply("", first, FeedScript.PROGRAM));
        Map<String, List<String>> once = dump();

        PageOutcome again = facts.apply("", first, FeedScript.PROGRAM);

        assertEquals(new PageOutcome.Moved(first.next()), again, "a follower that read from the start is told where it stands");
        assertEquals(once, dump());
        assertEquals(first.next(), facts.position().orElseThrow());
    }

    @Test
    void twoFollowersAtOnceEndWithTheFactsOfOne() throws Exception {
        follow(facts, 1000);
        Map<String, List<String>> alone = dump();
        assertTrue(alone.get("member_facts").size() > 200, "the script names hundreds of members");
        assertTrue(alone.get("fact_rule_points").size() > 50, "and campaign rule points");

        facts.rebuild();
        PgFacts second = new PgFacts(pool.dbClient(), clock, FactsListener.NONE);
        CountDownLatch ready = new CountDownLatch(2);
        try (ExecutorService both = Executors.newFixedThreadPool(2)) {
            // Pages of different sizes, so the two read overlapping pages and each finds the other's position.
            Future<?> a = both.submit(() -> {
                ready.countDown();
                await(ready);
                follow(facts, 97);
            });
            Future<?> b = both.submit(() -> {
                ready.countDown();
                await(ready);
                follow(second, 160);
            });
            a.get();
            b.get();
        }
        assertEquals(alone, dump());
    }

    @Test
    void aRebuildFromTheStartGivesTheSameFacts() {
        follow(facts, 250);
        Map<String, List<String>> built = dump();
        String position = facts.position().orElseThrow();

        facts.rebuild();
        assertEquals(PgFacts.START, facts.position().orElseThrow());
        assertTrue(dump().get("member_facts").isEmpty());
        follow(facts, 600);

        assertEquals(built, dump());
        assertEquals(position, facts.position().orElseThrow());
    }

    @Test
    void theDailyRollGivesTheWindowsARebuildOnThatDayGives() {
        follow(facts, 500);
        Map<String, List<String>> today = dump();
        LocalDate later = LocalDate.of(2027, 1, 20);

        int recomputed = facts.roll(later);
        Map<String, List<String>> rolled = dump();
        assertTrue(recomputed > 50, "members with purchases leaving a window: " + recomputed);
        assertNotEquals(today, rolled);
        assertEquals(0, facts.roll(later), "a second roll for the day finds nothing to do");
        assertEquals(rolled, dump());

        clock.set(later.atTime(12, 0).atZone(FeedScript.PROGRAM).toInstant());
        facts.rebuild();
        follow(facts, 500);
        assertEquals(rolled, dump(), "rolled forward 44 days, the windows are those of a read on that day");
    }

    @Test
    void whatTheListenerWritesCommitsWithTheFactsOrNotAtAll() throws SQLException {
        AtomicBoolean failing = new AtomicBoolean(true);
        List<Applied> seen = new ArrayList<>();
        PgFacts withListener = new PgFacts(pool.dbClient(), clock, (c, applied) -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO scheduler.test_effect VALUES (?, ?)")) {
                for (Applied a : applied) {
                    if (a.firstPurchase()) {
                        ps.setLong(1, a.eventId());
                        ps.setObject(2, a.memberId());
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
            if (failing.get()) {
                throw new SQLException("the campaign engine fails mid-page");
            }
            seen.addAll(applied);
        });
        EventPage page = SCRIPT.after("", 400);
        clear("scheduler.test_effect");

        assertThrows(SchedulerStoreException.class, () -> withListener.apply("", page, FeedScript.PROGRAM));
        assertEquals(PgFacts.START, withListener.position().orElseThrow(), "the position stayed");
        assertEquals(0, count("scheduler.member_facts"));
        assertEquals(0, count("scheduler.fact_purchase"));
        assertEquals(0, count("scheduler.test_effect"));

        failing.set(false);
        assertInstanceOf(PageOutcome.Taken.class, withListener.apply("", page, FeedScript.PROGRAM));
        long firsts = seen.stream().filter(Applied::firstPurchase).count();
        assertTrue(firsts > 10, "first purchases in the page: " + firsts);
        assertEquals(firsts, count("scheduler.test_effect"));
        assertEquals(page.events().size(), seen.size(), "the listener hears of every event, in order");
        assertEquals(page.events().get(0).id(), seen.get(0).eventId());
        assertEquals(page.next(), withListener.position().orElseThrow());
        assertTrue(count("scheduler.member_facts") > 0);
    }

    @Test
    void aPurchaseOfAMergedAwayMemberInALaterPageCountsForTheSurvivor() {
        UUID ada = UUID.randomUUID();
        UUID duplicate = UUID.randomUUID();
        List<EventPage.FeedEvent> first = List.of(
                Feed.entry(1, ada, new LoyaltyEvent.MemberJoined(Feed.member("UTC", "GOLD", true, true, null)), NOW),
                Feed.entry(2, duplicate, new LoyaltyEvent.MemberJoined(Feed.member("UTC", "GOLD", true, true, null)), NOW),
                Feed.entry(3, duplicate, Feed.purchase(UUID.randomUUID(), NOW.minusSeconds(90), 1_000, List.of(), false),
                        NOW),
                Feed.entry(4, ada, new LoyaltyEvent.MemberMerged(duplicate, 0, Feed.member("UTC", "GOLD", true, true,
                        null)), NOW));
        facts.apply("", new EventPage(first, Feed.position(4)), FeedScript.PROGRAM);
        assertEquals(1, facts.find(ada).orElseThrow().purchases(), "the duplicate's purchase moved with the merge");

        facts.apply(Feed.position(4), new EventPage(List.of(Feed.entry(5, duplicate, Feed.purchase(UUID.randomUUID(),
                NOW.minusSeconds(30), 500, List.of(), false), NOW)), Feed.position(5)), FeedScript.PROGRAM);

        MemberFacts survivor = facts.find(ada).orElseThrow();
        assertEquals(2, survivor.purchases());
        assertEquals(1_500, survivor.windows().spend30());
        assertEquals(0, facts.find(duplicate).orElseThrow().purchases());
        assertEquals(2, count("scheduler.fact_purchase"));
    }

    @Test
    void anErasedMemberLeavesNoRowIncludingTags() throws SQLException {
        UUID ada = UUID.randomUUID();
        UUID sale = UUID.randomUUID();
        List<EventPage.FeedEvent> events = List.of(
                Feed.entry(1, ada, new LoyaltyEvent.MemberJoined(Feed.member("UTC", "GOLD", true, true, null)), NOW),
                Feed.entry(2, ada, Feed.purchase(sale, NOW.minusSeconds(60), 1_000, List.of("tea"), false,
                        new LoyaltyEvent.RulePoints("double", "C1", 10)), NOW));
        facts.apply("", new EventPage(events, Feed.position(2)), FeedScript.PROGRAM);
        try (Connection c = pool.dbClient().unwrap(Connection.class);
             PreparedStatement ps = c.prepareStatement("INSERT INTO scheduler.member_tag VALUES (?, 'vip', 'STAFF', 'ana', now())")) {
            ps.setObject(1, ada);
            ps.executeUpdate();
        }
        MemberFacts before = facts.find(ada).orElseThrow();
        assertEquals(new Windows(LocalDate.of(2026, 12, 7), 1, 1, 1, 1_000, 1_000, 1_000), before.windows());

        facts.apply(Feed.position(2), new EventPage(List.of(Feed.entry(3, ada, new LoyaltyEvent.MemberErased(), NOW)),
                Feed.position(3)), FeedScript.PROGRAM);

        assertTrue(facts.find(ada).isEmpty());
        for (String table : List.of("member_facts", "fact_purchase", "fact_rule_points", "member_tag")) {
            assertEquals(0, count("scheduler." + table), table);
        }
    }

    @Test
    void theRebuildCommandEmptiesTheReadModelOfTheDatabaseConfigured(TestPostgres postgres) {
        follow(facts, 1000);
        assertTrue(count("scheduler.member_facts") > 0);
        Map<String, String> settings = Map.of("db.url", postgres.jdbcUrl(), "db.username", postgres.username(),
                "db.password", postgres.password());
        // The command reads its database as the server does; system properties stand in for DB_URL and the rest.
        settings.forEach(System::setProperty);
        try {
            io.punchcard.campaign.Main.main(new String[] {io.punchcard.campaign.Main.REBUILD_FACTS});
        } finally {
            settings.keySet().forEach(System::clearProperty);
        }
        assertEquals(PgFacts.START, facts.position().orElseThrow());
        assertEquals(0, count("scheduler.member_facts"));
        assertEquals(0, count("scheduler.fact_purchase"));
    }

    /** Follows the script to its end as a follower does, a page of {@code size} at a time. */
    private static void follow(PgFacts store, int size) {
        while (true) {
            String from = store.position().orElse(PgFacts.START);
            EventPage page = SCRIPT.after(from, size);
            if (page.events().isEmpty()) {
                return;
            }
            store.apply(from, page, FeedScript.PROGRAM);
        }
    }

    /** Every row of the three fact tables, as text, in a fixed order. */
    private static Map<String, List<String>> dump() {
        Map<String, List<String>> tables = new TreeMap<>();
        for (String table : List.of("member_facts", "fact_purchase", "fact_rule_points")) {
            List<String> rows = new ArrayList<>();
            try (Connection c = pool.dbClient().unwrap(Connection.class);
                 PreparedStatement ps = c.prepareStatement("SELECT t::text FROM scheduler." + table + " t ORDER BY t::text");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            tables.put(table, rows);
        }
        return tables;
    }

    private static long count(String table) {
        try (Connection c = pool.dbClient().unwrap(Connection.class);
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void clear(String table) throws SQLException {
        try (Connection c = pool.dbClient().unwrap(Connection.class); Statement s = c.createStatement()) {
            s.execute("DELETE FROM " + table);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
