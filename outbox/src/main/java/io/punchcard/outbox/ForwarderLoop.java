package io.punchcard.outbox;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs the {@link Forwarder} on one background thread: at once when something is appended, again as long as
 * entries leave the queue, after the forwarder's back-off when the core fails, and every second when idle
 * (entries kept from before a restart are sent without waiting for a new one). A caller that wants the core's
 * answer (a till waiting for its receipt) waits here, briefly, for its own entry to be answered.
 */
public final class ForwarderLoop implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ForwarderLoop.class.getName());
    private static final Duration IDLE = Duration.ofSeconds(1);

    private final Forwarder forwarder;
    private final Outbox outbox;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition stepped = lock.newCondition();
    private final Thread thread;
    private boolean woken;
    private volatile boolean running = true;

    private ForwarderLoop(Forwarder forwarder, Outbox outbox, String threadName) {
        this.forwarder = forwarder;
        this.outbox = outbox;
        this.thread = Thread.ofPlatform().name(threadName).daemon(true).unstarted(this::run);
    }

    /** Starts forwarding on a thread named {@code threadName}. */
    public static ForwarderLoop start(Forwarder forwarder, Outbox outbox, String threadName) {
        ForwarderLoop loop = new ForwarderLoop(forwarder, outbox, threadName);
        loop.thread.start();
        return loop;
    }

    /** Something new is on the queue: send it now unless the core is being given time to recover. */
    public void wake() {
        lock.lock();
        try {
            woken = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits up to {@code patience} for the entry to leave the queue (answered or refused) and returns it as it
     * then is; still pending when the core is slow or out of reach.
     */
    public Optional<Outbox.Entry> await(String stream, String kind, String reference, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        wake();
        while (true) {
            Optional<Outbox.Entry> entry = outbox.find(stream, kind, reference);
            long left = deadline - System.nanoTime();
            if (entry.isEmpty() || entry.get().state() != Outbox.State.PENDING || left <= 0 || forwarder.coreOffline()) {
                return entry;
            }
            lock.lock();
            try {
                stepped.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return entry;
            } finally {
                lock.unlock();
            }
        }
    }

    private void run() {
        while (running) {
            Duration pause;
            try {
                pause = switch (forwarder.step()) {
                    case Forwarder.Sent sent -> Duration.ZERO;
                    case Forwarder.Idle idle -> IDLE;
                    case Forwarder.Waiting waiting -> waiting.pause();
                };
            } catch (RuntimeException e) {
                // The local file failed (disk full?): nothing was lost, try again in a moment.
                LOG.log(System.Logger.Level.ERROR, "Forwarding stopped on a local error; trying again", e);
                pause = IDLE;
            }
            lock.lock();
            try {
                stepped.signalAll();
                if (!pause.isZero()) {
                    long nanos = pause.toNanos();
                    // A wake-up cuts an idle wait short, not a back-off: the core is given its time.
                    boolean idle = pause == IDLE;
                    while (running && nanos > 0 && !(idle && woken)) {
                        nanos = work.awaitNanos(nanos);
                    }
                }
                woken = false;
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public void close() {
        running = false;
        wake();
        try {
            // A step under way finishes (its entries marked) rather than being cut off mid-request.
            thread.join(10_000);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(2_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
