package io.punchcard.testsupport;

import java.net.URI;

import io.punchcard.embedded.LocalRedis;
import org.testcontainers.containers.GenericContainer;
import redis.clients.jedis.Jedis;

/**
 * A Redis server on which each test class gets a logical database of its own, flushed before use.
 *
 * @param host   server host
 * @param port   server port
 * @param source where the server came from
 */
public record RedisServer(String host, int port, StoreSource source) {

    private static final String CONTAINER_IMAGE = "redis:7-alpine";
    /** Database 0 holds the allocation counter; tests get 1 to 15, the databases every Redis has by default. */
    private static final int DATABASES = 15;

    /** The next logical database, round robin over 1..15, emptied. */
    public TestRedis allocate() {
        try (Jedis admin = new Jedis(host, port)) {
            long n = admin.incr("punchcard:test:next-database");
            int database = 1 + (int) (n % DATABASES);
            admin.select(database);
            admin.flushDB();
            return new TestRedis(host, port, database, source);
        }
    }

    /** The server named by {@code PUNCHCARD_TEST_REDIS_URL}: {@code redis://host:port}. */
    static RedisServer fromEnvironment(String url) {
        URI uri = URI.create(url);
        return new RedisServer(uri.getHost(), uri.getPort() == -1 ? 6379 : uri.getPort(), StoreSource.ENVIRONMENT);
    }

    @SuppressWarnings("resource")
    static RedisServer docker() {
        GenericContainer<?> container = new GenericContainer<>(CONTAINER_IMAGE).withExposedPorts(6379);
        container.start();
        return new RedisServer(container.getHost(), container.getFirstMappedPort(), StoreSource.DOCKER);
    }

    static RedisServer embedded() {
        LocalRedis server = LocalRedis.startEphemeral(0);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "test-redis-stop"));
        return new RedisServer("127.0.0.1", server.port(), StoreSource.EMBEDDED);
    }
}
