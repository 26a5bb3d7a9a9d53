package io.punchcard.storefront;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.config.Config;
import io.helidon.health.HealthCheck;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;
import io.punchcard.api.Json;
import io.punchcard.api.client.PunchcardClient;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.access.Scope;
import io.punchcard.platform.PunchcardServer;
import io.punchcard.platform.store.Postgres;
import io.punchcard.platform.store.PostgresSettings;
import io.punchcard.testsupport.TestPostgres;

/**
 * A real core (its program in dollars, as the platforms' examples are) and the storefront connector in front of
 * it, each on its own port, with a Shopify shop {@code acme} and a WooCommerce shop {@code outlet}; and the
 * platforms' side of a webhook: the fixtures read in place, signed as the platforms sign them.
 */
public final class ShopsUnderTest implements AutoCloseable {

    public static final String SHOPIFY_SECRET = "acme-client-secret";
    public static final String SHOPIFY_PREVIOUS = "acme-old-secret";
    public static final String WOO_SECRET = "outlet-webhook-secret";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Postgres pool;
    private final LoyaltyService core;
    private final int corePort;
    private WebServer coreServer;
    private final PunchcardClient admin;
    private final String adminKey;
    private final StorefrontConnector connector;
    private final WebServer server;

    private ShopsUnderTest(Postgres pool, LoyaltyService core, WebServer coreServer, PunchcardClient admin,
                           String adminKey, StorefrontConnector connector, WebServer server) {
        this.adminKey = adminKey;
        this.pool = pool;
        this.core = core;
        this.coreServer = coreServer;
        this.corePort = coreServer.port();
        this.admin = admin;
        this.connector = connector;
        this.server = server;
    }

    /** Starts both on {@code clock} (the shops', the connector's and the core's clocks agree). */
    public static ShopsUnderTest start(TestPostgres database, Path dir, Clock clock, Map<String, String> settings)
            throws Exception {
        Postgres pool = Postgres.open(new PostgresSettings(database.jdbcUrl(), database.username(),
                database.password(), 8));
        LoyaltyService core = new LoyaltyService(pool.dbClient(), null, clock);
        WebServer coreServer = serve(core, 0);
        URI coreUri = URI.create("http://127.0.0.1:" + coreServer.port());
        String adminKey = core.apiKeys().create("tests", Scope.ADMIN, null).token();
        counting(coreUri, adminKey, "USD");
        Map<String, String> values = new HashMap<>(Map.of(
                "storefront.data-file", dir.resolve("storefront.db").toString(),
                "storefront.exports-folder", dir.resolve("exports").toString(),
                "storefront.retry.first-millis", "50", "storefront.retry.max-millis", "300",
                "storefront.max-body-bytes", "65536"));
        values.putAll(Map.of(
                "storefront.shops.0.name", "acme", "storefront.shops.0.platform", "shopify",
                "storefront.shops.0.domain", "acme.myshopify.com", "storefront.shops.0.secret", SHOPIFY_SECRET,
                "storefront.shops.0.previous-secret", SHOPIFY_PREVIOUS, "storefront.shops.0.test-orders", "true",
                "storefront.shops.1.name", "outlet", "storefront.shops.1.platform", "woocommerce",
                "storefront.shops.1.domain", "outlet.example.com", "storefront.shops.1.secret", WOO_SECRET));
        values.putAll(settings);
        StorefrontConnector connector = StorefrontConnector.start(StorefrontSettings.from(
                Config.just(ConfigSources.create(values)).get("storefront")), coreUri,
                core.apiKeys().create("storefront", Scope.CONNECTOR, null).token(), clock);
        WebServer server = PunchcardServer.start(Config.just(ConfigSources.create(Map.of("server.port", "0",
                "server.host", "127.0.0.1"))), List.of(connector), List.of());
        ShopsUnderTest shops = new ShopsUnderTest(pool, core, coreServer, new PunchcardClient(PunchcardClient.Settings.of(
                coreUri, adminKey)), adminKey, connector, server);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!connector.facts().known() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return shops;
    }

    private static WebServer serve(LoyaltyService core, int port) {
        return PunchcardServer.start(Config.just(ConfigSources.create(Map.of("server.port", Integer.toString(port),
                "server.host", "127.0.0.1"))), List.of(core), List.of());
    }

    /** The core goes away, as in an outage. */
    public void stopCore() {
        coreServer.stop();
    }

    /** The core is back, on the same port. */
    public void startCore() {
        coreServer = serve(core, corePort);
    }

