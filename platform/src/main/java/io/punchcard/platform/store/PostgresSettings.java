package io.punchcard.platform.store;

import java.util.Optional;

import io.helidon.config.Config;

import io.punchcard.platform.Secrets;
import io.punchcard.platform.StartupException;

/**
 * Where the PostgreSQL of record is: {@code db.url}, {@code db.username}, {@code db.password} (or
 * {@code DB_URL}, {@code DB_USERNAME}, {@code DB_PASSWORD}) and the pool size {@code db.pool.size}.
 *
 * @param url      a {@code jdbc:postgresql://} URL
 * @param username the login role
 * @param password its password, empty for trust authentication
 * @param poolSize the most connections this process holds open
 */
public record PostgresSettings(String url, String username, String password, int poolSize) {

    static final int DEFAULT_POOL_SIZE = 20;

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
    }

    /** The configured server, or empty when {@code db.url} is not set (the embedded one is used then). */
    public static Optional<PostgresSettings> from(Config db) {
        return db.get("url").asString().filter(url -> !url.isBlank()).map(url -> new PostgresSettings(
                url.trim(),
                db.get("username").asString().orElse("postgres"),
                db.get("password").asString().orElse(""),
                db.get("pool.size").asInt().orElse(DEFAULT_POOL_SIZE)));
    }

    /** The same server with another pool size. */
    public PostgresSettings withPoolSize(int size) {
        return new PostgresSettings(url, username, password, size);
    }

    @Override
    public String toString() {
        return "PostgresSettings[url=" + Secrets.redact(url) + ", username=" + username + ", poolSize=" + poolSize + "]";
    }
}
