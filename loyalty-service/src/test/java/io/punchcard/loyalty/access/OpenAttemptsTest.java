package io.punchcard.loyalty.access;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OpenAttemptsTest {

    private static final Instant START = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void aKeyThatMissesTwentyTimesInTenMinutesOpensNothingUntilTheyAreOver() {
        OpenAttempts attempts = new OpenAttempts();
        for (int i = 0; i < OpenAttempts.MAX_MISSES - 1; i++) {
            attempts.missed("stolen", START.plusSeconds(i));
        }
        assertEquals(Optional.empty(), attempts.blockedUntil("stolen", START.plusSeconds(30)));

        attempts.missed("stolen", START.plusSeconds(30));

        assertEquals(Optional.of(START.plus(Duration.ofMinutes(10))), attempts.blockedUntil("stolen", START.plusSeconds(31)));
        assertEquals(Optional.empty(), attempts.blockedUntil("another kiosk", START.plusSeconds(31)));
        assertEquals(Optional.empty(), attempts.blockedUntil("stolen", START.plus(Duration.ofMinutes(10))));
    }

    @Test
    void missesSpreadOverTimeNeverAddUp() {
        OpenAttempts attempts = new OpenAttempts();
        for (int i = 0; i < 3 * OpenAttempts.MAX_MISSES; i++) {
            attempts.missed("kiosk", START.plus(Duration.ofMinutes(i)));
        }

        assertEquals(Optional.empty(), attempts.blockedUntil("kiosk", START.plus(Duration.ofMinutes(60))));
    }
}
