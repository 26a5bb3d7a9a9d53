package io.punchcard.platform.http.page;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;

/**
 * The headers every answer of our server-rendered pages carries (the kiosk's, the console's): nothing is kept by a
 * browser or a proxy, no script or style runs but our own files, and no other site frames or reads them.
 */
public final class PageHeaders {

    /** Our own files only: no inline script or style anywhere, no other origin. */
    public static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private PageHeaders() {
    }

    /** Sets the headers on {@code res}, before any page is rendered. */
    public static void apply(ServerResponse res) {
        res.header(HeaderNames.CACHE_CONTROL, "no-store, max-age=0");
        res.header("Pragma", "no-cache");
        res.header(HeaderNames.EXPIRES, "0");
        res.header("Content-Security-Policy", CSP);
        res.header("X-Content-Type-Options", "nosniff");
        res.header("Referrer-Policy", "no-referrer");
        res.header("X-Frame-Options", "DENY");
        res.header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    }

    /**
     * Lets a browser keep the answer for {@code seconds}: only for our static files, which hold nothing personal and
     * change only with the server.
     */
    public static void cacheable(ServerResponse res, long seconds) {
        res.header(HeaderNames.CACHE_CONTROL, "public, max-age=" + seconds);
        res.headers().remove(HeaderNames.create("Pragma"));
        res.headers().remove(HeaderNames.EXPIRES);
    }
}
