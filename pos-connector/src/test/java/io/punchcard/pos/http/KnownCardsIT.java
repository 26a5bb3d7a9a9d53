package io.punchcard.pos.http;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.Json;
import io.punchcard.api.v1.EnrollMember;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.pos.StoreUnderTest;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a store remembers of its regulars for the next outage. */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class KnownCardsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aCardSeenOnlyInAFinishedSaleIsGreetedFromMemoryWhenTheCoreIsGone(TestPostgres postgres, @TempDir Path dir)
            throws Exception {
        try (StoreUnderTest store = StoreUnderTest.start(postgres, dir, Clock.systemUTC(),
                Map.of("pos.receipt-wait-millis", "5000"))) {
            String till = store.pos().terminals().issue("T1");
            store.admin().enroll(new EnrollMember("Eva", "Lind", "+49 151 99887766", null, "SALECARD01", null, null,
                    "de", null, "POS", "S001", null, null, null));
            // The till never looks the card up: the cashier keys it into the sale.
            JsonNode receipt = send(till, HttpRequest.newBuilder(store.pos("/pos/v1/sales/7001/finish"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(Map.of(
                            "member", Map.of("card", "SALECARD01"), "totalMinor", 4000, "lines",
                            List.of(Map.of("sku", "BOOTS", "category", "shoes", "quantity", 1,
                                    "unitPriceMinor", 4000)))))), 201);
            assertTrue(receipt.get("recorded").asBoolean(), receipt.toString());
            long balance = receipt.get("availablePoints").asLong();

            store.stopCore();
            try {
                JsonNode card = send(till, HttpRequest.newBuilder(store.pos("/pos/v1/members?card=SALECARD01")).GET(),
                        200);
                assertTrue(card.get("stale").asBoolean(), card.toString());
                assertEquals("Eva L.", card.get("displayName").asText());
                assertEquals(balance, card.get("availablePoints").asLong(), "the balance the receipt showed");
                assertEquals(503, HTTP.send(HttpRequest.newBuilder(store.pos("/pos/v1/members?card=SALECARD02"))
                        .header("Authorization", "Bearer " + till).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode(), "a card never seen here is not made up");
            } finally {
                store.startCore();
            }
        }
    }

    private static JsonNode send(String till, HttpRequest.Builder request, int status) throws Exception {
        HttpResponse<String> response = HTTP.send(request.header("Authorization", "Bearer " + till).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(status, response.statusCode(), response.body());
        return Json.mapper().readTree(response.body());
    }
}
