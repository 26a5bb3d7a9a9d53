package io.punchcard.app;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;

import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.access.Scope;
import io.punchcard.platform.Lifecycle;
import io.punchcard.platform.PunchcardServer;
import io.punchcard.storefront.Shop;
import io.punchcard.storefront.StorefrontConnector;
import io.punchcard.storefront.StorefrontSettings;

/**
 * The storefront connector, started beside the core as a chain runs it: on a port of its own
 * ({@code storefront.port}, 8082 — the one the shops' webhooks reach), with its SQLite file under the data folder,
 * talking to the core over HTTP with a CONNECTOR key kept beside that file. With no shop configured, a demo Shopify
 * shop ({@code demo}) is set up, its secret kept there too and printed, so a webhook can be signed by hand.
 */
final class OnlineShops {

    private OnlineShops() {
    }

    static boolean enabled(Config config) {
        return config.get("storefront.enabled").asBoolean().orElse(true);
    }

    /** Fails in one line, before anything starts, when the connector's port is taken. */
    static void requirePortFree(Config config) {
        if (enabled(config)) {
            PunchcardServer.requirePortFree(serverConfig(config).get("server"));
        }
    }

    /** Starts the connector against the core on {@code corePort}; returns its banner lines. */
    static List<String> start(Config config, LoyaltyService core, int corePort, Lifecycle lifecycle) {
        StorefrontSettings configured = StorefrontSettings.from(config.get("storefront"));
        Path file = dataFile(config);
        Path exports = config.get("storefront.exports-folder").exists() ? configured.exportsFolder()
                : file.toAbsolutePath().getParent().resolve("data-requests");
        StorefrontSettings settings = configured.withDataFile(file, exports);
        Path keys = file.toAbsolutePath().getParent();
        String demoSecret = null;
        if (settings.shops().isEmpty()) {
            demoSecret = DemoStore.kept(keys.resolve("demo-shop-secret"), secret -> !secret.isBlank(),
                    OnlineShops::secret);
            settings = settings.withShop(new Shop("demo", Shop.Platform.SHOPIFY, "demo.myshopify.com", "WEB",
                    List.of(demoSecret), "shopify", true));
        }
        String key = DemoStore.kept(keys.resolve("core-api-key"), token -> core.apiKeys().verify(token).isPresent(),
                () -> core.apiKeys().create("storefront connector", Scope.CONNECTOR, null).token());
        StorefrontConnector connector = lifecycle.add("storefront connector", StorefrontConnector.start(settings,
                URI.create("http://127.0.0.1:" + corePort), key, Clock.systemUTC()));
        WebServer server = PunchcardServer.start(serverConfig(config), List.of(connector), List.of());
        lifecycle.add("storefront web server", server::stop);
        String base = "http://localhost:" + server.port() + "/webhooks/";
        List<String> lines = new ArrayList<>();
        for (Shop shop : settings.shops().values().stream().sorted(java.util.Comparator.comparing(Shop::name)).toList()) {
            lines.add("  Webhooks    " + base + shop.platform().slug() + "/" + shop.name() + "  (" + shop.domain()
                    + ", store " + shop.store() + ")");
        }
        if (demoSecret != null) {
            lines.add("  Shop secret " + demoSecret + "  (signs the demo shop's webhooks: X-Shopify-Hmac-Sha256)");
        }
        lines.add("  Webhook API " + base + "openapi");
        lines.add("  Shop data   " + settings.dataFile().toAbsolutePath());
        return lines;
    }

    /** The connector's SQLite file: {@code storefront.data-file}, else {@code <data.dir>/storefront/storefront.db}. */
    static Path dataFile(Config config) {
        return config.get("storefront.data-file").asString().map(Path::of).orElseGet(() ->
                Path.of(config.get("data.dir").asString().orElse("./data"), "storefront", "storefront.db"));
    }

    private static String secret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return "shpss_" + HexFormat.of().formatHex(bytes);
    }

    private static Config serverConfig(Config config) {
        return Config.just(ConfigSources.create(Map.of(
                "server.port", config.get("storefront.port").asString().orElse("8082"),
                "server.host", config.get("server.host").asString().orElse(PunchcardApp.DEFAULT_HOST),
                "server.max-payload-size", config.get("server.max-payload-size").asString().orElse("5242880"))));
    }
}
