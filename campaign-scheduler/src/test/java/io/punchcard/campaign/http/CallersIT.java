package io.punchcard.campaign.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.punchcard.api.client.PunchcardClient;
import io.punchcard.campaign.support.MessagesUnderTest;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.testsupport.MutableClock;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;

/** The keys the scheduler remembers: a flood of made-up tokens does not make it forget the keys in use. */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class CallersIT {

    /** More made-up tokens than the scheduler remembers keys: enough to fill any memory of them. */
    private static final int FLOOD = 10_001;
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
    void aKeyInUseIsStillKnownAfterAFloodOfMadeUpTokensWhenTheCoreIsAway() throws Exception {
        AtomicReference<PunchcardClient> core = new AtomicReference<>(
                new PunchcardClient(PunchcardClient.Settings.of(messages.coreUri(), messages.connectorKey())));
        Callers callers = new Callers(core::get, CLOCK);
        assertInstanceOf(Callers.Known.class, callers.answer(messages.kioskKey, null), "the kiosk key, asked of the core");

        List<Future<Callers.Answer>> flood = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < FLOOD; i++) {
                flood.add(threads.submit(() -> callers.answer("pk_madeup_" + UUID.randomUUID(), null)));
            }
            for (Future<Callers.Answer> answer : flood) {
                assertEquals(401, assertInstanceOf(Callers.Refused.class, answer.get(), "a made-up token is no key")
                        .problem().status());
            }
        }
        // Nothing listens on port 1: the core cannot be asked now, so only what is remembered answers.
        core.set(new PunchcardClient(new PunchcardClient.Settings(URI.create("http://127.0.0.1:1"),
                messages.connectorKey(), Duration.ofMillis(500), Duration.ofSeconds(1), 1, Duration.ofMillis(10))));
        Callers.Answer kiosk = callers.answer(messages.kioskKey, null);

        assertEquals("KIOSK", assertInstanceOf(Callers.Known.class, kiosk, "the kiosk key, remembered").caller().scope());
    }
}
