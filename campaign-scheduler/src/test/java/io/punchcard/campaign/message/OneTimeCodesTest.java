package io.punchcard.campaign.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.punchcard.api.v1.KioskSession;
import io.punchcard.campaign.message.OneTimeCodes.Check;
import io.punchcard.campaign.message.OneTimeCodes.Request;
import io.punchcard.campaign.message.OneTimeCodes.Sessions.Opening;

/** The rules of a kiosk's codes: how many a kiosk gets, and what a right code answers once the core was asked. */
class OneTimeCodesTest {

    private static final Instant NOW = Instant.parse("2027-01-11T10:00:00Z");
    private static final String PHONE = "+4915112340901";

    @Test
    void aKioskBelowItsLimitMayHaveAnotherCode() {
        assertEquals(Optional.empty(), OneTimeCodes.refusal(List.of(), minutesAgo(1, 2), 3, NOW));
    }

    @Test
    void aKioskAtItsLimitWaitsUntilItsOldestCodeInTheWindowLeavesIt() {
        Optional<Request> refused = OneTimeCodes.refusal(List.of(), minutesAgo(1, 5, 9), 3, NOW);

        assertEquals(Optional.of(new Request.TooManyForKiosk(NOW.minus(Duration.ofMinutes(9)).plus(Duration.ofMinutes(15)))),
                refused);
    }

    @Test
    void aKioskOverALoweredLimitWaitsForTheOneThatBringsItBelow() {
        // Four codes in the window with a limit of two: room again once the second newest is 15 minutes old.
        Optional<Request> refused = OneTimeCodes.refusal(List.of(), minutesAgo(1, 2, 3, 4), 2, NOW);

        assertEquals(Optional.of(new Request.TooManyForKiosk(NOW.minus(Duration.ofMinutes(2)).plus(Duration.ofMinutes(15)))),
                refused);
    }

    @Test
    void aNumberAtItsLimitIsToldSoBeforeTheKiosksLimit() {
        List<OneTimeCodes.Issued> threeForTheNumber = List.of(issued(1), issued(2), issued(3));

        Optional<Request> refused = OneTimeCodes.refusal(threeForTheNumber, minutesAgo(1, 2, 3), 3, NOW);

        assertInstanceOf(Request.TooMany.class, refused.orElseThrow());
    }

    @Test
    void aLockedNumberIsToldItsLockWhateverTheKiosk() {
        // Five wrong tries, the last a minute ago: locked for 15 minutes from then.
        OneTimeCodes.Issued tried = new OneTimeCodes.Issued(UUID.randomUUID(), PHONE, "kiosk", new byte[0],
                NOW.minus(Duration.ofMinutes(3)), NOW.plus(Duration.ofMinutes(2)), 5, NOW.minus(Duration.ofMinutes(1)),
                null);

        Optional<Request> refused = OneTimeCodes.refusal(List.of(tried), List.of(), 30, NOW);

        assertEquals(Optional.of(new Request.TooMany(NOW.plus(Duration.ofMinutes(14)))), refused);
    }

    @Test
    void aRightCodeWithTheMembersSessionAnswersIt() {
        KioskSession session = new KioskSession("ks_abc", UUID.randomUUID(), NOW.plus(Duration.ofMinutes(10)), 120);

        Check answer = OneTimeCodes.answer(PHONE, new Opening.Opened(session));

        assertEquals(new Check.Verified(PHONE, session), answer);
    }

    @Test
    void aRightCodeForANumberNoMemberHasIsVerifiedWithoutASession() {
        Check answer = OneTimeCodes.answer(PHONE, new Opening.NoMember());

        Check.Verified verified = assertInstanceOf(Check.Verified.class, answer);
        assertEquals(PHONE, verified.phone());
        assertNull(verified.session());
    }

    @Test
    void aRightCodeTheCoreCouldNotOpenASessionForIsNotVerified() {
        Check answer = OneTimeCodes.answer(PHONE, new Opening.Unavailable("connection refused"));

        assertTrue(answer instanceof Check.CoreUnavailable, "only a Verified uses the code: " + answer);
    }

    /** Creation times {@code minutes} ago, newest first. */
    private static List<Instant> minutesAgo(int... minutes) {
        return java.util.Arrays.stream(minutes).mapToObj(m -> NOW.minus(Duration.ofMinutes(m))).toList();
    }

    private static OneTimeCodes.Issued issued(int minutesAgo) {
        Instant at = NOW.minus(Duration.ofMinutes(minutesAgo));
        return new OneTimeCodes.Issued(UUID.randomUUID(), PHONE, "kiosk", new byte[0], at, at.plus(OneTimeCodes.LIFETIME),
                0, null, null);
    }
}
