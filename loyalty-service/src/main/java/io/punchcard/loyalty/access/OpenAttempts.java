package io.punchcard.loyalty.access;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How often a key may name a member who is not there when it opens kiosk sessions. A kiosk's scanner rarely reads
 * a card no member holds; a stolen KIOSK key trying card numbers one after another does so all the time, and each
 * hit would be a session for someone else. So a key that misses {@link #MAX_MISSES} times within {@link #WINDOW}
 * opens nothing more until that window is over (and its holder should revoke it). Counted per instance: with
 * several instances behind a load balancer a key gets that many misses on each, still far too few to try a
 * chain's card numbers.
 */
public final class OpenAttempts {

    /** More misses than a shopper fumbling with a torn card makes in ten minutes. */
    public static final int MAX_MISSES = 20;
    public static final Duration WINDOW = Duration.ofMinutes(10);
    /** Keys remembered at most: a kiosk fleet is hundreds of keys, so this is never reached but by a bug. */
    private static final int MAX_KEYS = 10_000;

    private record Window(Instant start, int misses) {
    }

    private final ConcurrentHashMap<String, Window> byKey = new ConcurrentHashMap<>();

    /** Until when {@code keyId} may open no session, if it may not now. */
    public Optional<Instant> blockedUntil(String keyId, Instant now) {
        Window window = byKey.get(keyId);
        if (window == null || !now.isBefore(window.start().plus(WINDOW)) || window.misses() < MAX_MISSES) {
            return Optional.empty();
        }
        return Optional.of(window.start().plus(WINDOW));
    }

    /** Counts a session {@code keyId} asked for a member no one is. */
    public void missed(String keyId, Instant now) {
        if (byKey.size() >= MAX_KEYS) {
            byKey.clear();
        }
        byKey.merge(keyId, new Window(now, 1), (old, first) -> now.isBefore(old.start().plus(WINDOW))
                ? new Window(old.start(), old.misses() + 1) : first);
    }
}
