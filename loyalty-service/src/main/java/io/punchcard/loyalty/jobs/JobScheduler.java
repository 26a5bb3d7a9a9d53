package io.punchcard.loyalty.jobs;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Asks every job whether it is due, every {@link #TICK}, on one thread of this instance. Whether it runs is
 * decided in the database, so every instance can run a scheduler.
 */
public final class JobScheduler implements AutoCloseable {

    static final Duration TICK = Duration.ofSeconds(30);

    /** How often each job runs, across all instances together. */
    public static final Map<Job, Duration> INTERVALS = Map.of(
            Job.RELEASE_PENDING, Duration.ofMinutes(1),
            Job.EXPIRE_LOTS, Duration.ofHours(1),
            Job.TIER_REVIEW, Duration.ofHours(24),
            Job.LAPSE_HOLDS, Duration.ofMinutes(1),
            Job.EXPIRE_VOUCHERS, Duration.ofHours(1),
            Job.END_KIOSK_SESSIONS, Duration.ofMinutes(10));

    private static final System.Logger LOG = System.getLogger(JobScheduler.class.getName());

    private final ScheduledExecutorService executor = JobThreads.start("punchcard-jobs");

    /** Starts asking {@code maintenance} to run the jobs. */
    public JobScheduler(Maintenance maintenance) {
        executor.scheduleWithFixedDelay(() -> tick(maintenance), TICK.toSeconds(), TICK.toSeconds(), TimeUnit.SECONDS);
    }

    private static void tick(Maintenance maintenance) {
        for (Job job : Job.values()) {
            try {
                maintenance.runIfDue(job, INTERVALS.get(job)).filter(n -> n > 0).ifPresent(n ->
                        LOG.log(System.Logger.Level.INFO, job.rowName() + ": " + n + " changed"));
            } catch (RuntimeException e) {
                // A failing job must not stop the others; the next tick tries again.
                LOG.log(System.Logger.Level.WARNING, job.rowName() + " failed: " + e.getMessage(), e);
            }
        }
    }

    /** Stops asking; a run under way finishes its batch. */
    @Override
    public void close() {
        JobThreads.stop(executor);
    }
}
