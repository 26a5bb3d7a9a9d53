package io.punchcard.platform;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a server started, stopped in reverse order on SIGTERM or Ctrl-C: the web server drains first, then
 * the pools close, then the embedded servers stop, so no request meets a store that is already gone.
 */
public final class Lifecycle {

    private static final System.Logger LOG = System.getLogger(Lifecycle.class.getName());

    private final Deque<Step> steps = new ArrayDeque<>();
    private boolean stopped;

    /** A thing to stop, and what to call it in the log. */
    private record Step(String name, AutoCloseable closeable) {
    }

    /**
     * Registers {@code closeable} to be stopped before everything registered earlier. If stopping has begun
     * (a SIGTERM arrived while the server was still starting), it is stopped at once and the start aborted.
     */
    public synchronized <T extends AutoCloseable> T add(String name, T closeable) {
        if (stopped) {
            try {
                closeable.close();
            } catch (Exception e) {
                System.err.println("Stopping " + name + " failed: " + e.getMessage());
            }
            throw new StartupException("Stopped while starting.");
        }
        steps.push(new Step(name, closeable));
        return closeable;
    }

    /** Stops everything on JVM shutdown. */
    public Lifecycle stopOnShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "punchcard-shutdown"));
        return this;
    }

    /** Stops everything registered, newest first; a failing step does not keep the others from stopping. */
    public void stop() {
        stop(true);
    }

    /** Stops everything without saying so: for a start-up that failed, whose error is the line that matters. */
    public void stopQuietly() {
        stop(false);
    }

    private synchronized void stop(boolean report) {
        if (stopped) {
            return;
        }
        stopped = true;
        while (!steps.isEmpty()) {
            Step step = steps.pop();
            try {
                step.closeable().close();
                if (report) {
                    // Printed, not logged: the JDK resets java.util.logging in its own shutdown hook.
                    System.out.println("Stopped " + step.name());
                }
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "Stopping " + step.name() + " failed: " + e.getMessage());
                System.err.println("Stopping " + step.name() + " failed: " + e.getMessage());
            }
        }
    }
}
