package io.punchcard.campaign.segment;

/** What a segment's name and a tag may be: text a person reads in a list, stored as sent. */
public final class Names {

    public static final int MAX_NAME = 100;
    public static final int MAX_TAG = 100;

    private Names() {
    }

    /** What is wrong with {@code name} as a segment's name, or null. */
    public static String segmentNameFlaw(String name) {
        return textFlaw(name, MAX_NAME);
    }

    /** What is wrong with {@code tag} as a tag (the core's tags are text of the same kind), or null. */
    public static String tagFlaw(String tag) {
        return textFlaw(tag, MAX_TAG);
    }

    private static String textFlaw(String text, int max) {
        if (text == null || text.isBlank()) {
            return "is required";
        }
        if (text.length() > max) {
            return "must be at most " + max + " characters";
        }
        if (!text.strip().equals(text) || text.chars().anyMatch(Character::isISOControl)) {
            return "must not start or end with spaces nor hold control characters";
        }
        return null;
    }
}
