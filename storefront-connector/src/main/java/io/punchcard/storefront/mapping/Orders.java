package io.punchcard.storefront.mapping;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.v1.PurchaseLimits;
import io.punchcard.api.v1.PurchaseLine;

/** What every platform's orders share. */
final class Orders {

    private Orders() {
    }

    /**
     * @param unitPriceMinor one unit's price
     * @param discountMinor  what is taken off the line (its discounts, and its tax where prices include it)
     * @param category       the line's category, or null
     */
    record Priced(long unitPriceMinor, long discountMinor, String category) {
    }

    /** How a platform prices one line of {@code quantity} units. */
    @FunctionalInterface
    interface Pricing {
        Priced price(JsonNode item, long quantity);
    }

    /**
     * The order's {@code line_items} with a quantity, each under its SKU (else {@code product-<id>}, else
     * {@code line-<id>}), priced by the platform's {@code pricing}.
     */
    static List<PurchaseLine> lines(JsonNode order, Pricing pricing) {
        JsonNode items = order.path("line_items");
        if (!items.isArray() || items.isEmpty()) {
            throw BadPayload.field("line_items", "an order needs its line_items");
        }
        List<PurchaseLine> lines = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            long quantity = quantity(item, "line_items[" + i + "]");
            if (quantity == 0) {
                continue;
            }
            Priced priced = pricing.price(item, quantity);
            lines.add(new PurchaseLine(sku(item, Integer.toString(i)), priced.category(), BigDecimal.valueOf(quantity),
                    priced.unitPriceMinor(), Math.min(priced.unitPriceMinor() * quantity, priced.discountMinor())));
        }
        if (lines.size() > MAX_LINES) {
            throw BadPayload.field("line_items", "an order of more than " + MAX_LINES + " lines is more than the loyalty "
                    + "program records");
        }
        return lines;
    }

    /** The core's limits: lines of a purchase, its age. */
    static final int MAX_LINES = PurchaseLimits.MAX_LINES;
    static final Duration MAX_AGE = PurchaseLimits.connectorMaxAge();

    /**
     * When the order was placed, no later than it was received; empty when it is older than the core records. Such
     * an order is an old one edited (WooCommerce announces every change as order.updated) or imported into the shop:
     * it was recorded when it was new, or it predates the program, and no one could make the core take it.
     */
    static Optional<Instant> placed(Optional<Instant> at, Instant received) {
        Instant when = at.filter(t -> !t.isAfter(received)).orElse(received);
        return when.isBefore(received.minus(MAX_AGE)) ? Optional.empty() : Optional.of(when);
    }

    /** What is noted of a paid order {@link #placed} too long ago. */
    static Intent.Ignored tooOld(String id) {
        return new Intent.Ignored("order " + id + " was placed more than a year ago: the loyalty program records no "
                + "purchase that old");
    }

    /** A line's item as the core knows it: its SKU, else {@code product-<id>}, else {@code line-<id>}. */
    static String sku(JsonNode item, String fallback) {
        String sku = Fields.text(item, "sku").or(() -> Fields.optionalId(item, "product_id").map(p -> "product-" + p))
                .orElse("line-" + Fields.text(item, "id").orElse(fallback));
        return sku.length() > 128 ? sku.substring(0, 128) : sku;
    }

    /** A line's quantity: a whole number; 0 for a line taken off the order. */
    static long quantity(JsonNode item, String path) {
        JsonNode node = item.path("quantity");
        // Both platforms send a whole number; 1.5 or "2" is read as nothing rather than truncated or guessed.
        long quantity = node.isIntegralNumber() && node.canConvertToLong() ? node.asLong() : -1;
        if (quantity < 0 || quantity > 100_000) {
            throw BadPayload.field(path + ".quantity", path + ".quantity must be a whole number from 0");
        }
        return quantity;
    }

    /** {@code currency} when it is the program's (or the program is not known yet); refused otherwise. */
    static String currency(String currency, String path, ProgramFacts facts) {
        try {
            java.util.Currency.getInstance(currency);
        } catch (IllegalArgumentException e) {
            throw BadPayload.field(path, path + " '" + Fields.shorten(currency) + "' is not an ISO 4217 currency");
        }
        if (facts.known() && !facts.currency().equals(currency)) {
            throw new BadPayload(422, "currency-mismatch", path, "The order is in " + currency + "; the loyalty program "
                    + "counts in " + facts.currency() + ". Orders in another currency earn no points here.");
        }
        return currency;
    }

    /** A name as the core keeps it: at most 128 characters. */
    static String name(String name) {
        return name.length() > 128 ? name.substring(0, 128) : name;
    }
}
