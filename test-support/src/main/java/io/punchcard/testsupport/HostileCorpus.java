package io.punchcard.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
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

import org.yaml.snakeyaml.Yaml;

/**
 * Hostile requests generated from an OpenAPI document: every operation gets the malformed bodies, wrong types,
 * unknown fields, huge strings, NUL and lone surrogates, bad parameters and missing credentials that apply to it,
 * built on a body of the documented shape, so a route added to the document is attacked without anyone writing a
 * case for it. {@link #check} holds each answer to the rule every Punchcard server keeps: a 4xx problem whose
 * status the operation documents and which names no Java class. {@link #rows} reads a store's tables, so a test
 * can show that none of it changed anything.
 *
 * <p>Free of any module's types (it writes its own JSON), so each module's hostile test can use it.
 */
public final class HostileCorpus {

    /** What a body must never show: a Java type, our packages, Jackson's, or an exception's name. */
    public static final Pattern JAVA_NAMES = Pattern.compile("java\\.|javax\\.|io\\.punchcard|com\\.fasterxml|Exception");
    /** Deeper than any request may nest (Json.MAX_NESTING_DEPTH is 64). */
    public static final int TOO_DEEP = 100;
    /** Longer than any text field of ours may be (template bodies stop at 100,000 characters). */
    public static final int HUGE_CHARS = 200_000;
    public static final String PROBLEM = "application/problem+json";

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

    private HostileCorpus() {
    }

    /** One hostile request, what it is meant to show, and the media type its refusal must have. */
    public record Hostile(String label, String method, String url, Map<String, String> headers, byte[] body,
                          String expectedField, String refusalType) {

        public Hostile(String label, String method, String url, Map<String, String> headers, byte[] body,
                       String expectedField) {
            this(label, method, url, headers, body, expectedField, PROBLEM);
        }

        /** The same request, its refusal expected as {@code type} (an HTML page for a browser). */
        public Hostile refusedAs(String type) {
            return new Hostile(label, method, url, headers, body, expectedField, type);
        }
    }

    /**
     * A documented operation, with what the corpus needs of it.
     *
     * @param secured         whether it takes a key (its security is not empty)
     * @param requiredHeaders header parameters it requires (If-Match, a signature)
     * @param sampleBody      a JSON body of the documented shape, or null when it takes none
     * @param statuses        the statuses its responses list
     */
    public record Operation(String server, String method, String path, boolean secured, List<String> pathParams,
                            List<String> queryParams, List<String> requiredHeaders, Object sampleBody,
                            Set<String> statuses) {

        /** How labels and failures name it: {@code scheduler POST /scheduler/v1/messages}. */
        public String name() {
            return server + " " + method.toUpperCase() + " " + path;
        }
    }

    // --- reading the document -------------------------------------------------------------------------------------

    /**
     * The operations of the OpenAPI document at {@code resource} on the class path.
     *
     * @param byFormat sample values for string formats (uuid: an id that exists); an example in the schema wins
     */
    @SuppressWarnings("unchecked")
    public static List<Operation> operations(String server, String resource, Map<String, Object> byFormat) {
        Map<String, Object> doc;
        try (InputStream in = HostileCorpus.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException(resource + " is not on the class path");
            }
            doc = new Yaml().load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean securedByDefault = doc.get("security") instanceof List<?> list && !list.isEmpty();
        List<Operation> operations = new ArrayList<>();
        ((Map<String, Map<String, Object>>) doc.get("paths")).forEach((path, item) -> item.forEach((method, raw) -> {
            if (!METHODS.contains(method)) {
                return;
            }
            Map<String, Object> op = (Map<String, Object>) raw;
            boolean secured = op.containsKey("security") ? !((List<?>) op.get("security")).isEmpty() : securedByDefault;
            List<String> pathParams = new ArrayList<>();
            List<String> queryParams = new ArrayList<>();
            List<String> headers = new ArrayList<>();
            // Parameters declared on the path apply to each of its operations, beside the operation's own.
            List<Object> declared = new ArrayList<>((List<Object>) item.getOrDefault("parameters", List.of()));
            declared.addAll((List<Object>) op.getOrDefault("parameters", List.of()));
            for (Object p : declared) {
                Map<String, Object> param = (Map<String, Object>) resolve(doc, p);
                switch (String.valueOf(param.get("in"))) {
                    case "path" -> pathParams.add((String) param.get("name"));
                    case "query" -> queryParams.add((String) param.get("name"));
                    case "header" -> {
                        if (Boolean.TRUE.equals(param.get("required"))) {
                            headers.add((String) param.get("name"));
                        }
                    }
                    default -> { }
                }
            }
            Object body = null;
            if (resolve(doc, op.get("requestBody")) instanceof Map<?, ?> requestBody
                    && ((Map<String, Object>) requestBody).get("content") instanceof Map<?, ?> content
                    && content.get("application/json") instanceof Map<?, ?> json) {
                body = sample(doc, json.get("schema"), byFormat, 0);
            }
            Set<String> statuses = new TreeSet<>();
            ((Map<Object, Object>) op.get("responses")).keySet().forEach(code -> statuses.add(code.toString()));
            operations.add(new Operation(server, method, path, secured, List.copyOf(pathParams),
                    List.copyOf(queryParams), List.copyOf(headers), body, Set.copyOf(statuses)));
        }));
        return operations;
    }

