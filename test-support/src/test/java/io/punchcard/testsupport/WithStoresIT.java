package io.punchcard.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each test class gets a fresh, migrated database and an empty Redis database; nested classes are classes too. */
@WithStores(migrations = "classpath:db/migration/testsupport")
class WithStoresIT {

    private static final Set<String> DATABASES_SEEN = ConcurrentHashMap.newKeySet();

    @Test
    void theDatabaseIsMigratedAndEmpty(TestPostgres postgres) throws SQLException {
        assertStartsEmptyThenWrite(postgres);
    }

    @Test
    void theRedisDatabaseIsEmpty(TestRedis redis) {
        assertRedisStartsEmptyThenWrite(redis);
    }

    @Nested
    class FirstClass {
        @Test
        void getsItsOwnStores(TestPostgres postgres, TestRedis redis) throws SQLException {
            assertStartsEmptyThenWrite(postgres);
            assertRedisStartsEmptyThenWrite(redis);
        }
    }

    @Nested
    class SecondClass {
        @Test
        void getsItsOwnStores(TestPostgres postgres, TestRedis redis) throws SQLException {
            assertStartsEmptyThenWrite(postgres);
            assertRedisStartsEmptyThenWrite(redis);
        }
    }

    private static void assertStartsEmptyThenWrite(TestPostgres postgres) throws SQLException {
        assertTrue(DATABASES_SEEN.add(postgres.database()), "each class gets its own database");
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM probe")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "the migrated table starts empty");
            }
            s.execute("INSERT INTO probe VALUES (1, 'written by " + postgres.database() + "')");
        }
    }

    private static void assertRedisStartsEmptyThenWrite(TestRedis redis) {
        try (JedisPooled client = redis.client()) {
            assertEquals(0, client.dbSize(), "the Redis database starts empty");
            client.set("probe", "written");
        }
    }
}
