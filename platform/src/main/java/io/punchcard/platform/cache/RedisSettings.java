package io.punchcard.platform.cache;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

import io.helidon.config.Config;

import io.punchcard.platform.Secrets;
import io.punchcard.platform.StartupException;

/**
 * Where Redis is: {@code redis.url} (or {@code REDIS_URL}), as {@code redis://[user:password@]host[:port][/db]}
 * or {@code rediss://} for TLS; and how long a cache call may wait for it ({@link Limits}).
 *
 * @param uri    the parsed, checked URL
 * @param limits the time and pool limits of every call
 */
public record RedisSettings(URI uri, Limits limits) {

    private static final String FORM = "write it as redis://[user:password@]host[:port][/database]";

    public RedisSettings {
        if (limits == null) {
            limits = Limits.DEFAULT;
        }
    }

    /**
     * How long a cache call may cost. Redis holds only copies, so a call that waits longer than reading
     * PostgreSQL would gains nothing: a stalled Redis must cost tens of milliseconds, not the client's default
     * seconds, before the caller falls back to PostgreSQL.
     *
     * @param connectTimeoutMillis opening a connection ({@code redis.connect-timeout-millis})
     * @param timeoutMillis        waiting for the answer to one command ({@code redis.timeout-millis})
     * @param poolSize             connections held open ({@code redis.pool.size})
     * @param poolWaitMillis       waiting for a free connection when all are busy ({@code redis.pool.wait-millis})
     */
    public record Limits(int connectTimeoutMillis, int timeoutMillis, int poolSize, int poolWaitMillis) {

        /** A local Redis answers in well under a millisecond; these leave room for a busy machine. */
        public static final Limits DEFAULT = new Limits(50, 50, 32, 20);

        public Limits {
            check("redis.connect-timeout-millis", connectTimeoutMillis, 1, 60_000);
            check("redis.timeout-millis", timeoutMillis, 1, 60_000);
            check("redis.pool.size", poolSize, 1, 1_000);
            check("redis.pool.wait-millis", poolWaitMillis, 0, 60_000);
        }

        /** The limits under {@code redis}, each defaulting to {@link #DEFAULT}'s. */
        public static Limits from(Config redis) {
            return new Limits(
                    redis.get("connect-timeout-millis").asInt().orElse(DEFAULT.connectTimeoutMillis()),
                    redis.get("timeout-millis").asInt().orElse(DEFAULT.timeoutMillis()),
                    redis.get("pool.size").asInt().orElse(DEFAULT.poolSize()),
                    redis.get("pool.wait-millis").asInt().orElse(DEFAULT.poolWaitMillis()));
        }

        private static void check(String key, int value, int min, int max) {
            if (value < min || value > max) {
                throw new StartupException(key + " " + value + " is out of range: use " + min + " to " + max);
            }
        }
    }

    /** The configured server, or empty when {@code redis.url} is not set (the embedded one is used then). */
    public static Optional<RedisSettings> from(Config redis) {
        Limits limits = Limits.from(redis);
        return redis.get("url").asString().filter(url -> !url.isBlank()).map(url -> parse(url).withLimits(limits));
    }

    /**
     * Parses and checks a Redis URL; the limits are the defaults.
     *
     * @throws StartupException naming {@code redis.url} when it is malformed
     */
    public static RedisSettings parse(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new StartupException("redis.url '" + Secrets.redact(url) + "' is not a URL (" + e.getReason() + "): " + FORM);
        }
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
            throw new StartupException("redis.url '" + Secrets.redact(url) + "' does not start with redis:// or rediss://: " + FORM);
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            throw new StartupException("redis.url '" + Secrets.redact(url) + "' names no host: " + FORM);
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (!path.isEmpty() && !path.equals("/") && !path.matches("/\\d{1,2}")) {
            throw new StartupException("redis.url '" + Secrets.redact(url) + "' has '" + path + "' where a database number belongs: " + FORM);
        }
        return new RedisSettings(uri, Limits.DEFAULT);
    }

    /** The same server with other limits. */
    public RedisSettings withLimits(Limits other) {
        return new RedisSettings(uri, other);
    }

    /** The URL without its password, for logs. */
    public String redacted() {
        return Secrets.redact(uri.toString());
    }
}
