package io.punchcard.pos.poslog;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.punchcard.api.Json;
import io.punchcard.api.v1.EnrollMember;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.pos.PosConnector;
import io.punchcard.pos.StoreUnderTest;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A store's POSLog files through the connector into a real core (its program in dollars and its clock in October
 * 2017, as the NCR store's):
 * a day's file by upload, again without effect, a return built on one of its sales, a broken file, and the drop
 * folder.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class PoslogImportIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<String> CARDS = List.of("0000000000000002067842957", "0000000000000002063720416",
            "0000000000000040001807503", "0000000000000002062264897", "0000000000000040000066677");

    private static TestPostgres database;
    private static StoreUnderTest store;
    private static PosConnector pos;
    private static String till;
    private static Path inbox;

    @BeforeAll
    static void start(TestPostgres postgres, @TempDir Path dir) throws Exception {
        database = postgres;
        inbox = dir.resolve("inbox");
        // The files are from October 2017; the core lives a few days after them (it refuses sales over a year old).
        Clock october2017 = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(),
                Instant.parse("2017-10-06T12:00:00Z")));
        store = StoreUnderTest.start(postgres, dir, october2017, Map.of("pos.poslog.drop-folder", inbox.toString()));
        inDollars(store.coreUri(), store.adminKey());
        // Configured nowhere in the connector: it learns the currency and the store's zone from the core.
        assertTrue(store.pos().refreshProgram());
        assertEquals("USD", store.pos().program().currency());
        assertEquals("America/New_York", store.pos().program().zoneOf("S001"));
        for (String card : CARDS) {
            store.admin().enroll(new EnrollMember("Shopper", null, null, null, card, null, null, "en", null, "POS",
                    "S001", null, null, null));
        }
        pos = store.pos();
        till = pos.terminals().issue("BACKOFFICE");
    }

    /** The NCR store sells in dollars, in New York: the program is set to them. */
    private static void inDollars(URI core, String admin) throws Exception {
        HttpResponse<String> current = HTTP.send(HttpRequest.newBuilder(core.resolve("/api/v1/program"))
                .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString());
        ObjectNode program = (ObjectNode) Json.mapper().readTree(current.body()).get("program");
        program.put("currency", "USD");
        for (JsonNode shop : program.get("stores")) {
            if (shop.get("code").asText().equals("S001")) {
                ((ObjectNode) shop).put("timezone", "America/New_York");
            }
        }
        HttpResponse<String> saved = HTTP.send(HttpRequest.newBuilder(core.resolve("/api/v1/program"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(program.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, saved.statusCode(), saved.body());
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    @Test
    void aStoresDayIsImportedOnceHoweverOftenItIsUploaded() throws Exception {
        JsonNode report = upload(Files.readString(PoslogMappingTest.fixture("ncr-acs-store9-2017-10-01.xml")), "day.xml");

        assertEquals(51, report.get("read").asLong(), report.toString());
        assertEquals(42, report.get("imported").asLong());
        assertEquals(9, report.get("ignored").asLong(), "sign-ons, sign-offs, no-sales");
        assertEquals(0, report.get("rejected").asLong(), report.toString());
        awaitDrained();
        assertEquals(42, count("SELECT count(*) FROM purchase WHERE external_id LIKE '9-%-2017-10-01'"));
        assertEquals(0, pos.outbox().stats().rejected(), "the core took every sale");
        // 202.84 paid with 2.46 tax: 200 whole dollars before tax, 200 points at one a dollar (and 50 for the big basket).
        assertEquals(250, count("SELECT points_earned FROM purchase WHERE external_id = '9-1-377-2017-10-01'"));

        JsonNode again = upload(Files.readString(PoslogMappingTest.fixture("ncr-acs-store9-2017-10-01.xml")), "day.xml");

        assertEquals(0, again.get("imported").asLong());
        assertEquals(42, again.get("duplicates").asLong());
        awaitDrained();
        assertEquals(42, count("SELECT count(*) FROM purchase WHERE external_id LIKE '9-%-2017-10-01'"));
    }

    @Test
    void aReturnLinkedToAnImportedSaleTakesItsPointsBack() throws Exception {
        upload(PoslogFiles.file(PoslogFiles.sale("9", "61", "1", "2017-10-03", CARDS.get(4), "00869630000206", "40.00")),
                "sale.xml");
        awaitDrained();
        long earned = count("SELECT points_earned FROM purchase WHERE external_id = '9-61-1-2017-10-03'");
        // Tuesday 10:15 in New York, the store's zone in the program: happy hour (Tuesdays 10:00-12:00 at the till)
        // doubles 40.00's 40 points, 40 + 40 = 80. (While the store's zone was configured only in the connector, the
        // core read the sale in Berlin's, 16:15, and gave 40.)
        assertEquals(80, earned);

        JsonNode report = upload(PoslogFiles.file(PoslogFiles.returnOf("9", "61", "1", "2017-10-03", "2",
                "00869630000206", "1", "40.00")), "return.xml");

        assertEquals(1, report.get("imported").asLong(), report.toString());
        awaitDrained();
        assertEquals(80, count("""
                SELECT r.points_reversed FROM refund r JOIN purchase p ON p.id = r.purchase_id
                WHERE p.external_id = '9-61-1-2017-10-03'"""), "the whole line returned: every point back");
    }

    @Test
    void aTransactionTheCoreWouldRefuseIsReportedNotCountedAsImported() throws Exception {
        String negative = PoslogFiles.sale("9", "63", "1", "2017-10-04", CARDS.get(4), "DEPOSIT", "5.00")
                .replace("<ExtendedAmount>5.00</ExtendedAmount>", "<ExtendedAmount>-5.00</ExtendedAmount>")
                .replace("<RegularSalesUnitPrice>5.00</RegularSalesUnitPrice>", "");
        String longAgo = PoslogFiles.sale("9", "63", "2", "2015-10-04", CARDS.get(4), "A", "5.00");

        JsonNode report = upload(PoslogFiles.file(negative, longAgo,
                PoslogFiles.sale("9", "63", "3", "2017-10-04", CARDS.get(4), "B", "5.00")), "unfit.xml");

        assertEquals(1, report.get("imported").asLong(), report.toString());
        assertEquals(2, report.get("rejected").asLong(), report.toString());
        assertTrue(report.get("problems").get(0).get("reason").asText().contains("lines[0].unitPriceMinor"),
                report.toString());
        assertTrue(report.get("problems").get(1).get("reason").asText().contains("occurredAt"), report.toString());
        awaitDrained();
        assertEquals(0, store.pos().outbox().stats().rejected(), "nothing was set aside at the core");
    }

    @Test
    void aBrokenFileImportsItsGoodTransactionsAndSaysWhereTheBadOnesAre() throws Exception {
        String file = PoslogFiles.file(PoslogFiles.sale("9", "62", "1", "2017-10-04", CARDS.get(4), "A", "5.00"),
                PoslogFiles.sale("9", "62", "2", "2017-10-04", CARDS.get(4), "B", "five"),
                PoslogFiles.sale("9", "62", "3", "2017-10-04", CARDS.get(4), "C", "7.00"))
                .replace("</POSLog>", "<Transaction><RetailStoreID>9</Retail");

        JsonNode report = upload(file, "broken.xml");

        assertEquals(4, report.get("read").asLong(), report.toString());
        assertEquals(2, report.get("imported").asLong());
        assertEquals(2, report.get("rejected").asLong());
        JsonNode first = report.get("problems").get(0);
        assertEquals("9-62-2-2017-10-04", first.get("transaction").asText());
        assertTrue(first.get("position").asText().startsWith("line 1, column "), first.toString());
        assertTrue(first.get("reason").asText().contains("'five' is not a number"), first.toString());
        assertTrue(report.get("problems").get(1).get("reason").asText().contains("not well-formed"), report.toString());
        awaitDrained();
        assertEquals(2, count("SELECT count(*) FROM purchase WHERE external_id LIKE '9-62-%'"), "nothing half-imported");
    }

    @Test
    void aFileDroppedInTheFolderIsImportedAndFiledWithItsReport() throws Exception {
        Path dropped = inbox.resolve("ncr-small.xml");
        Files.copy(PoslogMappingTest.fixture("ncr-acs-small.xml"), dropped);
        Files.setLastModifiedTime(dropped, FileTime.from(Instant.now().minusSeconds(10)));
        Path reportFile = inbox.resolve("imported/ncr-small.xml.report.json");

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(reportFile) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }

        JsonNode report = Json.mapper().readTree(reportFile.toFile());
        assertEquals(1, report.get("imported").asLong(), report.toString());
        assertEquals(1, report.get("ignored").asLong());
        assertTrue(Files.notExists(dropped));
        assertTrue(Files.exists(inbox.resolve("imported/ncr-small.xml")));
        awaitDrained();
        assertEquals(1, count("SELECT count(*) FROM purchase WHERE external_id = '9-34-161-2017-09-30'"));
    }

    @Test
    void aFileInAnotherCurrencyIsRefusedTransactionByTransaction() throws Exception {
        JsonNode report = upload(Files.readString(PoslogMappingTest.fixture("retalix-sample-1.xml")), "retalix.xml");

        assertEquals(1, report.get("rejected").asLong(), report.toString());
        assertTrue(report.get("problems").get(0).get("reason").asText().contains("GBP"), report.toString());
    }

    private static JsonNode upload(String file, String name) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(store.pos("/pos/v1/imports?name=" + name))
                .header("Authorization", "Bearer " + till).header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString(file)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return Json.mapper().readTree(response.body());
    }

    private static void awaitDrained() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (pos.outbox().stats().pending() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(pos.outbox().stats().pending() + " entries still waiting");
            }
            Thread.sleep(50);
        }
    }

    private static long count(String sql) throws Exception {
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
