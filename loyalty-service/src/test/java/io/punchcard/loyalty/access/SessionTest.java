package io.punchcard.loyalty.access;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionTest {

    private static final Instant OPENED = Instant.parse("2026-12-07T10:00:00Z");
    private static final SessionPolicy POLICY = SessionPolicy.DEFAULT;

    private static Session usedAt(Instant lastUsed) {
        Session opened = POLICY.open("kiosk1", UUID.randomUUID(), OPENED);
        return new Session(opened.keyId(), opened.memberId(), opened.createdAt(), lastUsed, opened.expiresAt());
    }

    @Test
    void aSessionEndsTenMinutesIdleOrThirtyMinutesAfterItOpened() {
        Session opened = POLICY.open("kiosk1", UUID.randomUUID(), OPENED);

        assertEquals(OPENED.plus(Duration.ofMinutes(30)), opened.expiresAt());
        assertTrue(opened.liveAt(OPENED.plus(Duration.ofMinutes(9)), POLICY));
        assertFalse(opened.liveAt(OPENED.plus(Duration.ofMinutes(10)), POLICY), "idle ten minutes");
        Session busy = usedAt(OPENED.plus(Duration.ofMinutes(25)));
        assertTrue(busy.liveAt(OPENED.plus(Duration.ofMinutes(29)), POLICY));
        assertFalse(busy.liveAt(OPENED.plus(Duration.ofMinutes(30)), POLICY), "however busy, thirty minutes at most");
    }

    @Test
    void aUseIsWrittenOnlyWhenTheStoredOneIsFifteenSecondsOld() {
        Session session = usedAt(OPENED);

        assertFalse(session.touchDueAt(OPENED.plusSeconds(14), POLICY));
        assertTrue(session.touchDueAt(OPENED.plusSeconds(15), POLICY));
    }

    @Test
    void anIdleTimeBeyondTheAbsoluteOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SessionPolicy(Duration.ofMinutes(40),
                Duration.ofMinutes(30), Duration.ofSeconds(15)));
        assertThrows(IllegalArgumentException.class, () -> new SessionPolicy(Duration.ofSeconds(10),
                Duration.ofMinutes(30), Duration.ofSeconds(15)));
    }
}
