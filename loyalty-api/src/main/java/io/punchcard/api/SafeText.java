package io.punchcard.api;

/**
 * Text that PostgreSQL can store and that means what it says. A NUL character cannot be stored in a PostgreSQL
 * text column at all (the insert fails), and a lone surrogate — half of a UTF-16 pair — has no UTF-8 form, so it
 * would be stored as '?'. Both are refused wherever a request carries text: JSON strings and keys, query and path
 * parameters. This is the check; the servers' request reading applies it and names the field.
 */
public final class SafeText {

    private SafeText() {
    }

    /**
     * What is wrong with {@code text} in words ("a NUL character … at position 3"), or null when nothing is.
     */
    public static String flaw(String text) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return "a NUL character (\\u0000) at position " + (i + 1);
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "a lone surrogate (\\u" + Integer.toHexString(c) + ", half of a UTF-16 pair) at position " + (i + 1);
            }
        }
        return null;
    }
}
