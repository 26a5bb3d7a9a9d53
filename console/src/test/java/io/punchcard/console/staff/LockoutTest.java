package io.punchcard.console.staff;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The lock the core reports, said in minutes and at a time a person reads. */
class LockoutTest {

    private static final String CORE = "Too many wrong passwords: this account takes logins again at "
            + "2026-12-07T10:04:30Z. An admin can lift the lock by setting a new password.";

    @Test
    void theCoresMomentIsSaidInMinutesRoundedUp() {
        assertEquals("This account is locked after too many wrong passwords. Try again in 5 minutes (at 10:04 UTC). "
                + "An admin can lift the lock by setting a new password.",
                Lockout.sentence(CORE, Instant.parse("2026-12-07T10:00:00Z")));
        assertEquals("This account is locked after too many wrong passwords. Try again in 1 minute (at 10:04 UTC). "
                + "An admin can lift the lock by setting a new password.",
                Lockout.sentence(CORE, Instant.parse("2026-12-07T10:04:29Z")));
    }

    @Test
    void aDetailWithoutAMomentStillSaysWhatToDo() {
        assertEquals("This account is locked after too many wrong passwords. Try again later. An admin can lift the "
                + "lock by setting a new password.", Lockout.sentence("Locked.", Instant.EPOCH));
    }
}
