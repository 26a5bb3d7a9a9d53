package io.punchcard.loyalty.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class StaffRulesTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void aPasswordHasTwelveToOneHundredTwentyEightCharacters() {
        assertTrue(StaffRules.weakness("ana@example.com", "short pass").get().contains("at least 12"));
        assertEquals(Optional.empty(), StaffRules.weakness("ana@example.com", "twelve chars"));
        assertEquals(Optional.empty(), StaffRules.weakness("ana@example.com", "x".repeat(128)));
        assertTrue(StaffRules.weakness("ana@example.com", "x".repeat(129)).get().contains("at most 128"));
        assertTrue(StaffRules.weakness("ana@example.com", null).isPresent());
    }

    @Test
    void aPasswordDoesNotContainItsEmailsName() {
        assertTrue(StaffRules.weakness("ana.lopez@example.com", "my ANA.LOPEZ password").isPresent());
        assertFalse(StaffRules.weakness("ana.lopez@example.com", "lopez is my name here").isPresent());
    }

    private static Optional<Duration> lockAfter(int failures) {
        return StaffRules.lockAfter(failures, CLOCK.instant()).map(until -> Duration.between(CLOCK.instant(), until));
    }

    @Test
    void fiveWrongPasswordsLockForAMinuteAndEachMoreDoublesItUpToAnHour() {
        for (int failures = 0; failures < 5; failures++) {
            assertEquals(Optional.empty(), lockAfter(failures));
        }
        assertEquals(Optional.of(Duration.ofMinutes(1)), lockAfter(5));
        assertEquals(Optional.of(Duration.ofMinutes(2)), lockAfter(6));
        assertEquals(Optional.of(Duration.ofMinutes(4)), lockAfter(7));
        assertEquals(Optional.of(Duration.ofMinutes(32)), lockAfter(10));
        assertEquals(Optional.of(Duration.ofHours(1)), lockAfter(11));
        assertEquals(Optional.of(Duration.ofHours(1)), lockAfter(1_000));
    }

    @Test
    void emailsAreComparedLowerCased() {
        assertEquals("ana@example.com", StaffRules.normalEmail("  Ana@Example.COM "));
        assertTrue(StaffRules.plausibleEmail("ana@example.com"));
        assertFalse(StaffRules.plausibleEmail("ana"));
        assertFalse(StaffRules.plausibleEmail("ana@localhost"));
    }
}
