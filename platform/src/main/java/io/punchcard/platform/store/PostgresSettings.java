package io.punchcard.platform.store;

import java.util.Optional;

import io.helidon.config.Config;

import io.punchcard.platform.Secrets;
import io.punchcard.platform.StartupException;

/**
 * Where the PostgreSQL of record is: {@code db.url}, {@code db.username}, {@code db.password} (or
 * {@code DB_URL}, {@code DB_USERNAME}, {@code DB_PASSWORD}), the pool size {@code db.pool.size} and how long a
 * request waits for a connection, {@code db.pool.connection-timeout-millis}.
 *
 * @param url                     a {@code jdbc:postgresql://} URL
 * @param username                the login role
 * @param password                its password, empty for trust authentication
 * @param poolSize                the most connections this process holds open
 * @param connectionTimeoutMillis how long a request waits for a connection before it is answered 503: while
 *                                the database is down or restarting, this is what every request costs
 */
public record PostgresSettings(String url, String username, String password, int poolSize, int connectionTimeoutMillis) {

    static final int DEFAULT_POOL_SIZE = 20;
    /**
     * Long enough for a busy pool to hand over a connection (a borrow takes microseconds; queries
     * milliseconds), short enough that a till hears "try again" well within its own timeout.
     */
    public static final int DEFAULT_CONNECTION_TIMEOUT_MILLIS = 1000;

    public PostgresSettings {
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw new StartupException("db.url '" + Secrets.redact(url) + "' is not a PostgreSQL JDBC URL: write it as "
                    + "jdbc:postgresql://host:5432/database");
        }
        if (username == null || username.isBlank()) {
            throw new StartupException("db.username is empty: set the PostgreSQL login role (db.username or DB_USERNAME)");
        }
        password = password == null ? "" : password;
        if (poolSize < 1 || poolSize > 500) {
            throw new StartupException("db.pool.size " + poolSize + " is out of range: use 1 to 500");
        }
        // Hikari refuses less than 250 ms.
        if (connectionTimeoutMillis < 250 || connectionTimeoutMillis > 60_000) {
            throw new StartupException("db.pool.connection-timeout-millis " + connectionTimeoutMillis
                    + " is out of range: use 250 to 60000");
        }
    }

    /** A server with the default connection timeout. */
    public PostgresSettings(String url, String username, String password, int poolSize) {
        this(url, username, password, poolSize, DEFAULT_CONNECTION_TIMEOUT_MILLIS);
    }

    /** The configured server, or empty when {@code db.url} is not set (the embedded one is used then). */
    public static Optional<PostgresSettings> from(Config db) {
        return db.get("url").asString().filter(url -> !url.isBlank()).map(url -> new PostgresSettings(
                url.trim(),
                db.get("username").asString().orElse("postgres"),
                db.get("password").asString().orElse(""),
                db.get("pool.size").asInt().orElse(DEFAULT_POOL_SIZE),
                db.get("pool.connection-timeout-millis").asInt().orElse(DEFAULT_CONNECTION_TIMEOUT_MILLIS)));
    }

    /** The same server with another pool size. */
    public PostgresSettings withPoolSize(int size) {
        return new PostgresSettings(url, username, password, size, connectionTimeoutMillis);
    }

    @Override
    public String toString() {
        return "PostgresSettings[url=" + Secrets.redact(url) + ", username=" + username + ", poolSize=" + poolSize
                + ", connectionTimeoutMillis=" + connectionTimeoutMillis + "]";
    }
}
