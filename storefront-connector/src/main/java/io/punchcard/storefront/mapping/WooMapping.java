package io.punchcard.storefront.mapping;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.v1.PurchaseLine;
import io.punchcard.api.v1.PurchaseSource;
import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.api.v1.ResolveCustomer;
import io.punchcard.storefront.Shop;

/**
 * WooCommerce's order webhooks as the loyalty program reads them. WooCommerce sends the whole order on every
 * change, so what it means is read from its status — {@code processing} or {@code completed}: paid;
 * {@code cancelled}: cancelled — and from the refunds listed on it, each acted on once. Line totals are before
 * tax; their discounts (coupons) are taken off what earns; shipping, fees and tax never earn.
 */
public final class WooMapping {

    /** The topics this connector acts on. */
    public static final List<String> TOPICS = List.of("order.created", "order.updated");

    private final Shop shop;
    private final ProgramFacts facts;

    public WooMapping(Shop shop, ProgramFacts facts) {
        this.shop = shop;
        this.facts = facts;
    }

    /** What the webhook of {@code topic} with {@code body} asks for. */
    public List<Intent> map(String topic, JsonNode body, Instant received) {
        if (!TOPICS.contains(topic)) {
            throw new BadPayload(400, "unknown-topic", "X-WC-Webhook-Topic", "The topic '" + Fields.shorten(topic)
                    + "' is not one this connector takes: " + String.join(", ", TOPICS) + ".");
        }
        String id = Fields.id(body, "id");
        String status = Fields.required(body, "status").toLowerCase(Locale.ROOT);
        String currency = Orders.currency(Fields.required(body, "currency").toUpperCase(Locale.ROOT), "currency", facts);
        List<Intent> intents = new ArrayList<>();
        switch (status) {
            case "processing", "completed" -> intents.add(paid(id, body, currency, received));
            case "cancelled" -> intents.add(new Intent.Cancelled(id, Fields.time(body, "date_modified_gmt")
                    .map(at -> at.isAfter(received) ? received : at).orElse(received)));
            case "refunded" -> {
                // The refunds listed below give the money back; the order was paid before.
            }
            default -> intents.add(new Intent.Ignored("order " + id + " is " + status + ": not paid"));
        }
        JsonNode refunds = body.path("refunds");
        for (int i = 0; refunds.isArray() && i < refunds.size(); i++) {
            JsonNode refund = refunds.get(i);
            String path = "refunds[" + i + "]";
            String refundId = Fields.id(refund, "id");
            // WooCommerce lists a refund's total as a negative amount.
            long amount = Math.abs(Fields.money(Fields.required(refund, "total"), path + ".total", currency));
            if (amount > 0) {
                intents.add(new Intent.Refunded(id, refundId, amount, null, received));
            }
        }
        return intents;
    }

    private Intent paid(String id, JsonNode order, String currency, Instant received) {
        List<PurchaseLine> lines = Orders.lines(order, (item, quantity) -> {
            long subtotal = Math.max(0, Fields.money(item, "subtotal", currency));
            long total = Math.max(0, Fields.money(item, "total", currency));
            // A unit price that, times the quantity, covers the subtotal; the rest of the way down is discount.
            long unit = Math.ceilDiv(subtotal, quantity);
            return new Orders.Priced(unit, Math.max(0, unit * quantity - total), null);
        });
        if (lines.isEmpty()) {
            return new Intent.Ignored("order " + id + " has no line with a quantity");
        }
        long total = Fields.money(order, "total", currency);
        long tax = Fields.text(order, "total_tax").map(t -> Fields.money(t, "total_tax", currency)).orElse(0L);
        long shipping = Fields.text(order, "shipping_total").map(t -> Fields.money(t, "shipping_total", currency))
                .orElse(0L);
        Optional<Instant> at = Orders.placed(Fields.time(order, "date_paid_gmt")
                .or(() -> Fields.time(order, "date_created_gmt")), received);
        if (at.isEmpty()) {
            return Orders.tooOld(id);
        }
        RecordPurchase purchase = new RecordPurchase(new PurchaseSource("ONLINE", shop.store(), null, shop.sourceShop()),
                id, null, at.get(), currency, lines, 0L, Math.min(tax, total),
                Math.min(shipping, total), total, null, null);
        String where = "WooCommerce order " + id;
        Optional<String> email = Customers.email(Fields.text(order, "billing.email"), where + "'s e-mail");
        Optional<String> phone = Customers.phone(Fields.text(order, "billing.phone"), facts, where + "'s phone");
        Optional<String> customer = Fields.optionalId(order, "customer_id");
        if (customer.isEmpty()) {
            return new Intent.Paid(id, total, new OrderEntry(null, email.orElse(null), phone.orElse(null), purchase));
        }
        // WooCommerce's REST objects state no marketing consent: none is recorded.
        return new Intent.Paid(id, total, new OrderEntry(new ResolveCustomer(shop.customerId(customer.get()),
                email.orElse(null), phone.orElse(null), Fields.text(order, "billing.first_name").map(Orders::name).orElse(null),
                Fields.text(order, "billing.last_name").map(Orders::name).orElse(null), null, "ONLINE", shop.store()),
                null, null, purchase));
    }
}
