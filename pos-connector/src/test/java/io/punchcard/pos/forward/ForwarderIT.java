package io.punchcard.pos.forward;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;
import io.punchcard.api.Json;
import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.v1.EnrollMember;
import io.punchcard.api.v1.MemberRef;
import io.punchcard.api.v1.PurchaseLine;
import io.punchcard.api.v1.PurchaseSource;
import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.api.v1.RecordRefund;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.access.Scope;
import io.punchcard.platform.PunchcardServer;
import io.punchcard.platform.store.Postgres;
import io.punchcard.platform.store.PostgresSettings;
import io.punchcard.outbox.Forwarder;
import io.punchcard.outbox.Outbox;
import io.punchcard.outbox.SqliteOutbox;
import io.punchcard.testsupport.MutableClock;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbox reaches a real core through an outage: what the tills finished while the core was down is
 * recorded when it is back, each sale once with its points, in order; and forwarding everything again (a
 * connector killed between sending and marking) records nothing twice.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class ForwarderIT {

    private static final PurchaseSource TILL = new PurchaseSource("POS", "S001", "T1", null);
    /** The core's clock: a Monday morning, outside the program's Tuesday happy hour, so the points are fixed. */
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    private static final int SALES = 400;
    private static final int MEMBERS = 5;

    private static WebServer serve(LoyaltyService core, int port) {
        return PunchcardServer.start(Config.just(ConfigSources.create(Map.of("server.port", Integer.toString(port),
                "server.host", "127.0.0.1"))), List.of(core), List.of());
    }

    private static Outbox.NewEntry sale(int n) throws Exception {
        RecordPurchase sale = new RecordPurchase(TILL, "sale-" + n, MemberRef.card("FWD" + (n % MEMBERS) + "0000"),
                CLOCK.instant().minusSeconds(600), "EUR", List.of(new PurchaseLine("SKU" + n, "shirts", BigDecimal.ONE,
                1000L + n, 0L)), null, null, null, 1000L + n, null, null);
        return new Outbox.NewEntry("T1", PosKinds.SALE, sale.externalId(), Json.mapper().writeValueAsString(sale),
                Instant.now());
    }

    private static void drain(Forwarder forwarder, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            Forwarder.Step step = forwarder.step();
            if (step instanceof Forwarder.Idle) {
                return;
            }
            if (step instanceof Forwarder.Waiting waiting) {
                Thread.sleep(Math.min(200, waiting.pause().toMillis()));
            }
        }
        throw new AssertionError("the outbox did not drain within " + within);
    }

    @Test
    void salesFinishedWhileTheCoreWasDownAreRecordedOnceWhenItIsBack(TestPostgres postgres, @TempDir Path dir)
            throws Exception {
        Postgres pool = Postgres.open(new PostgresSettings(postgres.jdbcUrl(), postgres.username(),
                postgres.password(), 8));
        LoyaltyService core = new LoyaltyService(pool.dbClient(), null, CLOCK);
        WebServer server = serve(core, 0);
        int port = server.port();
        String storeKey = core.apiKeys().create("store S001 connector", Scope.STORE, "S001").token();
        PunchcardClient client = new PunchcardClient(new PunchcardClient.Settings(URI.create("http://127.0.0.1:" + port),
                storeKey, Duration.ofMillis(500), Duration.ofSeconds(5), 1, Duration.ofMillis(10)));
        for (int m = 0; m < MEMBERS; m++) {
            client.enroll(new EnrollMember("Fwd", null, null, null, "FWD" + m + "0000", null, null, null, null, "POS",
                    "S001", null, null, null));
        }
        long expectedPoints = 0;
        try (Outbox outbox = SqliteOutbox.open(dir.resolve("outbox.sqlite"))) {
            Forwarder forwarder = new Forwarder(outbox, new PosCourier(client), Clock.systemUTC(), Duration.ofMillis(50),
                    Duration.ofMillis(400));
            for (int n = 0; n < 250; n++) {
                outbox.append(sale(n));
                if (n == 10) {
                    // A body no retry could ever send: set aside for a person, not left to block the queue.
                    outbox.append(new Outbox.NewEntry("T1", PosKinds.SALE, "garbled", "{not json", Instant.now()));
                }
            }
            outbox.append(new Outbox.NewEntry("T1", PosKinds.RETURN, "return-3", Json.mapper().writeValueAsString(
                    new RecordRefund(TILL, "return-3", null, TILL, "sale-3", null, 500L, Instant.now(), null)), Instant.now()));
            drain(forwarder, Duration.ofSeconds(60));

            server.stop();
            for (int n = 250; n < SALES; n++) {
                outbox.append(sale(n));
            }
            Forwarder.Step offline = forwarder.step();
            assertInstanceOf(Forwarder.Waiting.class, offline);
            assertEquals(150, outbox.stats().pending(), "nothing leaves the queue while the core is down");

            server = serve(core, port);
            drain(forwarder, Duration.ofSeconds(60));
            assertEquals(0, outbox.stats().pending());
            assertEquals(1, outbox.stats().rejected());
            assertEquals(Outbox.State.REJECTED, outbox.find("T1", PosKinds.SALE, "garbled").orElseThrow().state());
            for (int n = 0; n < SALES; n++) {
                String answer = outbox.find("T1", PosKinds.SALE, "sale-" + n).orElseThrow().outcome();
                expectedPoints += Json.mapper().readTree(answer).get("pointsEarned").asLong();
            }
        }
        assertEquals(SALES, count(postgres, "SELECT count(*) FROM purchase WHERE source = 'pos:S001:T1'"));
        assertEquals(expectedPoints, count(postgres, "SELECT sum(points_earned) FROM purchase WHERE source = 'pos:S001:T1'"),
                "the points the core answered each sale with are the points recorded");
        assertEquals(pointsByTheProgram(), expectedPoints, "the default program's points for these sales");
        assertEquals(1, count(postgres, "SELECT count(*) FROM refund"));

        // The connector killed after sending and before marking: the same entries go again, from a fresh outbox.
        try (Outbox again = SqliteOutbox.open(dir.resolve("again.sqlite"))) {
            for (int n = 0; n < SALES; n++) {
                again.append(sale(n));
            }
            drain(new Forwarder(again, new PosCourier(client), Clock.systemUTC(), Duration.ofMillis(50), Duration.ofMillis(400)),
                    Duration.ofSeconds(60));
            assertTrue(again.find("T1", PosKinds.SALE, "sale-7").orElseThrow().state() == Outbox.State.SENT);
        }
        assertEquals(SALES, count(postgres, "SELECT count(*) FROM purchase WHERE source = 'pos:S001:T1'"),
                "sent twice, recorded once");
        assertEquals(expectedPoints, count(postgres, "SELECT sum(points_earned) FROM purchase WHERE source = 'pos:S001:T1'"));
        server.stop();
        pool.close();
    }

    /**
     * The default program's points for sale 0 to 399 in the order they reach the core: a point per whole euro,
     * and Silver's 25 % more (rounded down) once the member's earlier sales reach 500.00. (The return of 5.00
     * comes after each member is Silver already, so it changes no tier.)
     */
    private static long pointsByTheProgram() {
        long[] spentMinor = new long[MEMBERS];
        long points = 0;
        for (int n = 0; n < SALES; n++) {
            long amountMinor = 1000L + n;
            boolean silver = spentMinor[n % MEMBERS] >= 50_000;
            points += amountMinor / 100 + (silver ? amountMinor / 400 : 0);
            spentMinor[n % MEMBERS] += amountMinor;
        }
        return points;
    }

    private static long count(TestPostgres postgres, String sql) throws Exception {
        try (Connection c = postgres.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
