package io.punchcard.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for what a test asserts rather than sleeping for a while and hoping: polls, and gives up loudly. */
public final class Await {

    private static final long POLL_MILLIS = 20;

    private Await() {
    }

    /**
     * Returns once {@code condition} holds.
     *
     * @throws AssertionError when it still does not after {@code timeout}, naming {@code what} was awaited
     */
    public static void until(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout.toSeconds() + " s for: " + what);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /**
     * Returns {@code value}'s first answer that is not null.
     *
     * @throws AssertionError when it is still null after {@code timeout}, naming {@code what} was awaited
     */
    public static <T> T value(java.util.function.Supplier<T> value, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T answer = value.get();
            if (answer != null) {
                return answer;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + timeout.toSeconds() + " s for: " + what);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
