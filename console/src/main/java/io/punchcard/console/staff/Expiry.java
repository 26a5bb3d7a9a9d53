package io.punchcard.console.staff;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a console session ends: the core's own limits, mirrored so the console forgets a session (and the core's token
 * it holds) no later than the core does — after {@code idle} without a request, and at {@code endsAt} however busy.
 *
 * @param endsAt the core's {@code expiresAt}: the latest the session may live
 * @param idle   the core's {@code idleSeconds}
 */
public record Expiry(Instant endsAt, Duration idle) {

    /** Why a session ended. */
    public enum Ending {
        /** No request for longer than the idle time. */
        IDLE,
        /** Its longest life is over, however busy it was. */
        MAXIMUM
    }

    public Expiry {
        if (idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("idle must be positive: " + idle);
        }
    }

    /** Why the session, last used at {@code lastSeen}, has ended by {@code now}; empty while it lives. */
    public Optional<Ending> endedAt(Instant lastSeen, Instant now) {
        if (!now.isBefore(endsAt)) {
            return Optional.of(Ending.MAXIMUM);
        }
        if (!now.isBefore(lastSeen.plus(idle))) {
            return Optional.of(Ending.IDLE);
        }
        return Optional.empty();
    }
}
