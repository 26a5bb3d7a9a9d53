package io.punchcard.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.Json;
import io.punchcard.platform.StartupException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.punchcard.app.DemoStoreIT.call;
import static io.punchcard.app.DemoStoreIT.find;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A US chain set up in one place: program.example.yaml is the only place the currency, the time zones and the
 * phone region are written. The demo store's connector is store 9 and the demo Shopify shop sells online; both take
 * dollars, and nothing else is configured.
 */
class ProgramFileIT {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    /** The example shipped at the root of the repository; tests run in the app module's folder. */
    private static final Path EXAMPLE = Path.of("..", "program.example.yaml");

    @TempDir
    Path folder;

    private Map<String, String> settings(Path program) {
        return Map.of("data.dir", folder.resolve("data").toString(), "program.file", program.toString(),
                "pos.store", "9");
    }

    @Test
    void aUsChainWithStore9IsSetUpFromTheFileAndSellsInDollarsInStoreAndOnline() throws Exception {
        try (PunchcardApp app = PunchcardApp.start(PunchcardAppIT.config(settings(EXAMPLE)))) {
            String banner = String.join("\n", app.banner());
            assertTrue(banner.contains("Program     set up from " + EXAMPLE + " (version 1)"), banner);
            String admin = find(banner, "Demo key\\s+(pk_\\S+)");
            String till = find(banner, "Till T1\\s+(pt_\\S+)");
            String pos = find(banner, "POS API\\s+(http://localhost:\\d+)/pos/v1");
            String webhooks = find(banner, "Webhooks\\s+(http://localhost:\\d+/webhooks/shopify/demo)");
            String secret = find(banner, "Shop secret\\s+(\\S+)");
            String core = "http://localhost:" + app.port();

            JsonNode program = call(core + "/api/v1/program", admin, null, 200).get("program");
            assertEquals("USD", program.get("currency").asText());
            assertEquals("9", program.get("stores").get(0).get("code").asText());
            String member = call(core + "/api/v1/members", admin, Map.of("givenName", "Ana", "familyName", "Silva",
                    "email", "ana@example.com", "phone", "(614) 253-0142", "cardNumber", "US0000001",
                    "joinChannel", "POS", "joinStore", "9"), 201).get("id").asText();
            assertEquals("+16142530142", call(core + "/api/v1/members/" + member, admin, null, 200).get("phone").asText(),
                    "a number without +1 is read in the program's region");

            // Sales at store 9 on a Monday noon and a Tuesday 09:30, New York time: the Tuesday one is inside the
            // file's weekday-mornings rule, read in the store's zone, and earns double.
            ZonedDateTime now = ZonedDateTime.now(ZoneId.of("America/New_York"));
            List<Map<String, Object>> lines = List.of(Map.of("sku", "TEE", "category", "shirts", "quantity", 2,
                    "unitPriceMinor", 1999));
            JsonNode monday = call(pos + "/pos/v1/sales/0001/finish", till, Map.of("member", Map.of("card", "US0000001"),
                    "lines", lines, "totalMinor", 3998, "occurredAt",
                    at(now, DayOfWeek.MONDAY, LocalTime.NOON)), 201);
            JsonNode tuesday = call(pos + "/pos/v1/sales/0002/finish", till, Map.of("member", Map.of("card", "US0000001"),
                    "lines", lines, "totalMinor", 3998, "occurredAt",
                    at(now, DayOfWeek.TUESDAY, LocalTime.of(9, 30))), 201);

            assertTrue(monday.get("recorded").asBoolean(), monday.toString());
            assertEquals(39, monday.get("pointsEarned").asLong(), "39.98 USD: 39 points, rounded down");
            assertEquals(78, tuesday.get("pointsEarned").asLong(), "39 base + 39 for the morning's double points");
            assertTrue(tuesday.get("progressLine").asText().endsWith("USD more to reach Silver."), tuesday.toString());

            byte[] order = Json.mapper().writeValueAsBytes(Map.of("id", 1001, "currency", "USD", "total_price", "59.99",
                    "total_tax", "4.44", "taxes_included", true, "customer", Map.of("id", 42, "email", "ana@example.com"),
                    "line_items", List.of(Map.of("id", 1, "sku", "JEANS-32", "quantity", 1, "price", "59.99",
                            "tax_lines", List.of(Map.of("price", "4.44"))))));
            assertEquals(200, shopify(webhooks, secret, "us-1", order).statusCode());
            long deadline = System.nanoTime() + 10_000_000_000L;
            JsonNode card = call(core + "/api/v1/members/" + member + "/summary", admin, null, 200);
            while (card.get("pendingPoints").asLong() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                card = call(core + "/api/v1/members/" + member + "/summary", admin, null, 200);
            }
            assertEquals(55, card.get("pendingPoints").asLong(), "59.99 less its 4.44 tax, pending for 30 days");
            assertEquals(39 + 78, card.get("availablePoints").asLong());

            byte[] euros = Json.mapper().writeValueAsBytes(Map.of("id", 1002, "currency", "EUR", "total_price", "59.99",
                    "total_tax", "4.44", "taxes_included", true, "customer", Map.of("id", 42, "email", "ana@example.com"),
                    "line_items", List.of(Map.of("id", 1, "sku", "JEANS-32", "quantity", 1, "price", "59.99",
                            "tax_lines", List.of(Map.of("price", "4.44"))))));
            // Taken from the shop, so it does not count as a failed delivery, but set aside for a person.
            HttpResponse<String> setAside = shopify(webhooks, secret, "eu-1", euros);
            assertEquals(200, setAside.statusCode(), setAside.body());
            assertTrue(Json.mapper().readTree(setAside.body()).hasNonNull("setAside"), setAside.body());
            assertTrue(setAside.body().contains("counts in USD"), setAside.body());
        }
    }

