package io.punchcard.storefront.forward;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A signed webhook the connector could not take, kept whole for a person (its stream is the shop, its reference
 * the delivery id): {@code outbox retry} reads it again as the connector would then.
 *
 * @param topic      the webhook's topic
 * @param externalId the shop's customer it names ({@code shopify:207119551}), or null: kept beside the body so the
 *                   shop's {@code customers/redact} of that customer finds it, as it finds every message naming them
 * @param payload    its body
 */
public record WebhookEntry(String topic, String externalId, JsonNode payload) {

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
