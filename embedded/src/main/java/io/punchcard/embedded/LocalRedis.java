package io.punchcard.embedded;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import redis.embedded.RedisServer;

/**
 * A Redis server that Punchcard starts itself (codemonstur embedded-redis), for the zero-configuration run
 * and for tests. With a data folder it keeps an append-only file there, so cached state and rate limits
 * survive a restart; a server left running by a run that was killed is stopped first.
 */
public final class LocalRedis implements AutoCloseable {

    private final RedisServer server;
    private final int port;
    private final FolderLock lock;

    private LocalRedis(RedisServer server, int port, FolderLock lock) {
        this.server = server;
        this.port = port;
        this.lock = lock;
    }

    /** Starts a server on a free loopback port (or {@code port} when not 0), persisting to {@code dataDirectory}. */
    public static LocalRedis start(Path dataDirectory, int port) {
        Path data = dataDirectory.toAbsolutePath().normalize();
        FolderLock lock = null;
        try {
            Files.createDirectories(data);
            Path pidFile = data.resolve("redis.pid");
            lock = FolderLock.acquire(data.resolve("punchcard.lock"), "Redis");
            // We hold the folder now, so a Redis named by the pid file was left behind by a run that died.
            StaleProcess.stopIfRunning(pidFile, "redis", 30);
            int chosen = port != 0 ? port : freePort();
            RedisServer server = RedisServer.newRedisServer()
                    .bind("127.0.0.1")
                    .port(chosen)
                    .setting("dir " + quoted(data))
                    .setting("pidfile " + quoted(pidFile))
                    .setting("appendonly yes")
                    .setting("appendfsync everysec")
                    .setting("save \"\"")
                    .build();
            server.start();
            return new LocalRedis(server, chosen, lock);
        } catch (EmbeddedStoreException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            if (lock != null) {
                lock.close();
            }
            throw new EmbeddedStoreException("The embedded Redis did not start in " + data + ": " + e.getMessage(), e);
        }
    }

    /** Starts a server that keeps nothing on disk, for tests that stop and restart it at will. */
    public static LocalRedis startEphemeral(int port) {
        try {
            int chosen = port != 0 ? port : freePort();
            RedisServer server = RedisServer.newRedisServer()
                    .bind("127.0.0.1")
                    .port(chosen)
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            server.start();
            return new LocalRedis(server, chosen, null);
        } catch (IOException | RuntimeException e) {
            throw new EmbeddedStoreException("The embedded Redis did not start: " + e.getMessage(), e);
        }
    }

    private static String quoted(Path path) {
        return "\"" + path.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    /** A {@code redis://} URL for this server. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Stops the server; with a data folder, Redis flushes its append-only file on the way out. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new EmbeddedStoreException("The embedded Redis did not stop cleanly: " + e.getMessage(), e);
        } finally {
            if (lock != null) {
                lock.close();
            }
        }
    }
}
