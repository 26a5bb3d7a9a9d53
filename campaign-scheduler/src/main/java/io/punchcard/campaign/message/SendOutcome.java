package io.punchcard.campaign.message;

import java.time.Duration;

/**
 * What a provider made of one send. The dispatcher switches on it exhaustively: only {@link Temporary} is tried
 * again; {@link Unknown} is tried again for transactional messages only, since a marketing message sent twice is
 * worse than one not sent.
 */
public sealed interface SendOutcome {

    /**
     * The provider took the message.
     *
     * @param providerId the provider's id for it (the SMTP reply or the gateway's message id), or null
     */
    record Accepted(String providerId) implements SendOutcome {
    }

    /**
     * Nothing was sent and a later try may work (SMTP 4xx, connection refused, gateway 429 or 5xx before it took
     * the message).
     *
     * @param reason     the provider's words
     * @param retryAfter how long the provider asked us to wait, or null when it did not say
     */
    record Temporary(String reason, Duration retryAfter) implements SendOutcome {
    }

    /** The provider refused the message for good (SMTP 5xx, gateway 4xx): it is never tried again. */
    record Rejected(String reason) implements SendOutcome {
    }

    /** The message may or may not have gone (the connection broke after it was handed over). */
    record Unknown(String reason) implements SendOutcome {
    }
}
