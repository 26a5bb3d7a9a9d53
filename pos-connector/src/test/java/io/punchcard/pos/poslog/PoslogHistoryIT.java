package io.punchcard.pos.poslog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.v1.PurchasePage;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A chain moving to Punchcard brings its past: the NCR store's day of October 2017, years before today's clock,
 * imported as history by upload and by the drop folder's {@code history/} subfolder — every sale listed by the
 * core, not one point given.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class PoslogHistoryIT {

    private static final String DAY = "ncr-acs-store9-2017-10-01.xml";

    private static ImportingStore store;
    private static Path inbox;

    @BeforeAll
    static void start(TestPostgres postgres, @TempDir Path dir) throws Exception {
        inbox = dir.resolve("inbox");
        store = ImportingStore.start(postgres, dir, Clock.systemUTC(), inbox);
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    @Test
    void a2017DayUploadedAsHistoryIsListedByTheCoreWithNoPoints() throws Exception {
        String day = Files.readString(PoslogMappingTest.fixture(DAY));

        JsonNode live = store.upload(day, "name=day.xml", 200);
        assertEquals(0, live.get("imported").asLong(), "as today's sales, a day of 2017 is refused");
        assertEquals(42, live.get("rejected").asLong());
        assertEquals("occurredAt is more than a year ago; import a day of the past as history",
                live.get("problems").get(0).get("reason").asText());

        JsonNode report = store.upload(day, "name=day.xml&history=true", 200);

        assertTrue(report.get("history").asBoolean());
        assertEquals(51, report.get("read").asLong(), report.toString());
        assertEquals(42, report.get("imported").asLong());
        assertEquals(9, report.get("ignored").asLong(), "sign-ons, sign-offs, no-sales");
        assertEquals(0, report.get("rejected").asLong(), report.toString());
        store.awaitDrained();
        assertEquals(0, store.store.pos().outbox().stats().rejected(), "the core took every sale");

        PurchasePage listed = store.store.admin().purchases(Map.of("store", "S001", "from", "2017-10-01",
                "to", "2017-10-03"), null, 500);
        assertEquals(new PurchasePage.Totals(42, listed.totals().totalMinor(), listed.totals().eligibleMinor(), 0),
                listed.totals(), "42 sales, not one point");
        assertEquals(42, listed.purchases().size());
        assertTrue(listed.purchases().stream().allMatch(PurchasePage.Item::history));
        assertEquals(null, listed.next());
        // The big basket: 202.84 paid with 2.46 tax, which live would have earned 250 points.
        PurchasePage.Item big = store.store.admin().purchases(Map.of("source", "pos:S001:1",
                "externalId", "9-1-377-2017-10-01"), null, 10).purchases().getFirst();
        assertEquals(20_284, big.totalMinor());
        assertEquals(0, big.pointsEarned());
        assertNotNull(big.memberId(), "the shopper's card named the member");
        assertEquals(0, store.count("SELECT count(*) FROM points_entry"), "no ledger entry for anyone");
        assertEquals(0, store.count("SELECT count(*) FROM points_lot"));
        assertEquals(0, store.count("SELECT count(*) FROM outbox_event WHERE type = 'points.earned'"));

        JsonNode again = store.upload(day, "name=day.xml&history=true", 200);

        assertEquals(0, again.get("imported").asLong());
        assertEquals(42, again.get("duplicates").asLong());
        store.awaitDrained();
        assertEquals(42, store.count("SELECT count(*) FROM purchase WHERE external_id LIKE '9-%-2017-10-01'"));
    }

    @Test
    void aFileDroppedInTheHistoryFolderIsImportedAsHistoryAndFiledThere() throws Exception {
        JsonNode report = ImportingStore.drop(inbox.resolve("history"), "ncr-acs-small.xml", "ncr-small.xml");

        assertTrue(report.get("history").asBoolean(), report.toString());
        assertEquals(1, report.get("imported").asLong(), report.toString());
        assertTrue(Files.notExists(inbox.resolve("history/ncr-small.xml")));
        store.awaitDrained();
        assertEquals(1, store.count("SELECT count(*) FROM purchase WHERE history AND points_earned = 0 "
                + "AND external_id = '9-34-161-2017-09-30'"));
    }

    @Test
    void aReturnThatNamesNoSaleIsLeftOutOfAHistoryImportAndCounted() throws Exception {
        // Without its TransactionLink, a return names no sale: a past sale earned nothing, so it takes nothing back.
        String unlinked = PoslogFiles.returnOf("9", "81", "1", "2017-10-01", "82", "00869630000206", "1", "40.00")
                .replaceAll("<TransactionLink.*</TransactionLink>", "");
        String file = PoslogFiles.file(PoslogFiles.sale("9", "81", "1", "2017-10-01", ImportingStore.CARDS.get(0),
                "00869630000206", "40.00"), unlinked);

        JsonNode report = store.upload(file, "name=returns.xml&history=true", 200);

        assertEquals(1, report.get("imported").asLong(), report.toString());
        assertEquals(1, report.get("ignored").asLong(), "the return's transaction holds nothing else: " + report);
        assertEquals(1, report.get("returnsLeftOut").asLong(), "and the report says a return was left out");
    }

    @Test
    void aHistoryFlagOtherThanTrueOrFalseIsRefused() throws Exception {
        JsonNode refused = store.upload("<POSLog/>", "history=yes", 400);

        assertEquals("history", refused.get("field").asText(), refused.toString());
    }
}
