package io.punchcard.loyalty.http;

import java.time.Clock;

import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.platform.store.Postgres;
import io.punchcard.platform.store.PostgresSettings;
import io.punchcard.testsupport.RouteDocument;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every route the core registers is in its OpenAPI document, and the document names no route that is not. */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class OpenApiMatchesRoutesIT {

    @Test
    void theDocumentAndTheRoutesAgree(TestPostgres database) {
        try (Postgres postgres = Postgres.open(new PostgresSettings(database.jdbcUrl(), database.username(),
                database.password(), 2))) {
            LoyaltyService core = new LoyaltyService(postgres.dbClient(), Clock.systemUTC());

            assertEquals(RouteDocument.documented("/openapi/loyalty-service.yaml"), RouteDocument.routes(core::routing));
        }
    }
}