    @SuppressWarnings("unchecked")
    private static Object resolve(Map<String, Object> doc, Object node) {
        if (node instanceof Map<?, ?> map && map.get("$ref") instanceof String ref) {
            Object target = doc;
            for (String part : ref.substring(2).split("/")) {
                target = ((Map<String, Object>) target).get(part);
            }
            return resolve(doc, target);
        }
        return node;
    }

    /** A value of the schema's documented shape; read-only properties are the server's, and left out. */
    @SuppressWarnings("unchecked")
    private static Object sample(Map<String, Object> doc, Object schemaNode, Map<String, Object> byFormat, int depth) {
        Map<String, Object> schema = (Map<String, Object>) resolve(doc, schemaNode);
        if (schema == null || depth > 6) {
            return Map.of();
        }
        if (schema.containsKey("example")) {
            return schema.get("example");
        }
        if (schema.get("allOf") instanceof List<?> all && all.size() == 1) {
            return sample(doc, all.get(0), byFormat, depth);
        }
        if (schema.get("enum") instanceof List<?> values && !values.isEmpty()) {
            return values.get(0);
        }
        String type = (String) schema.getOrDefault("type", schema.containsKey("properties") ? "object" : "string");
        String format = (String) schema.get("format");
        return switch (type) {
            case "object" -> {
                Map<String, Object> object = new LinkedHashMap<>();
                ((Map<String, Object>) schema.getOrDefault("properties", Map.of())).forEach((name, property) -> {
                    Map<String, Object> resolved = (Map<String, Object>) resolve(doc, property);
                    if (!Boolean.TRUE.equals(resolved.get("readOnly"))) {
                        object.put(name, sample(doc, property, byFormat, depth + 1));
                    }
                });
                yield object;
            }
            case "array" -> List.of(sample(doc, schema.get("items"), byFormat, depth + 1));
            case "integer" -> 1;
            case "number" -> new BigDecimal("1.5");
            case "boolean" -> true;
            default -> format != null && byFormat.containsKey(format) ? byFormat.get(format)
                    : "date-time".equals(format) ? "2026-01-31T10:15:30Z"
                    : "date".equals(format) ? "1990-05-01" : "x";
        };
    }

    // --- the cases ------------------------------------------------------------------------------------------------

