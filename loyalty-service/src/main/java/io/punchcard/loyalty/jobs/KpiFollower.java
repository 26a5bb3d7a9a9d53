package io.punchcard.loyalty.jobs;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.punchcard.loyalty.kpi.KpiRollups;

/**
 * Keeps the KPI rollups current: asks them to take in new events every {@link #EVERY}, on one thread of this instance.
 * Every instance may run one; the rollups let one at a time follow and the others return at once.
 */
public final class KpiFollower implements AutoCloseable {

    /** How far behind the events the KPIs may be: a console refreshed after a sale shows it. */
    public static final Duration EVERY = Duration.ofSeconds(1);

    private static final System.Logger LOG = System.getLogger(KpiFollower.class.getName());

    private final ScheduledExecutorService executor = JobThreads.start("punchcard-kpis");

    /** Starts following. */
    public KpiFollower(KpiRollups rollups) {
        executor.scheduleWithFixedDelay(() -> {
            try {
                rollups.follow();
            } catch (RuntimeException e) {
                // The position did not move: the next round reads the same events again.
                LOG.log(System.Logger.Level.WARNING, "KPI rollups did not follow the events: " + e.getMessage(), e);
            }
        }, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops following; a page under way finishes. */
    @Override
    public void close() {
        JobThreads.stop(executor);
    }
}
