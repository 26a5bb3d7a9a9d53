package io.punchcard.console.staff;

import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * The first password of a new account and the one an admin's reset sets: shown once to the admin, who hands it over,
 * and changed by its holder at their first login (the core insists). Four groups of five letters and digits from an
 * alphabet without look-alikes (no 0/O, 1/I/L), so it can be read out and typed: about 103 bits.
 */
public final class OneTimePasswords {

    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
    private static final int GROUPS = 4;
    private static final int GROUP_CHARS = 5;

    private OneTimePasswords() {
    }

    /** A new password for the account of {@code email}, which the core's policy accepts for it. */
    public static String generate(String email, RandomGenerator random) {
        String local = email == null || email.indexOf('@') < 0 ? ""
                : email.substring(0, email.indexOf('@')).toLowerCase(Locale.ROOT);
        while (true) {
            StringBuilder password = new StringBuilder();
            for (int group = 0; group < GROUPS; group++) {
                if (group > 0) {
                    password.append('-');
                }
                for (int i = 0; i < GROUP_CHARS; i++) {
                    password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                }
            }
            // The core refuses a password holding its e-mail's name (3 characters or more); so rare it is just drawn again.
            if (local.length() < 3 || !password.toString().contains(local)) {
                return password.toString();
            }
        }
    }
}
