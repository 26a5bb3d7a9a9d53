package io.punchcard.platform.cache;

import java.time.Duration;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * The connection pool to Redis, which holds caches and never the truth. An unreachable Redis at start is
 * logged, not fatal: every reader falls back to PostgreSQL. Its health check is named {@code redis}.
 */
public final class Redis implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Redis.class.getName());

    private final RedisSettings settings;
    private final JedisPooled client;

    private Redis(RedisSettings settings, JedisPooled client) {
        this.settings = settings;
        this.client = client;
    }

    /**
     * Opens the pool and tries one PING, logging a warning when Redis does not answer. Every call is bounded
     * by the settings' limits: connecting, each command's answer and the wait for a free connection (which
     * Jedis's pool would otherwise wait for without end).
     */
    public static Redis open(RedisSettings settings) {
        var uri = settings.uri();
        RedisSettings.Limits limits = settings.limits();
        JedisClientConfig config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(limits.connectTimeoutMillis())
                .socketTimeoutMillis(limits.timeoutMillis())
                .user(JedisURIHelper.getUser(uri))
                .password(JedisURIHelper.getPassword(uri))
                .database(JedisURIHelper.getDBIndex(uri))
                .ssl(JedisURIHelper.isRedisSSLScheme(uri))
                .clientName("punchcard")
                .build();
        int port = uri.getPort() == -1 ? 6379 : uri.getPort();
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(limits.poolSize());
        pool.setMaxIdle(limits.poolSize());
        pool.setBlockWhenExhausted(true);
        pool.setMaxWait(Duration.ofMillis(limits.poolWaitMillis()));
        Redis redis = new Redis(settings, new JedisPooled(new HostAndPort(uri.getHost(), port), config, pool));
        try {
            redis.client.ping();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Redis at " + settings.redacted() + " does not answer ("
                    + e.getMessage() + "); serving from PostgreSQL until it does");
        }
        return redis;
    }

    public JedisPooled client() {
        return client;
    }

    public RedisSettings settings() {
        return settings;
    }

    /** Readiness check {@code redis}: a PING round trip within the command timeout. */
    public HealthCheck healthCheck() {
        return new HealthCheck() {
            @Override
            public String name() {
                return "redis";
            }

            @Override
            public HealthCheckType type() {
                return HealthCheckType.READINESS;
            }

            @Override
            public HealthCheckResponse call() {
                long start = System.nanoTime();
                try {
                    client.ping();
                    return HealthCheckResponse.builder().status(true)
                            .detail("latencyMillis", (System.nanoTime() - start) / 1_000_000)
                            .build();
                } catch (RuntimeException e) {
                    return HealthCheckResponse.builder().status(false)
                            .detail("error", String.valueOf(e.getMessage()))
                            .build();
                }
            }
        };
    }

    @Override
    public void close() {
        client.close();
    }
}
