package io.punchcard.testsupport;

import java.net.URI;
import java.util.BitSet;

import io.punchcard.embedded.LocalRedis;
import org.testcontainers.containers.GenericContainer;
import redis.clients.jedis.JedisPooled;

/**
 * A Redis server on which each test class gets a logical database of its own, emptied before use and given
 * back when the class is done.
 *
 * @param base   {@code redis://[user:password@]host:port} (or {@code rediss://}), without a database number
 * @param source where the server came from
 */
public record RedisServer(URI base, StoreSource source) {

    /** Databases 1 to 15 (every Redis has 16 by default; 0 is left to people looking around by hand). */
    private static final int FIRST = 1;
    private static final int LAST = 15;
    private static final String IMAGE = "redis:7-alpine";

    /** Which databases this JVM's test classes hold. Classes of other JVMs on the same server are not seen. */
    private static final BitSet IN_USE = new BitSet();

    /**
     * The lowest database no class of this JVM holds, emptied.
     *
     * @throws IllegalStateException when 15 classes hold one each at once (only deep nesting does that)
     */
    public TestRedis allocate() {
        int database;
        synchronized (IN_USE) {
            database = IN_USE.nextClearBit(FIRST);
            if (database > LAST) {
                throw new IllegalStateException("All Redis test databases " + FIRST + ".." + LAST + " are in use");
            }
            IN_USE.set(database);
        }
        TestRedis redis = new TestRedis(base, database, source);
        try (JedisPooled client = redis.client()) {
            client.flushDB();
        }
        return redis;
    }

    /** Gives a database back for the next class. */
    public static void release(TestRedis redis) {
        synchronized (IN_USE) {
            IN_USE.clear(redis.database());
        }
    }

    /** The server named by {@code PUNCHCARD_TEST_REDIS_URL}; a database number in it is ignored. */
    static RedisServer fromEnvironment(String url) {
        URI uri = URI.create(url.trim());
        return new RedisServer(URI.create(uri.getScheme() + "://" + (uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@")
                + uri.getHost() + ":" + (uri.getPort() == -1 ? 6379 : uri.getPort())), StoreSource.ENVIRONMENT);
    }

    @SuppressWarnings("resource")
    static RedisServer docker() {
        GenericContainer<?> container = new GenericContainer<>(IMAGE).withExposedPorts(6379);
        container.start();
        return new RedisServer(URI.create("redis://" + container.getHost() + ":" + container.getFirstMappedPort()),
                StoreSource.DOCKER);
    }

    static RedisServer embedded() {
        LocalRedis server = LocalRedis.startEphemeral(0);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "test-redis-stop"));
        return new RedisServer(URI.create(server.url()), StoreSource.EMBEDDED);
    }
}
