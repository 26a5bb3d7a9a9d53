package io.punchcard.platform.store;

import java.net.ServerSocket;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import io.punchcard.platform.StartupException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PostgresSettingsTest {

    @Test
    void noUrlMeansNoConfiguredServer() {
        assertTrue(PostgresSettings.from(Config.empty()).isEmpty());
    }

    @Test
    void aUrlOfAnotherDatabaseIsRefused() {
        Config db = Config.just(ConfigSources.create(Map.of("url", "jdbc:mysql://localhost/punchcard")));

        StartupException e = assertThrows(StartupException.class, () -> PostgresSettings.from(db));

        assertTrue(e.getMessage().startsWith("db.url 'jdbc:mysql://localhost/punchcard' is not a PostgreSQL JDBC URL"));
    }

    @Test
    void anUnreachableServerIsOneLineThatSaysWhatToCheck() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/punchcard";

        StartupException e = assertThrows(StartupException.class,
                () -> Postgres.open(new PostgresSettings(url, "postgres", "", 2)));

        assertTrue(e.getMessage().startsWith("Cannot connect to PostgreSQL at " + url), e.getMessage());
        assertTrue(e.getMessage().contains("(connection refused): check db.url, db.username and db.password"),
                e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void aRequestWaitsASecondForAConnectionUnlessConfiguredOtherwise() {
        Map<String, String> url = Map.of("url", "jdbc:postgresql://db/punchcard");
        Config configured = Config.just(ConfigSources.create(Map.of("url", "jdbc:postgresql://db/punchcard",
                "pool.connection-timeout-millis", "400")));

        assertEquals(1000, PostgresSettings.from(Config.just(ConfigSources.create(url))).orElseThrow()
                .connectionTimeoutMillis());
        assertEquals(400, PostgresSettings.from(configured).orElseThrow().connectionTimeoutMillis());
    }

    @Test
    void aConnectionTimeoutHikariWouldRefuseIsOneLineNamingTheKey() {
        Config db = Config.just(ConfigSources.create(Map.of("url", "jdbc:postgresql://db/punchcard",
                "pool.connection-timeout-millis", "100")));

        StartupException e = assertThrows(StartupException.class, () -> PostgresSettings.from(db));

        assertEquals("db.pool.connection-timeout-millis 100 is out of range: use 250 to 60000", e.getMessage());
    }
}
