package io.punchcard.api.v1;

import java.time.Instant;

/**
 * A member's consent to be contacted on one channel.
 *
 * @param granted whether they agreed
 * @param source  where it was given (e.g. {@code pos-signup}, {@code kiosk}, {@code shopify})
 * @param at      when it was given; left out, when the core receives it; never in the future
 */
public record Consent(boolean granted, String source, Instant at) {
}
