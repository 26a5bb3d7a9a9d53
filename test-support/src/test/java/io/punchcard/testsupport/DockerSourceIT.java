package io.punchcard.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The Docker source, where an engine answers; skipped, saying why, where none does. */
class DockerSourceIT {

    @BeforeAll
    static void needsDocker() {
        if (!DockerProbe.answers()) {
            System.out.println("[test-support] DockerSourceIT skipped: " + DockerProbe.whyNot());
        }
        assumeTrue(DockerProbe.answers(), DockerProbe::whyNot);
    }

    @Test
    void aContainerGivesAFreshMigratedDatabase() throws Exception {
        PostgresServer server = PostgresServer.docker();
        TestPostgres database = server.createDatabase("DockerSourceIT", "classpath:db/migration/testsupport");
        try (Connection c = database.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM probe")) {
            rs.next();
            assertEquals(0, rs.getInt(1));
        }
        assertEquals(StoreSource.DOCKER, database.source());
    }

    @Test
    void aContainerGivesAnEmptyRedisDatabase() {
        TestRedis redis = RedisServer.docker().allocate();
        try (JedisPooled client = redis.client()) {
            assertEquals(0, client.dbSize());
        }
    }
}
