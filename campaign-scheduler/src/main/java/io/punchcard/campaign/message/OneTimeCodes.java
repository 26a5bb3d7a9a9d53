package io.punchcard.campaign.message;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.punchcard.api.v1.KioskSession;

/**
 * One-time codes by SMS, how a shopper at the kiosk proves a phone number is theirs and starts a kiosk session
 * as the member who has it. The rules, in one place: a code has {@link #DIGITS} digits and lives {@link #LIFETIME};
 * a number gets at most {@link #PER_WINDOW} codes per {@link #WINDOW} (an SMS costs money, and a kiosk must not
 * become a way to flood someone's phone), and a kiosk key a configured number of codes per {@link #WINDOW} (a
 * stolen key must not send SMS to every number); {@link #MAX_TRIES} wrong tries lock the number for {@link #LOCK}.
 * A right code is used only once the core has opened the session (or said no member has the number): when the
 * core cannot answer, the shopper tries the same code again. Only a hash of a code is kept.
 */
public final class OneTimeCodes {

    public static final int DIGITS = 6;
    public static final Duration LIFETIME = Duration.ofMinutes(5);
    public static final int PER_WINDOW = 3;
    public static final Duration WINDOW = Duration.ofMinutes(15);
    public static final int MAX_TRIES = 5;
    public static final Duration LOCK = Duration.ofMinutes(15);
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");

    /** The default of {@code messages.one-time-codes.per-kiosk}: codes per kiosk key per {@link #WINDOW}. */
    public static final int PER_KIOSK = 30;

    /**
     * Where codes are kept: the port the store implements. A decision and what it writes happen in one
     * transaction holding the number's lock (and, for a request, the kiosk key's), so concurrent requests and
     * checks take turns: a burst of wrong guesses cannot all see no tries yet, nor a burst of requests all see
     * fewer codes than a limit.
     */
    public interface Store {

        /** The code {@code id} as it is now (read without the number's lock, to learn its number), or empty. */
        Optional<Issued> find(UUID id);

        /**
         * Runs {@code decision} in one transaction holding {@code phone}'s lock, and first {@code kioskKey}'s when
         * it is not null; what it writes through the given {@link Locked} commits with it, and nothing does when it
         * throws. Requests take both locks, kiosk first, and checks only the number's, so no two transactions can
         * each hold a lock the other waits for.
         */
        <T> T underLock(String phone, String kioskKey, Function<Locked, T> decision);

        /**
         * Marks the code used, unless it is already; false when it was. One statement, so of two checks of one
         * code at once exactly one uses it, without holding a lock while the core opens a session.
         */
        boolean use(UUID id, Instant at);
    }

    /**
     * Where kiosk sessions are opened: the port the core's adapter implements. The core opens a session for a
     * kiosk key only when this service, which checked the code, says the phone number is proven.
     */
    public interface Sessions {

        /** Opens a session, for the kiosk key {@code kioskKey} (its public id), as the member who has {@code phone}. */
        Opening open(String phone, String kioskKey);

        /** What asking the core for a session gave. */
        sealed interface Opening {
            record Opened(KioskSession session) implements Opening {
            }

            /** No member has the number: the kiosk may offer to enrol one with it. */
            record NoMember() implements Opening {
            }

            /** The core did not answer, or not with a session; asking again later may. */
            record Unavailable(String reason) implements Opening {
            }
        }
    }

    /** The number's codes, read and written within {@link Store#underLock}. */
    public interface Locked {

        /** The codes sent to the number since {@code since}, newest first. */
        List<Issued> issuedSince(Instant since);

        /** The code {@code id}, or empty. */
        Optional<Issued> find(UUID id);

        /**
         * When the newest {@code newest} codes asked for by {@code kioskKey} since {@code since} were made, newest
         * first; read under that key's lock.
         */
        List<Instant> issuedForKioskSince(String kioskKey, Instant since, int newest);

        /** Keeps a new code and plans its message. */
        void keep(Issued code, PlannedMessage message, Instant messageExpiresAt);

        /** Notes one more wrong try, at {@code at}. */
        void wrongTry(UUID id, Instant at);
    }

    /**
     * A code as kept.
     *
     * @param kioskKey  the public id of the key that asked for it; null for codes kept before codes remembered it
     * @param tries     wrong tries so far
     * @param lastTryAt when the last wrong try was, or null
     */
    public record Issued(UUID id, String phone, String kioskKey, byte[] hash, Instant createdAt, Instant expiresAt,
                         int tries, Instant lastTryAt, Instant usedAt) {
    }

