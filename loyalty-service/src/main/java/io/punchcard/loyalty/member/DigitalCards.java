package io.punchcard.loyalty.member;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

import io.punchcard.api.identity.Identifier;
import io.punchcard.api.identity.IdentifierKind;

/**
 * Card numbers the core gives a member who signs up without a plastic card (at the kiosk): 16 digits, the first a
 * 9 so they never meet the chain's printed ranges, the last a Luhn check digit so a mistyped digit is caught at the
 * till. The kiosk shows the number and its QR at once; the member's wallet or a printout is the card.
 */
public final class DigitalCards {

    /** Digits in a digital card number, check digit included. */
    public static final int LENGTH = 16;
    /** Numbers tried before giving up: with 10^14 numbers, a second collision in a row means something else. */
    static final int ATTEMPTS = 5;
    private static final SecureRandom RANDOM = new SecureRandom();

    private DigitalCards() {
    }

    /** A new digital card number drawn from {@code random}. */
    public static String next(RandomGenerator random) {
        StringBuilder number = new StringBuilder(LENGTH).append('9');
        while (number.length() < LENGTH - 1) {
            number.append((char) ('0' + random.nextInt(10)));
        }
        return number.append(checkDigit(number)).toString();
    }

    /** Whether {@code number} is all digits and its last digit is the Luhn check digit of the others. */
    public static boolean luhnValid(String number) {
        if (number == null || number.length() < 2 || !number.chars().allMatch(Character::isDigit)) {
            return false;
        }
        return checkDigit(number.substring(0, number.length() - 1)) == number.charAt(number.length() - 1) - '0';
    }

    /** The Luhn check digit of {@code payload}: every second digit from the right doubled, the sum made 0 mod 10. */
    static int checkDigit(CharSequence payload) {
        int sum = 0;
        for (int i = payload.length() - 1, position = 0; i >= 0; i--, position++) {
            int digit = payload.charAt(i) - '0';
            if (position % 2 == 0) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return (10 - sum % 10) % 10;
    }

    /** Whether {@code enrollment} is one the core gives a card: it names none. */
    public static boolean wanted(Enrollment enrollment) {
        return enrollment.identifiers().stream().noneMatch(i -> i.kind() == IdentifierKind.CARD);
    }

    /**
     * Enrols {@code enrollment} with a new digital card, drawing another number while the drawn one is taken; any
     * other outcome is the enrolment's own.
     */
    public static Members.Enrolled enrol(Members members, Enrollment enrollment) {
        Members.Enrolled outcome = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            List<Identifier> identifiers = new ArrayList<>(enrollment.identifiers());
            identifiers.add(new Identifier(IdentifierKind.CARD, next(RANDOM)));
            outcome = members.enroll(enrollment.withIdentifiers(identifiers));
            if (!(outcome instanceof Members.IdentifierTaken taken) || taken.kind() != IdentifierKind.CARD) {
                return outcome;
            }
        }
        return outcome;
    }
}
