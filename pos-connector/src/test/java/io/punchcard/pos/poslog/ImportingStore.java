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
import io.punchcard.pos.StoreUnderTest;
import io.punchcard.testsupport.TestPostgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The NCR store of the POSLog fixtures as the import tests need it: a core whose program is in dollars with the
 * fixtures' shoppers enrolled, the store in New York time (both the program's, which the connector reads), a back-office till to upload with, and the
 * means to wait for the queue and read the core's tables.
 */
final class ImportingStore implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The loyalty cards in the NCR day's file. */
    static final List<String> CARDS = List.of("0000000000000002067842957", "0000000000000002063720416",
            "0000000000000040001807503", "0000000000000002062264897", "0000000000000040000066677");

    final StoreUnderTest store;
    private final TestPostgres database;
    private final String till;

    private ImportingStore(StoreUnderTest store, TestPostgres database, String till) {
        this.store = store;
        this.database = database;
        this.till = till;
    }

    /** The store on {@code clock}, its drop folder at {@code inbox}. */
    static ImportingStore start(TestPostgres database, Path dir, Clock clock, Path inbox) throws Exception {
        StoreUnderTest store = StoreUnderTest.start(database, dir, clock, Map.of("pos.poslog.drop-folder",
                inbox.toString()));
        inDollars(store.coreUri(), store.adminKey());
        // Configured nowhere in the connector: it learns the currency and the store's zone from the core.
        assertTrue(store.pos().refreshProgram());
        assertEquals("USD", store.pos().program().currency());
        assertEquals("America/New_York", store.pos().program().zoneOf("S001"));
        for (String card : CARDS) {
            store.admin().enroll(new EnrollMember("Shopper", null, null, null, card, null, null, "en", null, "POS",
                    "S001", null, null, null));
        }
        return new ImportingStore(store, database, store.pos().terminals().issue("BACKOFFICE"));
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

    /** Uploads {@code file} to {@code /pos/v1/imports?<query>} and answers the status and the body. */
    HttpResponse<String> post(String file, String query) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(store.pos("/pos/v1/imports?" + query))
                .header("Authorization", "Bearer " + till).header("Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString(file)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Uploads {@code file} as {@code name} and answers the report. */
    JsonNode upload(String file, String name) throws Exception {
        return upload(file, "name=" + name, 200);
    }

    /** Uploads {@code file} with {@code query}, expecting {@code status}; answers the body. */
    JsonNode upload(String file, String query, int status) throws Exception {
        HttpResponse<String> response = post(file, query);
        assertEquals(status, response.statusCode(), response.body());
        return Json.mapper().readTree(response.body());
    }

    /** Waits until the connector has sent everything queued. */
    void awaitDrained() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (store.pos().outbox().stats().pending() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(store.pos().outbox().stats().pending() + " entries still waiting");
            }
            Thread.sleep(50);
        }
    }

    /**
     * Drops {@code fixture} into {@code folder} as {@code name}, dated as settled, and waits until the drop folder has
     * filed its report; answers the report.
     */
    static JsonNode drop(Path folder, String fixture, String name) throws Exception {
        Path dropped = folder.resolve(name);
        Files.copy(PoslogMappingTest.fixture(fixture), dropped);
        Files.setLastModifiedTime(dropped, FileTime.from(
                Instant.now().minusSeconds(10)));
        Path report = folder.resolve("imported/" + name + ".report.json");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(report)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no report for " + dropped + " after 30 s");
            }
            Thread.sleep(100);
        }
        return Json.mapper().readTree(report.toFile());
    }

    /** The first column of the first row of {@code sql} on the core's database. */
    long count(String sql) throws Exception {
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
