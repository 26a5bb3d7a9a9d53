package io.punchcard.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.Json;
import io.punchcard.pos.PosConnector;
import io.punchcard.storefront.Signature;
import io.punchcard.storefront.StorefrontConnector;
import io.punchcard.testsupport.HostileCorpus;
import io.punchcard.testsupport.HostileCorpus.Hostile;
import io.punchcard.testsupport.HostileCorpus.Leaf;
import io.punchcard.testsupport.HostileCorpus.Operation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile requests against every route of the three servers an installation exposes — the core, the tills' API
 * and the shops' webhooks — each answered with a 4xx problem that names no Java class, and none of them changing
 * anything. The corpus is generated from the three OpenAPI documents: every operation gets the hostile bodies,
 * parameters and credentials that apply to it, built on a body of the documented shape, so a route added to a
 * document is attacked without anyone writing a case for it. Webhook bodies are signed with the shop's secret,
 * so they reach the parsing rather than stop at the signature. Each status answered must be one the operation's
 * document lists, so the documents keep saying which 4xx a client must handle.
 *
 * <p>One kind of webhook is not refused: a signed one that parses but holds a value the mapping cannot take. Only
 * the shop holds its secret, so such a webhook is the shop's own, and a refusal would count as a failed delivery
 * (WooCommerce disables a webhook after a few in a row); it is set aside for a person and answered 200
 * (storefront-connector/README.md). Those cases are sent last, and must change nothing but the set-aside list.
 *
 * <p>"Nothing changed" is checked on the stores themselves: every row of every table of the core's PostgreSQL
 * database and of both connectors' SQLite files is read before and after, and must be the same.
 *
 * <p>It runs in {@code app} because only there do all three servers run together as an installation has them.
 */
class HostileRequestsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SHOPIFY_SECRET = "hostile-shopify-secret";
    private static final String WOO_SECRET = "hostile-woo-secret";
    /** Path parameters that name something that exists; the others (sale ids, redemption ids) are the client's. */
    private static final Set<String> MUST_EXIST = Set.of("id", "code");

    @TempDir
    static Path folder;

    private static PunchcardApp app;
    private static String core;
    private static String pos;
    private static String webhooks;
    private static String admin;
    private static String till;
    private static String jdbcUrl;
    private static Path posData;
    private static Path shopData;
    private static Map<String, String> pathValues;
    /** A staff session (X-Staff-Session) for GET and POST /api/v1/staff/me…, which need one. */
    private static String staffSession;
    /** The statuses each operation's document lists, by {@link Operation#name()}. */
    private static final Map<String, Set<String>> DOCUMENTED = new TreeMap<>();
    /** Signed webhooks holding a value the mapping cannot take: set aside, not refused (see the class comment). */
    private static final List<Hostile> SIGNED_UNTAKEABLE = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        app = PunchcardApp.start(PunchcardAppIT.config(Map.ofEntries(
                Map.entry("data.dir", folder.resolve("data").toString()),
                Map.entry("storefront.shops.0.name", "acme"), Map.entry("storefront.shops.0.platform", "shopify"),
                Map.entry("storefront.shops.0.domain", "acme.myshopify.com"), Map.entry("storefront.shops.0.store", "WEB"),
                Map.entry("storefront.shops.0.secret", SHOPIFY_SECRET),
                Map.entry("storefront.shops.1.name", "outlet"), Map.entry("storefront.shops.1.platform", "woocommerce"),
                Map.entry("storefront.shops.1.domain", "outlet.example.com"), Map.entry("storefront.shops.1.store", "WEB"),
                Map.entry("storefront.shops.1.secret", WOO_SECRET))));
        String banner = String.join("\n", app.banner());
        core = "http://127.0.0.1:" + app.port();
        admin = find(banner, "Demo key\\s+(pk_\\S+)");
        till = find(banner, "Till T1\\s+(pt_\\S+)");
        pos = find(banner, "POS API\\s+http://localhost:(\\d+)/pos/v1").transform(port -> "http://127.0.0.1:" + port);
        webhooks = find(banner, "Webhook API http://localhost:(\\d+)/webhooks/").transform(port -> "http://127.0.0.1:" + port);
        jdbcUrl = find(banner, "PostgreSQL\\s+embedded, (jdbc:postgresql:\\S+)");
        posData = Path.of(find(banner, "POS data\\s+(\\S+)"));
        shopData = Path.of(find(banner, "Shop data\\s+(\\S+)"));

        JsonNode member = send("POST", core + "/api/v1/members", Map.of("Authorization", "Bearer " + admin),
                Json.mapper().writeValueAsBytes(Map.of("givenName", "Ana", "familyName", "Silva", "email",
                        "ana@example.com", "cardNumber", "HOSTILE001", "joinChannel", "POS", "joinStore", "S001")), 201);
        String memberId = member.get("id").asText();
        send("POST", core + "/api/v1/members/" + memberId + "/adjustments", Map.of("Authorization", "Bearer " + admin),
                Json.mapper().writeValueAsBytes(Map.of("adjustmentId", "seed", "points", 500, "reason", "seed",
                        "actor", "test")), 201);
        String voucher = send("POST", core + "/api/v1/vouchers", Map.of("Authorization", "Bearer " + admin),
                Json.mapper().writeValueAsBytes(Map.of("template", "FIVE-OFF", "memberId", memberId, "reason",
                        "welcome")), 201).get("code").asText();
        pathValues = Map.of("id", memberId, "code", voucher, "redemptionId", "r-1", "saleId", "S-1");
        // A member of staff's session, for the routes of one's own account (they need one before reading a body).
        send("POST", core + "/api/v1/staff", Map.of("Authorization", "Bearer " + admin), Json.mapper()
                .writeValueAsBytes(Map.of("email", "corpus@example.com", "name", "Corpus", "role", "CASHIER",
                        "password", "a phrase for the attacks")), 201);
        staffSession = send("POST", core + "/api/v1/staff/sessions", Map.of("Authorization", "Bearer " + admin),
                Json.mapper().writeValueAsBytes(Map.of("email", "corpus@example.com", "password",
                        "a phrase for the attacks")), 201).get("token").asText();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void everyHostileRequestIsA4xxProblemWithoutJavaNamesAndChangesNothing() throws Exception {
        List<Hostile> corpus = new ArrayList<>();
        List<Operation> operations = new ArrayList<>();
        operations.addAll(operations("core", "/openapi/loyalty-service.yaml"));
        operations.addAll(operations("pos", PosConnector.OPENAPI));
        operations.addAll(operations("webhooks", StorefrontConnector.OPENAPI));
        for (Operation operation : operations) {
            List<Hostile> cases = operation.server().equals("webhooks") ? webhookCases(operation) : apiCases(operation);
            assertTrue(!cases.isEmpty() || !attackable(operation), operation.name() + " has hostile cases");
            corpus.addAll(cases);
        }
        corpus.addAll(tooLarge());
        assertTrue(corpus.size() >= 150, "a corpus of at least 150 requests, not " + corpus.size());
        System.out.println("HostileRequestsIT: " + corpus.size() + " hostile requests over " + operations.size()
                + " documented operations");

        Map<String, List<String>> before = state();
        for (String table : List.of("core.member", "core.points_entry", "core.voucher", "S001.db.outbox",
                "S001.db.terminal", "storefront.db.delivery", "storefront.db.outbox")) {
            assertTrue(before.containsKey(table), "the state read covers " + table + ": " + before.keySet());
        }
        assertEquals(1, before.get("core.member").size(), "the one member enrolled to be attacked");
        List<String> failures = new ArrayList<>();
        for (Hostile hostile : corpus) {
            String failure = check(hostile);
            if (failure != null) {
                failures.add(failure);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + corpus.size() + " hostile requests were not refused "
                + "well:\n" + String.join("\n", failures));
        Map<String, List<String>> after = state();
        for (String table : before.keySet()) {
            assertEquals(before.get(table), after.get(table), table + " is unchanged after " + corpus.size()
                    + " hostile requests");
        }
        assertEquals(before.keySet(), after.keySet());

        assertTrue(SIGNED_UNTAKEABLE.size() >= 20, "signed webhooks the mapping cannot take: " + SIGNED_UNTAKEABLE.size());
        long setAside = 0;
        for (Hostile untakeable : SIGNED_UNTAKEABLE) {
            HttpResponse<String> response = send(untakeable);
            JsonNode answer = Json.mapper().readTree(response.body());
            boolean refused = response.statusCode() >= 400 && response.statusCode() <= 499
                    && answer.path("status").asInt() == response.statusCode();
            if (response.statusCode() == 200 && answer.hasNonNull("setAside")) {
                setAside++;
            } else if (!refused || HostileCorpus.JAVA_NAMES.matcher(response.body()).find()) {
                failures.add(untakeable.label() + " -> " + response.statusCode() + ": neither set aside nor refused well: "
                        + response.body());
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        Map<String, List<String>> afterSetAside = state();
        for (String table : before.keySet()) {
            if (!table.equals("storefront.db.outbox") && !table.equals("storefront.db.delivery")) {
                assertEquals(before.get(table), afterSetAside.get(table), table + " is unchanged by set-aside webhooks");
            }
        }
        List<String> added = new ArrayList<>(afterSetAside.get("storefront.db.outbox"));
        added.removeAll(before.get("storefront.db.outbox"));
        assertEquals(setAside, added.size(), "one outbox entry per webhook set aside");
        assertTrue(added.stream().allMatch(row -> row.contains("state=REJECTED") && row.contains("kind=WEBHOOK")),
                "every one set aside, none on its way to the core: " + added);
    }

    private static HttpResponse<String> send(Hostile hostile) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hostile.url()))
                .method(hostile.method(), HttpRequest.BodyPublishers.ofByteArray(hostile.body()));
        hostile.headers().forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Null when the answer was a 4xx problem naming no Java type (and the expected field); else why not. */
    private static String check(Hostile hostile) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hostile.url()))
                .method(hostile.method(), hostile.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(hostile.body()));
        hostile.headers().forEach(request::header);
        // As a careful client sends a large body: the server refuses it on its length, before it is sent.
        request.expectContinue(hostile.body() != null && hostile.body().length > 1024 * 1024);
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String shown = response.body().length() > 300 ? response.body().substring(0, 300) + "…" : response.body();
        String what = hostile.label() + " -> " + response.statusCode() + " " + shown;
        if (HostileCorpus.JAVA_NAMES.matcher(response.body()).find()) {
            return what + " (names a Java type)";
        }
        if (response.statusCode() == 200 && refusedItemByItem(response.body())) {
            return null;
        }
        if (response.statusCode() < 400 || response.statusCode() > 499) {
            return what;
        }
        String operation = DOCUMENTED.keySet().stream().filter(name -> hostile.label().startsWith(name + " "))
                .findFirst().orElseThrow(() -> new AssertionError("no operation for " + hostile.label()));
        if (!DOCUMENTED.get(operation).contains(Integer.toString(response.statusCode()))) {
            return what + " (" + response.statusCode() + " is not among the responses its document lists)";
        }
        if (!response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
            return what + " (Content-Type " + response.headers().firstValue("Content-Type").orElse("none") + ")";
        }
        JsonNode problem = Json.mapper().readTree(response.body());
        if (problem.path("status").asInt() != response.statusCode() || !problem.hasNonNull("type")) {
            return what + " (not a problem of this status)";
        }
        if (hostile.expectedField() != null && !hostile.expectedField().equals(problem.path("field").asText(null))) {
            return what + " (expected field " + hostile.expectedField() + ")";
        }
        return null;
    }

    /**
     * A batch is answered 200 with an answer per item (POST /api/v1/purchases/batch): a hostile item is refused
     * when its answer is a 4xx problem, and every item of these requests must be.
     */
    private static boolean refusedItemByItem(String body) throws IOException {
        JsonNode results = Json.mapper().readTree(body).path("results");
        if (!results.isArray() || results.isEmpty()) {
            return false;
        }
        for (JsonNode result : results) {
            int status = result.path("status").asInt();
            if (status < 400 || status > 499 || result.path("problem").path("status").asInt() != status) {
                return false;
            }
        }
        return true;
    }

    // --- the corpus -----------------------------------------------------------------------------------------------

    private static boolean attackable(Operation operation) {
        return operation.secured() || operation.sampleBody() != null || !operation.pathParams().isEmpty()
                || !operation.queryParams().isEmpty();
    }

    /** The core's and the tills' operations: our own API, held to the strict rules. */
    private static List<Hostile> apiCases(Operation op) throws IOException {
        boolean isCore = op.server().equals("core");
        String base = isCore ? core : pos;
        Map<String, String> key = Map.of("Authorization", "Bearer " + (isCore ? admin : till));
        Map<String, String> auth = isCore && op.path().startsWith("/api/v1/staff/me")
                ? HostileCorpus.with(key, "X-Staff-Session", staffSession) : key;
        String url = base + fill(op, Map.of());
        List<Hostile> cases = new ArrayList<>();
        if (op.secured()) {
            cases.add(new Hostile(op.name() + " without a key", op.method(), url, json(Map.of()), body(op), null));
            cases.add(new Hostile(op.name() + " with a made-up key", op.method(), url,
                    json(Map.of("Authorization", "Bearer " + (isCore ? "pk_nothing_here" : "pt_nothing_here"))), body(op), null));
        }
        for (String param : op.pathParams()) {
            for (Map.Entry<String, String> bad : Map.of("a NUL", "a%00b", "a lone surrogate", "a%ED%A0%80b").entrySet()) {
                cases.add(new Hostile(op.name() + " with " + bad.getKey() + " in path parameter " + param, op.method(),
                        base + fill(op, Map.of(param, bad.getValue())), json(auth), body(op), param));
            }
            if (MUST_EXIST.contains(param)) {
                cases.add(new Hostile(op.name() + " with a path parameter " + param + " that names nothing",
                        op.method(), base + fill(op, Map.of(param, "no-such-" + param)), json(auth), body(op), null));
            }
        }
        for (String param : op.queryParams()) {
            for (Map.Entry<String, String> bad : Map.of("a NUL", "a%00b", "a lone surrogate", "a%ED%A0%80b").entrySet()) {
                cases.add(new Hostile(op.name() + " with " + bad.getKey() + " in query parameter " + param, op.method(),
                        url + "?" + param + "=" + bad.getValue(), json(auth), body(op), param));
            }
        }
        if (op.sampleBody() != null) {
            cases.addAll(bodyCases(op, url, auth, true));
        }
        return cases;
    }

    /** Hostile bodies for an operation that takes one: on the whole body, then on each value in turn. */
    private static List<Hostile> bodyCases(Operation op, String url, Map<String, String> auth, boolean ours)
            throws IOException {
        String sample = Json.mapper().writeValueAsString(op.sampleBody());
        Function<String, byte[]> bytes = text -> text.getBytes(StandardCharsets.UTF_8);
        List<Hostile> cases = new ArrayList<>();
        Map<String, String> headers = json(auth);
        cases.add(new Hostile(op.name() + " with garbage after the JSON", op.method(), url, headers, bytes.apply(sample + " xyz"), null));
        cases.add(new Hostile(op.name() + " with a second JSON value", op.method(), url, headers, bytes.apply(sample + " {}"), null));
        cases.add(new Hostile(op.name() + " with a body cut short", op.method(), url, headers,
                bytes.apply(sample.substring(0, sample.length() / 2)), null));
        cases.add(new Hostile(op.name() + " with an empty body", op.method(), url, headers, new byte[0], null));
        cases.add(new Hostile(op.name() + " with a body of null", op.method(), url, headers, bytes.apply("null"), null));
        cases.add(new Hostile(op.name() + " with a list for the body", op.method(), url, headers, bytes.apply("[" + sample + "]"), null));
        cases.add(new Hostile(op.name() + " nested " + HostileCorpus.TOO_DEEP + " deep", op.method(), url, headers,
                bytes.apply("{\"x\":" + "[".repeat(HostileCorpus.TOO_DEEP) + "]".repeat(HostileCorpus.TOO_DEEP) + "}"), null));
        if (ours) {
            for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded")) {
                Map<String, String> typed = new LinkedHashMap<>(auth);
                typed.put("Content-Type", type);
                cases.add(new Hostile(op.name() + " sent as " + type, op.method(), url, typed,
                        bytes.apply(type.endsWith("xml") ? "<member/>" : type.endsWith("urlencoded") ? "a=b" : sample),
                        "Content-Type"));
            }
        }
        for (Leaf leaf : HostileCorpus.leaves(op.sampleBody(), "")) {
            String field = ours ? leaf.path() : null;
            if (leaf.value() instanceof String) {
                cases.add(HostileCorpus.mutated(op, url, headers, leaf, "a\u0000b", "a NUL", field));
                cases.add(HostileCorpus.mutated(op, url, headers, leaf, "a\ud800b", "a lone surrogate", field));
                if (ours) {
                    cases.add(HostileCorpus.mutated(op, url, headers, leaf, Boolean.TRUE, "true for text", field));
                    cases.add(HostileCorpus.mutated(op, url, headers, leaf, "x".repeat(100_000), "100000 characters", null));
                }
            } else if (leaf.value() instanceof Integer) {
                cases.add(HostileCorpus.mutated(op, url, headers, leaf, 10.7, "10.7 for a whole number", field));
                cases.add(HostileCorpus.mutated(op, url, headers, leaf, new java.math.BigInteger("123456789012345678901234567890"),
                        "a whole number beyond 64 bits", field));
                if (ours) {
                    cases.add(HostileCorpus.mutated(op, url, headers, leaf, "10", "a number in quotes", field));
                }
            } else if (leaf.value() instanceof java.math.BigDecimal) {
                // A decimal (a quantity) may have a fraction; a huge one is refused by the rules, not the reading.
                cases.add(HostileCorpus.mutated(op, url, headers, leaf, new java.math.BigDecimal("1e400"), "a decimal beyond any limit", null));
                if (ours) {
                    cases.add(HostileCorpus.mutated(op, url, headers, leaf, "10", "a number in quotes", field));
                }
            }
        }
        return cases;
    }

    /** A body beyond each server's limit: refused before it is read, whatever it holds. */
    private static List<Hostile> tooLarge() {
        byte[] huge = ("{\"x\":\"" + "x".repeat(6 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        return List.of(
                new Hostile("core POST /api/v1/members with a body of 6 MB", "POST", core + "/api/v1/members",
                        json(Map.of("Authorization", "Bearer " + admin)), huge, null),
                new Hostile("pos POST /pos/v1/sales/{saleId}/finish with a body of 6 MB", "POST", pos + "/pos/v1/sales/S-1/finish",
                        json(Map.of("Authorization", "Bearer " + till)), huge, null),
                new Hostile("webhooks POST /webhooks/shopify/{shop} with a signed body of 6 MB", "POST", webhooks + "/webhooks/shopify/acme",
                        Map.of("X-Shopify-Topic", "orders/paid", "X-Shopify-Hmac-Sha256", Signature.of(SHOPIFY_SECRET, huge)),
                        huge, null));
    }

    /** The shops' webhooks: signed, so each case reaches the parsing and the mapping. */
    private static List<Hostile> webhookCases(Operation op) throws IOException {
        boolean shopify = op.path().contains("shopify");
        String shop = shopify ? "acme" : "outlet";
        String url = webhooks + op.path().replace("{shop}", shop);
        if (!op.path().contains("{shop}")) {
            return List.of();
        }
        Map<String, Object> order = shopify ? shopifyOrder() : wooOrder();
        Operation withBody = new Operation(op.server(), op.method(), op.path(), true, op.pathParams(), List.of(),
                List.of(), order, op.statuses());
        String secret = shopify ? SHOPIFY_SECRET : WOO_SECRET;
        String signatureHeader = shopify ? "X-Shopify-Hmac-Sha256" : "X-WC-Webhook-Signature";
        Map<String, String> topic = shopify ? Map.of("X-Shopify-Topic", "orders/paid")
                : Map.of("X-WC-Webhook-Topic", "order.created");
        List<Hostile> cases = new ArrayList<>();
        byte[] sample = Json.mapper().writeValueAsBytes(order);
        cases.add(new Hostile(op.name() + " unsigned", "POST", url, topic, sample, signatureHeader));
        cases.add(new Hostile(op.name() + " signed with another secret", "POST", url,
                HostileCorpus.with(topic, signatureHeader, Signature.of("not-the-secret", sample)), sample, signatureHeader));
        cases.add(new Hostile(op.name() + " signed for another body", "POST", url,
                HostileCorpus.with(topic, signatureHeader, Signature.of(secret, "{}".getBytes(StandardCharsets.UTF_8))), sample,
                signatureHeader));
        cases.add(new Hostile(op.name() + " for a shop that is not configured", "POST",
                webhooks + op.path().replace("{shop}", "nobody"), HostileCorpus.with(topic, signatureHeader, Signature.of(secret, sample)),
                sample, "shop"));
        cases.add(new Hostile(op.name() + " with a NUL in the shop's name", "POST",
                webhooks + op.path().replace("{shop}", shop + "%00"), HostileCorpus.with(topic, signatureHeader, Signature.of(secret, sample)),
                sample, "shop"));
        cases.add(new Hostile(op.name() + " without a topic", "POST", url,
                Map.of(signatureHeader, Signature.of(secret, sample)), sample, null));
        for (Hostile body : bodyCases(withBody, url, Map.of(), false)) {
            // Signed as the shop would sign it: the signature holds, so what is refused is the body itself.
            Hostile signed = new Hostile(body.label(), "POST", url, HostileCorpus.with(topic, signatureHeader,
                    Signature.of(secret, body.body())), body.body(), null);
            // A value changed in a document that still parses is set aside, not refused (the class comment).
            (body.label().contains(" at ") ? SIGNED_UNTAKEABLE : cases).add(signed);
        }
        return cases;
    }

    /**
     * Orders holding only fields the mapping reads: a webhook is refused for what it gets wrong in those, and a
     * field we ignore may hold anything (see storefront-connector/README.md, "How strictly webhooks are read").
     */
    private static Map<String, Object> shopifyOrder() {
        return Map.of("id", 1001, "currency", "EUR", "total_price", "59.99", "total_tax", "9.58",
                "taxes_included", true, "customer", Map.of("id", 42, "email", "shopper@example.com"),
                "line_items", List.of(Map.of("sku", "JEANS-32", "quantity", 1, "price", "59.99",
                        "tax_lines", List.of(Map.of("price", "9.58")))));
    }

    private static Map<String, Object> wooOrder() {
        return Map.of("id", 2001, "status", "processing", "currency", "EUR", "total", "59.99", "total_tax", "9.58",
                "customer_id", 7, "billing", Map.of("email", "shopper@example.com"),
                "line_items", List.of(Map.of("sku", "JEANS-32", "quantity", 1, "subtotal", "50.41",
                        "total", "50.41")));
    }

    private static Map<String, String> json(Map<String, String> headers) {
        return HostileCorpus.with(headers, "Content-Type", "application/json");
    }

    private static byte[] body(Operation op) throws IOException {
        return op.sampleBody() == null ? null : Json.mapper().writeValueAsBytes(op.sampleBody());
    }

    private static String fill(Operation op, Map<String, String> overrides) {
        String path = op.path();
        for (String param : op.pathParams()) {
            path = path.replace("{" + param + "}", overrides.getOrDefault(param, pathValues.getOrDefault(param, "x-1")));
        }
        return path;
    }

    // --- reading the OpenAPI documents ----------------------------------------------------------------------------

    /** The documented operations of {@code server}, each with the statuses its document lists kept for the check. */
    private static List<Operation> operations(String server, String resource) {
        List<Operation> operations = HostileCorpus.operations(server, resource, Map.of("uuid", pathValues.get("id")));
        operations.forEach(operation -> DOCUMENTED.put(operation.name(), operation.statuses()));
        return operations;
    }

    // --- the state that must not change ---------------------------------------------------------------------------

    /** Every row of every table, in the core's database and in both connectors' files, as text, sorted. */
    private static Map<String, List<String>> state() throws Exception {
        Map<String, List<String>> tables = new TreeMap<>();
        try (Connection pg = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            tables.putAll(rows("core", pg, "public"));
        }
        for (Path file : List.of(posData, shopData)) {
            try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + file)) {
                tables.putAll(rows(file.getFileName().toString(), sqlite, null));
            }
        }
        return tables;
    }

    private static Map<String, List<String>> rows(String database, Connection connection, String schema) throws Exception {
        Map<String, List<String>> tables = new TreeMap<>();
        List<String> names = new ArrayList<>();
        try (ResultSet rs = connection.getMetaData().getTables(null, schema, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME"));
            }
        }
        for (String table : names) {
            TreeSet<String> rows = new TreeSet<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT * FROM \"" + table + "\"")) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        if (meta.getColumnName(c).equals("last_used_at")) {
                            // A session's use, written as the corpus uses the staff session: no change it made.
                            continue;
                        }
                        row.append(meta.getColumnName(c)).append('=').append(rs.getString(c)).append(' ');
                    }
                    rows.add(row.toString());
                }
            }
            tables.put(database + "." + table, List.copyOf(rows));
        }
        return tables;
    }

    // --- helpers ---------------------------------------------------------------------------------------------------

    private static String find(String banner, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(banner);
        assertTrue(m.find(), "the banner shows " + pattern + ":\n" + banner);
        return m.group(1);
    }

    private static JsonNode send(String method, String url, Map<String, String> headers, byte[] body, int status)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(status, response.statusCode(), url + ": " + response.body());
        return Json.mapper().readTree(response.body());
    }
}
