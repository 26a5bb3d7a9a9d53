package io.punchcard.loyalty;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.Json;
import io.punchcard.embedded.LocalPostgres;
import io.punchcard.loyalty.support.CoreUnderTest;
import io.punchcard.loyalty.support.Fixtures;
import io.punchcard.testsupport.Await;
import io.punchcard.testsupport.PostgresServer;
import io.punchcard.testsupport.StoreSource;
import io.punchcard.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL restarts while tills record sales and spend points through the core's API. Every write answered
 * 2xx is in the database afterwards, exactly; every write during the outage is answered a 503 problem within
 * the client's timeout (or, should the connection break during a commit, a 504 saying the outcome is
 * unknown), never a 500; a write answered 503 was not carried out, so sending it again is its first time; the
 * core serves again without a restart of its own; and health says DOWN during the outage and UP after.
 */
class PostgresRestartIT {

    private static final int TILLS = 4;
    /** What a till's HTTP client waits for an answer; the core must answer within it, outage or not. */
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    enum Phase { BEFORE, OUTAGE, AFTER }

    /** A write a till sent, and what it was answered. */
    record Write(String path, Object body, int status, JsonNode answer, Phase phase) {
    }

    /** One till: its member, and the writes it sent, in order. */
    static final class Till {
        final String card;
        final UUID member;
        final Queue<Write> writes = new ConcurrentLinkedQueue<>();
        final AtomicLong okBefore = new AtomicLong();
        final AtomicLong refusedInOutage = new AtomicLong();
        final AtomicLong okAfter = new AtomicLong();

        Till(String card, UUID member) {
            this.card = card;
            this.member = member;
        }
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void everyAnsweredWriteSurvivesARestartAndWritesDuringItAre503sNever500s(@TempDir Path folder) throws Exception {
        Path data = folder.resolve("data");
        LocalPostgres server = LocalPostgres.start(data, 0, LocalPostgres.Durability.THROWAWAY);
        int port = server.port();
        TestPostgres database = new PostgresServer("jdbc:postgresql://127.0.0.1:" + port + "/", "postgres",
                LocalPostgres.USER, "", StoreSource.EMBEDDED).createDatabase("restart", LoyaltyService.MIGRATIONS);
        CoreUnderTest core = CoreUnderTest.start(database, Clock.systemUTC());
        AtomicBoolean running = new AtomicBoolean(true);
        try {
            AtomicReference<Phase> phase = new AtomicReference<>(Phase.BEFORE);
            Queue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicLong worstOutageNanos = new AtomicLong();
            List<Till> tills = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < TILLS; t++) {
                Till till = new Till("RESTART" + t, Fixtures.enroll(core, "RESTART" + t));
                tills.add(till);
                threads.add(Thread.ofPlatform().daemon(true).name("till-" + t).start(() -> {
                    try {
                        sell(core, till, phase, running, failures, worstOutageNanos);
                    } catch (RuntimeException e) {
                        failures.add(till.card + ": " + e);
                    }
                }));
            }

            await(() -> !failures.isEmpty() || tills.stream().allMatch(t -> t.okBefore.get() >= 10), "writes before");
            assertTrue(failures.isEmpty(), String.join("\n", failures));
            server.close();
            phase.set(Phase.OUTAGE);
            await(() -> !failures.isEmpty() || tills.stream().allMatch(t -> t.refusedInOutage.get() >= 3),
                    "writes refused during the outage");
            assertTrue(failures.isEmpty(), String.join("\n", failures));
            assertEquals("DOWN", health(core), "health during the outage");

            server = LocalPostgres.start(data, port, LocalPostgres.Durability.THROWAWAY);
            phase.set(Phase.AFTER);
            await(() -> !failures.isEmpty() || tills.stream().allMatch(t -> t.okAfter.get() >= 10),
                    "writes after the restart, on the same core");
            running.set(false);
            for (Thread thread : threads) {
                thread.join();
            }
            assertTrue(failures.isEmpty(), String.join("\n", failures));
            assertEquals("UP", health(core), "health after the restart");

            // What a till does next: send every unanswered write again, with the same id.
            for (Till till : tills) {
                for (Write write : till.writes) {
                    if (write.status() >= 300) {
                        Write again = send(core, write.path(), write.body(), Phase.AFTER);
                        if (write.status() == 503) {
                            assertEquals(201, again.status(), "a write answered 503 was not carried out: " + again.answer());
                        } else {
                            assertTrue(again.status() == 200 || again.status() == 201, again.answer().toString());
                        }
                        till.writes.add(again);
                    }
                }
            }

            long refused = 0;
            long unknown = 0;
            for (Till till : tills) {
                refused += till.writes.stream().filter(w -> w.status() == 503).count();
                unknown += till.writes.stream().filter(w -> w.status() == 504).count();
                assertReadBackExactly(core, database, till);
            }
            System.out.printf("PostgreSQL restart with %d tills: %d writes, %d answered 503 and %d answered 504 "
                            + "during the outage, the slowest of those in %.1f ms%n",
                    TILLS, tills.stream().mapToLong(t -> t.writes.size()).sum(), refused, unknown,
                    worstOutageNanos.get() / 1e6);
        } finally {
            running.set(false);
            core.close();
            server.close();
        }
    }

