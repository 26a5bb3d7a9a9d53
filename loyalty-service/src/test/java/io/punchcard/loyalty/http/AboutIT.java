package io.punchcard.loyalty.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.Json;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.platform.store.Postgres;
import io.punchcard.platform.store.PostgresSettings;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The core on a database of its own: each start is recorded, and /api/v1/about reports them. */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class AboutIT {

    private static final Instant FIRST = Instant.parse("2026-01-05T09:00:00Z");
    private static Postgres postgres;
    private static WebServer server;

    @BeforeAll
    static void start(TestPostgres database) {
        postgres = Postgres.open(new PostgresSettings(database.jdbcUrl(), database.username(), database.password(), 4));
        new LoyaltyService(postgres.dbClient(), Clock.fixed(FIRST, ZoneOffset.UTC)).recordStart();
        LoyaltyService core = new LoyaltyService(postgres.dbClient(), Clock.fixed(FIRST.plusSeconds(3600), ZoneOffset.UTC));
        core.recordStart();
        Config config = Config.just(ConfigSources.create(Map.of("server.port", "0", "server.host", "127.0.0.1")));
        server = io.punchcard.platform.PunchcardServer.start(config, List.of(core), List.of(postgres.healthCheck()));
    }

    @AfterAll
    static void stop() {
        server.stop();
        postgres.close();
    }

    @Test
    void reportsEveryStartAndTheFirstOne() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/api/v1/about")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode(), response.body());
        JsonNode about = Json.mapper().readTree(response.body());
        assertEquals("punchcard", about.get("name").asText());
        assertEquals(2, about.get("starts").asLong());
        assertEquals(FIRST, Instant.parse(about.get("firstStartedAt").asText()));
    }
}
