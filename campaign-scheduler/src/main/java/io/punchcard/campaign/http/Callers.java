package io.punchcard.campaign.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import io.punchcard.api.Problem;
import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.client.PunchcardException;
import io.punchcard.api.v1.KeyAccess;
import io.punchcard.api.v1.StaffAccount;
import io.punchcard.api.v1.StaffSession;
import io.punchcard.platform.http.ProblemException;

/**
 * Who calls the scheduler's API: a key of the core ({@code Authorization: Bearer pk_…} or {@code X-Api-Key}), and
 * with a CONSOLE (or ADMIN) key the member of staff whose session the console sends ({@code X-Staff-Session}),
 * checked by asking the core ({@code GET /api/v1/access}). The scheduler keeps no keys or sessions of its own, so
 * they are issued and revoked in one place. An answer is remembered for {@link #KNOWN_FOR} per key and session (a
 * revoked key, or a session logged out or ended, works that much longer here) and a refusal for {@link
 * #REFUSED_FOR}.
 *
 * <p>In a staff session the person's role decides, as in the core: an ADMIN acts as an ADMIN key, a STORE_MANAGER
 * as a STORE key of their stores, a CASHIER not at all.
 */
public final class Callers {

    static final Duration KNOWN_FOR = Duration.ofSeconds(30);
    static final Duration REFUSED_FOR = Duration.ofSeconds(5);
    /** More keys and sessions than a chain has; beyond it the least recently used is forgotten, not the memory grown. */
    static final int MAX_KNOWN = 10_000;
    /**
     * Refusals are remembered apart, in a memory of their own size: a flood of made-up tokens then pushes out
     * only other refusals, never a key in use (whose forgetting would send every caller to the core at once).
     */
    static final int MAX_REFUSED = 1_000;
    /** Longer than any key or session token the core makes; a longer one is not looked up. */
    private static final int MAX_TOKEN = 200;
    private static final io.helidon.http.HeaderName API_KEY = HeaderNames.create("X-Api-Key");
    private static final io.helidon.http.HeaderName STAFF_SESSION = HeaderNames.create(StaffSession.HEADER);

    /** Which scopes may do what. */
    public static final Set<String> STAFF = Set.of("ADMIN", "STORE");
    public static final Set<String> ADMIN = Set.of("ADMIN");
    public static final Set<String> READERS = Set.of("ADMIN", "STORE", "CONNECTOR");
    public static final Set<String> KIOSK = Set.of("ADMIN", "KIOSK");

    /** What the core said of a key and session: who calls, or why they may not. */
    sealed interface Answer permits Known, Refused {
    }

    record Known(Caller caller) implements Answer {
    }

    /** @param problem what the caller is answered */
    record Refused(Problem problem) implements Answer {
    }

    private record Remembered(Caller caller, Instant until) {
    }

    private record RememberedRefusal(Problem problem, Instant until) {
    }

