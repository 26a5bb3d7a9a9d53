package io.punchcard.storefront;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.punchcard.testsupport.RouteDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every webhook route is in the connector's OpenAPI document, and the document names no other. */
class OpenApiMatchesRoutesIT {

    @Test
    void theDocumentAndTheRoutesAgree(@TempDir Path dir) {
        StorefrontSettings settings = StorefrontSettings.from(Config.just(ConfigSources.create(Map.of(
                "storefront.data-file", dir.resolve("storefront.db").toString()))).get("storefront"));
        try (StorefrontConnector connector = StorefrontConnector.start(settings, URI.create("http://127.0.0.1:1"),
                "pk_unused", Clock.systemUTC())) {

            assertEquals(RouteDocument.documented(StorefrontConnector.OPENAPI), RouteDocument.routes(connector::routing));
        }
    }
}
