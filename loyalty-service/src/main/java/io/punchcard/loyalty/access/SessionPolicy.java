package io.punchcard.loyalty.access;

import java.time.Duration;
import java.time.Instant;

/**
 * How long a kiosk session lives: it ends after {@code idle} without a request, and {@code absolute} after it was
 * opened however busy, so a kiosk left on a shopper's screen does not act for them for long. A use is written
 * at most every {@code touchEvery}: a busy screen reads its session on every request, and a write for each would
 * cost more than the idle time's precision is worth.
 *
 * @param idle       how long it lives without a request
 * @param absolute   how long it lives at most
 * @param touchEvery how stale the stored last use may get; well below {@code idle}
 */
public record SessionPolicy(Duration idle, Duration absolute, Duration touchEvery) {

    /** Ten minutes idle, thirty at most: a shopper's visit to the kiosk, with room to read the screen. */
    public static final SessionPolicy DEFAULT = new SessionPolicy(Duration.ofMinutes(10), Duration.ofMinutes(30),
            Duration.ofSeconds(15));

    public SessionPolicy {
        if (idle.isNegative() || idle.isZero() || absolute.compareTo(idle) < 0 || touchEvery.compareTo(idle) >= 0) {
            throw new IllegalArgumentException("a session lives 0 < idle <= absolute, and is touched more often than "
                    + "idle: " + idle + ", " + absolute + ", " + touchEvery);
        }
    }

    /** A session opened at {@code now}, for {@code memberId}, held by the key {@code keyId}. */
    public Session open(String keyId, java.util.UUID memberId, Instant now) {
        return new Session(keyId, memberId, now, now, now.plus(absolute));
    }
}
