package io.punchcard.app;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser as the kiosk's pages see it: it keeps the cookies it is given (and forgets those cleared), follows no
 * redirect by itself, and sends forms as browsers do. Its cookies can be copied, to come back later with old ones.
 */
final class KioskBrowser {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]*)\"");

    private final String base;
    private final Map<String, String> cookies;

    KioskBrowser(String base) {
        this(base, new LinkedHashMap<>());
    }

    private KioskBrowser(String base, Map<String, String> cookies) {
        this.base = base;
        this.cookies = cookies;
    }

    /** Another browser holding this one's cookies as they are now. */
    KioskBrowser copy() {
        return new KioskBrowser(base, new LinkedHashMap<>(cookies));
    }

    Map<String, String> cookies() {
        return cookies;
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(request(path).GET());
    }

    /** Follows redirects from {@code path} to a page, as a browser would. */
    HttpResponse<String> open(String path) throws Exception {
        HttpResponse<String> response = get(path);
        for (int hops = 0; response.statusCode() == 303 && hops < 5; hops++) {
            response = get(response.headers().firstValue("Location").orElseThrow());
        }
        return response;
    }

    HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return postRaw(path, "application/x-www-form-urlencoded", body.getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> postRaw(String path, String type, byte[] body) throws Exception {
        return send(request(path).header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** The form token of the page at {@code path}. */
    String csrf(String path) throws Exception {
        return csrfOf(open(path).body());
    }

    static String csrfOf(String page) {
        Matcher matcher = CSRF.matcher(page);
        if (!matcher.find()) {
            throw new AssertionError("no _csrf on the page: " + page);
        }
        return matcher.group(1);
    }

    /** The Set-Cookie headers of {@code response} for {@code name}. */
    static List<String> setCookies(HttpResponse<?> response, String name) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "=")).toList();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        return request;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (String cookie : response.headers().allValues("Set-Cookie")) {
            String pair = cookie.split(";", 2)[0];
            String name = pair.substring(0, pair.indexOf('='));
            String value = pair.substring(pair.indexOf('=') + 1);
            if (value.isEmpty() || cookie.contains("Max-Age=0")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        return response;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
