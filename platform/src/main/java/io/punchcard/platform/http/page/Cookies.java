package io.punchcard.platform.http.page;

import java.util.Optional;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Our pages' cookies: always HttpOnly (no script reads them) and SameSite=Strict (no other site's page sends them,
 * which is half of the CSRF defence), Secure when the page came over TLS, and limited to the pages' path.
 */
public final class Cookies {

    private Cookies() {
    }

    /** The value of the cookie {@code name} the request carries. */
    public static Optional<String> value(ServerRequest req, String name) {
        return req.headers().cookies().contains(name) ? Optional.of(req.headers().cookies().get(name))
                : Optional.empty();
    }

    /**
     * Sets the cookie {@code name} under {@code path}.
     *
     * @param maxAgeSeconds how long the browser keeps it; -1: until the browser closes; 0: deletes it
     */
    public static void set(ServerRequest req, ServerResponse res, String name, String value, String path,
                           long maxAgeSeconds) {
        res.headers().add(HeaderNames.SET_COOKIE, name + "=" + value + "; Path=" + path + "; HttpOnly; SameSite=Strict"
                + (req.isSecure() ? "; Secure" : "") + (maxAgeSeconds >= 0 ? "; Max-Age=" + maxAgeSeconds : ""));
    }

    /** Deletes the cookie {@code name} under {@code path}. */
    public static void delete(ServerRequest req, ServerResponse res, String name, String path) {
        set(req, res, name, "", path, 0);
    }
}
