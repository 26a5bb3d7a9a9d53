package io.punchcard.pos.poslog;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A POSLog file many times the heap is imported whole: 120,000 sales, about 134 MB of XML, in a JVM allowed
 * 32 MB. The reader holds one transaction at a time and the outbox takes them 500 to a commit.
 */
class PoslogHeapIT {

    private static final long SALES = 120_000;

    @Test
    void aFileFourTimesTheHeapIsImported(@TempDir Path dir) throws Exception {
        long bytes = 0;
        try (GeneratedPoslog file = new GeneratedPoslog(SALES)) {
            bytes = file.transferTo(java.io.OutputStream.nullOutputStream());
        }
        assertTrue(bytes > 4L * 32 * 1024 * 1024, "the file is over four times the heap: " + bytes + " bytes");

        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-cp", System.getProperty("java.class.path"), GeneratedPoslog.class.getName(),
                Long.toString(SALES), dir.resolve("outbox.db").toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES));

        assertEquals(0, process.exitValue(), output);
        List<String> lines = output.lines().filter(l -> l.startsWith("{")).toList();
        JsonNode report = Json.mapper().readTree(lines.getFirst());
        assertEquals(SALES, report.get("read").asLong(), output);
        assertEquals(SALES, report.get("imported").asLong(), output);
        assertEquals(0, report.get("rejected").asLong(), output);
    }
}
