package io.punchcard.loyalty.access;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The rules of staff passwords and logins, pure so they are tested without a database or a clock of the wall.
 *
 * <p>Password policy: {@value #MIN_PASSWORD} to {@value #MAX_PASSWORD} characters, not containing the part of the
 * e-mail before the {@code @} (the first thing anyone guessing tries). Length over rules of character classes:
 * a long phrase is both harder to guess and easier to remember (NIST SP 800-63B).
 *
 * <p>Lockout: after {@value #FREE_FAILURES} wrong passwords in a row an account is locked for one minute, each
 * further wrong one doubles that, up to an hour. A person who mistyped waits a minute; someone guessing gets a
 * few dozen tries a day. The lock is per account (not per address), so it also holds against a guesser with
 * many addresses; the price is that a stranger can keep a known e-mail locked, which an admin lifts by a reset.
 */
public final class StaffRules {

    public static final int MIN_PASSWORD = 12;
    /** Longer adds nothing but a cost of hashing someone could send on purpose. */
    public static final int MAX_PASSWORD = 128;
    public static final int FREE_FAILURES = 5;
    public static final Duration FIRST_LOCK = Duration.ofMinutes(1);
    public static final Duration LONGEST_LOCK = Duration.ofHours(1);

    private StaffRules() {
    }

    /** Why {@code password} is not acceptable for the account of {@code email}, or empty when it is. */
    public static Optional<String> weakness(String email, String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            return Optional.of("A password has at least " + MIN_PASSWORD + " characters: a short phrase is easier "
                    + "to remember than a short code.");
        }
        if (password.length() > MAX_PASSWORD) {
            return Optional.of("A password has at most " + MAX_PASSWORD + " characters.");
        }
        String local = email == null ? "" : email.substring(0, Math.max(0, email.indexOf('@'))).toLowerCase(Locale.ROOT);
        if (local.length() >= 3 && password.toLowerCase(Locale.ROOT).contains(local)) {
            return Optional.of("A password does not contain the name of its e-mail address ('" + local + "').");
        }
        return Optional.empty();
    }

    /**
     * Until when an account is locked after its {@code failures}-th wrong password in a row at {@code now}; empty
     * when it is not locked yet.
     */
    public static Optional<Instant> lockAfter(int failures, Instant now) {
        if (failures < FREE_FAILURES) {
            return Optional.empty();
        }
        // Capped before shifting: 2^(failures-5) minutes reaches an hour at the 11th failure and would overflow later.
        int doublings = Math.min(failures - FREE_FAILURES, 6);
        Duration lock = FIRST_LOCK.multipliedBy(1L << doublings);
        return Optional.of(now.plus(lock.compareTo(LONGEST_LOCK) > 0 ? LONGEST_LOCK : lock));
    }

    /** An e-mail as stored and compared: trimmed and lower-cased, since no one tells Ana@ from ana@. */
    public static String normalEmail(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    /** Whether {@code email} looks like an address: something, an @, a domain with a dot; at most 254 characters. */
    public static boolean plausibleEmail(String email) {
        return email != null && email.length() <= 254 && email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    }
}
