package io.punchcard.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The zero-configuration run comes with a store: its POS connector and a till token in the banner, and a
 * cashier's sale goes through it end to end — identify, quote, apply a voucher, finish, a receipt with points.
 * And with an online shop: a signed Shopify order to its webhook URL lands on the in-store member, pending.
 */
class DemoStoreIT {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path folder;

    @Test
    void aCashiersSaleGoesThroughTheDemoStore() throws Exception {
        try (PunchcardApp app = PunchcardApp.start(PunchcardAppIT.config(Map.of("data.dir", folder.toString())))) {
            String banner = String.join("\n", app.banner());
            String admin = find(banner, "Demo key\\s+(pk_\\S+)");
            String till = find(banner, "Till T1\\s+(pt_\\S+)");
            String pos = find(banner, "POS API\\s+(http://localhost:\\d+)/pos/v1");
            String core = "http://localhost:" + app.port();
            JsonNode member = call(core + "/api/v1/members", admin, Map.of("givenName", "Ana", "familyName", "Silva",
                    "cardNumber", "DEMO000001", "joinChannel", "POS", "joinStore", "S001"), 201);
            String code = call(core + "/api/v1/vouchers", admin, Map.of("template", "FIVE-OFF", "memberId",
                    member.get("id").asText(), "reason", "welcome"), 201).get("code").asText();

            JsonNode card = call(pos + "/pos/v1/members?card=DEMO000001", till, null, 200);
            assertEquals("Ana S.", card.get("displayName").asText());
            List<Map<String, Object>> lines = List.of(Map.of("sku", "TEE", "category", "shirts", "quantity", 2,
                    "unitPriceMinor", 1999));
            call(pos + "/pos/v1/sales/0001/vouchers", till, Map.of("code", code, "memberId", card.get("memberId").asText()), 201);
            JsonNode quote = call(pos + "/pos/v1/sales/0001/quote", till, Map.of("member", Map.of("card", "DEMO000001"),
                    "lines", lines), 200);
            JsonNode receipt = call(pos + "/pos/v1/sales/0001/finish", till, Map.of("member", Map.of("card", "DEMO000001"),
                    "lines", lines, "basketDiscountMinor", quote.get("basketDiscountMinor").asLong(), "totalMinor", 3498), 201);

            assertTrue(receipt.get("recorded").asBoolean(), receipt.toString());
            assertTrue(quote.get("points").asLong() > 0, quote.toString());
            assertEquals(quote.get("points").asLong(), receipt.get("pointsEarned").asLong());
            assertEquals(quote.get("points").asLong(), receipt.get("availablePoints").asLong());
            assertEquals(code, receipt.get("vouchersUsed").get(0).asText());
            assertTrue(receipt.get("progressLine").asText().startsWith("Spend "), receipt.toString());
        }
    }

    @Test
    void anOnlineOrderOfTheDemoShopLandsOnTheInStoreMember() throws Exception {
        try (PunchcardApp app = PunchcardApp.start(PunchcardAppIT.config(Map.of("data.dir", folder.toString())))) {
            String banner = String.join("\n", app.banner());
            String admin = find(banner, "Demo key\\s+(pk_\\S+)");
            String webhooks = find(banner, "Webhooks\\s+(http://localhost:\\d+/webhooks/shopify/demo)");
            String secret = find(banner, "Shop secret\\s+(\\S+)");
            String core = "http://localhost:" + app.port();
            String member = call(core + "/api/v1/members", admin, Map.of("givenName", "Ana", "familyName", "Silva",
                    "email", "ana@example.com", "cardNumber", "DEMO000002", "joinChannel", "POS", "joinStore", "S001"),
                    201).get("id").asText();
            byte[] order = Json.mapper().writeValueAsBytes(Map.of("id", 1001, "currency", "EUR", "total_price", "59.99",
                    "total_tax", "9.58", "taxes_included", true, "customer", Map.of("id", 42, "email", "ana@example.com"),
                    "line_items", List.of(Map.of("id", 1, "sku", "JEANS-32", "quantity", 1, "price", "59.99",
                            "tax_lines", List.of(Map.of("price", "9.58"))))));

            HttpResponse<String> taken = CLIENT.send(HttpRequest.newBuilder(URI.create(webhooks))
                    .header("X-Shopify-Topic", "orders/paid").header("X-Shopify-Webhook-Id", "demo-1")
                    .header("X-Shopify-Hmac-Sha256", io.punchcard.storefront.Signature.of(secret, order))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(order)).build(), HttpResponse.BodyHandlers.ofString());

            assertEquals(200, taken.statusCode(), taken.body());
            long deadline = System.nanoTime() + 10_000_000_000L;
            JsonNode card = call(core + "/api/v1/members/" + member + "/summary", admin, null, 200);
            while (card.get("pendingPoints").asLong() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                card = call(core + "/api/v1/members/" + member + "/summary", admin, null, 200);
            }
            assertEquals(50, card.get("pendingPoints").asLong(), "59.99 less its 9.58 tax, pending for the return window");
        }
    }

    static String find(String banner, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(banner);
        assertTrue(m.find(), "the banner shows " + pattern + ":\n" + banner);
        return m.group(1);
    }

    /** {@code url} with {@code token}, a POST of {@code body} when there is one; asserts the status. */
    static JsonNode call(String url, String token, Object body, int status) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token);
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body)));
        }
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(status, response.statusCode(), url + ": " + response.body());
        return Json.mapper().readTree(response.body());
    }
}