    /** A till's loop: a sale, and every third time a redemption of 5 points it surely has. */
    private static void sell(CoreUnderTest core, Till till, AtomicReference<Phase> phase, AtomicBoolean running,
                             Queue<String> failures, AtomicLong worstOutageNanos) {
        long confirmed = 0;
        for (int n = 0; running.get() && failures.isEmpty(); n++) {
            Phase now = phase.get();
            boolean redeem = n % 3 == 2 && confirmed - 5 * unresolvedRedemptions(till) >= 5;
            String path = redeem ? "/api/v1/members/" + till.member + "/redemptions" : "/api/v1/purchases";
            Object body = redeem ? Map.of("redemptionId", till.card + "-r" + n, "points", 5)
                    : Fixtures.sale(till.card + "-s" + n, till.card, 1000, Instant.now().minusSeconds(60));
            long start = System.nanoTime();
            Write write = send(core, path, body, now);
            long nanos = System.nanoTime() - start;
            till.writes.add(write);
            if (write.status() == 201) {
                confirmed += redeem ? -5 : write.answer().path("pointsEarned").asLong();
                (now == Phase.BEFORE ? till.okBefore : now == Phase.AFTER ? till.okAfter : new AtomicLong()).incrementAndGet();
            } else if (write.status() == 503 || write.status() == 504) {
                worstOutageNanos.accumulateAndGet(nanos, Math::max);
                String type = write.answer().path("type").asText();
                String expected = write.status() == 503 ? "database-unavailable" : "outcome-unknown";
                if (!type.endsWith("/" + expected)) {
                    failures.add(till.card + ": a " + write.status() + " of type " + type + ": " + write.answer());
                }
                if (now == Phase.OUTAGE) {
                    till.refusedInOutage.incrementAndGet();
                }
            } else {
                failures.add(till.card + " " + now + ": " + path + " answered " + write.status() + " " + write.answer());
            }
        }
    }

    private static long unresolvedRedemptions(Till till) {
        return till.writes.stream().filter(w -> w.status() >= 300 && w.path().endsWith("/redemptions")).count();
    }

    /** Sends a write with the till's timeout; an answer that is not a problem+json when it is an error fails. */
    private static Write send(CoreUnderTest core, String path, Object body, Phase phase) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(core.baseUri() + path))
                    .timeout(CLIENT_TIMEOUT)
                    .header("Authorization", "Bearer " + core.token())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body)))
                    .build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 400 && !response.headers().firstValue("Content-Type").orElse("")
                    .startsWith("application/problem+json")) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + " as "
                        + response.headers().firstValue("Content-Type").orElse("nothing") + ": " + response.body());
            }
            return new Write(path, body, response.statusCode(), Json.mapper().readTree(response.body()), phase);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(path + " got no answer within " + CLIENT_TIMEOUT + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The health status as the core reports it, with its own timeout. */
    private static String health(CoreUnderTest core) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(core.baseUri() + "/observe/health"))
                .timeout(CLIENT_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
        return Json.mapper().readTree(response.body()).path("status").asText();
    }

    /**
     * The till's answered sales are exactly the member's purchases; the ledger sums to the points they earned
     * less the redemptions answered; the card says the same.
     */
    private static void assertReadBackExactly(CoreUnderTest core, TestPostgres database, Till till) throws Exception {
        Set<String> sales = new TreeSet<>();
        long earned = 0;
        long redemptions = 0;
        for (Write write : till.writes) {
            if (write.status() == 200 || write.status() == 201) {
                if (write.path().endsWith("/redemptions")) {
                    redemptions += write.status() == 201 ? 1 : 0;
                } else if (sales.add(((io.punchcard.api.v1.RecordPurchase) write.body()).externalId())) {
                    earned += write.answer().path("pointsEarned").asLong();
                }
            }
        }
        try (Connection c = database.connect()) {
            assertEquals(sales, strings(c, "SELECT external_id FROM purchase WHERE member_id = ?", till.member),
                    till.card + ": the purchases are exactly the sales answered 2xx");
            assertEquals(earned - 5 * redemptions, number(c, "SELECT coalesce(sum(points), 0) FROM points_entry "
                    + "WHERE member_id = ?", till.member), till.card + ": the ledger");
            assertEquals(redemptions, number(c, "SELECT count(*) FROM points_entry WHERE kind = 'REDEEM' "
                    + "AND member_id = ?", till.member), till.card + ": one ledger entry per redemption answered");
        }
        assertEquals(earned - 5 * redemptions, core.get("/api/v1/members/" + till.member + "/summary")
                .number("availablePoints"), till.card + ": the card");
    }

    private static Set<String> strings(Connection c, String sql, UUID member) throws Exception {
        Set<String> values = new TreeSet<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, member);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        }
        return values;
    }

    private static long number(Connection c, String sql, UUID member) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, member);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Await.until(condition, Duration.ofSeconds(90), what);
    }
}
