package io.punchcard.loyalty.search;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Where a listing ordered newest first by (time, id) stopped: the next page holds the rows strictly before it.
 * A keyset, not an offset, so a page is as cheap at the millionth row as at the first, and rows written
 * meanwhile shift nothing. Both parts are compared as what they are (a timestamp, a UUID), never as text, so
 * no length of number or id can reorder pages. Clients treat the encoded form as opaque.
 *
 * @param at the time of the last row served
 * @param id its id, which breaks ties between rows of the same time
 */
public record Cursor(Instant at, UUID id) {

    /** Longest encoded cursor read; anything longer is not one of ours. */
    private static final int MAX_ENCODED = 128;

    public Cursor {
        if (at == null || id == null) {
            throw new IllegalArgumentException("a cursor has a time and an id");
        }
    }

    /** The opaque form handed to clients as {@code next}. */
    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((at + "|" + id).getBytes(StandardCharsets.US_ASCII));
    }

    /** A cursor from its opaque form, or empty when {@code encoded} is not one this server handed out. */
    public static Optional<Cursor> decode(String encoded) {
        if (encoded == null || encoded.isEmpty() || encoded.length() > MAX_ENCODED) {
            return Optional.empty();
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.US_ASCII);
            int bar = text.indexOf('|');
            if (bar < 0) {
                return Optional.empty();
            }
            return Optional.of(new Cursor(Instant.parse(text.substring(0, bar)), UUID.fromString(text.substring(bar + 1))));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
