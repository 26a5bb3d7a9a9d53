package io.punchcard.bench.cache;

import java.net.URI;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.JedisPooled;

/**
 * Ceiling (c): one Redis GET round trip of a value as large as a cached member card, on a Jedis pool with a
 * connection per load worker.
 */
public final class RedisGet implements AutoCloseable {

    private static final String KEY = "bench:ceiling:card";

    private final JedisPooled redis;

    public RedisGet(String url, byte[] value, int connections) {
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(connections);
        pool.setMaxIdle(connections);
        this.redis = new JedisPooled(pool, URI.create(url));
        redis.set(KEY.getBytes(java.nio.charset.StandardCharsets.UTF_8), value);
    }

    /** @return 1 when the value came back */
    public int get() {
        return redis.get(KEY.getBytes(java.nio.charset.StandardCharsets.UTF_8)) == null ? -1 : 1;
    }

    @Override
    public void close() {
        redis.del(KEY);
        redis.close();
    }
}