    /** What asking for a code gave. */
    public sealed interface Request {
        record Sent(UUID id, Instant expiresAt) implements Request {
        }

        /** Too many codes for this number lately, or it is locked after wrong tries. */
        record TooMany(Instant retryAt) implements Request {
        }

        /** Too many codes asked for by this kiosk key lately, whatever the numbers. */
        record TooManyForKiosk(Instant retryAt) implements Request {
        }
    }

    /** What checking a code gave. */
    public sealed interface Check {
        /**
         * The code was right and is used now.
         *
         * @param session the kiosk's session as the member who has the number; null when no member has it, or
         *                when no kiosk key asked (an ADMIN key checks a code without a session)
         */
        record Verified(String phone, KioskSession session) implements Check {
        }

        /** The code is right, but the core could not open the session: the code is not used and works again. */
        record CoreUnavailable(String reason) implements Check {
        }

        record Wrong(int triesLeft) implements Check {
        }

        record Expired() implements Check {
        }

        record Locked(Instant until) implements Check {
        }

        record NoSuchCode() implements Check {
        }
    }

    /** What the check decided under the number's lock, before the core is asked for a session. */
    private sealed interface Verdict {
        record Right() implements Verdict {
        }

        record Refused(Check check) implements Verdict {
        }
    }

    private final Store store;
    private final Sessions sessions;
    private final Clock clock;
    private final String template;
    private final int perKiosk;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param template the SMS template a code is sent with
     * @param perKiosk the most codes one kiosk key gets per {@link #WINDOW}, at least 1
     */
    public OneTimeCodes(Store store, Sessions sessions, Clock clock, String template, int perKiosk) {
        if (perKiosk < 1) {
            throw new IllegalArgumentException("a kiosk needs at least one code per window");
        }
        this.store = store;
        this.sessions = sessions;
        this.clock = clock;
        this.template = template;
        this.perKiosk = perKiosk;
    }

    /** Whether {@code phone} is an E.164 number, as the kiosk sends it. */
    public static boolean isE164(String phone) {
        return phone != null && E164.matcher(phone).matches();
    }

    /**
     * Sends a new code to {@code phone} (E.164), in {@code language} (a tag, or null), as {@code kioskKey} asked
     * (the public id of the caller's key).
     */
    public Request request(String phone, String language, String kioskKey) {
        return store.underLock(phone, kioskKey, locked -> request(locked, phone, language, kioskKey));
    }

    private Request request(Locked store, String phone, String language, String kioskKey) {
        Instant now = clock.instant();
        Optional<Request> refused = refusal(store.issuedSince(now.minus(LOCK.plus(LIFETIME))),
                store.issuedForKioskSince(kioskKey, now.minus(WINDOW), perKiosk), perKiosk, now);
        if (refused.isPresent()) {
            return refused.get();
        }
        String code = String.format("%0" + DIGITS + "d", random.nextInt((int) Math.pow(10, DIGITS)));
        UUID id = UUID.randomUUID();
        Issued issued = new Issued(id, phone, kioskKey, hash(id, code), now, now.plus(LIFETIME), 0, null, null);
        store.keep(issued, new PlannedMessage("otp:" + id, Purpose.TRANSACTIONAL, Channel.SMS, null, phone, template,
                new CauseFacts(code, null, null, null, language), null, "one-time-code", now), now.plus(LIFETIME));
        return new Request.Sent(id, issued.expiresAt());
    }

    /**
     * Checks {@code code} against the code {@code id}; a right code works once. When {@code kioskKey} (the public
     * id of the caller's KIOSK key) is not null, a right code opens that kiosk's session as the member who has the
     * number, and is used only once the core answered: the code is verified under the number's lock (so wrong
     * tries count), the session is opened without holding it, and the code is then used by one conditional write
     * (so of two checks at once only one is answered with a session; the other's is never shown and lapses).
     */
    public Check check(UUID id, String code, String kioskKey) {
        Optional<Issued> unlocked = store.find(id);
        if (unlocked.isEmpty()) {
            return new Check.NoSuchCode();
        }
        String phone = unlocked.get().phone();
        if (store.underLock(phone, null, locked -> verify(locked, id, code)) instanceof Verdict.Refused refused) {
            return refused.check();
        }
        Check answer = kioskKey == null ? new Check.Verified(phone, null) : answer(phone, sessions.open(phone, kioskKey));
        if (!(answer instanceof Check.Verified)) {
            // Not used: the shopper checks the same code again.
            return answer;
        }
        return store.use(id, clock.instant()) ? answer : new Check.NoSuchCode();
    }

    /**
     * Why a new code may not be sent now, or empty when it may: the number's lock and limit first (a shopper whose
     * number is locked is told so at whichever kiosk), then the kiosk's.
     *
     * @param numberRecent  the number's codes made since {@link #LOCK} and {@link #LIFETIME} ago, newest first
     * @param kioskInWindow when the kiosk key's newest codes (up to {@code perKiosk}) within the last
     *                      {@link #WINDOW} were made, newest first
     */
    static Optional<Request> refusal(List<Issued> numberRecent, List<Instant> kioskInWindow, int perKiosk,
                                     Instant now) {
        Optional<Instant> locked = lockedUntil(numberRecent, now);
        if (locked.isPresent()) {
            return Optional.of(new Request.TooMany(locked.get()));
        }
        List<Issued> inWindow = numberRecent.stream().filter(c -> !c.createdAt().isBefore(now.minus(WINDOW))).toList();
        if (inWindow.size() >= PER_WINDOW) {
            return Optional.of(new Request.TooMany(inWindow.get(inWindow.size() - 1).createdAt().plus(WINDOW)));
        }
        if (kioskInWindow.size() >= perKiosk) {
            // Room again once the perKiosk-th newest leaves the window.
            return Optional.of(new Request.TooManyForKiosk(kioskInWindow.get(perKiosk - 1).plus(WINDOW)));
        }
        return Optional.empty();
    }

    /** What a right code answers once the core was asked for the kiosk's session; only a Verified uses the code. */
    static Check answer(String phone, Sessions.Opening opening) {
        return switch (opening) {
            case Sessions.Opening.Opened opened -> new Check.Verified(phone, opened.session());
            // Used all the same: the number is proven, and the kiosk may enrol a member with it.
            case Sessions.Opening.NoMember none -> new Check.Verified(phone, null);
            case Sessions.Opening.Unavailable unavailable -> new Check.CoreUnavailable(unavailable.reason());
        };
    }

    /** Whether the code is right, decided under the number's lock; a wrong try is counted here. */
    private Verdict verify(Locked store, UUID id, String code) {
        Instant now = clock.instant();
        // Read again under the lock: the tries a concurrent check just counted must count here.
        Optional<Issued> found = store.find(id);
        if (found.isEmpty() || found.get().usedAt() != null) {
            return new Verdict.Refused(new Check.NoSuchCode());
        }
        Issued issued = found.get();
        List<Issued> recent = store.issuedSince(now.minus(LOCK.plus(LIFETIME)));
        Optional<Instant> locked = lockedUntil(recent, now);
        if (locked.isPresent()) {
            return new Verdict.Refused(new Check.Locked(locked.get()));
        }
        if (!issued.expiresAt().isAfter(now)) {
            return new Verdict.Refused(new Check.Expired());
        }
        if (code == null || !MessageDigest.isEqual(issued.hash(), hash(id, code))) {
            store.wrongTry(id, now);
            // Counted over the number's recent codes, as the lock is: a new code must not promise fresh tries.
            int left = MAX_TRIES - recent.stream().mapToInt(Issued::tries).sum() - 1;
            return new Verdict.Refused(left <= 0 ? new Check.Locked(now.plus(LOCK)) : new Check.Wrong(left));
        }
        return new Verdict.Right();
    }

    /**
     * A number is locked for {@link #LOCK} after its {@link #MAX_TRIES}th wrong try, counted over every code it
     * was sent lately, so asking for a new code does not reset the count.
     */
    private static Optional<Instant> lockedUntil(List<Issued> recent, Instant now) {
        int tries = 0;
        Instant last = null;
        for (Issued code : recent) {
            tries += code.tries();
            if (code.lastTryAt() != null && (last == null || code.lastTryAt().isAfter(last))) {
                last = code.lastTryAt();
            }
        }
        if (tries < MAX_TRIES || last == null) {
            return Optional.empty();
        }
        Instant until = last.plus(LOCK);
        return until.isAfter(now) ? Optional.of(until) : Optional.empty();
    }

    private static byte[] hash(UUID id, String code) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(id.toString().getBytes(StandardCharsets.US_ASCII));
            return sha.digest(code.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
