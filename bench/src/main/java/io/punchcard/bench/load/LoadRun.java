package io.punchcard.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.HdrHistogram.Histogram;

/**
 * A closed-loop load: {@code concurrency} workers each send one operation, wait for its answer, and send the
 * next, first for the warm-up (not counted), then for the measured period or until the operation count is
 * reached, whichever comes first. Latency is measured per operation, from before it is sent to after its
 * answer is read, into an HdrHistogram in microseconds. A closed loop sends less when the server slows, so
 * its percentiles understate what an open stream of shoppers would see under overload; at the loads here
 * (below saturation, as the ceilings show) the difference is small.
 */
public final class LoadRun {

    private static final long MAX_MICROS = Duration.ofMinutes(1).toNanos() / 1000;

    private LoadRun() {
    }

    /** One operation. Returns how many items it completed (a batch of 500 purchases completes 500). */
    @FunctionalInterface
    public interface Operation {
        /**
         * @param sequence a number unique across the run (warm-up included), for unique sale and redemption ids
         * @return items completed; an exception or a negative number is a failure
         */
        int run(long sequence) throws Exception;
    }

    /**
     * @param name          what is measured
     * @param concurrency   workers
     * @param warmup        run first and not counted
     * @param measure       how long to measure at most
     * @param maxOperations how many operations to measure at most
     */
    public record Plan(String name, int concurrency, Duration warmup, Duration measure, long maxOperations) {
    }

    /**
     * @param plan         what was run
     * @param operations   measured operations that succeeded
     * @param items        items they completed
     * @param failures     measured operations that failed
     * @param elapsed      the measured period
     * @param latency      microseconds per successful operation
     * @param firstFailure what the first failure said, or null
     */
    public record Result(Plan plan, long operations, long items, long failures, Duration elapsed, Histogram latency,
                         String firstFailure) {

        /** Items per second over the measured period. */
        public double throughput() {
            return elapsed.isZero() ? 0 : items * 1e9 / elapsed.toNanos();
        }

        /** The latency at {@code percentile} (0..100), in milliseconds. */
        public double latencyMillis(double percentile) {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    /** Runs {@code operation} as {@code plan} says and returns what was measured. */
    public static Result run(Plan plan, Operation operation) {
        AtomicLong sequence = new AtomicLong();
        if (!plan.warmup().isZero()) {
            phase(plan.concurrency(), plan.warmup(), Long.MAX_VALUE, operation, sequence);
        }
        return phase(plan.concurrency(), plan.measure(), plan.maxOperations(), operation, sequence).of(plan);
    }

    private record Measured(long operations, long items, long failures, Duration elapsed, Histogram latency,
                            String firstFailure) {
        Result of(Plan plan) {
            return new Result(plan, operations, items, failures, elapsed, latency, firstFailure);
        }
    }

    private static Measured phase(int concurrency, Duration length, long maxOperations, Operation operation,
                                  AtomicLong sequence) {
        AtomicLong started = new AtomicLong();
        AtomicLong items = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        List<Histogram> histograms = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        long begin = System.nanoTime();
        long deadline = begin + length.toNanos();
        for (int w = 0; w < concurrency; w++) {
            Histogram histogram = new Histogram(MAX_MICROS, 3);
            histograms.add(histogram);
            workers.add(Thread.ofPlatform().name("load-" + w).start(() -> {
                while (System.nanoTime() < deadline && started.incrementAndGet() <= maxOperations) {
                    long t0 = System.nanoTime();
                    try {
                        int done = operation.run(sequence.getAndIncrement());
                        if (done < 0) {
                            failures.incrementAndGet();
                            firstFailure.compareAndSet(null, "the operation reported a failure");
                            continue;
                        }
                        histogram.recordValue(Math.min(MAX_MICROS, (System.nanoTime() - t0) / 1000));
                        items.addAndGet(done);
                    } catch (Exception | AssertionError e) {
                        failures.incrementAndGet();
                        firstFailure.compareAndSet(null, String.valueOf(e.getMessage()));
                    }
                }
            }));
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while measuring", e);
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - begin);
        Histogram all = new Histogram(MAX_MICROS, 3);
        histograms.forEach(all::add);
        return new Measured(all.getTotalCount(), items.get(), failures.get(), elapsed, all, firstFailure.get());
    }
}
