package io.punchcard.kiosk.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.punchcard.kiosk.text.Language;

/**
 * The shoppers' sessions, in memory. A session unused for longer than the idle time, its warning and a grace for
 * the browser's own sign-out to arrive, is ended here as well: the server enforces the idle sign-out even when the
 * screen's script never ran. Ending a session hands it to {@code onEnd}, which ends the core's session too.
 */
public final class Sessions {

    /** One kiosk server serves a store's screens, a few at most: more live sessions than this is a flood. */
    static final int MAX_SESSIONS = 1000;
    /** The browser signs out at the end of the countdown; the server waits this much longer for it to. */
    private static final Duration GRACE = Duration.ofSeconds(10);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, ShopperSession> live = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration limit;
    private final Consumer<ShopperSession> onEnd;

    public Sessions(Clock clock, Duration idle, Duration warning, Consumer<ShopperSession> onEnd) {
        this.clock = clock;
        this.limit = idle.plus(warning).plus(GRACE);
        this.onEnd = onEnd;
    }

    /** The live session {@code id} names, marked as seen now; empty for an unknown or idle one (ended then). */
    public Optional<ShopperSession> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        ShopperSession session = live.get(id);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (idle(session, now)) {
            end(session);
            return Optional.empty();
        }
        session.seen(now);
        return Optional.of(session);
    }

    /** A new session in {@code language}; empty when there are too many live ones. */
    public Optional<ShopperSession> open(Language language) {
        sweep();
        if (live.size() >= MAX_SESSIONS) {
            return Optional.empty();
        }
        byte[] id = new byte[32];
        RANDOM.nextBytes(id);
        ShopperSession session = new ShopperSession(Base64.getUrlEncoder().withoutPadding().encodeToString(id),
                language, clock.instant());
        live.put(session.id(), session);
        return Optional.of(session);
    }

    /** Ends {@code session}: forgotten here, and handed to the end hook once. */
    public void end(ShopperSession session) {
        if (live.remove(session.id(), session)) {
            onEnd.accept(session);
        }
    }

    /** Ends every idle session; run every few seconds, and before a session is opened. */
    public void sweep() {
        Instant now = clock.instant();
        live.values().stream().filter(session -> idle(session, now)).toList().forEach(this::end);
    }

    /** Ends all sessions, when the server stops. */
    public void endAll() {
        live.values().stream().toList().forEach(this::end);
    }

    /** How many sessions are live. */
    public int size() {
        return live.size();
    }

    private boolean idle(ShopperSession session, Instant now) {
        return session.lastSeen().plus(limit).isBefore(now);
    }
}
