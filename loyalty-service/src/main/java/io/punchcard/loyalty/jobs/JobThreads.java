package io.punchcard.loyalty.jobs;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The background threads of the core's jobs: one daemon thread each, stopped letting the work under way finish. */
final class JobThreads {

    private JobThreads() {
    }

    /** A scheduler on one daemon thread named {@code name}, which never keeps the process alive. */
    static ScheduledExecutorService start(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Stops {@code executor}, waiting up to 30 seconds for the work under way. */
    static void stop(ScheduledExecutorService executor) {
        executor.shutdown();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
