package io.punchcard.loyalty.jobs;

import java.time.Duration;
import java.util.Optional;

/** Runs maintenance jobs so that no two instances run one at once, nor more often than its interval. */
public interface Maintenance {

    /**
     * Runs {@code job} when no instance is running it and its last run is at least {@code interval} ago.
     *
     * @return how many items it changed; empty when it was not this instance's turn
     */
    Optional<Integer> runIfDue(Job job, Duration interval);
}
