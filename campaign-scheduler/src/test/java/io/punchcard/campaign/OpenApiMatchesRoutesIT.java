package io.punchcard.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.punchcard.campaign.http.SchedulerRoutes;
import io.punchcard.campaign.support.MessagesUnderTest;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.testsupport.RouteDocument;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;

/** Every route the scheduler registers is in its OpenAPI document, and the document names no other. */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class OpenApiMatchesRoutesIT {

    @Test
    void theDocumentAndTheRoutesAgree(TestPostgres postgres) {
        try (MessagesUnderTest messages = MessagesUnderTest.start(postgres, Clock.systemUTC(), Map.of())) {

            assertEquals(RouteDocument.documented(SchedulerRoutes.OPENAPI), RouteDocument.routes(messages.scheduler::routing));
        }
    }
}
