package io.punchcard.campaign.message;

import java.time.Duration;
import java.time.Instant;

import io.github.resilience4j.core.IntervalFunction;

/**
 * When a message that failed for a temporary reason is tried again, and when we stop trying. The wait grows
 * exponentially with jitter (Resilience4j's {@link IntervalFunction}), so a provider outage is not met by every
 * queued message at once when it ends; a provider's own Retry-After is honoured when it asks for longer.
 */
public final class RetrySchedule {

    /** The longest wait a configuration may set: a day between tries is more than any provider outage needs. */
    public static final Duration MAX_INTERVAL_LIMIT = Duration.ofDays(1);
    /** The most attempts a configuration may set: at the longest wait, months of trying a message nobody awaits. */
    public static final int MAX_ATTEMPTS_LIMIT = 100;

    private final IntervalFunction intervals;
    private final Duration maxInterval;
    private final int giveUpAfterAttempts;
    /** Past this attempt the exponential is above the maximum for any jitter, so a larger one changes nothing. */
    private final int lastGrowingAttempt;

    /**
     * @param initialInterval     the wait after the first failed attempt, before jitter
     * @param multiplier          how much each wait grows, 1 (constant) to 10
     * @param randomizationFactor jitter: each wait is drawn from ±this fraction of its value, 0 to 1 (exclusive)
     * @param maxInterval         no wait, jitter or Retry-After included, is longer
     * @param giveUpAfterAttempts attempts after which the message is given up, 1 to {@value #MAX_ATTEMPTS_LIMIT}
     */
    public RetrySchedule(Duration initialInterval, double multiplier, double randomizationFactor, Duration maxInterval,
                         int giveUpAfterAttempts) {
        if (initialInterval == null || initialInterval.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("initialInterval must be at least 1 ms");
        }
        if (maxInterval == null || maxInterval.compareTo(initialInterval) < 0 || maxInterval.compareTo(MAX_INTERVAL_LIMIT) > 0) {
            throw new IllegalArgumentException("maxInterval must be initialInterval to " + MAX_INTERVAL_LIMIT);
        }
        if (!(multiplier >= 1 && multiplier <= 10)) {
            throw new IllegalArgumentException("multiplier must be 1 to 10, was " + multiplier);
        }
        if (!(randomizationFactor >= 0 && randomizationFactor < 1)) {
            throw new IllegalArgumentException("randomizationFactor must be 0 to below 1, was " + randomizationFactor);
        }
        if (giveUpAfterAttempts < 1 || giveUpAfterAttempts > MAX_ATTEMPTS_LIMIT) {
            throw new IllegalArgumentException("giveUpAfterAttempts must be 1 to " + MAX_ATTEMPTS_LIMIT);
        }
        this.intervals = IntervalFunction.ofExponentialRandomBackoff(initialInterval, multiplier, randomizationFactor,
                maxInterval);
        this.maxInterval = maxInterval;
        this.giveUpAfterAttempts = giveUpAfterAttempts;
        this.lastGrowingAttempt = lastGrowingAttempt(initialInterval, multiplier, randomizationFactor, maxInterval);
    }

    /** 30 s doubling with ±20 % jitter up to an hour; given up after 12 attempts (about 6.5 hours of trying). */
    public static RetrySchedule defaults() {
        return new RetrySchedule(Duration.ofSeconds(30), 2, 0.2, Duration.ofHours(1), 12);
    }

    /**
     * When to try again after {@code attemptsSoFar} attempts (1 after the first failure).
     *
     * @param retryAfterHint the provider's Retry-After, or null; used when longer than the back-off, cut to the maximum
     */
    public Instant nextAttempt(int attemptsSoFar, Instant now, Duration retryAfterHint) {
        if (attemptsSoFar < 1) {
            throw new IllegalArgumentException("nextAttempt follows an attempt: attemptsSoFar must be 1 or more");
        }
        // IntervalFunction computes attempt n by n - 1 multiplications; beyond the growing ones the answer is the
        // maximum anyway, and a huge n must not cost a loop of that length.
        Duration wait = Duration.ofMillis(intervals.apply(Math.min(attemptsSoFar, lastGrowingAttempt)));
        if (retryAfterHint != null && retryAfterHint.compareTo(wait) > 0) {
            wait = retryAfterHint.compareTo(maxInterval) > 0 ? maxInterval : retryAfterHint;
        }
        return now.plus(wait);
    }

    /** True when {@code attemptsSoFar} attempts are all a message gets. */
    public boolean givesUp(int attemptsSoFar) {
        return attemptsSoFar >= giveUpAfterAttempts;
    }

    private static int lastGrowingAttempt(Duration initial, double multiplier, double randomization, Duration max) {
        // The smallest jittered value of attempt n is initial × multiplier^(n-1) × (1 - randomization); once that
        // reaches max, every later attempt is max. A multiplier of 1 never grows: attempt 1 stands for all.
        if (multiplier == 1) {
            return 1;
        }
        double floorOfFirst = initial.toMillis() * (1 - randomization);
        double growth = Math.log(max.toMillis() / floorOfFirst) / Math.log(multiplier);
        return (int) Math.max(1, Math.ceil(growth) + 2);
    }
}
