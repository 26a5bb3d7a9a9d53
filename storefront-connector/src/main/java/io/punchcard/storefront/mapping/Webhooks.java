package io.punchcard.storefront.mapping;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.storefront.Shop;

/**
 * A signed webhook read: what its topic asks of the program. The same reading when
 * it arrives and when a person takes a webhook that was set aside again.
 */
public final class Webhooks {

    private Webhooks() {
    }

    /**
     * What {@code shop}'s webhook of {@code topic} asks for, the program being as {@code facts} say: a 400
     * {@link BadPayload} for a topic the connector does not take, a 422 one for a webhook it cannot take.
     */
    public static List<Intent> intents(Shop shop, ProgramFacts facts, String topic, JsonNode body, Instant received) {
        return switch (shop.platform()) {
            case SHOPIFY -> new ShopifyMapping(shop, facts).map(topic, body, received);
            case WOOCOMMERCE -> new WooMapping(shop, facts).map(topic, body, received);
        };
    }

    /**
     * The shop's customer a webhook names, as the core knows them ({@code shopify:207119551}), or empty for a guest
     * or a webhook naming none: what the shop's {@code customers/redact} of that customer must find.
     */
    public static Optional<String> customer(Shop shop, String topic, JsonNode body) {
        String path = switch (shop.platform()) {
            case SHOPIFY -> topic.startsWith("customers/") ? "id" : "customer.id";
            case WOOCOMMERCE -> "customer_id";
        };
        try {
            return Fields.optionalId(body, path).map(shop::customerId);
        } catch (BadPayload e) {
            return Optional.empty();
        }
    }
}