    /** A map of at most {@code max} entries that forgets the least recently used one first; safe across threads. */
    static <K, V> Map<K, V> leastRecentlyUsed(int max) {
        return Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        });
    }

    private final java.util.function.Supplier<PunchcardClient> core;
    private final Clock clock;
    private final Map<String, Remembered> known = leastRecentlyUsed(MAX_KNOWN);
    private final Map<String, RememberedRefusal> refused = leastRecentlyUsed(MAX_REFUSED);

    public Callers(java.util.function.Supplier<PunchcardClient> core, Clock clock) {
        this.core = core;
        this.clock = clock;
    }

    /** The caller, when their scope (or role's) is one of {@code scopes}; otherwise a 401 or 403 problem. */
    public Caller require(ServerRequest req, Set<String> scopes) {
        Optional<String> token = token(req);
        if (token.isEmpty()) {
            throw new ProblemException(noKey());
        }
        Caller caller = switch (answer(token.get(), staffSession(req).orElse(null))) {
            case Known known -> known.caller();
            case Refused refusal -> throw new ProblemException(refusal.problem());
        };
        if (!scopes.contains(caller.scope())) {
            throw new ProblemException(Problem.of("forbidden", "Not allowed for this " + (caller.staff() == null
                    ? "key" : "member of staff"), 403, caller.described() + " may not "
                    + req.prologue().method().text() + " " + req.path().absolute().path() + ".", null));
        }
        return caller;
    }

    /** What the key {@code token} (in the staff session {@code session}, or null) may do, from memory or the core. */
    Answer answer(String token, String session) {
        if (token.isEmpty() || token.length() > MAX_TOKEN) {
            return new Refused(noKey());
        }
        if (session != null && (session.isEmpty() || session.length() > MAX_TOKEN)) {
            return new Refused(unknownSession());
        }
        // One hash for the pair: a session is remembered only with the key it was opened with.
        String hash = sha256(session == null ? token : token + "\n" + session);
        Instant now = clock.instant();
        Remembered remembered = known.get(hash);
        if (remembered != null && remembered.until().isAfter(now)) {
            return new Known(remembered.caller());
        }
        RememberedRefusal refusal = refused.get(hash);
        if (refusal != null && refusal.until().isAfter(now)) {
            return new Refused(refusal.problem());
        }
        Answer answer;
        try {
            PunchcardClient client = core.get();
            answer = new Known(caller(session == null ? client.accessOf(token) : client.accessOf(token, session)));
        } catch (PunchcardException e) {
            answer = switch (e.status()) {
                // A CONSOLE key without a live session: the core's words say to log in (again).
                case 401 -> new Refused(String.valueOf(e.problem().type()).contains("/staff-session-") ? e.problem()
                        : noKey());
                // An account that must change its password first: the core's words say what to do.
                case 403 -> new Refused(e.problem());
                default -> throw new ProblemException(Problem.of("core-unavailable", "Service unavailable", 503,
                        "The core could not check the API key just now; try again in a few seconds.", null));
            };
        }
        switch (answer) {
            case Known k -> {
                refused.remove(hash);
                known.put(hash, new Remembered(k.caller(), now.plus(KNOWN_FOR)));
            }
            case Refused r -> {
                known.remove(hash);
                refused.put(hash, new RememberedRefusal(r.problem(), now.plus(REFUSED_FOR)));
            }
        }
        return answer;
    }

    /** The caller the core's answer describes: a member of staff's role stands in for the key's scope. */
    static Caller caller(KeyAccess access) {
        StaffAccount staff = access.staff();
        if (staff == null) {
            return new Caller(access.id(), access.name(), access.scope(),
                    access.store() == null ? List.of() : List.of(access.store()), null);
        }
        return switch (staff.role()) {
            case "ADMIN" -> new Caller(access.id(), access.name(), "ADMIN", List.of(), staff);
            case "STORE_MANAGER" -> new Caller(access.id(), access.name(), "STORE", staff.stores(), staff);
            // A cashier, or a role this scheduler does not know yet: no route here takes it.
            default -> new Caller(access.id(), access.name(), staff.role(), List.of(), staff);
        };
    }

    private static Problem noKey() {
        return Problem.of("unauthorized", "An API key is required", 401,
                "Send a valid API key of the core as 'Authorization: Bearer pk_…' or 'X-Api-Key: pk_…'.", null);
    }

    private static Problem unknownSession() {
        return Problem.of("staff-session-required", "A staff session is required", 401, "The "
                + StaffSession.HEADER + " sent is no open session of this key. Log in again.", StaffSession.HEADER);
    }

    private static Optional<String> token(ServerRequest req) {
        Optional<String> bearer = req.headers().first(HeaderNames.AUTHORIZATION)
                .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(v -> v.substring(7).trim());
        return bearer.isPresent() ? bearer : req.headers().first(API_KEY).map(String::trim);
    }

    private static Optional<String> staffSession(ServerRequest req) {
        return req.headers().first(STAFF_SESSION).map(String::trim);
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
