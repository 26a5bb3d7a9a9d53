package io.punchcard.embedded;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import redis.embedded.core.ExecutableProvider;

/**
 * A Redis server that Punchcard starts itself, from the binary that codemonstur embedded-redis ships, for the
 * zero-configuration run and for tests. With a data folder it keeps an append-only file there, so cached
 * state and rate limits survive a restart, and writes its log beside the folder; a server left running by a
 * run that was killed is stopped first.
 *
 * <p>We run the process ourselves rather than through the library's {@code RedisServer}, which adds a JVM
 * shutdown hook of its own: that hook would stop Redis at the same moment as the web server starts draining,
 * instead of after it. The server also gets a session of its own ({@code setsid}), so a Ctrl-C in the
 * terminal reaches only the JVM, which then stops everything in order.
 */
public final class LocalRedis implements AutoCloseable {

    private static final String READY = "Ready to accept connections";
    private static final long START_SECONDS = 30;

    private final Process process;
    private final int port;
    private final FolderLock lock;

    private LocalRedis(Process process, int port, FolderLock lock) {
        this.process = process;
        this.port = port;
        this.lock = lock;
    }

    /** Starts a server on a free loopback port (or {@code port} when not 0), persisting to {@code dataDirectory}. */
    public static LocalRedis start(Path dataDirectory, int port) {
        Path data = dataDirectory.toAbsolutePath().normalize();
        FolderLock lock = null;
        try {
            Files.createDirectories(data);
            lock = FolderLock.acquire(data.resolve("punchcard.lock"), "Redis");
            Path pidFile = data.resolve("redis.pid");
            // We hold the folder now, so a Redis named by the pid file was left behind by a run that died.
            StaleProcess.stopIfRunning(pidFile, "redis", 30);
            List<String> settings = List.of("--dir", data.toString(), "--pidfile", pidFile.toString(),
                    "--appendonly", "yes", "--appendfsync", "everysec", "--save", "");
            return launch(settings, port, data.resolveSibling(data.getFileName() + ".log"), lock);
        } catch (IOException | RuntimeException e) {
            if (lock != null) {
                lock.close();
            }
            throw e instanceof EmbeddedStoreException ese ? ese
                    : new EmbeddedStoreException("The embedded Redis did not start in " + data + ": " + e.getMessage(), e);
        }
    }

    /** Starts a server that keeps nothing on disk, for tests that stop and restart it at will. */
    public static LocalRedis startEphemeral(int port) {
        return launch(List.of("--save", "", "--appendonly", "no"), port, null, null);
    }

    private static LocalRedis launch(List<String> settings, int port, Path log, FolderLock lock) {
        try {
            int chosen = port != 0 ? port : freePort();
            List<String> command = new ArrayList<>();
            if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
                command.add("/usr/bin/setsid");
            }
            command.add(ExecutableProvider.newJarResourceProvider().get().getAbsolutePath());
            command.addAll(List.of("--bind", "127.0.0.1", "--port", Integer.toString(chosen), "--daemonize", "no"));
            command.addAll(settings);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            awaitReady(process, log, chosen);
            return new LocalRedis(process, chosen, lock);
        } catch (IOException e) {
            throw new EmbeddedStoreException("The embedded Redis did not start: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the server's output until it says it is ready, and keeps reading it for as long as it runs (into
     * the log file, or nowhere): an unread pipe would fill and stall the server.
     */
    private static void awaitReady(Process process, Path log, int port) {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Deque<String> recent = new ArrayDeque<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 BufferedWriter file = log == null ? null : Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                         StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (file != null) {
                        file.write(line);
                        file.newLine();
                        file.flush();
                    }
                    synchronized (recent) {
                        recent.addLast(line);
                        if (recent.size() > 5) {
                            recent.removeFirst();
                        }
                    }
                    if (line.contains(READY)) {
                        ready.complete(null);
                    }
                }
            } catch (IOException e) {
                ready.completeExceptionally(new UncheckedIOException(e));
            }
            ready.completeExceptionally(new IllegalStateException("exited"));
        }, "embedded-redis-output");
        reader.setDaemon(true);
        reader.start();
        try {
            ready.get(START_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            String said;
            synchronized (recent) {
                said = String.join(" | ", recent);
            }
            throw new EmbeddedStoreException("The embedded Redis did not start on port " + port + ": "
                    + (said.isBlank() ? "it said nothing" : said)
                    + (said.contains("Address already in use") ? " (choose another embedded.redis.port)" : ""));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    /** The server's process id, for tests that stall it with SIGSTOP as a hung server would stall. */
    public long pid() {
        return process.pid();
    }

    /** A {@code redis://} URL for this server. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Stops the server with SIGTERM, on which Redis flushes its append-only file; SIGKILL after 30 seconds. */
    @Override
    public void close() {
        try {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new EmbeddedStoreException("The embedded Redis did not stop within 30 seconds and was killed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }
}
