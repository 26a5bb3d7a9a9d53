package io.punchcard.campaign.message;

import java.time.Duration;
import java.time.Instant;

/**
 * A provider's send rate shared by every scheduler instance: the store keeps this state in one row, locks it,
 * asks {@link #take} how many messages may go and writes {@link Take#next} back. Pure, so the arithmetic is
 * tested here and the row is only storage.
 *
 * <p>The bucket holds at most one second of the rate (at least one token): after a pause the cluster may send one
 * second's worth at once, never more, and over any stretch of time at most that burst plus the rate times its
 * length. A provider that counts strictly per second can so see up to twice the rate within one second after a
 * pause; for such a provider staff set the rate at half its limit.
 *
 * @param tokens      messages that may go now, fractions included; never negative
 * @param refreshedAt the instant {@code tokens} was computed for; never moves backwards
 */
public record TokenBucket(double tokens, Instant refreshedAt) {

    private static final double NANOS_PER_SECOND = 1_000_000_000d;
    /** More than any batch the dispatcher takes; a bound so a bad count cannot overflow a sum. */
    public static final int MAX_REQUESTED = 1_000_000;

    public TokenBucket {
        if (!(tokens >= 0) || Double.isInfinite(tokens)) {
            throw new IllegalArgumentException("tokens must be a finite count of 0 or more, was " + tokens);
        }
        if (refreshedAt == null) {
            throw new IllegalArgumentException("refreshedAt is required");
        }
    }

    /** A full bucket for a new row: the first second may use the whole rate. */
    public static TokenBucket full(int ratePerSecond, Instant now) {
        return new TokenBucket(capacity(checkRate(ratePerSecond)), now);
    }

    /**
     * The result of one take.
     *
     * @param granted     how many of the requested messages may go now, 0 to requested
     * @param next        the state to store
     * @param waitForNext how long from {@code now} until one more message may go; zero when one may go already
     */
    public record Take(int granted, TokenBucket next, Duration waitForNext) {
    }

    /**
     * Refills {@code state} for the time since it was refreshed and grants up to {@code requested} whole tokens.
     * A rate of 0 means unlimited: everything is granted. A clock that went backwards (another instance's, or
     * after a correction) refills nothing, and the state keeps its later {@code refreshedAt}, so the same
     * interval is never counted twice.
     */
    public static Take take(TokenBucket state, int ratePerSecond, int requested, Instant now) {
        checkRate(ratePerSecond);
        if (requested < 0 || requested > MAX_REQUESTED) {
            throw new IllegalArgumentException("requested must be 0 to " + MAX_REQUESTED + ", was " + requested);
        }
        Instant refreshedAt = later(state.refreshedAt(), now);
        if (ratePerSecond == 0) {
            return new Take(requested, new TokenBucket(state.tokens(), refreshedAt), Duration.ZERO);
        }
        double capacity = capacity(ratePerSecond);
        Duration elapsed = Duration.between(state.refreshedAt(), refreshedAt);
        // A full second (or more) refills a bucket of one second's capacity; checked first so toNanos cannot overflow.
        double tokens = elapsed.getSeconds() >= 1
                ? capacity
                : Math.min(capacity, state.tokens() + elapsed.toNanos() * (double) ratePerSecond / NANOS_PER_SECOND);
        int granted = (int) Math.min(requested, Math.floor(tokens));
        tokens -= granted;

        Duration wait;
        if (tokens >= 1) {
            wait = Duration.ZERO;
        } else {
            // Until the missing part of a token has dripped in, plus the time until now catches up with a clock
            // that ran ahead; rounded up so waiting exactly this long always finds the token there.
            long dripNanos = (long) Math.ceil((1 - tokens) * NANOS_PER_SECOND / ratePerSecond);
            wait = Duration.ofNanos(dripNanos).plus(Duration.between(now, refreshedAt));
        }
        return new Take(granted, new TokenBucket(tokens, refreshedAt), wait);
    }

    private static int checkRate(int ratePerSecond) {
        if (ratePerSecond < 0 || ratePerSecond > MessagingSettings.MAX_RATE_PER_SECOND) {
            throw new IllegalArgumentException("ratePerSecond must be 0 (unlimited) to "
                    + MessagingSettings.MAX_RATE_PER_SECOND + ", was " + ratePerSecond);
        }
        return ratePerSecond;
    }

    private static double capacity(int ratePerSecond) {
        return Math.max(1, ratePerSecond);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