    /** The program counts in {@code currency} from now on, at the core; the connector is not told. */
    public void programCounting(String currency) throws Exception {
        counting(URI.create("http://127.0.0.1:" + corePort), adminKey, currency);
    }

    /** The platforms' examples are in dollars: the program is set to them, with US phone numbers. */
    private static void counting(URI core, String admin, String currency) throws Exception {
        HttpResponse<String> current = HTTP.send(HttpRequest.newBuilder(core.resolve("/api/v1/program"))
                .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString());
        ObjectNode program = (ObjectNode) Json.mapper().readTree(current.body()).get("program");
        program.put("currency", currency);
        program.put("phoneRegion", "US");
        HttpResponse<String> saved = HTTP.send(HttpRequest.newBuilder(core.resolve("/api/v1/program"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(program.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (saved.statusCode() != 200) {
            throw new IllegalStateException(saved.body());
        }
    }

    /** A fixture, read in place from {@code ../shared/fixtures}. */
    public static Path fixture(String path) {
        return io.punchcard.testsupport.SharedFixtures.path(path);
    }

    public static ObjectNode json(String fixture) throws Exception {
        return (ObjectNode) Json.mapper().readTree(fixture(fixture).toFile());
    }

    /** A client of the core with an ADMIN key. */
    public PunchcardClient admin() {
        return admin;
    }

    /** The body of the core's answer to {@code GET path}, with the ADMIN key. */
    public String core(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + corePort + path))
                .header("Authorization", "Bearer " + adminKey).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    public StorefrontConnector connector() {
        return connector;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    /** @param status the connector's answer, {@code body} its JSON (or null) */
    public record Answer(int status, JsonNode body) {
        public String text(String field) {
            return body == null ? null : body.path(field).asText(null);
        }
    }

    /** A Shopify webhook to shop acme, signed with {@code secret}. */
    public Answer shopify(String topic, String deliveryId, byte[] body, String secret) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/webhooks/shopify/acme"))
                .header("Content-Type", "application/json").header("X-Shopify-Topic", topic)
                .header("X-Shopify-Shop-Domain", "acme.myshopify.com").header("X-Shopify-Webhook-Id", deliveryId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (secret != null) {
            request.header("X-Shopify-Hmac-Sha256", Signature.of(secret, body));
        }
        return send(request);
    }

    public Answer shopify(String topic, String deliveryId, JsonNode body) throws Exception {
        return shopify(topic, deliveryId, Json.mapper().writeValueAsBytes(body), SHOPIFY_SECRET);
    }

    /** A WooCommerce webhook to shop outlet, signed with its secret, from its site as WooCommerce names it. */
    public Answer woo(String topic, String deliveryId, JsonNode body) throws Exception {
        return woo(topic, deliveryId, body, "https://outlet.example.com/");
    }

    /** A WooCommerce webhook to shop outlet, signed with its secret, from the site at {@code source}. */
    public Answer woo(String topic, String deliveryId, JsonNode body, String source) throws Exception {
        byte[] bytes = Json.mapper().writeValueAsBytes(body);
        return send(HttpRequest.newBuilder(uri("/webhooks/woocommerce/outlet"))
                .header("Content-Type", "application/json").header("X-WC-Webhook-Topic", topic)
                .header("X-WC-Webhook-Source", source).header("X-WC-Webhook-Delivery-ID", deliveryId)
                .header("X-WC-Webhook-Signature", Signature.of(WOO_SECRET, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    public static Answer send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        String body = response.body();
        return new Answer(response.statusCode(), body.startsWith("{") ? Json.mapper().readTree(body) : null);
    }

    /** Waits until the outbox is empty: everything taken has reached the core. */
    public void drained() throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (connector.outbox().stats().pending() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        if (connector.outbox().stats().pending() > 0) {
            throw new AssertionError("the outbox did not drain: " + connector.outbox().pending(5));
        }
    }

    /**
     * Waits until the forwarder has tried the core, failed, and is giving it time to recover: what the queue's
     * health check reports as {@code coreReachable: false}.
     */
    public void awaitCoreOffline() throws InterruptedException {
        HealthCheck queue = connector.healthChecks().stream().filter(c -> c.name().equals("storefront-outbox"))
                .findFirst().orElseThrow();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Boolean.FALSE.equals(queue.call().details().get("coreReachable"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the forwarder never found the core out of reach: " + queue.call().details());
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        server.stop();
        connector.close();
        coreServer.stop();
        pool.close();
    }
}
