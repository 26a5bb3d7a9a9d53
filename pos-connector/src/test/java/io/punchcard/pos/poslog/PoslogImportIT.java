package io.punchcard.pos.poslog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;


import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.pos.PosConnector;
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

    private static ImportingStore store;
    private static PosConnector pos;
    private static Path inbox;

    @BeforeAll
    static void start(TestPostgres postgres, @TempDir Path dir) throws Exception {
        inbox = dir.resolve("inbox");
        // The files are from October 2017; the core lives a few days after them (it refuses sales over a year old).
        Clock october2017 = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(),
                Instant.parse("2017-10-06T12:00:00Z")));
        store = ImportingStore.start(postgres, dir, october2017, inbox);
        pos = store.store.pos();
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
        upload(PoslogFiles.file(PoslogFiles.sale("9", "61", "1", "2017-10-03", ImportingStore.CARDS.get(4), "00869630000206", "40.00")),
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
        String negative = PoslogFiles.sale("9", "63", "1", "2017-10-04", ImportingStore.CARDS.get(4), "DEPOSIT", "5.00")
                .replace("<ExtendedAmount>5.00</ExtendedAmount>", "<ExtendedAmount>-5.00</ExtendedAmount>")
                .replace("<RegularSalesUnitPrice>5.00</RegularSalesUnitPrice>", "");
        String longAgo = PoslogFiles.sale("9", "63", "2", "2015-10-04", ImportingStore.CARDS.get(4), "A", "5.00");

        JsonNode report = upload(PoslogFiles.file(negative, longAgo,
                PoslogFiles.sale("9", "63", "3", "2017-10-04", ImportingStore.CARDS.get(4), "B", "5.00")), "unfit.xml");

        assertEquals(1, report.get("imported").asLong(), report.toString());
        assertEquals(2, report.get("rejected").asLong(), report.toString());
        assertTrue(report.get("problems").get(0).get("reason").asText().contains("lines[0].unitPriceMinor"),
                report.toString());
        assertTrue(report.get("problems").get(1).get("reason").asText().contains("occurredAt"), report.toString());
        awaitDrained();
        assertEquals(0, pos.outbox().stats().rejected(), "nothing was set aside at the core");
    }

    @Test
    void aBrokenFileImportsItsGoodTransactionsAndSaysWhereTheBadOnesAre() throws Exception {
        String file = PoslogFiles.file(PoslogFiles.sale("9", "62", "1", "2017-10-04", ImportingStore.CARDS.get(4), "A", "5.00"),
                PoslogFiles.sale("9", "62", "2", "2017-10-04", ImportingStore.CARDS.get(4), "B", "five"),
                PoslogFiles.sale("9", "62", "3", "2017-10-04", ImportingStore.CARDS.get(4), "C", "7.00"))
                .replace("</POSLog>", "<Transaction><RetailStoreID>9</Retail");

        JsonNode report = upload(file, "broken.xml");

        assertEquals(4, report.get("read").asLong(), report.toString());
        assertEquals(2, report.get("imported").asLong());
        assertEquals(2, report.get("rejected").asLong());
        JsonNode first = report.get("problems").get(0);
        assertEquals("9-62-2-2017-10-04", first.get("transaction").asText());
        assertTrue(first.get("position").asText().startsWith("line 1, column "), first.toString());
        assertTrue(first.get("reason").asText().contains("'five' is not a number"), first.toString());
        assertTrue(report.get("problems").get(1).get("reason").asText().startsWith("the file ends inside a transaction"),
                report.toString());
        awaitDrained();
        assertEquals(2, count("SELECT count(*) FROM purchase WHERE external_id LIKE '9-62-%'"), "nothing half-imported");
    }

    @Test
    void aFileDroppedInTheFolderIsImportedAndFiledWithItsReport() throws Exception {
        JsonNode report = ImportingStore.drop(inbox, "ncr-acs-small.xml", "ncr-small.xml");

        assertEquals(1, report.get("imported").asLong(), report.toString());
        assertEquals(1, report.get("ignored").asLong());
        assertTrue(Files.notExists(inbox.resolve("ncr-small.xml")));
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
        return store.upload(file, name);
    }

    private static void awaitDrained() throws Exception {
        store.awaitDrained();
    }

    private static long count(String sql) throws Exception {
        return store.count(sql);
    }
}
