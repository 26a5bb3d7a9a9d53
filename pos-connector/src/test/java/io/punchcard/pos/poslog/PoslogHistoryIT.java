package io.punchcard.pos.poslog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

        JsonNode listed = store.core("/api/v1/purchases?store=S001&from=2017-10-01&to=2017-10-03&limit=500");
        assertEquals(42, listed.get("totals").get("count").asLong(), listed.get("totals").toString());
        assertEquals(0, listed.get("totals").get("pointsEarned").asLong());
        assertEquals(42, listed.get("purchases").size());
        listed.get("purchases").forEach(p -> assertTrue(p.get("history").asBoolean(), p.toString()));
        // The big basket: 202.84 paid with 2.46 tax, which live would have earned 250 points.
        JsonNode big = store.core("/api/v1/purchases?source=pos%3AS001%3A1&externalId=9-1-377-2017-10-01")
                .get("purchases").get(0);
        assertEquals(20_284, big.get("totalMinor").asLong());
        assertEquals(0, big.get("pointsEarned").asLong());
        assertTrue(big.has("memberId"), "the shopper's card named the member");
        assertEquals(0, store.count("SELECT count(*) FROM points_entry"), "no ledger entry for anyone");
        assertEquals(0, store.count("SELECT count(*) FROM points_lot"));
        assertEquals(0, store.count("SELECT count(*) FROM outbox_event WHERE type = 'points.changed'"));

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
    void aHistoryFlagOtherThanTrueOrFalseIsRefused() throws Exception {
        JsonNode refused = store.upload("<POSLog/>", "history=yes", 400);

        assertEquals("history", refused.get("field").asText(), refused.toString());
    }
}
