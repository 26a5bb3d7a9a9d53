package io.punchcard.loyalty.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.Json;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.access.Scope;
import io.punchcard.platform.PunchcardServer;
import io.punchcard.platform.store.Postgres;
import io.punchcard.platform.store.PostgresSettings;
import io.punchcard.testsupport.TestPostgres;
import redis.clients.jedis.JedisPooled;

/** The core served over a real socket on a test database, with a small JSON client for tests. */
public final class CoreUnderTest implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final Postgres postgres;
    private final WebServer server;
    private final LoyaltyService service;
    private final String token;
    private final String kioskSession;
    private final String staffSession;

    private CoreUnderTest(Postgres postgres, WebServer server, LoyaltyService service, String token,
                          String kioskSession, String staffSession) {
        this.postgres = postgres;
        this.server = server;
        this.service = service;
        this.token = token;
        this.kioskSession = kioskSession;
        this.staffSession = staffSession;
    }

    /** The same server, calling with another API key (or none, when {@code token} is null). */
    public CoreUnderTest as(String token) {
        return new CoreUnderTest(postgres, server, service, token, null, null);
    }

    /** The same server and key, calling in the kiosk session {@code session} (X-Kiosk-Session; none when null). */
    public CoreUnderTest inKioskSession(String session) {
        return new CoreUnderTest(postgres, server, service, token, session, null);
    }

    /** The same server and key, calling in the staff session {@code session} (X-Staff-Session; none when null). */
    public CoreUnderTest inStaffSession(String session) {
        return new CoreUnderTest(postgres, server, service, token, null, session);
    }

    /** Starts the core on {@code database} with {@code clock}. */
    public static CoreUnderTest start(TestPostgres database, Clock clock) {
        return start(database, null, clock);
    }

    /** Starts the core on {@code database}, caching member cards in {@code redis} (when not null). */
    public static CoreUnderTest start(TestPostgres database, JedisPooled redis, Clock clock) {
        Postgres postgres = Postgres.open(new PostgresSettings(database.jdbcUrl(), database.username(),
                database.password(), 16));
        LoyaltyService core = new LoyaltyService(postgres.dbClient(), redis, clock);
        Config config = Config.just(ConfigSources.create(Map.of("server.port", "0", "server.host", "127.0.0.1")));
        String admin = core.apiKeys().create("tests", Scope.ADMIN, null).token();
        return new CoreUnderTest(postgres, PunchcardServer.start(config, List.of(core), List.of(postgres.healthCheck())),
                core, admin, null, null);
    }

    /** A response: its status, parsed body and headers. */
    public record Response(int status, JsonNode body, java.net.http.HttpHeaders headers) {

        public Response(int status, JsonNode body) {
            this(status, body, java.net.http.HttpHeaders.of(Map.of(), (name, value) -> true));
        }

        /** The first value of the header {@code name}, or null. */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String text(String field) {
            return body.path(field).asText();
        }

        public long number(String field) {
            return body.path(field).asLong();
        }

        /** The body as a record of the wire contract. */
        public <T> T as(Class<T> type) {
            try {
                return Json.mapper().treeToValue(body, type);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The events feed's position after every event committed so far: where a test's own events begin. */
    public String eventsPosition() {
        String cursor = "";
        while (true) {
            JsonNode page = get("/api/v1/events?after=" + cursor + "&limit=1000").body();
            if (page.get("events").isEmpty()) {
                return cursor;
            }
            cursor = page.get("next").asText();
        }
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    public Response post(String path, Object body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(body))));
    }

    public Response patch(String path, Object body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json(body))));
    }

    public Response put(String path, Object body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json(body))));
    }

    private Response send(HttpRequest.Builder request) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (kioskSession != null) {
            request.header(io.punchcard.api.v1.KioskSession.HEADER, kioskSession);
        }
        if (staffSession != null) {
            request.header(io.punchcard.api.v1.StaffSession.HEADER, staffSession);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? Json.mapper().nullNode() : Json.mapper().readTree(response.body());
            return new Response(response.statusCode(), body, response.headers());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(Object body) {
        try {
            return body instanceof String s ? s : Json.mapper().writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The API key this instance calls with (null for none). */
    public String token() {
        return token;
    }

    /** The Java client of the core, calling with a new key of {@code scope} named {@code name}. */
    public io.punchcard.api.client.PunchcardClient client(String name, Scope scope) {
        return new io.punchcard.api.client.PunchcardClient(io.punchcard.api.client.PunchcardClient.Settings.of(
                URI.create(baseUri()), service.apiKeys().create(name, scope, null).token()));
    }

    /** {@code http://127.0.0.1:<port>} of the core. */
    public String baseUri() {
        return "http://127.0.0.1:" + server.port();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    /** The core itself, for tests that run its jobs by hand. */
    public LoyaltyService service() {
        return service;
    }

    public Postgres postgres() {
        return postgres;
    }

    /** Stops the server; only the instance that started it may. */
    @Override
    public void close() {
        server.stop();
        postgres.close();
    }
}
