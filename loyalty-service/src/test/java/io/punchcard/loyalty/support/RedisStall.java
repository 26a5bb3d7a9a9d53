package io.punchcard.loyalty.support;

import java.io.IOException;

import io.punchcard.embedded.LocalRedis;

/**
 * A Redis stalled the way a hung or swapping server stalls: its process is stopped (SIGSTOP), so connections
 * open and commands are sent, but nothing answers until {@link #close()} lets it run on (SIGCONT). A stopped
 * server that refuses connections at once would hide the client's timeouts.
 */
public final class RedisStall implements AutoCloseable {

    private final long pid;

    private RedisStall(long pid) {
        this.pid = pid;
    }

    /** Stops {@code server}'s process until the stall is closed. */
    public static RedisStall of(LocalRedis server) {
        signal(server.pid(), "STOP");
        return new RedisStall(server.pid());
    }

    @Override
    public void close() {
        signal(pid, "CONT");
    }

    private static void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot send SIG" + signal + " to " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted sending SIG" + signal, e);
        }
    }
}
