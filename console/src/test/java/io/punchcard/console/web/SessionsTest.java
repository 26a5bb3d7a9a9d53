package io.punchcard.console.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.punchcard.api.v1.StaffAccount;
import io.punchcard.api.v1.StaffSession;
import io.punchcard.console.staff.Expiry;
import io.punchcard.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The console's sessions mirror the core's limits, and ending one here ends the core's once. */
class SessionsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T09:00:00Z"));
    private final List<ConsoleSession> endedAtCore = new ArrayList<>();
    private final Sessions sessions = new Sessions(clock, endedAtCore::add);

    private ConsoleSession open() {
        StaffAccount staff = new StaffAccount(UUID.randomUUID(), "a@example.com", "A", "ADMIN", List.of(), false, false);
        return sessions.open(new StaffSession("ss_token", staff, clock.instant().plus(Duration.ofHours(12)), 1800))
                .orElseThrow();
    }

    @Test
    void useKeepsASessionAliveUntilTheCoresEnd() {
        ConsoleSession session = open();
        for (int i = 0; i < 24; i++) {
            clock.advance(Duration.ofMinutes(29));
            assertInstanceOf(Sessions.Live.class, sessions.find(session.id()));
        }
        clock.advance(Duration.ofMinutes(29));
        assertEquals(new Sessions.Ended(Expiry.Ending.MAXIMUM), sessions.find(session.id()));
        assertEquals(List.of(session), endedAtCore, "the core's session is ended too");
        assertInstanceOf(Sessions.Unknown.class, sessions.find(session.id()), "and forgotten here");
    }

    @Test
    void anIdleSessionIsEndedByTheSweepEvenIfNoOneAsks() {
        ConsoleSession session = open();
        clock.advance(Duration.ofMinutes(30));
        sessions.sweep();
        assertEquals(0, sessions.size());
        assertEquals(List.of(session), endedAtCore);
    }

    @Test
    void aSessionTheCoreEndedIsForgottenWithoutAskingTheCoreAgain() {
        ConsoleSession session = open();
        sessions.forget(session);
        assertInstanceOf(Sessions.Unknown.class, sessions.find(session.id()));
        assertEquals(List.of(), endedAtCore);
    }

    @Test
    void eachLoginHasItsOwnUnguessableId() {
        ConsoleSession first = open();
        ConsoleSession second = open();
        assertNotEquals(first.id(), second.id());
        assertEquals(43, first.id().length(), "256 random bits, base64url");
    }
}
