package io.punchcard.outbox;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The forwarder's part, with a courier of the test's own: an entry refused for good is set aside and the queue goes
 * on, without the core being taken for down; a failure a retry may mend keeps the entry at the head.
 */
class ForwarderTest {

    /** Refuses entries whose body is "bad", fails on "down", delivers the rest. */
    private static final class TestCourier implements Courier {
        @Override
        public boolean batches(String kind) {
            return false;
        }

        @Override
        public List<Delivery> deliver(List<Outbox.Entry> entries) throws Exception {
            return switch (entries.get(0).body()) {
                case "bad" -> throw new Undeliverable("cannot be read");
                case "down" -> throw new IOException("connection refused");
                default -> List.of(new Delivered("{}"));
            };
        }
    }

    private static Outbox.NewEntry entry(String reference, String body) {
        return new Outbox.NewEntry("T1", "SALE", reference, body, Instant.now());
    }

    @Test
    void anEntryRefusedForGoodIsSetAsideAndTheQueueGoesOn(@TempDir Path dir) {
        try (Outbox outbox = SqliteOutbox.open(dir.resolve("outbox.sqlite"))) {
            for (int i = 0; i < 5; i++) {
                outbox.append(entry("bad-" + i, "bad"));
            }
            outbox.append(entry("good", "{}"));
            Forwarder forwarder = new Forwarder(outbox, new TestCourier(), Clock.systemUTC(), Duration.ofMillis(10),
                    Duration.ofMillis(50));

            for (int i = 0; i < 6; i++) {
                assertInstanceOf(Forwarder.Sent.class, forwarder.step());
            }

            assertEquals(5, outbox.stats().rejected());
            assertEquals(0, outbox.stats().pending());
            assertEquals(Outbox.State.SENT, outbox.find("T1", "SALE", "good").orElseThrow().state());
            assertTrue(outbox.find("T1", "SALE", "bad-0").orElseThrow().outcome().contains("cannot be read"));
            assertFalse(forwarder.coreOffline(), "five bad entries say nothing about the core");
        }
    }

    @Test
    void aFailureARetryMayMendKeepsTheEntryAtTheHead(@TempDir Path dir) {
        try (Outbox outbox = SqliteOutbox.open(dir.resolve("outbox.sqlite"))) {
            outbox.append(entry("first", "down"));
            outbox.append(entry("second", "{}"));
            Forwarder forwarder = new Forwarder(outbox, new TestCourier(), Clock.systemUTC(), Duration.ofMillis(10),
                    Duration.ofMillis(50));

            for (int i = 0; i < 3; i++) {
                assertInstanceOf(Forwarder.Waiting.class, forwarder.step());
            }

            assertEquals(2, outbox.stats().pending(), "nothing overtakes the entry that failed");
            assertEquals(3, outbox.pending(1).get(0).attempts());
            assertTrue(forwarder.coreOffline(), "three failures in a row: the core is given time");
        }
    }
}
