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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.client.PunchcardException;
import io.punchcard.api.v1.AdjustPoints;
import io.punchcard.api.v1.BuyReward;
import io.punchcard.api.v1.HoldVoucher;
import io.punchcard.api.v1.IssueVoucher;
import io.punchcard.api.v1.MemberView;
import io.punchcard.api.v1.MergeMembers;
import io.punchcard.api.v1.PointsAdjusted;
import io.punchcard.api.v1.PointsRedeemed;
import io.punchcard.api.v1.PurchaseRecorded;
import io.punchcard.api.v1.PurchaseSource;
import io.punchcard.api.v1.RedeemPoints;
import io.punchcard.api.v1.Resolution;
import io.punchcard.api.v1.ResolveCustomer;
import io.punchcard.api.v1.RewardBought;
import io.punchcard.api.v1.TenderCancelled;
import io.punchcard.api.v1.UpdateMember;
import io.punchcard.api.v1.VoucherView;
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

    /** Passes the request to the core; while answers are to be lost, drops the core's answer and says 502. */
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
                exchange.sendResponseHeaders(502, -1);
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
        return client(token);
    }

    private static PunchcardClient client(String key) {
        return new PunchcardClient(new PunchcardClient.Settings(URI.create("http://127.0.0.1:" + proxy.getAddress().getPort()),
                key, Duration.ofSeconds(2), Duration.ofSeconds(5), 4, Duration.ofMillis(50)));
    }

    @Test
    void anEnrolmentWhoseAnswerWasLostIsNotSentAgain() {
        ANSWERS_TO_LOSE.set(1);

        PunchcardException e = assertThrows(PunchcardException.class, () -> client().enroll(Fixtures.member("CLIENT002")));

        assertEquals(502, e.status(), "a retry would have met the first enrolment's card: 409");
        assertEquals(200, core.get("/api/v1/members?card=CLIENT002").status(), "the first try did enrol");
    }

    @Test
    void everyWriteWithItsOwnIdIsRetriedThroughLostAnswersAndTakesEffectOnce() {
        PunchcardClient staff = client(core.service().apiKeys().create("client admin", Scope.ADMIN, null).token());
        UUID member = Fixtures.enroll(core, "CLIENT003");
        UUID duplicate = Fixtures.enroll(core, "CLIENT004");

        ANSWERS_TO_LOSE.set(1);
        PointsAdjusted adjusted = staff.adjust(member, new AdjustPoints("goodwill-3", 600L, "broken zip", "ana"));
        ANSWERS_TO_LOSE.set(1);
        RewardBought reward = staff.buyReward(member, new BuyReward("FIVE-OFF-500", "kiosk-3"));
        ANSWERS_TO_LOSE.set(1);
        PointsRedeemed redeemed = staff.redeem(member, new RedeemPoints("till-3", 40L, null));
        ANSWERS_TO_LOSE.set(1);
        VoucherView issued = staff.issueVoucher(new IssueVoucher("FIVE-OFF", member, "apology", "apology-3"));
        ANSWERS_TO_LOSE.set(1);
        MemberView renamed = staff.updateMember(member, new UpdateMember("Berta", null, null, null, null, null, null,
                null, null, null));
        ANSWERS_TO_LOSE.set(1);
        Resolution resolved = staff.resolve(new ResolveCustomer("shop:client-3", null, null, "Cleo", null, null,
                "ONLINE", "WEB"));
        MemberView survivor = staff.merge(member, new MergeMembers(duplicate, "manager", "same person"));

        assertEquals(600, adjusted.points());
        assertEquals(500, reward.points());
        assertEquals(60, redeemed.available(), "600 - 500 - 40, each taken once");
        assertEquals(60, staff.summary(member).availablePoints());
        assertEquals(2, staff.summary(member).vouchers().size(), "the reward's voucher and the issued one, once each");
        assertEquals(issued.code(), staff.issueVoucher(new IssueVoucher("FIVE-OFF", member, "apology", "apology-3")).code());
        assertEquals("Berta", renamed.givenName());
        assertEquals("EXTERNAL_ID", resolved.outcome(), "the lost first try enrolled; the retry found that member");
        assertEquals(resolved.memberId().toString(), core.get("/api/v1/members?externalId=shop%3Aclient-3").text("id"));
        assertEquals(member, survivor.id());
    }

    @Test
    void aVoidedSalesHoldAndTenderAreGivenBackThroughLostAnswersOnce() {
        PunchcardClient staff = client(core.service().apiKeys().create("client till", Scope.ADMIN, null).token());
        UUID member = Fixtures.enroll(core, "CLIENT005");
        staff.adjust(member, new AdjustPoints("start-5", 100L, "welcome", "ana"));
        String code = staff.issueVoucher(new IssueVoucher("FIVE-OFF", member, "gift", "gift-5")).code();
        // The saleRef a purchase finds its hold under: the source's key, a slash, the sale id.
        String saleRef = new PurchaseSource("POS", "S001", "T1", null).key() + "/sale 5";
        staff.holdVoucher(code, new HoldVoucher(saleRef, member, 600));
        staff.redeem(member, new RedeemPoints("S001:T1:sale 5:points:1", 30L, null));

        ANSWERS_TO_LOSE.set(1);
        VoucherView released = staff.releaseVoucher(code, saleRef);
        ANSWERS_TO_LOSE.set(1);
        TenderCancelled cancelled = staff.cancelTender(member, "S001:T1:sale 5:points:1");

        assertEquals("ISSUED", released.status());
        assertEquals(100, cancelled.available());
        assertEquals(100, staff.summary(member).availablePoints());
        assertEquals(201, core.post("/api/v1/vouchers/" + code + "/holds", Map.of("saleRef", "another", "memberId", member))
                .status(),
                "the use is free again");
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
