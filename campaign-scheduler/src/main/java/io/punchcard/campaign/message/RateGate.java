package io.punchcard.campaign.message;

import java.time.Duration;
import java.time.Instant;

/**
 * The provider's send rate per channel, shared by every instance: a worker takes permits before it claims
 * messages, so several instances together stay under the provider's limit.
 */
public interface RateGate {

    /** Takes up to {@code wanted} permits of {@code channel} at {@code ratePerSecond} (0: unlimited). */
    Permits take(Channel channel, int ratePerSecond, int wanted, Instant now);

    /** The permits granted, and how long to wait before asking again when none were. */
    record Permits(int granted, Duration waitForNext) {
    }
}
