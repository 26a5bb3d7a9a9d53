package io.punchcard.pos.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;


import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.Json;
import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.v1.AdjustPoints;
import io.punchcard.api.v1.EnrollMember;
import io.punchcard.api.v1.IssueVoucher;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.pos.StoreUnderTest;
import io.punchcard.testsupport.MutableClock;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cashier's day through the connector, against a real core: identify, apply a voucher, pay with points,
 * quote, finish, receipt; a void that gives everything back; returns with and without a receipt; and the core
 * going away and coming back while the store keeps selling.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class PosApiIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /**
     * The store's and the core's clock, moved by hand: a Monday, 10:00 in Berlin, outside the program's Tuesday
     * happy hour, so every sale earns the same points whenever the test runs.
     */
    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));

    private static TestPostgres database;
    private static StoreUnderTest store;
    private static String till;
    private static PunchcardClient admin;
    private static UUID ana;
    private static String anaVoucher;

    @BeforeAll
    static void start(TestPostgres postgres, @TempDir Path dir) {
        database = postgres;
        store = StoreUnderTest.start(postgres, dir, CLOCK, Map.of("pos.receipt-wait-millis", "5000",
                "pos.degraded-after-seconds", "1"));
        admin = store.admin();
        till = store.pos().terminals().issue("T1");

        ana = admin.enroll(new EnrollMember("Ana", "Silva", "+49 151 23456789", null, "POSCARD001", null, null, "de",
                null, "POS", "S001", null, null, null)).id();
        admin.adjust(ana, new AdjustPoints("start", 1000L, "welcome gift", "test"));
        anaVoucher = admin.issueVoucher(new IssueVoucher("FIVE-OFF", ana, "birthday", "birthday-ana")).code();
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    @Test
    void aCashiersSaleFromScanToReceipt() throws Exception {
        Answer card = get("/pos/v1/members?card=POSCARD001");
        assertEquals(200, card.status(), card.body().toString());
        assertEquals("Ana S.", card.text("displayName"), "the surname is masked");
        assertFalse(card.body().get("stale").asBoolean());
        assertEquals(1000, card.number("availablePoints"));
        assertTrue(card.body().get("vouchers").toString().contains(anaVoucher));
        assertEquals(ana.toString(), get("/pos/v1/members?phone=0151%202345%206789").text("memberId"),
                "found by phone as the cashier types it");

        Answer voucher = post("/pos/v1/sales/1001/vouchers", Map.of("code", anaVoucher.toLowerCase(), "memberId", ana));
        assertEquals(201, voucher.status(), voucher.body().toString());
        Answer points = post("/pos/v1/sales/1001/points", Map.of("memberId", ana, "points", 200));
        assertEquals(201, points.status(), points.body().toString());
        assertEquals(800, points.number("available"));
        Answer pointsAgain = post("/pos/v1/sales/1001/points", Map.of("memberId", ana, "points", 200));
        assertEquals(200, pointsAgain.status(), "the till resent it: " + pointsAgain.body());
        assertEquals(800, pointsAgain.number("available"), "taken once");
        assertEquals(200, post("/pos/v1/sales/1001/vouchers", Map.of("code", anaVoucher, "memberId", ana)).status(),
                "the voucher again: held once");
        assertEquals(200, points.number("valueMinor"), "a point pays a cent");
        List<Map<String, Object>> lines = List.of(Map.of("sku", "JEANS-32", "category", "trousers", "quantity", 1,
                "unitPriceMinor", 5999));
        Answer quote = post("/pos/v1/sales/1001/quote", Map.of("member", Map.of("card", "POSCARD001"), "lines", lines));
        assertEquals(200, quote.status(), quote.body().toString());
        assertEquals(500, quote.number("voucherDiscountMinor"));
        assertEquals(500, quote.number("basketDiscountMinor"), "no tier discount for a new member");
        assertEquals(200, quote.number("pointsTenderMinor"));

        Map<String, Object> sale = Map.of("member", Map.of("card", "POSCARD001"),
                "lines", lines, "basketDiscountMinor", quote.number("basketDiscountMinor"), "totalMinor", 5499,
                "tenders", List.of(Map.of("kind", "POINTS", "amountMinor", 200, "reference", points.text("redemptionId")),
                        Map.of("kind", "CARD", "amountMinor", 5299)));
        Answer receipt = post("/pos/v1/sales/1001/finish", sale);

        assertEquals(201, receipt.status(), receipt.body().toString());
        assertTrue(receipt.body().get("recorded").asBoolean());
        assertEquals(quote.number("points"), receipt.number("pointsEarned"), "the quoted points are the points given");
        assertEquals(800 + quote.number("points"), receipt.number("availablePoints"));
        assertEquals(List.of(anaVoucher), Json.mapper().convertValue(receipt.body().get("vouchersUsed"), List.class));
        assertTrue(receipt.text("progressLine").contains("to reach"), receipt.text("progressLine"));
        Answer again = post("/pos/v1/sales/1001/finish", sale);
        assertEquals(200, again.status(), "the till resent it: answered with the first receipt");
        assertEquals(receipt.number("pointsEarned"), again.number("pointsEarned"));
        assertEquals(1, count("SELECT count(*) FROM purchase WHERE external_id = '1001'"));
        assertEquals("REDEEMED", admin.voucher(anaVoucher).status());
        assertEquals(409, post("/pos/v1/sales/1001/void", Map.of()).status(), "a finished sale is returned, not voided");
    }

    @Test
    void aVoidGivesBackTheVoucherAndThePoints() throws Exception {
        UUID ben = admin.enroll(new EnrollMember("Ben", "Meyer", null, null, "POSCARD002", null, null, "de", null,
                "POS", "S001", null, null, null)).id();
        admin.adjust(ben, new AdjustPoints("start-ben", 300L, "welcome gift", "test"));
        String code = admin.issueVoucher(new IssueVoucher("FIVE-OFF", ben, "birthday", "birthday-ben")).code();
        assertEquals(201, post("/pos/v1/sales/2001/vouchers", Map.of("code", code, "memberId", ben)).status());
        assertEquals(201, post("/pos/v1/sales/2001/points", Map.of("memberId", ben, "points", 120)).status());
        assertEquals(180, admin.summary(ben).availablePoints());

        Answer voided = post("/pos/v1/sales/2001/void", Map.of());

        assertEquals(201, voided.status(), voided.body().toString());
        assertTrue(voided.body().get("done").asBoolean());
        assertEquals(120, voided.number("pointsReturned"));
        assertEquals(1, voided.number("vouchers"));
        assertEquals(300, admin.summary(ben).availablePoints());
        assertEquals(200, post("/pos/v1/sales/2001/void", Map.of()).status());
        assertEquals(300, admin.summary(ben).availablePoints(), "voiding twice gives back once");
        assertEquals(409, post("/pos/v1/sales/2001/finish", Map.of("lines", List.of(Map.of("sku", "A", "quantity", 1,
                "unitPriceMinor", 100)))).status(), "a voided sale cannot be finished");
        assertEquals(201, post("/pos/v1/sales/2002/vouchers", Map.of("code", code, "memberId", ben)).status(),
                "the voucher can be used on the next sale");
    }

    @Test
    void whatASaleHeldAndDidNotUseIsGivenBackWhenItIsFinished() throws Exception {
        UUID cleo = admin.enroll(new EnrollMember("Cleo", "Roth", null, null, "POSCARD006", null, null, "de", null,
                "POS", "S001", null, null, null)).id();
        admin.adjust(cleo, new AdjustPoints("start-cleo", 500L, "welcome gift", "test"));
        String code = admin.issueVoucher(new IssueVoucher("FIVE-OFF", cleo, "birthday", "birthday-cleo")).code();
        assertEquals(201, post("/pos/v1/sales/6001/vouchers", Map.of("code", code, "memberId", cleo)).status());
        assertEquals(201, post("/pos/v1/sales/6001/points", Map.of("memberId", cleo, "points", 150)).status());
        assertEquals(350, admin.summary(cleo).availablePoints());

        // The shopper paid by card after all, and the cashier did not honour the voucher.
        Answer receipt = post("/pos/v1/sales/6001/finish", Map.of("member", Map.of("card", "POSCARD006"),
                "lines", List.of(Map.of("sku", "SOCKS", "quantity", 1, "unitPriceMinor", 40)), "totalMinor", 40,
                "vouchers", List.of(), "tenders", List.of(Map.of("kind", "CARD", "amountMinor", 40))));

        assertEquals(201, receipt.status(), receipt.body().toString());
        assertEquals(0, receipt.number("pointsEarned"), "40 cents earn nothing, and the receipt still prints");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (admin.summary(cleo).availablePoints() != 500 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(500, admin.summary(cleo).availablePoints(), "the points not tendered are back");
        assertEquals("ISSUED", admin.voucher(code).status(), "the voucher not honoured is free again");
    }

    @Test
    void aFinishAndAVoidSentTogetherCloseTheSaleOnce() throws Exception {
        List<Map<String, Object>> lines = List.of(Map.of("sku", "CAP", "quantity", 1, "unitPriceMinor", 1500));
        for (int n = 0; n < 10; n++) {
            String sale = "/pos/v1/sales/70" + n;
            var finish = java.util.concurrent.CompletableFuture.supplyAsync(() -> status(sale + "/finish",
                    Map.of("lines", lines, "totalMinor", 1500)));
            var voided = java.util.concurrent.CompletableFuture.supplyAsync(() -> status(sale + "/void", Map.of()));
            List<Integer> answers = List.of(finish.get(), voided.get());
            assertEquals(1, answers.stream().filter(s -> s == 201).count(), "one of them closes sale 70" + n + ": " + answers);
            assertEquals(1, answers.stream().filter(s -> s == 409).count(), "the other is told it is closed: " + answers);
        }
    }

    private static int status(String path, Object body) {
        try {
            return post(path, body).status();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void returnsWithAndWithoutTheReceiptTakeThePointsBack() throws Exception {
        UUID cleo = admin.enroll(new EnrollMember("Cleo", "Wolf", null, null, "POSCARD003", null, null, "de", null,
                "POS", "S001", null, null, null)).id();
        List<Map<String, Object>> lines = List.of(Map.of("sku", "SHIRT", "category", "shirts", "quantity", 2,
                "unitPriceMinor", 2500));
        Answer sold = post("/pos/v1/sales/3001/finish", Map.of("member", Map.of("card", "POSCARD003"), "lines", lines,
                "totalMinor", 5000));
        long earned = sold.number("pointsEarned");
        assertEquals(50, earned, "two shirts of 25.00: " + sold.body());

        Answer linked = post("/pos/v1/returns", Map.of("returnId", "R1", "originalSaleId", "3001",
                "lines", List.of(Map.of("sku", "SHIRT", "quantity", 1))));
        assertEquals(201, linked.status(), linked.body().toString());
        assertEquals(earned / 2, linked.number("pointsReversed"), "half the shirts, half the points");

        Answer unlinked = post("/pos/v1/returns", Map.of("returnId", "R2", "member", Map.of("card", "POSCARD003"),
                "lines", List.of(Map.of("sku", "SHIRT", "category", "shirts", "quantity", 1, "unitPriceMinor", 2500))));
        assertEquals(201, unlinked.status(), unlinked.body().toString());
        assertEquals(earned / 2, unlinked.number("pointsReversed"), "what the shirt earns on its own");
        assertEquals(200, post("/pos/v1/returns", Map.of("returnId", "R2", "member", Map.of("card", "POSCARD003"),
                "lines", List.of(Map.of("sku", "SHIRT", "category", "shirts", "quantity", 1, "unitPriceMinor", 2500))))
                .status());
        assertEquals(0, admin.summary(cleo).availablePoints(), "each return taken once");

        Answer noMember = post("/pos/v1/returns", Map.of("returnId", "R3", "lines", lines));
        assertEquals(400, noMember.status());
        assertEquals("member", noMember.text("field"));
    }

    @Test
    void withTheCoreGoneTheStoreKeepsSellingAndThePointsFollow() throws Exception {
        UUID dan = admin.enroll(new EnrollMember("Dan", "Vogel", null, null, "POSCARD004", null, null, "de", null,
                "POS", "S001", null, null, null)).id();
        assertEquals(200, get("/pos/v1/members?card=POSCARD004").status(), "seen once in this store");
        store.stopCore();
        try {
            Answer card = get("/pos/v1/members?card=POSCARD004");
            assertEquals(200, card.status(), card.body().toString());
            assertTrue(card.body().get("stale").asBoolean());
            assertEquals("Dan V.", card.text("displayName"));
            Answer unknown = get("/pos/v1/members?card=NEVERSEEN1");
            assertEquals(503, unknown.status());
            assertTrue(unknown.text("detail").contains("points will be added"), unknown.text("detail"));
            Answer spend = post("/pos/v1/sales/4001/points", Map.of("memberId", dan, "points", 1));
            assertEquals(503, spend.status());
            assertEquals("https://punchcard.io/problems/points-unavailable", spend.text("type"));
            assertTrue(spend.text("detail").contains("shopper keeps their points"), spend.text("detail"));

            Answer receipt = post("/pos/v1/sales/4001/finish", Map.of("member", Map.of("card", "POSCARD004"),
                    "lines", List.of(Map.of("sku", "COAT", "category", "coats", "quantity", 1, "unitPriceMinor", 8000)),
                    "totalMinor", 8000));
            assertEquals(201, receipt.status(), receipt.body().toString());
            assertFalse(receipt.body().get("recorded").asBoolean());
            assertTrue(receipt.text("message").contains("shortly"));
            // The sale, and giving back the points tender the till tried to take (it may have reached the core).
            assertEquals(2, get("/pos/v1/status").number("waiting"));
            CLOCK.advance(Duration.ofSeconds(2));
            JsonNode queue = outboxCheck();
            assertEquals("UP", queue.get("status").asText(), "a long queue keeps the connector in rotation");
            assertEquals("degraded", queue.get("data").get("state").asText(), queue.toString());
            assertEquals(2, queue.get("data").get("waiting").asLong());
            assertEquals(2, queue.get("data").get("oldestAgeSeconds").asLong(), queue.toString());
            assertTrue(metrics().contains("pos_outbox_waiting"), "the queue is in the metrics");
        } finally {
            store.startCore();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (get("/pos/v1/status").number("waiting") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(0, get("/pos/v1/status").number("waiting"), "the queue drained when the core came back");
        assertEquals("ok", outboxCheck().get("data").get("state").asText());
        assertEquals(80, admin.summary(dan).availablePoints(), "the coat's points appeared, once");
    }

    @Test
    void aTillWithoutItsTokenIsTurnedAwayAndBadInputIsNamed() throws Exception {
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(uri("/pos/v1/members?card=POSCARD001"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
        assertEquals("https://punchcard.io/problems/terminal-token",
                Json.mapper().readTree(anonymous.body()).get("type").asText());

        assertEquals("saleId", post("/pos/v1/sales/" + "x".repeat(65) + "/quote", Map.of("lines", List.of())).text("field"));
        assertEquals("lines", post("/pos/v1/sales/5001/finish", Map.of("lines", List.of())).text("field"));
        assertEquals("query", get("/pos/v1/members?card=A&phone=1").text("field"));
        Answer unknownCard = get("/pos/v1/members?card=NOSUCHCARD");
        assertEquals(404, unknownCard.status(), unknownCard.body().toString());
        assertEquals("card", unknownCard.text("field"), "named as the till asked: by the query parameter card");
        assertEquals("points", post("/pos/v1/sales/5001/points", Map.of("memberId", ana, "points", 0)).text("field"));
        Answer tooMany = post("/pos/v1/sales/5002/points", Map.of("memberId", ana, "points", 99_999));
        assertEquals(409, tooMany.status(), tooMany.body().toString());
        assertEquals("https://punchcard.io/problems/insufficient-points", tooMany.text("type"));
        Answer garbled = post("/pos/v1/sales/5003/finish", "{\"lines\": [");
        assertEquals(400, garbled.status());
        // What the core would refuse for good is refused now, while the cashier is there, and nothing is kept.
        Answer zero = post("/pos/v1/sales/5004/finish", Map.of("lines", List.of(Map.of("sku", "A", "quantity", 0,
                "unitPriceMinor", 100)), "totalMinor", 0));
        assertEquals(400, zero.status(), zero.body().toString());
        assertEquals("lines[0].quantity", zero.text("field"));
        Answer future = post("/pos/v1/sales/5005/finish", Map.of("lines", List.of(Map.of("sku", "A", "quantity", 1,
                "unitPriceMinor", 100)), "totalMinor", 100, "occurredAt", CLOCK.instant().plusSeconds(3600).toString()));
        assertEquals("occurredAt", future.text("field"), future.body().toString());
        assertEquals("totalMinor", post("/pos/v1/sales/5006/finish", Map.of("lines", List.of(Map.of("sku", "A",
                "quantity", 1, "unitPriceMinor", 100)))).text("field"));
        Answer emptyCard = post("/pos/v1/sales/5007/finish", Map.of("member", Map.of("card", ""), "lines",
                List.of(Map.of("sku", "A", "quantity", 1, "unitPriceMinor", 100)), "totalMinor", 100));
        assertEquals("member.card", emptyCard.text("field"), emptyCard.body().toString());
        Answer twoWays = post("/pos/v1/sales/5008/finish", Map.of("member", Map.of("card", "POSCARD001", "phone",
                "0151 23456789"), "lines", List.of(Map.of("sku", "A", "quantity", 1, "unitPriceMinor", 100)),
                "totalMinor", 100));
        assertEquals("member", twoWays.text("field"), twoWays.body().toString());
        Answer nothingBack = post("/pos/v1/returns", Map.of("returnId", "R-5009", "originalSaleId", "1001",
                "amountMinor", 0));
        assertEquals("amountMinor", nothingBack.text("field"), nothingBack.body().toString());
        assertTrue(store.pos().outbox().find("T1", io.punchcard.pos.forward.PosKinds.SALE, "5004").isEmpty());
        assertTrue(store.pos().outbox().find("T1", io.punchcard.pos.forward.PosKinds.SALE, "5007").isEmpty());
        assertEquals(200, get("/pos/v1/openapi").status(), "the document is served");
    }

    private static JsonNode outboxCheck() throws Exception {
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(uri("/observe/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());
        for (JsonNode check : Json.mapper().readTree(health.body()).get("checks")) {
            if (check.get("name").asText().equals("pos-outbox")) {
                return check;
            }
        }
        throw new AssertionError("no pos-outbox check in " + health.body());
    }

    private static String metrics() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri("/observe/metrics")).header("Accept", "text/plain").build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private record Answer(int status, JsonNode body) {
        String text(String field) {
            return body.path(field).asText();
        }

        long number(String field) {
            return body.path(field).asLong();
        }
    }

    private static URI uri(String path) {
        return store.pos(path);
    }

    private static Answer get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private static Answer post(String path, Object body) throws Exception {
        String json = body instanceof String s ? s : Json.mapper().writeValueAsString(body);
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static Answer send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = HTTP.send(request.header("Authorization", "Bearer " + till).build(),
                HttpResponse.BodyHandlers.ofString());
        String body = response.body();
        return new Answer(response.statusCode(), body.isEmpty() || !body.startsWith("{") ? Json.mapper().nullNode()
                : Json.mapper().readTree(body));
    }

    private static long count(String sql) throws Exception {
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
