package io.punchcard.loyalty.member;

import java.security.SecureRandom;

/**
 * Random codes in Crockford's base32 (digits and capitals without I, L, O, U), which people can read out and
 * type without mixing up 0 and O or 1 and I.
 */
public final class Codes {

    static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Codes() {
    }

    /** {@code length} random characters: 5 bits of entropy each. */
    public static String random(int length) {
        StringBuilder code = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            code.append(ALPHABET.charAt(RANDOM.nextInt(32)));
        }
        return code.toString();
    }

    /** A member's referral code: 8 characters, 40 bits. */
    public static String referralCode() {
        return random(8);
    }

    /** A QR token: 26 characters, 130 bits, unguessable. */
    public static String qrToken() {
        return random(26);
    }
}
