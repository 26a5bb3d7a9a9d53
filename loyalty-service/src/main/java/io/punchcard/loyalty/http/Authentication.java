package io.punchcard.loyalty.http;

import java.util.Optional;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

import io.punchcard.api.Problem;
import io.punchcard.loyalty.access.Access;
import io.punchcard.loyalty.access.ApiKey;
import io.punchcard.loyalty.access.ApiKeys;
import io.punchcard.loyalty.access.Scope;
import io.punchcard.platform.http.ProblemException;
import io.punchcard.platform.http.Problems;

/**
 * Every request to {@code /api/v1} presents an API key ({@code Authorization: Bearer pk_…} or
 * {@code X-Api-Key: pk_…}): none or an invalid one is a 401, a key whose scope does not cover the route a 403.
 * The key is put in the request's context for the handlers that check more (a store key records only its own
 * store's purchases).
 */
public final class Authentication implements Filter {

    private static final io.helidon.http.HeaderName API_KEY = HeaderNames.create("X-Api-Key");

    private final ApiKeys keys;

    public Authentication(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().absolute().path();
        if (!path.equals("/api/v1") && !path.startsWith("/api/v1/")
                || Access.isPublic(req.prologue().method().text(), path)) {
            chain.proceed();
            return;
        }
        Optional<ApiKey> key = token(req).flatMap(keys::verify);
        if (key.isEmpty()) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
            Problems.send(req, res, Problem.of("unauthorized", "An API key is required", 401,
                    "Send a valid API key as 'Authorization: Bearer pk_…' or 'X-Api-Key: pk_…'.", null));
            return;
        }
        String method = req.prologue().method().text();
        if (!Access.allows(key.get().scope(), method, path)) {
            Problems.send(req, res, Problem.of("forbidden", "Not allowed for this key", 403,
                    "A " + key.get().scope() + " key may not " + method + " " + path + ".", null));
            return;
        }
        req.context().register(key.get());
        chain.proceed();
    }

    private static Optional<String> token(RoutingRequest req) {
        Optional<String> bearer = req.headers().first(HeaderNames.AUTHORIZATION)
                .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(v -> v.substring(7).trim());
        return bearer.isPresent() ? bearer : req.headers().first(API_KEY).map(String::trim);
    }

    /** The key the request was made with. */
    static ApiKey caller(ServerRequest req) {
        return req.context().get(ApiKey.class).orElseThrow(() -> new IllegalStateException("no key on an /api/v1 request"));
    }

    /**
     * Refuses a STORE key acting for another store, or for no store: a store's key speaks only for that store, so
     * its requests must name it.
     */
    static void requireStore(ServerRequest req, String store, String field) {
        ApiKey key = caller(req);
        if (key.scope() == Scope.STORE && !key.store().equals(store)) {
            throw new ProblemException(Problem.of("forbidden", "Not allowed for this key", 403, store == null
                    ? "This key belongs to store " + key.store() + ": name it in " + field + "."
                    : "This key belongs to store " + key.store() + " and cannot act for store " + store + ".", field));
        }
    }

    /** The store a STORE key is limited to, or null when the caller's key is not limited to one. */
    static String onlyStore(ServerRequest req) {
        ApiKey key = caller(req);
        return key.scope() == Scope.STORE ? key.store() : null;
    }
}
