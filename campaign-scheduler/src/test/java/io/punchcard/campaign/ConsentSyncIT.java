package io.punchcard.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.punchcard.api.v1.Consent;
import io.punchcard.campaign.core.CoreConsents;
import io.punchcard.campaign.message.Channel;
import io.punchcard.campaign.message.OptOuts;
import io.punchcard.campaign.store.PgMessages;
import io.punchcard.campaign.support.MessagesUnderTest;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.testsupport.Await;
import io.punchcard.testsupport.MutableClock;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;

/**
 * Opt-outs received while the core was away are taken to it later, in order; one the core refuses for good is set
 * aside with its reason, and the ones after it still reach the core.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class ConsentSyncIT {

    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2027-01-11T10:00:00Z"));
    private static MessagesUnderTest messages;

    @BeforeAll
    static void start(TestPostgres postgres) {
        messages = MessagesUnderTest.start(postgres, CLOCK, Map.of("welcome.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        messages.close();
    }

    @Test
    void anOptOutTheCoreRefusesDoesNotHoldUpTheOnesAfterIt() throws Exception {
        UUID refusedMember = messages.enroll("Refused", "refused@shop.example", null, true, false, "en").id();
        UUID member = messages.enroll("Later", "later@shop.example", null, true, false, "en").id();
        PgMessages store = new PgMessages(messages.schedulerDb());
        // Recorded while the core was away: the first says a time the core will never accept (a day ahead).
        store.recordConsent(refusedMember, Channel.EMAIL, false, "unsubscribe-link", CLOCK.instant().plus(Duration.ofDays(1)),
                Instant.MAX);
        store.recordConsent(member, Channel.EMAIL, false, "unsubscribe-link", CLOCK.instant(), Instant.MAX);
        OptOuts optOuts = new OptOuts(store, new CoreConsents(() -> messages.admin), CLOCK);

        optOuts.syncPending();

        Consent email = Await.value(() -> {
            Consent consent = messages.admin.member(member).consents().get("email");
            return consent.granted() ? null : consent;
        }, Duration.ofSeconds(20), "the later opt-out in the core");
        assertEquals("unsubscribe-link", email.source());
        assertTrue(messages.admin.member(refusedMember).consents().get("email").granted(),
                "the refused change did not reach the core");
        assertEquals(0, store.unsyncedConsents(10).size(), "the refused change is not tried again and again");
    }
}
