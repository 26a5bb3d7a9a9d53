package io.punchcard.loyalty.http;

import java.math.BigDecimal;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.punchcard.api.v1.EnrollMember;
import io.punchcard.api.v1.PurchaseLine;
import io.punchcard.api.v1.PurchaseSource;
import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.api.v1.RecordRefund;
import io.punchcard.api.v1.Tender;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.support.CoreUnderTest;
import io.punchcard.loyalty.support.Fixtures;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every limit answers with its own problem naming the field, and nothing is half-recorded. */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class LimitsIT {

    private static final PurchaseSource TILL = new PurchaseSource("POS", "S001", "T1", null);
    private static CoreUnderTest core;

    @BeforeAll
    static void start(TestPostgres postgres) {
        core = CoreUnderTest.start(postgres, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        core.close();
    }

    private static RecordPurchase sale(String id, List<PurchaseLine> lines) {
        return new RecordPurchase(TILL, id, null, Instant.now().minusSeconds(30), "EUR", lines, null, null, null, 100L,
                null, null);
    }

    private static PurchaseLine line(String sku) {
        return new PurchaseLine(sku, "shirts", BigDecimal.ONE, 100L, 0L);
    }

    @Test
    void aPurchaseOfMoreThan500LinesIsRefusedAndNotRecorded() {
        CoreUnderTest.Response refused = core.post("/api/v1/purchases", sale("too-many", Collections.nCopies(501, line("A"))));

        assertEquals(400, refused.status());
        assertEquals("lines", refused.text("field"));
        assertEquals(201, core.post("/api/v1/purchases", sale("too-many", List.of(line("A")))).status(),
                "nothing of the refused attempt was kept under its id");
    }

    @Test
    void aBatchOfMoreThan500IsRefused() {
        List<RecordPurchase> batch = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            batch.add(sale("batch-" + i, List.of(line("A"))));
        }

        CoreUnderTest.Response refused = core.post("/api/v1/purchases/batch", Map.of("purchases", batch));

        assertEquals(400, refused.status());
        assertEquals("purchases", refused.text("field"));
    }

    @Test
    void aTooLongTextIsRefusedByItsPath() {
        CoreUnderTest.Response refused = core.post("/api/v1/purchases", sale("long-sku", List.of(line("S".repeat(129)))));

        assertEquals(400, refused.status());
        assertEquals("lines[0].sku", refused.text("field"));
    }

    @Test
    void aNullInAnyListOfTheProgramIsRefusedByItsPathAndNothingIsSaved() {
        JsonNode current = core.get("/api/v1/program").body();
        List<String> arrays = new ArrayList<>();
        arrays(current.get("program"), "", arrays);
        assertTrue(arrays.size() >= 5, "the default program has lists to spoil: " + arrays);

        for (String path : arrays) {
            ObjectNode spoiled = current.get("program").deepCopy();
            ArrayNode list = (ArrayNode) spoiled.at(path.isEmpty() ? "" : "/" + path.replaceAll("\\[(\\d+)]", "/$1")
                    .replace('.', '/'));
            list.addNull();

            CoreUnderTest.Response refused = core.put("/api/v1/program", spoiled);

            assertEquals(400, refused.status(), path + ": " + refused.body());
            assertEquals(path + "[" + (list.size() - 1) + "]", refused.text("field"), refused.body().toString());
        }
        assertEquals(current.get("version"), core.get("/api/v1/program").body().get("version"));
    }

    private static void arrays(JsonNode node, String path, List<String> into) {
        if (node.isArray()) {
            into.add(path);
            for (int i = 0; i < node.size(); i++) {
                arrays(node.get(i), path + "[" + i + "]", into);
            }
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> arrays(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(),
                    into));
        }
    }

    @Test
    void anExternalIdListedTwiceInOneEnrolmentIsRefusedByItsPath() {
        EnrollMember member = new EnrollMember("Eva", null, null, null, "LIMIT0001", List.of("shop:7", "shop:7"), null,
                null, null, "POS", "S001", null, null, null);

        CoreUnderTest.Response refused = core.post("/api/v1/members", member);

        assertEquals(400, refused.status(), refused.body().toString());
        assertEquals("externalIds[1]", refused.text("field"));
        assertEquals(404, core.get("/api/v1/members?card=LIMIT0001").status());
    }

    @Test
    void everyFreeTextFieldOfASaleARefundAndARedemptionIsBounded() {
        String longText = "x".repeat(129);
        RecordPurchase tenders = new RecordPurchase(TILL, "long-tender", null, Instant.now().minusSeconds(30), "EUR",
                List.of(line("A")), null, null, null, 100L, List.of(new Tender("CARD", 100L, longText)), null);
        RecordPurchase vouchers = new RecordPurchase(TILL, "long-voucher", null, Instant.now().minusSeconds(30), "EUR",
                List.of(line("A")), null, null, null, 100L, null, List.of(longText));
        RecordRefund refund = new RecordRefund(new PurchaseSource("POS", "S001", longText, null), "long-refund", null,
                TILL, "no-such-sale", null, 100L, Instant.now(), null);
        UUID member = Fixtures.enroll(core, "LIMIT0002");

        assertRefused(core.post("/api/v1/purchases", tenders), "tenders[0].reference");
        assertRefused(core.post("/api/v1/purchases", vouchers), "vouchers[0]");
        assertRefused(core.post("/api/v1/refunds", refund), "source.terminal");
        assertRefused(core.post("/api/v1/members/" + member + "/redemptions",
                Map.of("redemptionId", "r-1", "points", 1, "reference", longText)), "reference");
        assertRefused(core.post("/api/v1/checkout/quote", Map.of("source", Map.of("channel", "POS", "store", "S001"),
                "lines", List.of(line("A")), "vouchers", Collections.nCopies(21, "ABCD-EFGH-JKMN-P"))), "vouchers");
    }

    private static void assertRefused(CoreUnderTest.Response response, String field) {
        assertEquals(400, response.status(), response.body().toString());
        assertEquals(field, response.text("field"), response.body().toString());
    }

    @Test
    void aBodyOverFiveMegabytesIsRefusedBeforeItIsRead() throws Exception {
        // Announce 6 MB and send only the first bytes: the answer must come without the rest being read.
        // (Sending all 6 MB races the server's close after its 413 and sometimes reads a reset instead.)
        URI base = URI.create(core.baseUri());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            String head = "POST /api/v1/members HTTP/1.1\r\nHost: " + base.getAuthority()
                    + "\r\nAuthorization: Bearer " + core.token() + "\r\nContent-Type: application/json"
                    + "\r\nContent-Length: " + 6 * 1024 * 1024 + "\r\n\r\n{\"givenName\":\"xxxx";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();

            String answer = new String(socket.getInputStream().readNBytes(4096), StandardCharsets.UTF_8);

            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.contains("https://punchcard.io/problems/body-too-large"), answer);
        }
    }

    @Test
    void aBatchReportsEachPurchaseOnItsOwn() {
        Fixtures.enroll(core, "BATCH0001");
        RecordPurchase good = Fixtures.sale("batch-good", "BATCH0001", 1000, Instant.now().minusSeconds(30));
        RecordPurchase unknown = Fixtures.sale("batch-unknown", "NOBODY99", 1000, Instant.now().minusSeconds(30));
        RecordPurchase bad = sale("batch-bad", List.of(new PurchaseLine("A", "x", BigDecimal.ZERO, 100L, 0L)));

        CoreUnderTest.Response result = core.post("/api/v1/purchases/batch", Map.of("purchases", List.of(good, unknown, bad, good)));

        assertEquals(200, result.status());
        var items = result.body().get("results");
        assertEquals(201, items.get(0).get("status").asInt());
        assertEquals(422, items.get(1).get("status").asInt());
        assertEquals("purchases[1].member.card", items.get(1).get("problem").get("field").asText());
        assertEquals(400, items.get(2).get("status").asInt());
        assertEquals("purchases[2].lines[0].quantity", items.get(2).get("problem").get("field").asText());
        assertEquals(200, items.get(3).get("status").asInt(), "the same sale twice in one batch is recorded once");
    }
}
