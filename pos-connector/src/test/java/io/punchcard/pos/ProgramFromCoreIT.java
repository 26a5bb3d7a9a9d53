package io.punchcard.pos;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.punchcard.api.Json;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.platform.StartupException;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store's connector takes the currency and its store's time zone from the core's program: it sees a change
 * within seconds, keeps the last program in its file to start while the core is away, and says plainly that it
 * cannot start when it never read one.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class ProgramFromCoreIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void theConnectorFollowsTheProgramAndStartsOfflineWithTheLastOneItRead(TestPostgres postgres, @TempDir Path dir)
            throws Exception {
        try (StoreUnderTest store = StoreUnderTest.start(postgres, dir, Clock.systemUTC(), Map.of())) {
            assertEquals("EUR", store.pos().program().currency());
            assertEquals("Europe/Berlin", store.pos().program().zoneOf("S001"));

            // A store's zone changed alone, through the program's parts: seen by the connector's own look every
            // few seconds, with nobody asking it to.
            assertEquals(200, send(store, "PUT", "/stores/S001", """
                    {"name": "Main Street", "timezone": "America/Chicago"}""").statusCode());
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!store.pos().program().zoneOf("S001").equals("America/Chicago") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals("America/Chicago", store.pos().program().zoneOf("S001"));
            assertFalse(store.pos().refreshProgram(), "nothing changed since: a 304");

            // The currency changed: the till's next quote is refused by the core in euros, which makes the connector
            // read the program at once and ask again in dollars, rather than fail the till until the next look.
            ObjectNode program = (ObjectNode) Json.mapper().readTree(send(store, "GET", "", null).body()).get("program");
            program.put("currency", "USD");
            assertEquals(200, send(store, "PUT", "", program.toString()).statusCode());
            String till = store.pos().terminals().issue("T7");
            HttpResponse<String> quote = HTTP.send(HttpRequest.newBuilder(store.pos("/pos/v1/sales/q-1/quote"))
                    .header("Authorization", "Bearer " + till).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"lines": [{"sku": "TEE", "category": "shirts", "quantity": 1, "unitPriceMinor": 2500}]}"""))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, quote.statusCode(), quote.body());
            assertEquals("USD", store.pos().program().currency());

            store.stopCore();
            try (PosConnector offline = PosConnector.start(store.pos().settings(), Clock.systemUTC())) {
                assertEquals("USD", offline.program().currency(), "the program kept in the store's file");
                assertEquals("America/Chicago", offline.program().zoneOf("S001"));
            }

            PosSettings fresh = store.pos().settings().withDataFile(dir.resolve("new-store.db"));
            StartupException never = assertThrows(StartupException.class, () -> PosConnector.start(fresh, Clock.systemUTC()));
            assertTrue(never.getMessage().contains("has never read the loyalty program"), never.getMessage());
            assertTrue(never.getMessage().contains("Start it once while the core answers"), never.getMessage());
            store.startCore();
        }
    }

    private static HttpResponse<String> send(StoreUnderTest store, String method, String part, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(store.coreUri() + "/api/v1/program" + part))
                .header("Authorization", "Bearer " + store.adminKey());
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
