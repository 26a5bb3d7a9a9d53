package io.punchcard.storefront;

import java.time.Clock;
import java.util.List;

import io.helidon.config.Config;
import io.helidon.webserver.WebServer;

import io.punchcard.platform.Launcher;
import io.punchcard.platform.Lifecycle;
import io.punchcard.platform.PunchcardServer;

/**
 * Runs the storefront-connector alone, as a chain runs it behind its reverse proxy (storefront-connector.yaml;
 * STOREFRONT_CORE_URL, STOREFRONT_CORE_API_dash_KEY, the shops under storefront.shops). {@code Main outbox rejected}
 * lists what the core refused and {@code Main outbox retry 12} puts entry 12 back on the queue.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Launcher.launch("storefront-connector", () -> {
            Config config = PunchcardServer.configuration("storefront-connector.yaml");
            StorefrontSettings settings = StorefrontSettings.from(config.get("storefront"));
            if (args.length > 0) {
                io.punchcard.outbox.OutboxCommand.run(settings.dataFile(), List.of(args));
                return;
            }
            Lifecycle lifecycle = new Lifecycle().stopOnShutdown();
            StorefrontConnector connector = lifecycle.add("storefront connector",
                    StorefrontConnector.start(settings, Clock.systemUTC()));
            WebServer server = PunchcardServer.start(config, List.of(connector), List.of());
            lifecycle.add("web server", server::stop);
            System.out.println("storefront-connector is up: http://localhost:" + server.port() + "/webhooks/{shopify|"
                    + "woocommerce}/{shop}  (shops: " + String.join(", ", settings.shops().keySet().stream().sorted()
                    .toList()) + "; health: /observe/health)");
            System.out.println("  core " + settings.coreUri() + ", data in " + settings.dataFile().toAbsolutePath());
        });
    }
}
