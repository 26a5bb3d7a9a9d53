package io.punchcard.outbox;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outbox keeps what it acknowledged, once, in order, through a restart and a kill -9. */
class SqliteOutboxTest {

    private static Outbox.NewEntry sale(String terminal, String id) {
        return new Outbox.NewEntry(terminal, "SALE", id, "{\"externalId\":\"" + id + "\"}", Instant.now());
    }

    @Test
    void aSaleSentTwiceByTheTillIsKeptOnce(@TempDir Path dir) {
        try (Outbox outbox = SqliteOutbox.open(dir.resolve("outbox.sqlite"))) {
            Outbox.Appended first = outbox.append(sale("T1", "0001"));
            Outbox.Appended again = outbox.append(sale("T1", "0001"));
            Outbox.Appended otherTill = outbox.append(sale("T2", "0001"));

            assertFalse(first.already());
            assertTrue(again.already());
            assertEquals(first.id(), again.id());
            assertFalse(otherTill.already(), "sale ids are the till's own: another till may use the same");
            assertEquals(2, outbox.stats().pending());
        }
    }

    @Test
    void entriesLeaveInOrderOnlyWhenTheCoreAnswered(@TempDir Path dir) {
        try (Outbox outbox = SqliteOutbox.open(dir.resolve("outbox.sqlite"))) {
            long a = outbox.append(sale("T1", "a")).id();
            long b = outbox.append(sale("T1", "b")).id();
            long c = outbox.append(sale("T1", "c")).id();

            outbox.failed(List.of(a, b), "core unreachable");
            List<Outbox.Entry> stillWaiting = outbox.pending(10);
            outbox.sent(List.of(a, b), List.of("{\"points\":1}", "{\"points\":2}"), Instant.now());
            outbox.rejected(c, "{\"status\":422}", Instant.now());

            assertEquals(List.of("a", "b", "c"), stillWaiting.stream().map(Outbox.Entry::reference).toList());
            assertEquals(1, stillWaiting.get(0).attempts());
            assertEquals(0, outbox.stats().pending());
            assertNull(outbox.stats().oldestWaiting());
            assertEquals(1, outbox.stats().rejected());
            assertEquals(Outbox.State.SENT, outbox.find("T1", "SALE", "b").orElseThrow().state());
            assertEquals("{\"points\":2}", outbox.find("T1", "SALE", "b").orElseThrow().outcome());
        }
    }

    @Test
    void aPersonSeesWhatTheCoreRefusedAndPutsItBackOnceItsCauseIsMended(@TempDir Path dir) {
        Path file = dir.resolve("outbox.sqlite");
        long refused;
        try (Outbox outbox = SqliteOutbox.open(file)) {
            refused = outbox.append(sale("T1", "0007")).id();
            outbox.append(sale("T1", "0008"));
            outbox.rejected(refused, "{\"detail\":\"No active member has this card.\"}", Instant.now());
        }
        java.io.ByteArrayOutputStream listed = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream retried = new java.io.ByteArrayOutputStream();
        try (Outbox outbox = SqliteOutbox.open(file)) {
            OutboxCommand.run(outbox, List.of("outbox", "rejected"), new java.io.PrintStream(listed, true, StandardCharsets.UTF_8));
            OutboxCommand.run(outbox, List.of("outbox", "retry", "#" + refused), new java.io.PrintStream(retried, true,
                    StandardCharsets.UTF_8));

            String list = listed.toString(StandardCharsets.UTF_8);
            assertTrue(list.contains("#" + refused) && list.contains("0007") && list.contains("No active member"), list);
            assertTrue(retried.toString(StandardCharsets.UTF_8).contains("on the queue again"));
            assertEquals(List.of("0007", "0008"), outbox.pending(10).stream().map(Outbox.Entry::reference).toList(),
                    "back in its old place, ahead of what came after it");
            assertFalse(outbox.retry(refused), "it is not refused any more");
            assertEquals(0, outbox.stats().rejected());
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> OutboxCommand.run(outbox, List.of("outbox", "retry", "seven"), System.out));
        }
    }

    @Test
    void aFileFromBeforeTheOutboxWasSharedKeepsItsWaitingEntries(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("store.db");
        try (java.sql.Connection old = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
             java.sql.Statement s = old.createStatement()) {
            s.execute("""
                    CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, terminal TEXT NOT NULL, kind TEXT NOT NULL,
                        reference TEXT NOT NULL, body TEXT NOT NULL, at INTEGER NOT NULL,
                        state TEXT NOT NULL DEFAULT 'PENDING', attempts INTEGER NOT NULL DEFAULT 0, outcome TEXT,
                        settled_at INTEGER, UNIQUE (terminal, kind, reference))""");
            s.execute("INSERT INTO outbox (terminal, kind, reference, body, at) VALUES ('T1', 'SALE', '0042', '{}', 1)");
        }
        try (Outbox outbox = SqliteOutbox.open(file)) {
            assertEquals("T1", outbox.pending(10).get(0).stream());
            assertTrue(outbox.append(sale("T1", "0042")).already(), "still kept once");
        }
    }

    @Test
    void whatWasAcknowledgedSurvivesAKillMinus9(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("outbox.sqlite");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process writer = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                OutboxWriter.class.getName(), file.toString(), "1000000").redirectErrorStream(true).start();
        Set<String> acknowledged = new HashSet<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while (acknowledged.size() < 300 && (line = out.readLine()) != null) {
                if (line.startsWith("acked ")) {
                    acknowledged.add(line.substring(6));
                }
            }
            writer.destroyForcibly();
            assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(300, acknowledged.size(), "the writer acknowledged 300 sales before it was killed");

        try (Outbox outbox = SqliteOutbox.open(file)) {
            List<Outbox.Entry> kept = outbox.pending(1_000_000);
            Set<String> references = new HashSet<>();
            kept.forEach(e -> references.add(e.reference()));
            assertTrue(references.containsAll(acknowledged), "every acknowledged sale is on disk");
            assertEquals(kept.size(), references.size(), "and none twice");
            for (int i = 1; i < kept.size(); i++) {
                assertTrue(kept.get(i).id() > kept.get(i - 1).id());
            }
        }
    }

    /** Appends sales one by one, saying "acked &lt;id&gt;" after each is kept, until killed. */
    public static final class OutboxWriter {

        public static void main(String[] args) {
            try (Outbox outbox = SqliteOutbox.open(Path.of(args[0]))) {
                for (int i = 0; i < Integer.parseInt(args[1]); i++) {
                    String id = "sale-" + i;
                    outbox.append(sale("T1", id));
                    System.out.println("acked " + id);
                    System.out.flush();
                }
            }
        }
    }
}
