package io.punchcard.app;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.Json;
import io.punchcard.platform.StartupException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The all-in-one app on its embedded default, and each bad configuration's one clear line. */
class PunchcardAppIT {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path folder;

    @Test
    void startsOnEmbeddedStoresReportsBothHealthyAndKeepsDataAcrossARestart() throws Exception {
        Path data = folder.resolve("data");
        try (PunchcardApp app = PunchcardApp.start(config(Map.of("data.dir", data.toString())))) {
            JsonNode health = getJson(app, "/observe/health", 200);
            assertEquals("UP", health.get("status").asText());
            assertEquals("UP", check(health, "postgresql").get("status").asText());
            assertEquals("UP", check(health, "redis").get("status").asText());
            assertEquals(1, getJson(app, "/api/v1/about", 200).get("starts").asLong());
            assertTrue(app.banner().stream().anyMatch(line -> line.contains("/openapi")));
            assertTrue(app.banner().contains("  Console     http://localhost:" + app.port() + "/console/"),
                    String.join("\n", app.banner()));
            assertTrue(app.banner().stream().anyMatch(line -> line.contains("./punchcard staff create-admin")),
                    "no staff yet: the banner says how to make the first admin");
            assertEquals(200, get(app, "/console/login").statusCode(), "the console is mounted and connected");
        }
        String consoleKey = java.nio.file.Files.readString(data.resolve("console").resolve("api-key"));
        try (PunchcardApp app = PunchcardApp.start(config(Map.of("data.dir", data.toString())))) {
            assertEquals(2, getJson(app, "/api/v1/about", 200).get("starts").asLong(),
                    "the second start sees the first one's row: the data folder kept the database");
            assertEquals(consoleKey, java.nio.file.Files.readString(data.resolve("console").resolve("api-key")),
                    "the console's CONSOLE key is kept across a restart");
        }
    }

    @Test
    void servesTheOpenApiDocumentOfTheCore() throws Exception {
        try (PunchcardApp app = PunchcardApp.start(config(Map.of("data.dir", folder.resolve("data").toString())))) {
            HttpResponse<String> response = get(app, "/openapi");
            assertEquals(200, response.statusCode());
            assertTrue(response.body().contains("/api/v1/about"), response.body());
        }
    }

    @Test
    void anUnreachableDatabaseIsOneLineNamingTheUrl() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort() + "/punchcard";
        StartupException e = assertThrows(StartupException.class, () -> PunchcardApp.start(config(Map.of(
                "db.url", url, "data.dir", folder.resolve("data").toString()))));

        assertTrue(e.getMessage().startsWith("Cannot connect to PostgreSQL at " + url), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void aMalformedRedisUrlIsRefusedBeforeAnythingStarts() {
        Path data = folder.resolve("data");
        StartupException e = assertThrows(StartupException.class, () -> PunchcardApp.start(config(Map.of(
                "redis.url", "localhost:6379", "data.dir", data.toString()))));

        assertTrue(e.getMessage().startsWith("redis.url 'localhost:6379' does not start with redis://"), e.getMessage());
        assertTrue(Files.notExists(data), "no embedded server was started for a configuration that cannot work");
    }

    @Test
    void aPortInUseIsOneLineAndLeavesNothingRunning() throws Exception {
        Path data = folder.resolve("data");
        try (ServerSocket taken = new ServerSocket(0)) {
            StartupException e = assertThrows(StartupException.class, () -> PunchcardApp.start(config(Map.of(
                    "server.port", Integer.toString(taken.getLocalPort()), "data.dir", data.toString()))));
            assertTrue(e.getMessage().startsWith("Port " + taken.getLocalPort()), e.getMessage());
            assertTrue(e.getMessage().contains("server.port"), e.getMessage());
        }
        try (PunchcardApp app = PunchcardApp.start(config(Map.of("data.dir", data.toString())))) {
            assertEquals(200, get(app, "/observe/health").statusCode(),
                    "the failed start stopped its embedded servers, so the next one starts on the same folder");
        }
    }

    @Test
    void aDataFolderThatCannotBeWrittenIsOneLineNamingDataDir() throws IOException {
        Path file = Files.writeString(folder.resolve("a-file"), "in the way");
        StartupException e = assertThrows(StartupException.class, () -> PunchcardApp.start(config(Map.of(
                "data.dir", file.resolve("data").toString()))));

        assertTrue(e.getMessage().startsWith("The data folder " + file.resolve("data") + " is not writable"),
                e.getMessage());
        assertTrue(e.getMessage().contains("data.dir"), e.getMessage());
    }

    @Test
    void aSecondAppOnTheSameDataFolderIsRefusedAndTheFirstKeepsServing() throws Exception {
        Path data = folder.resolve("data");
        try (PunchcardApp first = PunchcardApp.start(config(Map.of("data.dir", data.toString())))) {
            StartupException e = assertThrows(StartupException.class,
                    () -> PunchcardApp.start(config(Map.of("data.dir", data.toString()))));
            assertTrue(e.getMessage().contains("in use by another running Punchcard"), e.getMessage());
            assertEquals(1, getJson(first, "/api/v1/about", 200).get("starts").asLong());
        }
    }

    static Config config(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(Map.of("server.port", "0", "server.host", "127.0.0.1", "pos.port", "0",
                "storefront.port", "0"));
        values.putAll(overrides);
        return Config.just(ConfigSources.create(values), ConfigSources.classpath("application.yaml"));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode check : health.get("checks")) {
            if (check.get("name").asText().equals(name)) {
                return check;
            }
        }
        throw new AssertionError("no health check named " + name + " in " + health);
    }

    private static JsonNode getJson(PunchcardApp app, String path, int status) throws Exception {
        HttpResponse<String> response = get(app, path);
        assertEquals(status, response.statusCode(), response.body());
        return Json.mapper().readTree(response.body());
    }

    private static HttpResponse<String> get(PunchcardApp app, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
