package io.punchcard.loyalty.http;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

import io.punchcard.api.Problem;
import io.punchcard.loyalty.access.Access;
import io.punchcard.loyalty.access.Actor;
import io.punchcard.loyalty.access.ApiKey;
import io.punchcard.loyalty.access.ApiKeys;
import io.punchcard.loyalty.access.Scope;
import io.punchcard.loyalty.access.Session;
import io.punchcard.loyalty.access.SessionPolicy;
import io.punchcard.loyalty.access.Sessions;
import io.punchcard.loyalty.access.StaffAccess;
import io.punchcard.loyalty.access.StaffAccounts;
import io.punchcard.loyalty.access.StaffRole;
import io.punchcard.loyalty.member.MemberStores;
import io.punchcard.platform.http.ProblemException;
import io.punchcard.platform.http.Problems;

/**
 * Every request to {@code /api/v1} presents an API key ({@code Authorization: Bearer pk_…} or
 * {@code X-Api-Key: pk_…}): none or an invalid one is a 401, a key whose scope does not cover the route a 403.
 * The key is put in the request's context for the handlers that check more (a store key records only its own
 * store's purchases). A KIOSK key's kiosk session ({@code X-Kiosk-Session}) is checked here too, against {@link
 * Access#decide}: where a route needs one, a missing or ended session is a 401 and another member a 403. A
 * CONSOLE key's staff session ({@code X-Staff-Session}, also honoured beside an ADMIN key) is checked against
 * {@link StaffAccess#decide}: the staff member's role decides what the request may do, and a member of staff limited
 * to some stores is refused every route of a member of other stores ({@link Scoping}).
 */
public final class Authentication implements Filter {

    private static final io.helidon.http.HeaderName API_KEY = HeaderNames.create("X-Api-Key");

    private static final io.helidon.http.HeaderName KIOSK_SESSION = HeaderNames.create(Access.HEADER);

    private static final io.helidon.http.HeaderName STAFF_SESSION = HeaderNames.create(StaffAccess.HEADER);

    private final ApiKeys keys;
    private final Sessions sessions;
    private final SessionPolicy policy;
    private final Clock clock;
    private final StaffAccounts staff;
    private final Scoping scoping;

    public Authentication(ApiKeys keys, Sessions sessions, SessionPolicy policy, StaffAccounts staff,
                          MemberStores memberStores, Clock clock) {
        this.keys = keys;
        this.scoping = new Scoping(memberStores);
        this.sessions = sessions;
        this.policy = policy;
        this.staff = staff;
        this.clock = clock;
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
        Optional<String> staffToken = staffToken(req);
        StaffAccess.Presented staffSession = new StaffAccess.Absent();
        Access.Decision decision;
        if (StaffAccess.appliesTo(key.get().scope(), method, path, staffToken.isPresent())) {
            if (staffToken.isPresent()) {
                staffSession = staff.presented(staffToken.get(), key.get().id());
            }
            decision = StaffAccess.decide(key.get().scope(), method, path, staffSession);
            if (decision instanceof Access.Allowed && staffSession instanceof StaffAccess.Live live) {
                // Every route of one member, in one place: a handler added later cannot forget it.
                Access.Refused otherStores = scoping.refusalOfPath(live, path);
                if (otherStores != null) {
                    decision = otherStores;
                }
            }
        } else {
            Access.Presented session = key.get().scope() == Scope.KIOSK ? presented(req, key.get())
                    : new Access.Absent();
            decision = Access.decide(key.get().scope(), method, path, name -> req.query().first(name).asOptional(),
                    session);
        }
        switch (decision) {
            case Access.Refused refused -> {
                Problems.send(req, res, problem(refused));
                return;
            }
            case Access.Allowed allowed -> {
                req.context().register(key.get());
                if (allowed.kioskMember() != null) {
                    req.context().register(new KioskMember(allowed.kioskMember()));
                }
                if (staffSession instanceof StaffAccess.Live live) {
                    req.context().register(live);
                }
            }
        }
        chain.proceed();
    }

