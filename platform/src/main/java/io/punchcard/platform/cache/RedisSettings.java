package io.punchcard.platform.cache;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

import io.helidon.config.Config;

import io.punchcard.platform.Secrets;
import io.punchcard.platform.StartupException;

/**
 * Where Redis is: {@code redis.url} (or {@code REDIS_URL}), as {@code redis://[user:password@]host[:port][/db]}
 * or {@code rediss://} for TLS.
 *
 * @param uri the parsed, checked URL
 */
public record RedisSettings(URI uri) {

    private static final String FORM = "write it as redis://[user:password@]host[:port][/database]";

    /** The configured server, or empty when {@code redis.url} is not set (the embedded one is used then). */
    public static Optional<RedisSettings> from(Config redis) {
        return redis.get("url").asString().filter(url -> !url.isBlank()).map(RedisSettings::parse);
    }

    /**
     * Parses and checks a Redis URL.
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
        return new RedisSettings(uri);
    }

    /** The URL without its password, for logs. */
    public String redacted() {
        return Secrets.redact(uri.toString());
    }
}
