package io.punchcard.kiosk.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.punchcard.kiosk.text.Language;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server's own idle sign-out: a screen whose script never ran is signed out all the same. */
class SessionsTest {

    private Instant now = Instant.parse("2027-01-01T10:00:00Z");
    private final List<String> ended = new ArrayList<>();
    private final Sessions sessions = new Sessions(new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }, Duration.ofSeconds(60), Duration.ofSeconds(15), session -> ended.add(session.id()));

    @Test
    void aSessionUsedWithinTheIdleTimeLivesOn() {
        ShopperSession session = sessions.open(Language.EN).orElseThrow();
        for (int i = 0; i < 10; i++) {
            now = now.plusSeconds(80);
            assertTrue(sessions.find(session.id()).isPresent(), "seen every 80 s: within 60 + 15 + the grace");
        }
        assertEquals(List.of(), ended);
    }

    @Test
    void anIdleSessionIsEndedOnceWhetherSweptOrAskedFor() {
        ShopperSession asked = sessions.open(Language.DE).orElseThrow();
        ShopperSession swept = sessions.open(Language.EN).orElseThrow();
        swept.signIn("ks_token", java.util.UUID.randomUUID());
        now = now.plusSeconds(86);
        assertTrue(sessions.find(asked.id()).isEmpty());
        sessions.sweep();
        sessions.sweep();
        assertEquals(List.of(asked.id(), swept.id()), ended);
        assertEquals(0, sessions.size());
    }

    @Test
    void endingASessionForgetsItAndCallsTheHookOnce() {
        ShopperSession session = sessions.open(Language.EN).orElseThrow();
        sessions.end(session);
        sessions.end(session);
        assertTrue(sessions.find(session.id()).isEmpty());
        assertEquals(List.of(session.id()), ended);
    }
}
