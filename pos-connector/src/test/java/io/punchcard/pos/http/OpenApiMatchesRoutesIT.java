package io.punchcard.pos.http;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import io.punchcard.pos.PosConnector;
import io.punchcard.pos.PosSettings;
import io.punchcard.testsupport.RouteDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every route the tills can call is in the connector's OpenAPI document, and the document names no other. */
class OpenApiMatchesRoutesIT {

    @Test
    void theDocumentAndTheRoutesAgree(@TempDir Path dir) {
        PosSettings settings = PosSettings.from(Config.just(ConfigSources.create(Map.of(
                "pos.store", "S009", "pos.data-file", dir.resolve("pos.db").toString()))).get("pos"));
        try (PosConnector pos = PosConnector.start(settings, URI.create("http://127.0.0.1:1"), "pk_unused",
                Clock.systemUTC())) {

            assertEquals(RouteDocument.documented(PosConnector.OPENAPI), RouteDocument.routes(pos::routing));
        }
    }
}
