package io.punchcard.campaign.message;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryScheduleTest {

    private static final Instant T = Instant.parse("2027-06-15T10:00:00Z");
    private static final RetrySchedule DEFAULTS = RetrySchedule.defaults();

    @Test
    void theWaitDoublesFrom30SecondsWithin20PercentJitter() {
        // Attempt n waits 30 s x 2^(n-1) ± 20 % (Resilience4j's jitter may add up to 1 ms more).
        assertWaits(1, 24_000, 36_001);
        assertWaits(2, 48_000, 72_001);
        assertWaits(3, 96_000, 144_001);
        assertWaits(7, 1_536_000, 2_304_001); // 1920 s
    }

    @Test
    void theJitterSpreadsTheRetriesOfOneOutage() {
        Set<Instant> distinct = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            distinct.add(DEFAULTS.nextAttempt(1, T, null));
        }
        assertTrue(distinct.size() > 10, "50 draws from 12 000 ms of jitter gave " + distinct.size() + " values");
    }

    @Test
    void theWaitStopsAtOneHour() {
        // Attempt 8: 3840 s ± 20 % = 3072..4608 s, cut to 3600.
        assertWaits(8, 3_072_000, 3_600_000);
        // Attempt 12: 61 440 s less 20 % is still far above: exactly an hour.
        assertEquals(T.plusSeconds(3600), DEFAULTS.nextAttempt(12, T, null));
        assertEquals(T.plusSeconds(3600), DEFAULTS.nextAttempt(Integer.MAX_VALUE, T, null));
    }

    @Test
    void aLongerRetryAfterIsHonouredAShorterOneIsNotAndNoneBeyondTheMaximum() {
        assertEquals(T.plusSeconds(300), DEFAULTS.nextAttempt(1, T, Duration.ofMinutes(5)));
        Instant withShortHint = DEFAULTS.nextAttempt(1, T, Duration.ofSeconds(10));
        assertTrue(!withShortHint.isBefore(T.plusSeconds(24)) && withShortHint.isBefore(T.plusMillis(36_001)), withShortHint::toString);
        assertEquals(T.plusSeconds(3600), DEFAULTS.nextAttempt(1, T, Duration.ofHours(3)));
        Instant withNegativeHint = DEFAULTS.nextAttempt(1, T, Duration.ofSeconds(-5));
        assertFalse(withNegativeHint.isBefore(T.plusSeconds(24)), withNegativeHint::toString);
    }

    @Test
    void itGivesUpAfterTwelveAttempts() {
        assertFalse(DEFAULTS.givesUp(1));
        assertFalse(DEFAULTS.givesUp(11));
        assertTrue(DEFAULTS.givesUp(12));
        assertTrue(DEFAULTS.givesUp(13));
    }

    @Test
    void aScheduleWithoutJitterIsExact() {
        RetrySchedule triple = new RetrySchedule(Duration.ofSeconds(1), 3, 0, Duration.ofMinutes(1), 3);
        assertEquals(T.plusSeconds(1), triple.nextAttempt(1, T, null));
        assertEquals(T.plusSeconds(3), triple.nextAttempt(2, T, null));
        assertEquals(T.plusSeconds(9), triple.nextAttempt(3, T, null));
        assertEquals(T.plusSeconds(27), triple.nextAttempt(4, T, null));
        assertEquals(T.plusSeconds(60), triple.nextAttempt(5, T, null)); // 81 s, cut to a minute
        assertFalse(triple.givesUp(2));
        assertTrue(triple.givesUp(3));
        RetrySchedule constant = new RetrySchedule(Duration.ofSeconds(5), 1, 0, Duration.ofSeconds(5), 3);
        assertEquals(T.plusSeconds(5), constant.nextAttempt(50, T, null));
    }

    @Test
    void badConfigurationsAndCallsAreRefused() {
        Duration s30 = Duration.ofSeconds(30);
        Duration h1 = Duration.ofHours(1);
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(Duration.ZERO, 2, 0.2, h1, 12));
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(s30, 0.5, 0.2, h1, 12));
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(s30, 2, 1.0, h1, 12));
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(s30, 2, 0.2, Duration.ofSeconds(29), 12));
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(s30, 2, 0.2, Duration.ofDays(2), 12));
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(s30, 2, 0.2, h1, 0));
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(s30, 2, 0.2, h1, 101));
        assertThrows(IllegalArgumentException.class, () -> DEFAULTS.nextAttempt(0, T, null));
    }

    private static void assertWaits(int attempt, long fromMillis, long toMillisInclusive) {
        for (int i = 0; i < 200; i++) {
            long waitMillis = Duration.between(T, DEFAULTS.nextAttempt(attempt, T, null)).toMillis();
            assertTrue(waitMillis >= fromMillis && waitMillis <= toMillisInclusive,
                    "attempt " + attempt + " waited " + waitMillis + " ms");
        }
    }
}
