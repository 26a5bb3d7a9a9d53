package io.punchcard.app;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The app as a person runs it: its own process, configured by environment variables, stopped by SIGTERM. */
class MainProcessIT {

    private static final Pattern API_LINE = Pattern.compile("API\\s+http://localhost:(\\d+)/api/v1");

    @TempDir
    Path folder;

    @Test
    void aBadConfigurationEndsTheProcessWithOneLineAndExitCode2() throws Exception {
        int closed = closedPort();
        Process process = app(Map.of(
                "DB_URL", "jdbc:postgresql://127.0.0.1:" + closed + "/punchcard",
                "REDIS_URL", "redis://127.0.0.1:" + closed, "POS_PORT", "0", "STOREFRONT_PORT", "0"));

        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        List<String> errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(line -> !line.startsWith("WARNING: ")) // the JVM's own notes about native access
                .toList();
        assertEquals(2, process.exitValue());
        assertEquals(1, errors.size(), String.join("\n", errors));
        assertTrue(errors.get(0).startsWith("punchcard cannot start: Cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:"
                + closed), errors.get(0));
    }

    @Test
    void sigtermStopsEverythingAndTheNextStartWorks() throws Exception {
        Path data = folder.resolve("data");
        for (int run = 1; run <= 2; run++) {
            Path log = folder.resolve("run-" + run + ".log");
            Process process = app(Map.of("DATA_DIR", data.toString(), "SERVER_PORT", "0", "POS_PORT", "0", "STOREFRONT_PORT", "0"), log);
            int port = awaitPort(process, log);
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/observe/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());

            long postgresPid = pid(data.resolve("postgres/postmaster.pid"));
            long redisPid = pid(data.resolve("redis/redis.pid"));
            process.destroy();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the app stops within a minute of SIGTERM");
            String output = Files.readString(log);
            assertTrue(output.contains("Stopped embedded PostgreSQL"), output);
            assertTrue(exits(postgresPid), "PostgreSQL stopped");
            assertTrue(exits(redisPid), "Redis stopped");
            assertFalse(Files.exists(data.resolve("postgres/postmaster.pid")), "PostgreSQL shut down cleanly");
        }
    }

    private Process app(Map<String, String> env) throws IOException {
        return app(env, null);
    }

    private Process app(Map<String, String> env, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                Main.class.getName())
                .directory(folder.toFile());
        builder.environment().putAll(env);
        if (log != null) {
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
        }
        return builder.start();
    }

    private static int awaitPort(Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            Matcher m = API_LINE.matcher(Files.exists(log) ? Files.readString(log) : "");
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!process.isAlive()) {
                throw new AssertionError("the app ended before printing its URLs: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the app printed no URLs within 90 seconds: " + Files.readString(log));
    }

    /** The postmaster removes its pid file just before it exits, so give it a moment. */
    private static boolean exits(long pid) throws Exception {
        var process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            return true;
        }
        try {
            process.get().onExit().get(10, TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    private static long pid(Path pidFile) throws IOException {
        return Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