    static Problem problem(Access.Refused refused) {
        return Problem.of(refused.refusal().type(), refused.refusal().title(), refused.refusal().status(),
                refused.detail(), refused.field());
    }

    /**
     * The kiosk session a KIOSK key's request presents. A use is written only now and then (see {@link
     * SessionPolicy}), so reading a member's screen costs one indexed read of the session.
     */
    private Access.Presented presented(RoutingRequest req, ApiKey key) {
        Optional<String> token = sessionToken(req);
        if (token.isEmpty()) {
            return new Access.Absent();
        }
        Optional<Session> found = sessions.find(token.get()).filter(s -> s.keyId().equals(key.id()));
        if (found.isEmpty()) {
            return new Access.Unknown();
        }
        Instant now = clock.instant();
        if (!found.get().liveAt(now, policy)) {
            return new Access.Expired();
        }
        if (found.get().touchDueAt(now, policy)) {
            sessions.touch(token.get(), now);
        }
        return new Access.Live(found.get().memberId());
    }

    /** The kiosk session's token a request carries, if any. */
    static Optional<String> sessionToken(ServerRequest req) {
        return req.headers().first(KIOSK_SESSION).map(String::trim);
    }

    /** The staff session's token a request carries, if any. */
    static Optional<String> staffToken(ServerRequest req) {
        return req.headers().first(STAFF_SESSION).map(String::trim);
    }

    /** The member of staff in whose live session the request was made, if it was made in one. */
    static Optional<StaffAccess.Live> staffMember(ServerRequest req) {
        return req.context().get(StaffAccess.Live.class);
    }

    /** Who makes the request, as the audit names them: the member of staff in a session, and the key. */
    static Actor actor(ServerRequest req) {
        return new Actor(staffMember(req).map(StaffAccess.Live::staffId).orElse(null), caller(req).id());
    }

    /** @param id the member of the live kiosk session a KIOSK key's request was made in */
    record KioskMember(UUID id) {
    }

    /** The member of the kiosk session the request was made in, if it was made in one. */
    static Optional<UUID> kioskMember(ServerRequest req) {
        return req.context().get(KioskMember.class).map(KioskMember::id);
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
        Optional<List<String>> managed = managedStores(req);
        if (managed.isPresent()) {
            if (store == null || !managed.get().contains(store)) {
                throw new ProblemException(Problem.of("forbidden", "Not allowed for this member of staff", 403,
                        store == null ? "A store manager acts for their stores " + managed.get() + ": name one in "
                                + field + "." : "A manager of " + managed.get() + " cannot act for store " + store
                                + ".", field));
            }
            return;
        }
        ApiKey key = caller(req);
        if (key.scope() == Scope.STORE && !key.store().equals(store)) {
            throw new ProblemException(Problem.of("forbidden", "Not allowed for this key", 403, store == null
                    ? "This key belongs to store " + key.store() + ": name it in " + field + "."
                    : "This key belongs to store " + key.store() + " and cannot act for store " + store + ".", field));
        }
    }

    /**
     * The store a STORE key is limited to, or null when the caller's key is not limited to one. A store manager's
     * session is limited to the store the request names in its {@code store} query parameter when it is one of
     * theirs, else to their first store: a manager of several stores reads one store's listing at a time.
     */
    static String onlyStore(ServerRequest req) {
        Optional<List<String>> managed = managedStores(req);
        if (managed.isPresent()) {
            // An immutable list's contains(null) throws: no store named is their first.
            return req.query().first("store").asOptional().filter(managed.get()::contains)
                    .orElse(managed.get().getFirst());
        }
        ApiKey key = caller(req);
        return key.scope() == Scope.STORE ? key.store() : null;
    }

    /** The stores of the store manager in whose session the request was made, if it was. */
    private static Optional<List<String>> managedStores(ServerRequest req) {
        return staffMember(req).filter(live -> live.role() == StaffRole.STORE_MANAGER).map(StaffAccess.Live::stores);
    }
}
