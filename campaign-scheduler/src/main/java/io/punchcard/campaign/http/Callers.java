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
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import io.punchcard.api.Problem;
import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.client.PunchcardException;
import io.punchcard.api.v1.KeyAccess;
import io.punchcard.platform.http.ProblemException;

/**
 * Who calls the scheduler's API: a key of the core ({@code Authorization: Bearer pk_…} or {@code X-Api-Key}),
 * checked by asking the core what the key is. The scheduler keeps no keys of its own, so one set of keys is
 * issued and revoked in one place; an answer is remembered for {@link #KNOWN_FOR} (a revoked key works that much
 * longer here) and a refusal for {@link #REFUSED_FOR}.
 */
public final class Callers {

    static final Duration KNOWN_FOR = Duration.ofSeconds(30);
    static final Duration REFUSED_FOR = Duration.ofSeconds(5);
    /** More keys than a chain has; beyond it the least recently used is forgotten, not the memory grown. */
    static final int MAX_KNOWN = 10_000;
    /**
     * Refusals are remembered apart, in a memory of their own size: a flood of made-up tokens then pushes out
     * only other refusals, never a key in use (whose forgetting would send every caller to the core at once).
     */
    static final int MAX_REFUSED = 1_000;
    private static final io.helidon.http.HeaderName API_KEY = HeaderNames.create("X-Api-Key");

    /** Which scopes may do what. */
    public static final Set<String> STAFF = Set.of("ADMIN", "STORE");
    public static final Set<String> ADMIN = Set.of("ADMIN");
    public static final Set<String> READERS = Set.of("ADMIN", "STORE", "CONNECTOR");
    public static final Set<String> KIOSK = Set.of("ADMIN", "KIOSK");

    private record Remembered(KeyAccess access, Instant until) {
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
    private final Map<String, Instant> refused = leastRecentlyUsed(MAX_REFUSED);

    public Callers(java.util.function.Supplier<PunchcardClient> core, Clock clock) {
        this.core = core;
        this.clock = clock;
    }

    /** The caller's key, when its scope is one of {@code scopes}; otherwise a 401 or 403 problem. */
    public KeyAccess require(ServerRequest req, Set<String> scopes) {
        Optional<String> token = token(req);
        KeyAccess access = token.map(this::access).orElse(null);
        if (access == null) {
            throw new ProblemException(Problem.of("unauthorized", "An API key is required", 401,
                    "Send a valid API key of the core as 'Authorization: Bearer pk_…' or 'X-Api-Key: pk_…'.", null));
        }
        if (!scopes.contains(access.scope())) {
            throw new ProblemException(Problem.of("forbidden", "Not allowed for this key", 403, "A " + access.scope()
                    + " key may not " + req.prologue().method().text() + " " + req.path().absolute().path() + ".", null));
        }
        return access;
    }

    /** What the key {@code token} may do, from memory or the core; null when it is no key. */
    KeyAccess access(String token) {
        if (token.isEmpty() || token.length() > 200) {
            return null;
        }
        String hash = sha256(token);
        Instant now = clock.instant();
        Remembered remembered = known.get(hash);
        if (remembered != null && remembered.until().isAfter(now)) {
            return remembered.access();
        }
        Instant refusedUntil = refused.get(hash);
        if (refusedUntil != null && refusedUntil.isAfter(now)) {
            return null;
        }
        KeyAccess access;
        try {
            access = core.get().accessOf(token);
        } catch (PunchcardException e) {
            if (e.status() != 401) {
                throw new ProblemException(Problem.of("core-unavailable", "Service unavailable", 503,
                        "The core could not check the API key just now; try again in a few seconds.", null));
            }
            access = null;
        }
        if (access == null) {
            known.remove(hash);
            refused.put(hash, now.plus(REFUSED_FOR));
        } else {
            refused.remove(hash);
            known.put(hash, new Remembered(access, now.plus(KNOWN_FOR)));
        }
        return access;
    }

    private static Optional<String> token(ServerRequest req) {
        Optional<String> bearer = req.headers().first(HeaderNames.AUTHORIZATION)
                .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(v -> v.substring(7).trim());
        return bearer.isPresent() ? bearer : req.headers().first(API_KEY).map(String::trim);
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
