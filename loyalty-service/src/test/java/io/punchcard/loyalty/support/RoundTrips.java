package io.punchcard.loyalty.support;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Counts the round trips to PostgreSQL a call makes: how a test says a batch costs no more than one item. */
public final class RoundTrips {

    private RoundTrips() {
    }

    /** How many times the PostgreSQL driver waited for the server (sent a Sync) while {@code call} ran. */
    public static int of(Runnable call) {
        Logger driver = Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");
        AtomicInteger syncs = new AtomicInteger();
        Handler counter = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getMessage() != null && record.getMessage().contains("FE=> Sync")) {
                    syncs.incrementAndGet();
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level before = driver.getLevel();
        driver.setLevel(Level.FINEST);
        driver.addHandler(counter);
        try {
            call.run();
        } finally {
            driver.removeHandler(counter);
            driver.setLevel(before);
        }
        return syncs.get();
    }
}
