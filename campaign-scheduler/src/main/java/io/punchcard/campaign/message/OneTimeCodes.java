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
import java.util.regex.Pattern;

/**
 * One-time codes by SMS, how a shopper at the kiosk proves a phone number is theirs. The rules, in one place:
 * a code has {@link #DIGITS} digits and lives {@link #LIFETIME}; a number gets at most {@link #PER_WINDOW} codes
 * per {@link #WINDOW} (an SMS costs money, and a kiosk must not become a way to flood someone's phone);
 * {@link #MAX_TRIES} wrong tries lock the number for {@link #LOCK}. Only a hash of a code is kept.
 */
public final class OneTimeCodes {

    public static final int DIGITS = 6;
    public static final Duration LIFETIME = Duration.ofMinutes(5);
    public static final int PER_WINDOW = 3;
    public static final Duration WINDOW = Duration.ofMinutes(15);
    public static final int MAX_TRIES = 5;
    public static final Duration LOCK = Duration.ofMinutes(15);
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");

    /**
     * Where codes are kept: the port the store implements. A decision and what it writes happen in one
     * transaction holding the number's lock, so concurrent requests and checks for one number take turns: a burst
     * of wrong guesses cannot all see no tries yet, nor a burst of requests all see fewer codes than the limit.
     */
    public interface Store {

        /** The code {@code id} as it is now (read without the number's lock, to learn its number), or empty. */
        Optional<Issued> find(UUID id);

        /**
         * Runs {@code decision} in one transaction holding {@code phone}'s lock; what it writes through the given
         * {@link Locked} commits with it, and nothing does when it throws.
         */
        <T> T underLock(String phone, java.util.function.Function<Locked, T> decision);
    }

    /** The number's codes, read and written within {@link Store#underLock}. */
    public interface Locked {

        /** The codes sent to the number since {@code since}, newest first. */
        List<Issued> issuedSince(Instant since);

        /** The code {@code id}, or empty. */
        Optional<Issued> find(UUID id);

        /** Keeps a new code and plans its message. */
        void keep(Issued code, PlannedMessage message, Instant messageExpiresAt);

        /** Notes one more wrong try, at {@code at}. */
        void wrongTry(UUID id, Instant at);

        /** Marks the code used; false when it was used already. */
        boolean use(UUID id, Instant at);
    }

    /**
     * A code as kept.
     *
     * @param tries     wrong tries so far
     * @param lastTryAt when the last wrong try was, or null
     */
    public record Issued(UUID id, String phone, byte[] hash, Instant createdAt, Instant expiresAt, int tries,
                         Instant lastTryAt, Instant usedAt) {
    }

    /** What asking for a code gave. */
    public sealed interface Request {
        record Sent(UUID id, Instant expiresAt) implements Request {
        }

        /** Too many codes for this number lately, or it is locked after wrong tries. */
        record TooMany(Instant retryAt) implements Request {
        }
    }

    /** What checking a code gave. */
    public sealed interface Check {
        record Verified(String phone) implements Check {
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

    private final Store store;
    private final Clock clock;
    private final String template;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param template the SMS template a code is sent with
     */
    public OneTimeCodes(Store store, Clock clock, String template) {
        this.store = store;
        this.clock = clock;
        this.template = template;
    }

    /** Whether {@code phone} is an E.164 number, as the kiosk sends it. */
    public static boolean isE164(String phone) {
        return phone != null && E164.matcher(phone).matches();
    }

    /** Sends a new code to {@code phone} (E.164), in {@code language} (a tag, or null). */
    public Request request(String phone, String language) {
        return store.underLock(phone, locked -> request(locked, phone, language));
    }

    private Request request(Locked store, String phone, String language) {
        Instant now = clock.instant();
        List<Issued> recent = store.issuedSince(now.minus(LOCK.plus(LIFETIME)));
        Optional<Instant> locked = lockedUntil(recent, now);
        if (locked.isPresent()) {
            return new Request.TooMany(locked.get());
        }
        List<Issued> inWindow = recent.stream().filter(c -> !c.createdAt().isBefore(now.minus(WINDOW))).toList();
        if (inWindow.size() >= PER_WINDOW) {
            return new Request.TooMany(inWindow.get(inWindow.size() - 1).createdAt().plus(WINDOW));
        }
        String code = String.format("%0" + DIGITS + "d", random.nextInt((int) Math.pow(10, DIGITS)));
        UUID id = UUID.randomUUID();
        Issued issued = new Issued(id, phone, hash(id, code), now, now.plus(LIFETIME), 0, null, null);
        store.keep(issued, new PlannedMessage("otp:" + id, Purpose.TRANSACTIONAL, Channel.SMS, null, phone, template,
                new CauseFacts(code, null, null, null, language), null, "one-time-code", now), now.plus(LIFETIME));
        return new Request.Sent(id, issued.expiresAt());
    }

    /** Checks {@code code} against the code {@code id}; a right code works once. */
    public Check check(UUID id, String code) {
        Optional<Issued> unlocked = store.find(id);
        if (unlocked.isEmpty()) {
            return new Check.NoSuchCode();
        }
        return store.underLock(unlocked.get().phone(), locked -> check(locked, id, code));
    }

    private Check check(Locked store, UUID id, String code) {
        Instant now = clock.instant();
        // Read again under the lock: the tries a concurrent check just counted must count here.
        Optional<Issued> found = store.find(id);
        if (found.isEmpty() || found.get().usedAt() != null) {
            return new Check.NoSuchCode();
        }
        Issued issued = found.get();
        List<Issued> recent = store.issuedSince(now.minus(LOCK.plus(LIFETIME)));
        Optional<Instant> locked = lockedUntil(recent, now);
        if (locked.isPresent()) {
            return new Check.Locked(locked.get());
        }
        if (!issued.expiresAt().isAfter(now)) {
            return new Check.Expired();
        }
        if (code == null || !MessageDigest.isEqual(issued.hash(), hash(id, code))) {
            store.wrongTry(id, now);
            // Counted over the number's recent codes, as the lock is: a new code must not promise fresh tries.
            int left = MAX_TRIES - recent.stream().mapToInt(Issued::tries).sum() - 1;
            return left <= 0 ? new Check.Locked(now.plus(LOCK)) : new Check.Wrong(left);
        }
        return store.use(id, now) ? new Check.Verified(issued.phone()) : new Check.NoSuchCode();
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
