package io.punchcard.app;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.Json;
import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.v1.EnrollMember;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.access.Scope;
import io.punchcard.platform.store.Postgres;
import io.punchcard.platform.store.PostgresSettings;
import io.punchcard.pos.store.SqliteTerminals;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.TestRedis;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store's connector and the core as the separate processes they are in production, and the two failures a
 * store must survive: the core killed in the middle of a stream of sales, and the connector itself killed
 * ({@code kill -9}) while it forwards. Each time every sale the tills finished is recorded exactly once, with
 * exactly its points. And the storefront connector killed while a shop delivers its orders: every order it
 * answered 200, and every one Shopify delivered again, recorded exactly once.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class StoreOutageProcessIT {

    private static final int SALES = 1000;
    private static final int MEMBERS = 100;
    private static final Pattern CORE_UP = Pattern.compile("API\\s+http://localhost:(\\d+)/api/v1");
    private static final Pattern POS_UP = Pattern.compile("is up: http://localhost:(\\d+)/pos/v1");
    private static final Pattern SHOP_UP = Pattern.compile("storefront-connector is up: http://localhost:(\\d+)/webhooks");
    private static final String SHOP_SECRET = "outage-shop-secret";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A Monday morning in Berlin: outside the happy hour, so each sale earns one point per whole euro. */
    private static final Instant SOLD_AT = LocalDate.now(ZoneId.of("Europe/Berlin"))
            .with(TemporalAdjusters.previous(DayOfWeek.MONDAY)).atTime(LocalTime.of(9, 30))
            .atZone(ZoneId.of("Europe/Berlin")).toInstant();

    @TempDir
    static Path folder;

    private static TestPostgres database;
    private static TestRedis cache;
    private static int corePort;
    private static Process core;
    private static String storeKey;
    private static String connectorKey;

    @BeforeAll
    static void startCore(TestPostgres postgres, TestRedis redis) throws Exception {
        database = postgres;
        cache = redis;
        corePort = freePort();
        core = startCore("core-1");
        try (Postgres pool = Postgres.open(new PostgresSettings(postgres.jdbcUrl(), postgres.username(),
                postgres.password(), 2))) {
            LoyaltyService keys = new LoyaltyService(pool.dbClient(), Clock.systemUTC());
            storeKey = keys.apiKeys().create("store S001", Scope.STORE, "S001").token();
            connectorKey = keys.apiKeys().create("storefront", Scope.CONNECTOR, null).token();
            PunchcardClient admin = new PunchcardClient(PunchcardClient.Settings.of(coreUri(),
                    keys.apiKeys().create("tests", Scope.ADMIN, null).token()));
            for (int m = 0; m < MEMBERS; m++) {
                admin.enroll(new EnrollMember("Shopper", "No" + m, null, null, card(m), null, null, "de", null, "POS",
                        "S001", null, null, null));
            }
        }
    }

    @AfterAll
    static void stopCore() throws Exception {
        if (core != null) {
            core.destroy();
            core.waitFor(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void theCoreKilledMidStreamMissesNoSaleAndCountsNoneTwice() throws Exception {
        Path data = folder.resolve("outage.db");
        String till = tillToken(data, "T1");
        int posPort = freePort();
        Process pos = startConnector(data, posPort, "pos-outage");
        try {
            for (int n = 0; n < SALES; n++) {
                if (n == SALES / 3) {
                    core.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
                int status = finish(posPort, till, "T1", n);
                assertEquals(201, status, "sale " + n + " was accepted by the store");
            }
            assertTrue(waiting(posPort, till) > 0, "sales were queued while the core was down");

            core = startCore("core-2");
            awaitDrained(posPort, till);

            assertEquals(SALES, count("SELECT count(*) FROM purchase WHERE source = 'pos:S001:T1'"));
            assertEquals(expectedPoints(), count("SELECT sum(points_earned) FROM purchase WHERE source = 'pos:S001:T1'"));
            assertEquals(expectedPoints(), count("""
                    SELECT sum(e.points) FROM points_entry e JOIN purchase p ON p.id = e.purchase_id
                    WHERE p.source = 'pos:S001:T1' AND e.kind = 'EARN'"""), "every point in the ledger once");
        } finally {
            pos.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theConnectorKilledWhileForwardingLosesNothingAndCountsNothingTwice() throws Exception {
        Path data = folder.resolve("crash.db");
        String till = tillToken(data, "T2");
        int posPort = freePort();
        Process pos = startConnector(data, posPort, "pos-crash-1");
        List<Integer> unanswered = new ArrayList<>();
        ExecutorService tills = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int n = 0; n < SALES; n++) {
                int sale = n;
                answers.add(tills.submit(() -> {
                    try {
                        return finish(posPort, till, "T2", sale) == 201;
                    } catch (IOException e) {
                        return false;
                    }
                }));
                if (n == SALES / 2) {
                    // kill -9, with sales in flight from the tills and in the forwarder's hands.
                    pos.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            }
            for (int n = 0; n < SALES; n++) {
                if (!answers.get(n).get()) {
                    unanswered.add(n);
                }
            }
        } finally {
            tills.shutdown();
        }
        assertTrue(unanswered.size() > 0, "the kill cut some tills off");

        pos = startConnector(data, posPort, "pos-crash-2");
        try {
            // The tills send again what they got no answer for, as a POS does after a timeout.
            for (int n : unanswered) {
                int status = finish(posPort, till, "T2", n);
                assertTrue(status == 201 || status == 200, "sale " + n + ": " + status);
            }
            awaitDrained(posPort, till);

            assertEquals(SALES, count("SELECT count(*) FROM purchase WHERE source = 'pos:S001:T2'"));
            assertEquals(expectedPoints(), count("SELECT sum(points_earned) FROM purchase WHERE source = 'pos:S001:T2'"));
            assertEquals(expectedPoints(), count("""
                    SELECT sum(e.points) FROM points_entry e JOIN purchase p ON p.id = e.purchase_id
                    WHERE p.source = 'pos:S001:T2' AND e.kind = 'EARN'"""));
        } finally {
            pos.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theStorefrontConnectorKilledWhileTakingWebhooksLosesNoneItAnsweredAndCountsNoneTwice() throws Exception {
        Path data = folder.resolve("shop.db");
        int port = freePort();
        Process shop = startStorefront(data, port, "shop-1");
        List<Integer> unanswered = new ArrayList<>();
        ExecutorService platform = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int n = 0; n < ORDERS; n++) {
                int order = n;
                answers.add(platform.submit(() -> {
                    try {
                        return deliver(port, order) == 200;
                    } catch (IOException e) {
                        return false;
                    }
                }));
                if (n == ORDERS / 2) {
                    // kill -9 with webhooks in flight and orders in the forwarder's hands.
                    shop.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                }
            }
            for (int n = 0; n < ORDERS; n++) {
                if (!answers.get(n).get()) {
                    unanswered.add(n);
                }
            }
        } finally {
            platform.shutdown();
        }
        assertTrue(unanswered.size() > 0, "the kill cut some deliveries off");

        shop = startStorefront(data, port, "shop-2");
        try {
            // Shopify delivers again, with the same delivery id, what was not answered 200.
            for (int n : unanswered) {
                assertEquals(200, deliver(port, n), "order " + n);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (shopWaiting(port) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertEquals(0, shopWaiting(port), "the connector's queue drained");

            String source = "'online:shopify:outage.myshopify.com'";
            assertEquals(ORDERS, count("SELECT count(*) FROM purchase WHERE source = " + source));
            assertEquals(expectedOrderPoints(), count("SELECT sum(points_earned) FROM purchase WHERE source = " + source));
            assertEquals(expectedOrderPoints(), count("SELECT sum(e.points) FROM points_entry e JOIN purchase p "
                    + "ON p.id = e.purchase_id WHERE p.source = " + source + " AND e.kind = 'EARN'"), "every point once");
            assertEquals(MEMBERS, count("SELECT count(*) FROM member_identifier WHERE kind = 'EXTERNAL' "
                    + "AND value LIKE 'shopify:outage-%'"), "each online customer one member");
        } finally {
            shop.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    // --- the sales --------------------------------------------------------------------------------------------

    private static final int ORDERS = 600;

    /** One point per whole euro: each online customer spends under 100 EUR an order and reaches no tier. */
    private static long expectedOrderPoints() {
        long points = 0;
        for (int n = 0; n < ORDERS; n++) {
            points += amount(n) / 100;
        }
        return points;
    }

    /** Shopify's orders/paid for order {@code n}, by one of {@code MEMBERS} online customers, signed. */
    private static int deliver(int port, int n) throws Exception {
        String price = java.math.BigDecimal.valueOf(amount(n), 2).toPlainString();
        byte[] body = Json.mapper().writeValueAsBytes(Map.of("id", 800_000 + n, "currency", "EUR",
                "total_price", price, "total_tax", "0.00", "processed_at", SOLD_AT.toString(),
                "customer", Map.of("id", "outage-" + (n % MEMBERS), "email", "outage" + (n % MEMBERS) + "@example.com"),
                "line_items", List.of(Map.of("id", 1, "sku", "WEB-" + n, "quantity", 1, "price", price))));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/webhooks/shopify/outage"))
                .header("X-Shopify-Topic", "orders/paid").header("X-Shopify-Webhook-Id", "delivery-" + n)
                .header("X-Shopify-Hmac-Sha256", io.punchcard.storefront.Signature.of(SHOP_SECRET, body))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    private static long shopWaiting(int port) throws Exception {
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/observe/health")).build(), HttpResponse.BodyHandlers.ofString());
        for (JsonNode check : Json.mapper().readTree(health.body()).get("checks")) {
            if (check.get("name").asText().equals("storefront-outbox")) {
                assertEquals(0, check.get("data").get("rejected").asLong(), "the core refused nothing: " + check);
                return check.get("data").get("waiting").asLong();
            }
        }
        throw new AssertionError("no storefront-outbox check: " + health.body());
    }


    private static String card(int member) {
        return "OUTAGE" + String.format("%04d", member);
    }

    private static long amount(int sale) {
        return 1000 + (sale % 7) * 150;
    }

    /** One point per whole euro: no tier is reached (at most 160 EUR each), no bonus (baskets under 100 EUR). */
    private static long expectedPoints() {
        long points = 0;
        for (int n = 0; n < SALES; n++) {
            points += amount(n) / 100;
        }
        return points;
    }

    private static int finish(int port, String till, String terminal, int sale) throws Exception {
        Map<String, Object> body = Map.of("member", Map.of("card", card(sale % MEMBERS)), "occurredAt", SOLD_AT.toString(),
                "lines", List.of(Map.of("sku", "SKU-" + sale, "category", "shirts", "quantity", 1,
                        "unitPriceMinor", amount(sale))), "totalMinor", amount(sale));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/pos/v1/sales/" + terminal + "-" + sale + "/finish"))
                .header("Authorization", "Bearer " + till).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    private static long waiting(int port, String till) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/pos/v1/status")).header("Authorization", "Bearer " + till).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode status = Json.mapper().readTree(response.body());
        assertEquals(0, status.get("rejected").asLong(), "the core refused nothing: " + status);
        return status.get("waiting").asLong();
    }

    private static void awaitDrained(int port, String till) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (waiting(port, till) > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the store's queue did not drain in 2 minutes: " + waiting(port, till) + " left");
            }
            Thread.sleep(200);
        }
    }

    private static long count(String sql) throws Exception {
        try (Connection c = database.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // --- the processes ------------------------------------------------------------------------------------------

    private static URI coreUri() {
        return URI.create("http://127.0.0.1:" + corePort);
    }

    private static String tillToken(Path data, String till) {
        try (SqliteTerminals terminals = SqliteTerminals.open(data)) {
            return terminals.issue(till);
        }
    }

    private static Process startCore(String name) throws Exception {
        Path log = folder.resolve(name + ".log");
        Process process = java(Main.class.getName(), Map.of(
                "server.port", Integer.toString(corePort), "server.host", "127.0.0.1", "pos.enabled", "false",
                "storefront.enabled", "false",
                "db.url", database.jdbcUrl(), "db.username", database.username(), "db.password", database.password(),
                "redis.url", cache.url(), "data.dir", folder.resolve(name).toString()), log);
        await(process, log, CORE_UP);
        return process;
    }

    private static Process startConnector(Path data, int port, String name) throws Exception {
        Path log = folder.resolve(name + ".log");
        Process process = java(io.punchcard.pos.Main.class.getName(), Map.of(
                "server.port", Integer.toString(port), "server.host", "127.0.0.1",
                "pos.core.url", coreUri().toString(), "pos.core.api-key", storeKey, "pos.data-file", data.toString(),
                "pos.receipt-wait-millis", "0", "pos.retry.first-millis", "50", "pos.retry.max-millis", "500"), log);
        await(process, log, POS_UP);
        return process;
    }

    private static Process startStorefront(Path data, int port, String name) throws Exception {
        Path log = folder.resolve(name + ".log");
        Process process = java(io.punchcard.storefront.Main.class.getName(), Map.ofEntries(
                Map.entry("server.port", Integer.toString(port)), Map.entry("server.host", "127.0.0.1"),
                Map.entry("storefront.core.url", coreUri().toString()), Map.entry("storefront.core.api-key", connectorKey),
                Map.entry("storefront.data-file", data.toString()),
                Map.entry("storefront.retry.first-millis", "50"), Map.entry("storefront.retry.max-millis", "500"),
                Map.entry("storefront.shops.0.name", "outage"), Map.entry("storefront.shops.0.platform", "shopify"),
                Map.entry("storefront.shops.0.domain", "outage.myshopify.com"),
                Map.entry("storefront.shops.0.secret", SHOP_SECRET)), log);
        await(process, log, SHOP_UP);
        return process;
    }

    private static Process java(String mainClass, Map<String, String> properties, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add(mainClass);
        return new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    private static void await(Process process, Path log, Pattern up) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            Matcher m = up.matcher(Files.exists(log) ? Files.readString(log) : "");
            if (m.find()) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("ended before it was up: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not up within 90 seconds: " + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
