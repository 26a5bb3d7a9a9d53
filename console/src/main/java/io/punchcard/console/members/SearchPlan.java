package io.punchcard.console.members;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What one search box's words are looked up as in the core ({@code GET /api/v1/members}): an e-mail address, an
 * external id ({@code shopify:207119551}), a card number or phone number (digits can be either, so both are tried), or
 * part of a name. Staff type whatever the shopper shows or says; the console does not make them pick a field.
 *
 * @param lookups the identifiers to try, each answering at most one member
 * @param name    part of a given or family name to list members by; null when the words are no name
 */
public record SearchPlan(List<Lookup> lookups, String name) {

    /** The longest query looked up: longer than any identifier or name the core keeps (128 characters). */
    public static final int MAX_QUERY = 128;

    private static final Pattern EXTERNAL_ID = Pattern.compile("[a-z][a-z0-9._-]{0,31}:\\S+");
    /** What a phone number may be typed with besides its digits. */
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ()./-]{4,30}");
    private static final Pattern CARD = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{M}' .-]+");

    public SearchPlan {
        lookups = List.copyOf(lookups);
    }

    /**
     * @param field the core's query parameter: {@code card}, {@code phone}, {@code email} or {@code externalId}
     * @param value what to look up
     */
    public record Lookup(String field, String value) {
    }

    /** The plan for {@code query}; an empty plan for blank words or words longer than {@link #MAX_QUERY}. */
    public static SearchPlan of(String query) {
        String words = query == null ? "" : query.strip();
        if (words.isEmpty() || words.length() > MAX_QUERY) {
            return new SearchPlan(List.of(), null);
        }
        if (words.contains("@")) {
            return new SearchPlan(List.of(new Lookup("email", words.toLowerCase(Locale.ROOT))), null);
        }
        if (EXTERNAL_ID.matcher(words).matches()) {
            return new SearchPlan(List.of(new Lookup("externalId", words)), null);
        }
        List<Lookup> lookups = new ArrayList<>();
        if (CARD.matcher(words).matches()) {
            lookups.add(new Lookup("card", words));
        }
        if (PHONE.matcher(words).matches()) {
            lookups.add(new Lookup("phone", words));
        }
        // A card number can be letters too (a name could be a card), so a word of letters is tried as both.
        String name = NAME.matcher(words).matches() ? words : null;
        return new SearchPlan(lookups, name);
    }

    /** Whether there is nothing to look up. */
    public boolean isEmpty() {
        return lookups.isEmpty() && name == null;
    }
}
