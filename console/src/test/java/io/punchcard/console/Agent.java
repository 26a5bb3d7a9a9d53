package io.punchcard.console;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A browser without a screen, for the console's ITs: keeps the cookies the console sets (and deletes those it
 * deletes), follows nothing by itself so each redirect is seen, and sends forms with the page's CSRF token.
 */
final class Agent {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]*)\"");

    private final String base;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    Agent(String base) {
        this.base = base;
    }

    HttpResponse<String> get(String path) throws Exception {
        return keep(HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** Sends {@code fields} to {@code path} with {@code csrf} (null: without a token). */
    HttpResponse<String> post(String path, String csrf, Map<String, String> fields) throws Exception {
        Map<String, String> all = new LinkedHashMap<>(fields);
        if (csrf != null) {
            all.put("_csrf", csrf);
        }
        String body = all.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return keep(HTTP.send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** Sends {@code body} as it is, of {@code type}, to {@code path}: what no browser of ours sends. */
    HttpResponse<String> postRaw(String path, String type, String body) throws Exception {
        return keep(HTTP.send(request(path).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** Opens {@code path} and sends its first form's fields plus {@code fields} to {@code action}. */
    HttpResponse<String> submit(String path, String action, Map<String, String> fields) throws Exception {
        return post(action, csrf(get(path).body()), fields);
    }

    /** Logs in; the answer is the login's redirect. */
    HttpResponse<String> logIn(String email, String password) throws Exception {
        return submit("/console/login", "/console/login", Map.of("email", email, "password", password));
    }

    /** Logs in and replaces the admin's one-time password with {@code own}. */
    void logInChanging(String email, String oneTime, String own) throws Exception {
        HttpResponse<String> in = logIn(email, oneTime);
        assertTrue(location(in).equals("/console/password"), in.headers().map() + in.body());
        HttpResponse<String> changed = submit("/console/password", "/console/password", Map.of("current", oneTime,
                "new", own, "confirm", own));
        assertTrue(changed.statusCode() == 303, changed.body());
    }

    String cookie(String name) {
        return cookies.get(name);
    }

    void cookie(String name, String value) {
        cookies.put(name, value);
    }

    static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElse("");
    }

    static String csrf(String page) {
        Matcher matcher = CSRF.matcher(page);
        assertTrue(matcher.find(), page);
        return matcher.group(1);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        return request;
    }

    private HttpResponse<String> keep(HttpResponse<String> response) {
        for (String set : response.headers().allValues("Set-Cookie")) {
            String pair = set.split(";", 2)[0];
            String name = pair.substring(0, pair.indexOf('='));
            String value = pair.substring(pair.indexOf('=') + 1);
            if (value.isEmpty() || set.contains("Max-Age=0")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        return response;
    }
}
