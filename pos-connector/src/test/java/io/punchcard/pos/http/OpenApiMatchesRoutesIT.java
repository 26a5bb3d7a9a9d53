package io.punchcard.pos.http;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.pos.StoreUnderTest;
import io.punchcard.testsupport.RouteDocument;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every route the tills can call is in the connector's OpenAPI document, and the document names no other. */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class OpenApiMatchesRoutesIT {

    @Test
    void theDocumentAndTheRoutesAgree(TestPostgres postgres, @TempDir Path dir) {
        // A real core: the connector reads the program from it before it serves.
        try (StoreUnderTest store = StoreUnderTest.start(postgres, dir, Clock.systemUTC(), Map.of())) {

            assertEquals(RouteDocument.documented(io.punchcard.pos.PosConnector.OPENAPI),
                    RouteDocument.routes(store.pos()::routing));
        }
    }
}