    @Test
    void aLaterStartNeverOverwritesTheProgramSilently() throws Exception {
        Path file = folder.resolve("program.yaml");
        Files.copy(EXAMPLE, file);
        try (PunchcardApp app = PunchcardApp.start(PunchcardAppIT.config(settings(file)))) {
            assertTrue(String.join("\n", app.banner()).contains("(version 1)"), app.banner().toString());
        }
        try (PunchcardApp app = PunchcardApp.start(PunchcardAppIT.config(settings(file)))) {
            assertTrue(String.join("\n", app.banner()).contains("Program     version 1, as in " + file),
                    app.banner().toString());
        }

        Files.writeString(file, Files.readString(file).replace("bonusPoints: 50", "bonusPoints: 75"));
        try (PunchcardApp app = PunchcardApp.start(PunchcardAppIT.config(settings(file)))) {
            String banner = String.join("\n", app.banner());
            assertTrue(banner.contains("Program     version 1 in force; " + file + " differs and was NOT applied"), banner);
            String admin = find(banner, "Demo key\\s+(pk_\\S+)");
            JsonNode kept = call("http://localhost:" + app.port() + "/api/v1/program", admin, null, 200);
            assertEquals(1, kept.get("version").asInt());
        }
        Map<String, String> applying = new java.util.HashMap<>(settings(file));
        applying.put("program.apply", "true");
        try (PunchcardApp app = PunchcardApp.start(PunchcardAppIT.config(applying))) {
            String banner = String.join("\n", app.banner());
            assertTrue(banner.contains(file + " applied as version 2"), banner);
            String admin = find(banner, "Demo key\\s+(pk_\\S+)");
            JsonNode rules = call("http://localhost:" + app.port() + "/api/v1/program", admin, null, 200)
                    .at("/program/earning/rules");
            assertEquals(75, rules.get(1).get("bonusPoints").asLong());
        }
    }

    @Test
    void aMistakeInTheFileStopsTheStartWithItsFieldAndLine() throws Exception {
        Path file = folder.resolve("program.yaml");
        Files.writeString(file, Files.readString(EXAMPLE)
                .replace("{code: \"12\", name: \"Store 12, Denver\", timezone: America/Denver}",
                        "{code: \"12\", name: \"Store 12, Denver\", timezone: America/Denvr}"));
        int line = Files.readAllLines(file).indexOf(Files.readAllLines(file).stream()
                .filter(l -> l.contains("America/Denvr")).findFirst().orElseThrow()) + 1;

        StartupException refused = assertThrows(StartupException.class,
                () -> PunchcardApp.start(PunchcardAppIT.config(settings(file))).close());

        assertTrue(refused.getMessage().contains("stores[1].timezone: 'America/Denvr' is not a time zone (program.yaml line "
                + line + ")"), refused.getMessage());
        assertTrue(Files.notExists(folder.resolve("data")), "nothing was started");
    }

    private static String at(ZonedDateTime now, DayOfWeek day, LocalTime time) {
        return now.with(TemporalAdjusters.previous(day)).with(time).toInstant().toString();
    }

    private static HttpResponse<String> shopify(String url, String secret, String id, byte[] order) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url))
                .header("X-Shopify-Topic", "orders/paid").header("X-Shopify-Webhook-Id", id)
                .header("X-Shopify-Hmac-Sha256", io.punchcard.storefront.Signature.of(secret, order))
                .POST(HttpRequest.BodyPublishers.ofByteArray(order)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
