package io.punchcard.api.v1;

import java.time.Instant;

/**
 * A member's consent to be contacted on one channel.
 *
 * @param granted whether they agreed
 * @param source  where it was given (e.g. {@code pos-signup}, {@code kiosk}, {@code shopify})
 * @param at      when it was given; left out, when the core receives it; never in the future
 * @param text    the words the member agreed to (or declined), as they were shown, kept with the answer; at most
 *                {@link #MAX_TEXT_CHARS} characters; null where no text was shown (a till's spoken question)
 */
public record Consent(boolean granted, String source, Instant at, String text) {

    /** Room for a paragraph of consent wording in any language, not for a document. */
    public static final int MAX_TEXT_CHARS = 2000;

    /** A consent given without a text on record. */
    public Consent(boolean granted, String source, Instant at) {
        this(granted, source, at, null);
    }
}
