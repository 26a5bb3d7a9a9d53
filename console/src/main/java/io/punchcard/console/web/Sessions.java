package io.punchcard.console.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.punchcard.api.v1.StaffAccount;
import io.punchcard.api.v1.StaffSession;
import io.punchcard.console.staff.Expiry;

/**
 * The staff's console sessions, in memory, each ending when the core's does (idle or at its longest, {@link Expiry}):
 * the console never holds a token the core has let go, and a restart of the console logs everybody out. Ending a
 * session hands it to {@code onEnd}, which ends the core's session too.
 */
public final class Sessions {

    /** More people logged in to one console than this is a flood, not a shop's staff. */
    static final int MAX_SESSIONS = 10_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a session cookie names. */
    public sealed interface Lookup permits Live, Ended, Unknown {
    }

    /** A live session, marked as seen now. */
    public record Live(ConsoleSession session) implements Lookup {
    }

    /** A session that ended (and is forgotten now) because of {@code why}. */
    public record Ended(Expiry.Ending why) implements Lookup {
    }

    /** No session of this server: never one, logged out, or forgotten by a restart. */
    public record Unknown() implements Lookup {
    }

    private final Map<String, ConsoleSession> live = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Consumer<ConsoleSession> onEnd;

    public Sessions(Clock clock, Consumer<ConsoleSession> onEnd) {
        this.clock = clock;
        this.onEnd = onEnd;
    }

    /** The session {@code id} names; a live one is marked as seen now, an ended one is ended here too. */
    public Lookup find(String id) {
        ConsoleSession session = id == null ? null : live.get(id);
        if (session == null) {
            return new Unknown();
        }
        Instant now = clock.instant();
        Optional<Expiry.Ending> ended = session.expiry().endedAt(session.lastSeen(), now);
        if (ended.isPresent()) {
            end(session);
            return new Ended(ended.get());
        }
        session.seen(now);
        return new Live(session);
    }

    /** A session for the core's {@code opened} one; empty when too many are live. */
    public Optional<ConsoleSession> open(StaffSession opened) {
        sweep();
        if (live.size() >= MAX_SESSIONS) {
            return Optional.empty();
        }
        byte[] id = new byte[32];
        RANDOM.nextBytes(id);
        StaffAccount staff = opened.staff();
        ConsoleSession session = new ConsoleSession(Base64.getUrlEncoder().withoutPadding().encodeToString(id),
                opened.token(), staff, new Expiry(opened.expiresAt(), Duration.ofSeconds(opened.idleSeconds())),
                clock.instant());
        live.put(session.id(), session);
        return Optional.of(session);
    }

    /** Ends {@code session}: forgotten here, and handed to the end hook once. */
    public void end(ConsoleSession session) {
        if (live.remove(session.id(), session)) {
            onEnd.accept(session);
        }
    }

    /** Forgets {@code session} without the end hook: the core has ended it already. */
    public void forget(ConsoleSession session) {
        live.remove(session.id(), session);
    }

    /** Ends every session the core has ended by now; run every few seconds, and before a session is opened. */
    public void sweep() {
        Instant now = clock.instant();
        live.values().stream().filter(s -> s.expiry().endedAt(s.lastSeen(), now).isPresent()).toList()
                .forEach(this::end);
    }

    /** Ends all sessions, when the server stops. */
    public void endAll() {
        live.values().stream().toList().forEach(this::end);
    }

    /** How many sessions are live. */
    public int size() {
        return live.size();
    }
}
