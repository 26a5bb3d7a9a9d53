package io.punchcard.testsupport;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import io.punchcard.embedded.LocalPostgres;
import io.punchcard.embedded.LocalRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPooled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The environment source uses exactly the servers the variables name; here, servers this test starts. */
class EnvironmentSourceIT {

    @TempDir
    Path folder;

    @Test
    void databasesAreMadeOnTheServerTheVariableNames() throws Exception {
        try (LocalPostgres named = LocalPostgres.start(folder.resolve("pg"), 0, LocalPostgres.Durability.THROWAWAY)) {
            // Through the extension's own choice, with Docker answering, to show the variable wins.
            PostgresServer server = StoresExtension.Servers.postgresFor(Map.of(StoreSource.PG_URL,
                    "jdbc:postgresql://127.0.0.1:" + named.port() + "/postgres?user=postgres&password="), () -> true);
            TestPostgres database = server.createDatabase("EnvironmentSourceIT", "classpath:db/migration/testsupport");

            assertEquals(StoreSource.ENVIRONMENT, database.source());
            assertEquals(1, databasesNamed(named, database.database()), "the database exists on the named server");
            try (Connection c = database.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM probe")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "and it is migrated");
            }

            server.dropDatabase(database);
            assertEquals(0, databasesNamed(named, database.database()), "and dropped afterwards");
        }
    }

    private static int databasesNamed(LocalPostgres server, String name) throws Exception {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), "postgres", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void redisDatabasesAreTakenOnTheServerTheVariableNames() {
        try (LocalRedis named = LocalRedis.startEphemeral(0)) {
            RedisServer server = StoresExtension.Servers.redisFor(Map.of(StoreSource.REDIS_URL, named.url()), () -> true);
            TestRedis redis = server.allocate();
            try (JedisPooled client = redis.client()) {
                client.set("left-by-the-test", "1");
            }
            try (Jedis direct = new Jedis("127.0.0.1", named.port())) {
                direct.select(redis.database());
                assertEquals("1", direct.get("left-by-the-test"));
            }
            assertTrue(redis.database() >= 1 && redis.database() <= 15);
            RedisServer.release(redis);
            assertEquals(StoreSource.ENVIRONMENT, redis.source());
        }
    }
}
