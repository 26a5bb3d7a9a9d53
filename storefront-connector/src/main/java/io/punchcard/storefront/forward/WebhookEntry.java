package io.punchcard.storefront.forward;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A signed webhook the connector could not take, kept whole for a person (its stream is the shop, its reference
 * the delivery id): {@code outbox retry} reads it again as the connector would then.
 *
 * @param topic   the webhook's topic
 * @param payload its body
 */
public record WebhookEntry(String topic, JsonNode payload) {

    /** Takes a webhook set aside again. */
    @FunctionalInterface
    public interface Retake {

        /**
         * Reads {@code webhook} of {@code shop}, delivered as {@code delivery} at {@code received}, and keeps what it
         * asks for; returns what was decided, kept as the entry's answer.
         *
         * @throws io.punchcard.outbox.Courier.Undeliverable when it still cannot be taken, and why
         */
        Object retake(String shop, String delivery, WebhookEntry webhook, java.time.Instant received);
    }
}
