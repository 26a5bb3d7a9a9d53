package io.punchcard.console.staff;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A console session ends when the core's would: after its idle time unused, and at its end however busy. */
class ExpiryTest {

    private static final Instant OPENED = Instant.parse("2026-12-07T09:00:00Z");
    private final Expiry expiry = new Expiry(OPENED.plus(Duration.ofHours(12)), Duration.ofMinutes(30));

    @Test
    void aSessionUsedWithinItsIdleTimeLives() {
        assertEquals(Optional.empty(), expiry.endedAt(OPENED, OPENED.plus(Duration.ofMinutes(29))));
        Instant lastUse = OPENED.plus(Duration.ofHours(11));
        assertEquals(Optional.empty(), expiry.endedAt(lastUse, lastUse.plus(Duration.ofMinutes(29))));
    }

    @Test
    void aSessionUnusedForItsIdleTimeEnds() {
        assertEquals(Optional.of(Expiry.Ending.IDLE), expiry.endedAt(OPENED, OPENED.plus(Duration.ofMinutes(30))));
    }

    @Test
    void aBusySessionEndsAtItsLongestTime() {
        Instant end = OPENED.plus(Duration.ofHours(12));
        assertEquals(Optional.of(Expiry.Ending.MAXIMUM), expiry.endedAt(end.minusSeconds(1), end));
        assertEquals(Optional.empty(), expiry.endedAt(end.minusSeconds(2), end.minusSeconds(1)));
    }
}
