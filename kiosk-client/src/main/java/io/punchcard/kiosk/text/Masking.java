package io.punchcard.kiosk.text;

/**
 * What a kiosk screen shows of a shopper's contact details, which people passing by can read: enough for the
 * shopper to recognise their own, not enough to learn someone else's. Names follow the till's rule (the core's
 * {@code displayName}: given name and the surname's initial); the till shows no phone or e-mail at all, so the
 * kiosk's rule for those is its own: the last two digits of a phone number, the first letter and the domain of an
 * e-mail address.
 */
public final class Masking {

    private static final String HIDDEN = "•••";

    private Masking() {
    }

    /** {@code +4915112345678} → {@code +49 ••• 78}; null stays null. */
    public static String phone(String phone) {
        if (phone == null || phone.isBlank()) {
            return phone;
        }
        String digits = phone.replaceAll("[^0-9]", "");
        if (digits.length() < 4) {
            return HIDDEN;
        }
        String country = phone.startsWith("+") ? "+" + digits.substring(0, 2) + " " : "";
        return country + HIDDEN + " " + digits.substring(digits.length() - 2);
    }

    /** {@code ana.silva@example.com} → {@code a•••@example.com}; null stays null. */
    public static String email(String email) {
        if (email == null || email.isBlank()) {
            return email;
        }
        int at = email.lastIndexOf('@');
        if (at < 1) {
            return HIDDEN;
        }
        return email.codePoints().limit(1).collect(StringBuilder::new, StringBuilder::appendCodePoint,
                StringBuilder::append) + HIDDEN + email.substring(at);
    }
}