    /**
     * Hostile bodies for an operation that takes one: on the whole body, then on each value in turn.
     *
     * @param strict our own API, held to the strict rules (JSON only, no unknown field, no coercion); otherwise a
     *               third party's webhook, read leniently, that gets only what no reading may take
     */
    public static List<Hostile> bodyCases(Operation op, String url, Map<String, String> headers, boolean strict) {
        String sample = json(op.sampleBody());
        Function<String, byte[]> bytes = text -> text.getBytes(StandardCharsets.UTF_8);
        Map<String, String> typedJson = with(headers, "Content-Type", "application/json");
        List<Hostile> cases = new ArrayList<>();
        cases.add(new Hostile(op.name() + " with garbage after the JSON", op.method(), url, typedJson, bytes.apply(sample + " xyz"), null));
        cases.add(new Hostile(op.name() + " with a second JSON value", op.method(), url, typedJson, bytes.apply(sample + " {}"), null));
        cases.add(new Hostile(op.name() + " with a body cut short", op.method(), url, typedJson,
                bytes.apply(sample.substring(0, sample.length() / 2)), null));
        cases.add(new Hostile(op.name() + " with an empty body", op.method(), url, typedJson, new byte[0], null));
        cases.add(new Hostile(op.name() + " with a body of null", op.method(), url, typedJson, bytes.apply("null"), null));
        cases.add(new Hostile(op.name() + " with a list for the body", op.method(), url, typedJson, bytes.apply("[" + sample + "]"), null));
        cases.add(new Hostile(op.name() + " with a string for the body", op.method(), url, typedJson, bytes.apply("\"x\""), null));
        cases.add(new Hostile(op.name() + " nested " + TOO_DEEP + " deep", op.method(), url, typedJson,
                bytes.apply("{\"x\":" + "[".repeat(TOO_DEEP) + "]".repeat(TOO_DEEP) + "}"), null));
        cases.add(new Hostile(op.name() + " with invalid UTF-8", op.method(), url, typedJson,
                new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'}, null));
        if (strict) {
            for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded")) {
                cases.add(new Hostile(op.name() + " sent as " + type, op.method(), url, with(headers, "Content-Type", type),
                        bytes.apply(type.endsWith("xml") ? "<member/>" : type.endsWith("urlencoded") ? "a=b" : sample),
                        "Content-Type"));
            }
            if (op.sampleBody() instanceof Map<?, ?> map) {
                Map<String, Object> unknown = new LinkedHashMap<>();
                map.forEach((k, v) -> unknown.put(k.toString(), v));
                unknown.put("unexpectedField", 1);
                cases.add(new Hostile(op.name() + " with an unknown field", op.method(), url, typedJson,
                        bytes.apply(json(unknown)), "unexpectedField"));
            }
        }
        for (Leaf leaf : leaves(op.sampleBody(), "")) {
            String field = strict ? leaf.path() : null;
            if (leaf.value() instanceof String) {
                cases.add(mutated(op, url, typedJson, leaf, "a\u0000b", "a NUL", field));
                cases.add(mutated(op, url, typedJson, leaf, "a\ud800b", "a lone surrogate", field));
                cases.add(mutated(op, url, typedJson, leaf, "x".repeat(HUGE_CHARS), HUGE_CHARS + " characters", null));
                cases.add(mutated(op, url, typedJson, leaf, Boolean.TRUE, "true for text", strict ? field : null));
                cases.add(mutated(op, url, typedJson, leaf, Map.of("x", 1), "an object for text", null));
            } else if (leaf.value() instanceof Integer) {
                cases.add(mutated(op, url, typedJson, leaf, new BigDecimal("10.7"), "10.7 for a whole number", field));
                cases.add(mutated(op, url, typedJson, leaf, new BigInteger("123456789012345678901234567890"),
                        "a whole number beyond 64 bits", field));
                cases.add(mutated(op, url, typedJson, leaf, Long.MIN_VALUE, "the least 64-bit number", null));
                cases.add(mutated(op, url, typedJson, leaf, -1, "-1", null));
                if (strict) {
                    cases.add(mutated(op, url, typedJson, leaf, "10", "a number in quotes", field));
                }
            }
        }
        return cases;
    }

    /** One value of a sample body, by its path ({@code lines[0].quantity}). */
    public record Leaf(String path, Object value) {
    }

    public static List<Leaf> leaves(Object value, String path) {
        List<Leaf> leaves = new ArrayList<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, child) -> leaves.addAll(leaves(child, path.isEmpty() ? key.toString() : path + "." + key)));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                leaves.addAll(leaves(list.get(i), path + "[" + i + "]"));
            }
        } else if (value != null && !(value instanceof Boolean)) {
            leaves.add(new Leaf(path, value));
        }
        return leaves;
    }

    /** The operation's sample body with the value at {@code leaf} replaced by {@code replacement}. */
    public static Hostile mutated(Operation op, String url, Map<String, String> headers, Leaf leaf, Object replacement,
                                  String what, String field) {
        Object body = replace(op.sampleBody(), "", leaf.path(), replacement);
        return new Hostile(op.name() + " with " + what + " at " + leaf.path(), op.method(), url, headers,
                json(body).getBytes(StandardCharsets.UTF_8), field);
    }

    private static Object replace(Object value, String path, String target, Object replacement) {
        if (path.equals(target)) {
            return replacement;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, child) -> copy.put(key.toString(), replace(child,
                    path.isEmpty() ? key.toString() : path + "." + key, target, replacement)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                copy.add(replace(list.get(i), path + "[" + i + "]", target, replacement));
            }
            return copy;
        }
        return value;
    }

    public static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return all;
    }

    // --- the answer -----------------------------------------------------------------------------------------------

    /**
     * Null when {@code hostile} was refused well: a 4xx that {@code documented} lists, of the refusal's media type
     * (a problem of that status, naming the expected field if any), naming no Java type; otherwise why not.
     */
    public static String check(HttpClient http, Hostile hostile, Set<String> documented)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hostile.url()))
                .method(hostile.method(), hostile.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(hostile.body()));
        hostile.headers().forEach(request::header);
        // As a careful client sends a large body: the server refuses it on its length, before it is sent.
        request.expectContinue(hostile.body() != null && hostile.body().length > 1024 * 1024);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String shown = response.body().length() > 300 ? response.body().substring(0, 300) + "…" : response.body();
        String what = hostile.label() + " -> " + response.statusCode() + " " + shown;
        if (JAVA_NAMES.matcher(response.body()).find()) {
            return what + " (names a Java type)";
        }
        if (response.statusCode() < 400 || response.statusCode() > 499) {
            return what;
        }
        if (!documented.contains(Integer.toString(response.statusCode()))) {
            return what + " (" + response.statusCode() + " is not among the responses its document lists)";
        }
        String type = response.headers().firstValue("Content-Type").orElse("none");
        if (!type.startsWith(hostile.refusalType())) {
            return what + " (Content-Type " + type + ", not " + hostile.refusalType() + ")";
        }
        if (!hostile.refusalType().equals(PROBLEM)) {
            return null;
        }
        Matcher status = Pattern.compile("\"status\"\\s*:\\s*(\\d+)").matcher(response.body());
        if (!status.find() || Integer.parseInt(status.group(1)) != response.statusCode()
                || !response.body().contains("\"type\"")) {
            return what + " (not a problem of this status)";
        }
        if (hostile.expectedField() != null
                && !response.body().contains("\"field\":\"" + hostile.expectedField().replace("\"", "\\\"") + "\"")) {
            return what + " (expected field " + hostile.expectedField() + ")";
        }
        return null;
    }

    // --- the state that must not change ---------------------------------------------------------------------------

    /**
     * Every row of every table of {@code schema} (or of the named {@code tables} only, when given), as text, sorted,
     * under {@code label.table}.
     */
    public static Map<String, List<String>> rows(String label, Connection connection, String schema, String... tables)
            throws SQLException {
        Map<String, List<String>> rows = new TreeMap<>();
        List<String> names = new ArrayList<>(List.of(tables));
        if (names.isEmpty()) {
            try (ResultSet rs = connection.getMetaData().getTables(null, schema, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    names.add(rs.getString("TABLE_NAME"));
                }
            }
        }
        for (String table : names) {
            TreeSet<String> lines = new TreeSet<>();
            String qualified = schema == null ? "\"" + table + "\"" : "\"" + schema + "\".\"" + table + "\"";
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT * FROM " + qualified)) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        row.append(meta.getColumnName(c)).append('=').append(rs.getString(c)).append(' ');
                    }
                    lines.add(row.toString());
                }
            }
            rows.put(label + "." + table, List.copyOf(lines));
        }
        return rows;
    }

    // --- JSON, written here so the corpus needs no mapper -----------------------------------------------------------

    /**
     * {@code value} as JSON: maps, lists, strings, numbers, booleans and null. Every character outside printable
     * ASCII is escaped, so a lone surrogate travels as {@code \ud800}, as a hostile client would send it.
     */
    public static String json(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append("null");
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    out.append(first ? "" : ",");
                    first = false;
                    write(out, e.getKey().toString());
                    out.append(':');
                    write(out, e.getValue());
                }
                out.append('}');
            }
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    out.append(i == 0 ? "" : ",");
                    write(out, list.get(i));
                }
                out.append(']');
            }
            case Number n -> out.append(n instanceof BigDecimal d ? d.toPlainString() : n.toString());
            case Boolean b -> out.append(b);
            default -> {
                out.append('"');
                for (char c : value.toString().toCharArray()) {
                    if (c == '"' || c == '\\') {
                        out.append('\\').append(c);
                    } else if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
                out.append('"');
            }
        }
    }
}
