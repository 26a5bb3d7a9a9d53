package io.punchcard.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.punchcard.campaign.support.MessagesUnderTest;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.testsupport.MutableClock;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;

/** A scheduler without an SMS gateway tells the kiosk at once that no code can be sent, rather than promise one. */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class OneTimeCodesWithoutSmsIT {

    private static MessagesUnderTest messages;

    @BeforeAll
    static void start(TestPostgres postgres) {
        messages = MessagesUnderTest.start(postgres, new MutableClock(Instant.parse("2027-01-11T10:00:00Z")),
                Map.of("welcome.enabled", "false", "sms.gateway.url", ""));
    }

    @AfterAll
    static void stop() {
        messages.close();
    }

    @Test
    void aCodeAskedForWithoutAnSmsGatewayIsRefusedAsUnavailable() {
        MessagesUnderTest.Answer refused = messages.call("POST", "/scheduler/v1/one-time-codes",
                Map.of("phone", "+4915112340401", "language", "en"), messages.kioskKey);

        assertEquals(503, refused.status(), refused.body());
        assertEquals("sms-unavailable", refused.json().path("type").asText().replaceAll(".*/", ""), refused.body());
    }
}
