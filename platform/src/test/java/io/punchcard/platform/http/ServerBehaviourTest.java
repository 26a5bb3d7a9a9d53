package io.punchcard.platform.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.Json;
import io.punchcard.platform.PunchcardServer;
import io.punchcard.platform.ServerModule;
import io.punchcard.platform.store.CommitOutcomeUnknown;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every Punchcard server does with JSON and with failures, through a real socket. */
class ServerBehaviourTest {

    private static WebServer server;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    record Basket(String sku, int quantity) {
    }

    record Line(String sku, Integer quantity) {
    }

    record Sale(String saleId, java.time.Instant occurredAt, java.util.List<Line> lines, Long points,
                Map<String, String> tags) {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = Shape.Circle.class, name = "circle"),
            @JsonSubTypes.Type(value = Shape.Square.class, name = "square")})
    sealed interface Shape {
        record Circle(Integer radius) implements Shape {
        }

        record Square(Integer side) implements Shape {
        }
    }

    record Drawing(List<Shape> shapes) {
    }

    static final class Probe implements ServerModule {
        @Override
        public String name() {
            return "probe";
        }

        @Override
        public void routing(HttpRouting.Builder routing) {
            routing.post("/echo", (req, res) -> {
                Basket basket = req.content().as(Basket.class);
                res.send(new Basket(basket.sku(), basket.quantity() * 2));
            });
            routing.post("/sales", (req, res) -> {
                Sale sale = req.content().as(Sale.class);
                res.send(Map.of("lines", sale.lines() == null ? 0 : sale.lines().size()));
            });
            routing.post("/drawings", (req, res) -> res.send(Map.of("shapes",
                    req.content().as(Drawing.class).shapes().size())));
            routing.get("/find", (req, res) -> res.send(Map.of("email", req.query().first("email").orElse(""))));
            routing.post("/sales/{saleId}/cancel", (req, res) -> res.send(Map.of("saleId",
                    RequestParameters.path(req, "saleId"))));
            routing.get("/boom", (req, res) -> {
                throw new IllegalStateException("secret internals at com.example.Thing");
            });
            routing.get("/bad-field", (req, res) -> {
                throw ProblemException.invalidField("phone", "Phone '12' is not a phone number.");
            });
            routing.get("/database-restarting", (req, res) -> {
                throw new IllegalStateException("store failed", new SQLException(
                        "FATAL: terminating connection due to administrator command", "57P01"));
            });
            routing.get("/commit-lost", (req, res) -> {
                throw new CommitOutcomeUnknown(new SQLException("An I/O error occurred while sending to the backend.",
                        "08006"));
            });
            routing.get("/constraint", (req, res) -> {
                throw new IllegalStateException("store failed", new SQLException("duplicate key", "23505"));
            });
        }
    }

    @BeforeAll
    static void start() {
        Config config = Config.just(ConfigSources.create(Map.of("server.port", "0", "server.host", "127.0.0.1",
                "server.max-payload-size", "1024")));
        server = PunchcardServer.start(config, List.of(new Probe()), List.of());
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void readsAndWritesJsonRecords() throws Exception {
        HttpResponse<String> response = post("/echo", "{\"sku\":\"A-1\",\"quantity\":3}");

        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("content-type").orElse(""));
        assertEquals(6, Json.mapper().readTree(response.body()).get("quantity").asInt());
    }

    @Test
    void invalidJsonIsA400ProblemWithoutParserInternals() throws Exception {
        HttpResponse<String> response = post("/echo", "{\"sku\": ");
        JsonNode problem = problem(response, 400);

        assertEquals("https://punchcard.io/problems/invalid-body", problem.get("type").asText());
        assertTrue(problem.get("detail").asText().startsWith("The body is not valid JSON"), problem.toString());
        assertFalse(response.body().contains("jackson"), response.body());
    }

    @Test
    void aValueOfTheWrongKindNamesTheField() throws Exception {
        JsonNode problem = problem(post("/echo", "{\"sku\":\"A-1\",\"quantity\":\"many\"}"), 400);

        assertEquals("quantity", problem.get("field").asText());
        assertFalse(problem.toString().contains("java.lang"), problem.toString());
    }

    @Test
    void aMissingOrUnknownTypeOfAPolymorphicValueNamesItsTypeField() throws Exception {
        for (String shape : List.of("{\"type\":\"hexagon\",\"side\":1}", "{\"type\":true,\"side\":1}")) {
            JsonNode problem = problem(post("/drawings", "{\"shapes\":[{\"type\":\"circle\"}," + shape + "]}"), 400);

            assertEquals("shapes[1].type", problem.get("field").asText(), problem.toString());
            assertEquals("Field 'shapes[1].type' must be one of circle, square.", problem.get("detail").asText());
        }
        JsonNode problem = problem(post("/drawings", "{\"shapes\":[{\"side\":1}]}"), 400);

        assertEquals("shapes[0].type", problem.get("field").asText(), problem.toString());
        assertEquals("Field 'shapes[0].type' is required: one of circle, square.", problem.get("detail").asText());
    }

    @Test
    void anUnknownFieldIsRefusedByName() throws Exception {
        JsonNode problem = problem(post("/echo", "{\"sku\":\"A-1\",\"quantity\":1,\"qty\":2}"), 400);

        assertEquals("qty", problem.get("field").asText());
    }

    @Test
    void aProblemThrownAtTheEdgeKeepsItsField() throws Exception {
        JsonNode problem = problem(get("/bad-field"), 400);

        assertEquals("phone", problem.get("field").asText());
        assertEquals("/bad-field", problem.get("instance").asText());
    }

    @Test
    void anUnexpectedFailureIsA500ProblemThatLeaksNothing() throws Exception {
        HttpResponse<String> response = get("/boom");
        JsonNode problem = problem(response, 500);

        assertTrue(problem.get("detail").asText().contains("incident"));
        assertFalse(response.body().contains("secret"), response.body());
        assertFalse(response.body().contains("Exception"), response.body());
    }

    @Test
    void aDatabaseOutOfReachIsA503ToTryAgainLater() throws Exception {
        HttpResponse<String> response = get("/database-restarting");
        JsonNode problem = problem(response, 503);

        assertEquals("https://punchcard.io/problems/database-unavailable", problem.get("type").asText());
        assertEquals("2", response.headers().firstValue("Retry-After").orElse(""));
        assertFalse(response.body().contains("administrator"), response.body());
    }

    @Test
    void aCommitWhoseAnswerWasLostIsA504SayingTheOutcomeIsUnknown() throws Exception {
        HttpResponse<String> response = get("/commit-lost");
        JsonNode problem = problem(response, 504);

        assertEquals("https://punchcard.io/problems/outcome-unknown", problem.get("type").asText());
        assertFalse(response.body().contains("I/O"), response.body());
    }

    @Test
    void aStatementTheDatabaseRefusedIsStillA500() throws Exception {
        JsonNode problem = problem(get("/constraint"), 500);

        assertEquals("https://punchcard.io/problems/internal-error", problem.get("type").asText());
    }

    @Test
    void anUnknownPathIsA404Problem() throws Exception {
        JsonNode problem = problem(get("/no/such/thing"), 404);

        assertEquals("https://punchcard.io/problems/not-found", problem.get("type").asText());
    }

    @Test
    void aBodyOverTheLimitIsRefused() throws Exception {
        HttpResponse<String> response = post("/echo", "{\"sku\":\"" + "x".repeat(4000) + "\",\"quantity\":1}");

        assertEquals(413, response.statusCode());
    }

    @Test
    void aRequestHelidonRefusesBeforeRoutingIsStillAProblem() throws Exception {
        JsonNode problem = problem(get("/echo?id=shopify:1"), 400);

        assertEquals("https://punchcard.io/problems/bad-request", problem.get("type").asText());
        assertTrue(problem.get("detail").asText().contains("invalid char"), problem.toString());
    }

    @Test
    void trailingGarbageAfterTheJsonValueIsRefused() throws Exception {
        JsonNode problem = problem(post("/echo", "{\"sku\":\"A-1\",\"quantity\":3} xyz"), 400);

        assertTrue(problem.get("detail").asText().contains("follows the JSON value"), problem.toString());
    }

    @Test
    void aFractionForAWholeNumberIsRefusedNotTruncated() throws Exception {
        JsonNode problem = problem(post("/echo", "{\"sku\":\"A-1\",\"quantity\":10.7}"), 400);

        assertEquals("quantity", problem.get("field").asText());
        assertTrue(problem.get("detail").asText().contains("a whole number"), problem.toString());
    }

    @Test
    void aNumberInQuotesIsRefused() throws Exception {
        JsonNode problem = problem(post("/sales", "{\"points\":\"10\"}"), 400);

        assertEquals("points", problem.get("field").asText());
        assertTrue(problem.get("detail").asText().contains("a whole number"), problem.toString());
    }

    @Test
    void aBooleanForTextIsRefused() throws Exception {
        JsonNode problem = problem(post("/echo", "{\"sku\":true,\"quantity\":1}"), 400);

        assertEquals("sku", problem.get("field").asText());
        assertTrue(problem.get("detail").asText().contains("a string"), problem.toString());
    }

    @Test
    void aNulCharacterIsRefusedWithItsPath() throws Exception {
        JsonNode problem = problem(post("/sales", "{\"lines\":[{\"sku\":\"A\\u0000B\",\"quantity\":1}]}"), 400);

        assertEquals("lines[0].sku", problem.get("field").asText());
        assertTrue(problem.get("detail").asText().contains("NUL"), problem.toString());
    }

    @Test
    void aLoneSurrogateIsRefusedWithItsPath() throws Exception {
        JsonNode problem = problem(post("/sales", "{\"saleId\":\"x\\ud800y\"}"), 400);

        assertEquals("saleId", problem.get("field").asText());
    }

    @Test
    void aSurrogateEncodedAsRawBytesIsRefused() throws Exception {
        byte[] body = "{\"sku\":\"a###b\",\"quantity\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int at = new String(body, java.nio.charset.StandardCharsets.UTF_8).indexOf("###");
        // U+D800 written as if it were a character (CESU-8): no UTF-8 encoder produces these bytes.
        body[at] = (byte) 0xED;
        body[at + 1] = (byte) 0xA0;
        body[at + 2] = (byte) 0x80;
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(uri("/echo"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());

        problem(response, 400);
        assertNoJavaType(response);
    }

    @Test
    void aNulCharacterInAMapKeyIsRefused() throws Exception {
        JsonNode problem = problem(post("/sales", "{\"tags\":{\"a\\u0000\":\"b\"}}"), 400);

        assertEquals("tags", problem.get("field").asText());
    }

    @Test
    void aTimestampInWordsSaysWhatIsExpectedWithoutJavaTypes() throws Exception {
        HttpResponse<String> response = post("/sales", "{\"occurredAt\":\"yesterday\"}");
        JsonNode problem = problem(response, 400);

        assertEquals("occurredAt", problem.get("field").asText());
        assertTrue(problem.get("detail").asText().contains("a timestamp like 2026-01-31T10:15:30Z"), problem.toString());
        assertNoJavaType(response);
    }

    @Test
    void aStringForAListSaysAListWithoutJavaTypes() throws Exception {
        HttpResponse<String> response = post("/sales", "{\"lines\":\"TEE\"}");
        JsonNode problem = problem(response, 400);

        assertEquals("lines", problem.get("field").asText());
        assertTrue(problem.get("detail").asText().contains("a list"), problem.toString());
        assertNoJavaType(response);
    }

    @Test
    void anObjectForANumberSaysAWholeNumber() throws Exception {
        HttpResponse<String> response = post("/sales", "{\"lines\":[{\"quantity\":{}}]}");
        JsonNode problem = problem(response, 400);

        assertEquals("lines[0].quantity", problem.get("field").asText());
        assertNoJavaType(response);
    }

    @Test
    void aNumberBeyondRangeNamesItsField() throws Exception {
        HttpResponse<String> response = post("/sales", "{\"points\":123456789012345678901234567890}");
        JsonNode problem = problem(response, 400);

        assertEquals("points", problem.get("field").asText());
        assertNoJavaType(response);
    }

    @Test
    void deepNestingIsRefused() throws Exception {
        HttpResponse<String> response = post("/sales", "{\"tags\":" + "[".repeat(100) + "]".repeat(100) + "}");

        problem(response, 400);
        assertNoJavaType(response);
    }

    @Test
    void anEmptyBodyIsA400() throws Exception {
        JsonNode problem = problem(post("/echo", ""), 400);

        assertEquals("https://punchcard.io/problems/invalid-body", problem.get("type").asText());
    }

    @Test
    void aBodyOfAnotherMediaTypeIsA415() throws Exception {
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded")) {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(uri("/echo")).header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofString("sku=A-1&quantity=1")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode problem = problem(response, 415);
            assertEquals("Content-Type", problem.get("field").asText(), type);
        }
    }

    @Test
    void aNulCharacterInAQueryParameterIsRefusedByName() throws Exception {
        JsonNode problem = problem(get("/find?email=a%00b@example.com"), 400);

        assertEquals("email", problem.get("field").asText());
    }

    @Test
    void anEncodedLoneSurrogateInAQueryParameterIsRefusedByName() throws Exception {
        JsonNode problem = problem(get("/find?email=a%ED%A0%80b@example.com"), 400);

        assertEquals("email", problem.get("field").asText());
    }

    @Test
    void textBeyondAsciiIsTakenAsSent() throws Exception {
        HttpResponse<String> query = get("/find?email=j%C3%BCrgen%40example.com");
        assertEquals(200, query.statusCode(), query.body());
        assertEquals("jürgen@example.com", Json.mapper().readTree(query.body()).get("email").asText());
        HttpResponse<String> body = post("/echo", "{\"sku\":\"T\ud83d\udc55\u00e9\",\"quantity\":1}");
        assertEquals(200, body.statusCode(), body.body());
        assertEquals("T\ud83d\udc55\u00e9", Json.mapper().readTree(body.body()).get("sku").asText(),
                "a surrogate pair (an emoji) is one character, not a lone half");
    }

    @Test
    void aNulCharacterInAPathParameterIsRefusedByName() throws Exception {
        JsonNode problem = problem(post("/sales/a%00b/cancel", "{}"), 400);

        assertEquals("saleId", problem.get("field").asText());
    }

    @Test
    void healthAndMetricsAnswer() throws Exception {
        assertEquals(200, get("/observe/health").statusCode());
        assertEquals(200, get("/observe/metrics").statusCode());
    }

    private static void assertNoJavaType(HttpResponse<String> response) {
        assertFalse(response.body().matches("(?s).*(java\\.|io\\.punchcard|com\\.fasterxml|Exception).*"), response.body());
    }

    private static JsonNode problem(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("content-type").orElse(""));
        JsonNode problem = Json.mapper().readTree(response.body());
        assertEquals(status, problem.get("status").asInt());
        return problem;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
