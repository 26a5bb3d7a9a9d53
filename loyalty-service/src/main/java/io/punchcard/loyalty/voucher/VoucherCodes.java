package io.punchcard.loyalty.voucher;

import java.util.Locale;
import java.util.Optional;

import io.punchcard.loyalty.member.Codes;

/**
 * Voucher codes: 12 random characters of Crockford's base32 (60 bits, unguessable at any rate a shop's API
 * would allow) and a check character (Crockford's mod-37 symbol), printed as {@code XXXX-XXXX-XXXX-C}. A typo
 * fails the check before any lookup; {@code I}, {@code L} and {@code O} typed for {@code 1} and {@code 0} are
 * read as meant.
 */
public final class VoucherCodes {

    private static final String SYMBOLS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U";
    private static final int LENGTH = 12;

    private VoucherCodes() {
    }

    /** A new code, with its check character, grouped for reading. */
    public static String generate() {
        String body = Codes.random(LENGTH);
        return group(body + check(body));
    }

    /** The canonical form of what someone typed, or empty when it is not a valid code. */
    public static Optional<String> normalise(String typed) {
        if (typed == null) {
            return Optional.empty();
        }
        String s = typed.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", "")
                .replace('I', '1').replace('L', '1').replace('O', '0');
        if (s.length() != LENGTH + 1) {
            return Optional.empty();
        }
        String body = s.substring(0, LENGTH);
        for (char ch : body.toCharArray()) {
            if (SYMBOLS.indexOf(ch) < 0 || SYMBOLS.indexOf(ch) >= 32) {
                return Optional.empty();
            }
        }
        return check(body) == s.charAt(LENGTH) ? Optional.of(group(s)) : Optional.empty();
    }

    static char check(String body) {
        long value = 0;
        for (char ch : body.toCharArray()) {
            value = (value * 32 + SYMBOLS.indexOf(ch)) % 37;
        }
        return SYMBOLS.charAt((int) value);
    }

    private static String group(String s) {
        return s.substring(0, 4) + "-" + s.substring(4, 8) + "-" + s.substring(8, 12) + "-" + s.substring(12);
    }
}
