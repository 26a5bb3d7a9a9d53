package io.punchcard.bench.http;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;
import io.punchcard.api.Json;
import io.punchcard.api.v1.PurchaseLine;
import io.punchcard.outbox.Outbox;
import io.punchcard.platform.PunchcardServer;
import io.punchcard.storefront.Signature;
import io.punchcard.storefront.StorefrontConnector;
import io.punchcard.storefront.StorefrontSettings;

/**
 * The storefront connector as a chain runs it, beside the bench's core, with one Shopify shop; and the shop's side:
 * orders/paid webhooks built from the bench's baskets and signed as Shopify signs them.
 */
public final class BenchShop implements AutoCloseable {

    /** The shop's purchases at the core are recorded under this source. */
    public static final String SOURCE = "online:shopify:bench.myshopify.com";
    private static final String SECRET = "bench-shop-secret";

    private final StorefrontConnector connector;
    private final WebServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI webhooks;

    private BenchShop(StorefrontConnector connector, WebServer server) {
        this.connector = connector;
        this.server = server;
        this.webhooks = URI.create("http://127.0.0.1:" + server.port() + "/webhooks/shopify/bench");
    }

    /** Starts the connector, its file in {@code folder}, against the core on {@code corePort}. */
    public static BenchShop start(Path folder, int corePort, String connectorKey) {
        StorefrontSettings settings = StorefrontSettings.from(Config.just(ConfigSources.create(Map.of(
                "storefront.data-file", folder.resolve("storefront.db").toString(),
                "storefront.shops.0.name", "bench", "storefront.shops.0.platform", "shopify",
                "storefront.shops.0.domain", "bench.myshopify.com", "storefront.shops.0.secret", SECRET))).get("storefront"));
        StorefrontConnector connector = StorefrontConnector.start(settings, URI.create("http://127.0.0.1:" + corePort),
                connectorKey, Clock.systemUTC());
        WebServer server = PunchcardServer.start(Config.just(ConfigSources.create(Map.of("server.port", "0",
                "server.host", "127.0.0.1"))), List.of(connector), List.of());
        return new BenchShop(connector, server);
    }

    /** Waits until the connector knows the program's currency (it asks the core at start). */
    public void ready() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!connector.facts().known() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /**
     * Shopify's orders/paid for order {@code order}: the basket's lines at their prices, bought by the shop's
     * customer {@code customer}, who gives the phone {@code phone} (an in-store member's: the O2O link).
     */
    public static byte[] order(long order, long customer, String phone, List<PurchaseLine> lines, Instant at) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("id", order).put("currency", "EUR").put("processed_at", at.toString()).put("total_tax", "0.00");
        body.putObject("customer").put("id", customer).put("phone", phone);
        ArrayNode items = body.putArray("line_items");
        long total = 0;
        for (int i = 0; i < lines.size(); i++) {
            PurchaseLine line = lines.get(i);
            long quantity = Math.max(1, line.quantity().longValue());
            items.addObject().put("id", i + 1).put("sku", line.sku()).put("quantity", quantity)
                    .put("price", BigDecimal.valueOf(line.unitPriceMinor(), 2).toPlainString());
            total += quantity * line.unitPriceMinor();
        }
        body.put("total_price", BigDecimal.valueOf(total, 2).toPlainString());
        try {
            return Json.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Delivers {@code body} as Shopify does; the connector's answer status. */
    public int deliver(String deliveryId, byte[] body) {
        try {
            return client.send(HttpRequest.newBuilder(webhooks).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json").header("X-Shopify-Topic", "orders/paid")
                    .header("X-Shopify-Webhook-Id", deliveryId).header("X-Shopify-Shop-Domain", "bench.myshopify.com")
                    .header("X-Shopify-Hmac-Sha256", Signature.of(SECRET, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The connector's queue now. */
    public Outbox.Stats queue() {
        return connector.outbox().stats();
    }

    @Override
    public void close() {
        server.stop();
        connector.close();
    }
}
