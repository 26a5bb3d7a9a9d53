package io.punchcard.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.TestRedis;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With db.url and redis.url set, nothing embedded starts and the named servers are used. */
@WithStores
class ConfiguredStoresIT {

    @TempDir
    Path folder;

    @Test
    void usesTheNamedServersAndStartsNothingEmbedded(TestPostgres postgres, TestRedis redis) throws Exception {
        Path data = folder.resolve("data");
        try (PunchcardApp app = PunchcardApp.start(PunchcardAppIT.config(Map.of(
                "db.url", postgres.jdbcUrl(), "db.username", postgres.username(), "db.password", postgres.password(),
                "redis.url", redis.url(), "data.dir", data.toString(),
                "pos.data-file", folder.resolve("store/S001.db").toString(),
                "pos.poslog.drop-folder", folder.resolve("store/inbox").toString(),
                "storefront.data-file", folder.resolve("shops/storefront.db").toString())))) {
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + app.port() + "/observe/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());

            assertTrue(Files.notExists(data), "no data folder: nothing embedded started");
            assertTrue(Files.exists(folder.resolve("store/S001.db")), "the demo store's connector keeps its own file");
            assertTrue(Files.exists(folder.resolve("shops/storefront.db")), "and so does the storefront connector");
            try (Connection c = postgres.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM server_start")) {
                rs.next();
                assertEquals(1, rs.getInt(1), "the schema was migrated into the named database and the start recorded");
            }
            try (Jedis client = new Jedis(URI.create(redis.url()))) {
                assertTrue(client.clientList().contains("name=punchcard"), "the app holds connections to the named Redis");
            }
        }
    }
}
