package io.punchcard.loyalty.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.client.PunchcardException;
import io.punchcard.api.v1.PurchaseRecorded;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.access.Scope;
import io.punchcard.loyalty.support.CoreUnderTest;
import io.punchcard.loyalty.support.Fixtures;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The Java client through a real proxy that loses answers: a sale whose answer was lost is retried with the
 * same id and recorded once.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class PunchcardClientIT {

    private static CoreUnderTest core;
    private static HttpServer proxy;
    private static String token;
    private static final AtomicInteger ANSWERS_TO_LOSE = new AtomicInteger();

    @BeforeAll
    static void start(TestPostgres postgres) throws IOException {
        core = CoreUnderTest.start(postgres, Clock.systemUTC());
        token = core.service().apiKeys().create("client test", Scope.CONNECTOR, null).token();
        HttpClient upstream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", exchange -> forward(exchange, upstream));
        proxy.start();
    }

    @AfterAll
    static void stop() {
        proxy.stop(0);
        core.close();
    }

    /** Passes the request to the core; while answers are to be lost, drops the core's answer and says 503. */
    private static void forward(HttpExchange exchange, HttpClient upstream) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(core.baseUri() + exchange.getRequestURI()))
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (name.equalsIgnoreCase("Authorization") || name.equalsIgnoreCase("Content-Type")) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            HttpResponse<byte[]> answer = upstream.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (ANSWERS_TO_LOSE.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", answer.headers().firstValue("Content-Type").orElse("application/json"));
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static PunchcardClient client() {
        return new PunchcardClient(new PunchcardClient.Settings(URI.create("http://127.0.0.1:" + proxy.getAddress().getPort()),
                token, Duration.ofSeconds(2), Duration.ofSeconds(5), 4, Duration.ofMillis(50)));
    }

    @Test
    void aSaleWhoseAnswerWasLostIsRetriedAndRecordedOnce() {
        UUID member = Fixtures.enroll(core, "CLIENT001");
        ANSWERS_TO_LOSE.set(2);

        PurchaseRecorded recorded = client().recordPurchase(
                Fixtures.sale("client-1", "CLIENT001", 3000, Instant.now().minusSeconds(60)));

        assertEquals(0, ANSWERS_TO_LOSE.get(), "two answers were lost on the way");
        assertEquals(30, recorded.pointsEarned());
        assertEquals(30, client().summary(member).availablePoints(), "recorded once, though sent three times");
    }

    @Test
    void aRefusalArrivesAsAProblem() {
        PunchcardException e = assertThrows(PunchcardException.class, () -> client().summaryByCard("NOBODY99"));

        assertEquals(404, e.status());
        assertEquals("https://punchcard.io/problems/member-not-found", e.problem().type().toString());
    }

    @Test
    void anUnreachableCoreIsReportedAfterItsTries() {
        PunchcardClient nowhere = new PunchcardClient(new PunchcardClient.Settings(URI.create("http://127.0.0.1:1"),
                token, Duration.ofMillis(200), Duration.ofSeconds(1), 2, Duration.ofMillis(10)));

        PunchcardException e = assertThrows(PunchcardException.class, () -> nowhere.summaryByCard("X"));

        assertEquals(0, e.status());
    }
}
