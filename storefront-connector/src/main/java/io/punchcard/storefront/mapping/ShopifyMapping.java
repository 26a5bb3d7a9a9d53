package io.punchcard.storefront.mapping;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.v1.Consent;
import io.punchcard.api.v1.PurchaseLine;
import io.punchcard.api.v1.PurchaseSource;
import io.punchcard.api.v1.RecordPurchase;
import io.punchcard.api.v1.RecordRefund;
import io.punchcard.api.v1.ResolveCustomer;
import io.punchcard.storefront.Shop;

/**
 * Shopify's webhooks as the loyalty program reads them. Orders and refunds come in the shop's currency (the
 * {@code shop_money} amounts); line prices carry their discounts and, where the shop's prices include tax, their
 * tax, which are both taken off what earns; shipping and tax never earn; gift cards are in the {@code gift-card}
 * category, which the default program excludes.
 */
public final class ShopifyMapping {

    private final Shop shop;
    private final ProgramFacts facts;

    public ShopifyMapping(Shop shop, ProgramFacts facts) {
        this.shop = shop;
        this.facts = facts;
    }

    /** The topics this connector acts on. */
    public static final List<String> TOPICS = List.of("orders/paid", "orders/cancelled", "refunds/create",
            "customers/create", "customers/update", "customers/data_request", "customers/redact", "shop/redact");

    /** What the webhook of {@code topic} with {@code body} asks for. */
    public List<Intent> map(String topic, JsonNode body, Instant received) {
        return switch (topic) {
            case "orders/paid" -> List.of(paid(body, received));
            case "orders/cancelled" -> List.of(new Intent.Cancelled(Fields.id(body, "id"),
                    Fields.time(body, "cancelled_at").filter(at -> !at.isAfter(received)).orElse(received)));
            case "refunds/create" -> List.of(refund(body, received));
            case "customers/create", "customers/update" -> List.of(new Intent.Customer(customer(body, Optional.empty(),
                    Optional.empty(), null), topic.equals("customers/update")));
            case "customers/data_request" -> List.of(new Intent.DataRequest(Fields.id(body, "data_request.id"),
                    shop.customerId(Fields.id(body, "customer.id")), Fields.text(body, "customer.email").orElse(null)));
            case "customers/redact" -> List.of(new Intent.Forget(shop.customerId(Fields.id(body, "customer.id")),
                    Customers.email(Fields.text(body, "customer.email"), "the redacted customer's e-mail").orElse(null),
                    "customers/redact of " + Fields.text(body, "shop_domain").orElse(shop.domain())));
            case "shop/redact" -> List.of(new Intent.ForgetShop());
            default -> throw new BadPayload(400, "unknown-topic", "X-Shopify-Topic", "The topic '"
                    + Fields.shorten(topic) + "' is not one this connector takes: " + String.join(", ", TOPICS) + ".");
        };
    }

    private Intent paid(JsonNode order, Instant received) {
        String id = Fields.id(order, "id");
        String currency = currency(order, "currency");
        if (order.path("test").asBoolean(false) && !shop.testOrders()) {
            return new Intent.Ignored("order " + id + " is a test order (the shop's test-orders setting is off)");
        }
        boolean taxIncluded = order.path("taxes_included").asBoolean(false);
        List<PurchaseLine> lines = Orders.lines(order, (item, quantity) -> new Orders.Priced(
                Fields.money(item, "price", currency),
                allocated(item, currency) + (taxIncluded ? sum(item.path("tax_lines"), "price", currency) : 0),
                item.path("gift_card").asBoolean(false) ? "gift-card" : null));
        long lineDiscounts = 0;
        for (JsonNode item : order.path("line_items")) {
            lineDiscounts += Orders.quantity(item, "line_items") > 0 ? allocated(item, currency) : 0;
        }
        if (lines.isEmpty()) {
            return new Intent.Ignored("order " + id + " has no line with a quantity");
        }
        long total = Fields.money(order, "total_price", currency);
        // Discounts on the goods: what the lines cost before discounts less the subtotal after them. Shopify's
        // total_discounts also holds shipping discounts, which must not come off the goods.
        Optional<String> linesPrice = Fields.text(order, "total_line_items_price");
        Optional<String> subtotal = Fields.text(order, "subtotal_price");
        long orderDiscounts = linesPrice.isPresent() && subtotal.isPresent()
                ? Fields.money(linesPrice.get(), "total_line_items_price", currency)
                        - Fields.money(subtotal.get(), "subtotal_price", currency)
                : Fields.text(order, "total_discounts").map(t -> Fields.money(t, "total_discounts", currency)).orElse(0L);
        // Shipping as charged, after its own discounts (it never earns; it is kept with the purchase).
        long shipping = 0;
        JsonNode shippingLines = order.path("shipping_lines");
        for (int i = 0; shippingLines.isArray() && i < shippingLines.size(); i++) {
            JsonNode line = shippingLines.get(i);
            shipping += Fields.text(line, "discounted_price_set.shop_money.amount").or(() -> Fields.text(line,
                    "discounted_price")).or(() -> Fields.text(line, "price"))
                    .map(t -> Fields.money(t, "shipping_lines[].discounted_price", currency)).orElse(0L);
        }
        long tax = Fields.text(order, "total_tax").map(t -> Fields.money(t, "total_tax", currency)).orElse(0L);
        Optional<Instant> at = Orders.placed(Fields.time(order, "processed_at")
                .or(() -> Fields.time(order, "created_at")), received);
        if (at.isEmpty()) {
            return Orders.tooOld(id);
        }
        PurchaseSource source = new PurchaseSource("ONLINE", shop.store(), null, shop.sourceShop());
        RecordPurchase purchase = new RecordPurchase(source, id, null, at.get(), currency,
                lines, Math.max(0, orderDiscounts - lineDiscounts), Math.min(tax, total), Math.min(shipping, total),
                total, null, null);
        Optional<String> email = Fields.text(order, "email").or(() -> Fields.text(order, "contact_email"));
        Optional<String> phone = Fields.text(order, "phone");
        JsonNode buyer = order.path("customer");
        if (Fields.optionalId(order, "customer.id").isPresent()) {
            return new Intent.Paid(id, total, new OrderEntry(customer(buyer, email, phone, order), null, null,
                    purchase));
        }
        return new Intent.Paid(id, total, new OrderEntry(null, Customers.email(email, "order " + id + "'s e-mail")
                .orElse(null), Customers.phone(phone, facts, "order " + id + "'s phone").orElse(null), purchase));
    }

    /** Discounts Shopify allocated to the line; the older {@code total_discount} when it allocated none. */
    private static long allocated(JsonNode item, String currency) {
        JsonNode allocations = item.path("discount_allocations");
        if (allocations.isArray() && !allocations.isEmpty()) {
            return sum(allocations, "amount", currency);
        }
        return Fields.text(item, "total_discount").map(t -> Fields.money(t, "total_discount", currency)).orElse(0L);
    }

    private static long sum(JsonNode list, String field, String currency) {
        long sum = 0;
        if (list.isArray()) {
            for (JsonNode entry : list) {
                sum += Fields.text(entry, field).map(t -> Fields.money(t, field, currency)).orElse(0L);
            }
        }
        return sum;
    }

    /**
     * A refund. When it names the items returned ({@code refund_line_items}), those are refunded by SKU and
     * quantity, and the core reverses exactly their share of the points; money given back without items (an order
     * adjustment, a goodwill refund) is refunded by amount, in proportion to what the order cost. Amounts are the
     * shop's money ({@code shop_money}), whatever currency the shopper paid in.
     */
    private Intent refund(JsonNode refund, Instant received) {
        String id = Fields.id(refund, "id");
        String order = Fields.id(refund, "order_id");
        String currency = programCurrency();
        Instant at = Fields.time(refund, "processed_at").or(() -> Fields.time(refund, "created_at"))
                .filter(t -> !t.isAfter(received)).orElse(received);
        JsonNode items = refund.path("refund_line_items");
        List<RecordRefund.ReturnedLine> lines = new java.util.ArrayList<>();
        long money = 0;
        for (int i = 0; items.isArray() && i < items.size(); i++) {
            JsonNode item = items.get(i);
            String path = "refund_line_items[" + i + "]";
            long quantity = Orders.quantity(item, path);
            if (quantity == 0) {
                continue;
            }
            lines.add(new RecordRefund.ReturnedLine(Orders.sku(item.path("line_item"), Fields.text(item, "line_item_id")
                    .orElse(Integer.toString(i))), java.math.BigDecimal.valueOf(quantity)));
            money += shopMoney(item, "subtotal", path + ".subtotal", currency)
                    + shopMoney(item, "total_tax", path + ".total_tax", currency);
        }
        if (!lines.isEmpty()) {
            return new Intent.Refunded(order, id, money, List.copyOf(lines), at);
        }
        JsonNode transactions = refund.path("transactions");
        for (int i = 0; transactions.isArray() && i < transactions.size(); i++) {
            JsonNode t = transactions.get(i);
            if ("refund".equals(t.path("kind").asText()) && "success".equals(t.path("status").asText())) {
                money += shopMoney(t, "amount", "transactions[" + i + "].amount", currency);
            }
        }
        JsonNode shipping = refund.path("refund_shipping_lines");
        for (int i = 0; shipping.isArray() && i < shipping.size(); i++) {
            money -= shopMoney(shipping.get(i), "subtotal_amount", "refund_shipping_lines[" + i + "]", currency);
        }
        if (money <= 0) {
            return new Intent.Ignored("refund " + id + " gives no money back for goods");
        }
        return new Intent.Refunded(order, id, money, null, at);
    }

    /**
     * {@code field}'s amount in the shop's money: {@code <field>_set.shop_money.amount}; else the plain
     * {@code <field>}, when nothing says it is in another currency.
     */
    private long shopMoney(JsonNode node, String field, String path, String currency) {
        Optional<String> shop = Fields.text(node, field + "_set.shop_money.amount");
        // Read with the decimals of the currency stated beside the amount, which must be the program's.
        String stated = Fields.text(node, shop.isPresent() ? field + "_set.shop_money.currency_code" : "currency")
                .map(code -> Orders.currency(code.toUpperCase(Locale.ROOT), path, facts)).orElse(currency);
        return shop.or(() -> Fields.text(node, field)).map(t -> Fields.money(t, path, stated)).orElse(0L);
    }

    private String programCurrency() {
        return facts.currency() != null ? facts.currency() : "USD";
    }

    /** The payload's currency, which must be the program's. */
    private String currency(JsonNode node, String path) {
        String currency = Fields.required(node, path).toUpperCase(Locale.ROOT);
        return Orders.currency(currency, path, facts);
    }

    /** The shop's customer; {@code order}, when they come with one, for what the checkout stated. */
    private ResolveCustomer customer(JsonNode customer, Optional<String> orderEmail, Optional<String> orderPhone,
                                     JsonNode order) {
        String id = Fields.id(customer, "id");
        String where = "Shopify customer " + id;
        Optional<String> email = Customers.email(Fields.text(customer, "email").or(() -> orderEmail), where + "'s e-mail");
        Optional<String> phone = Customers.phone(Fields.text(customer, "phone").or(() -> orderPhone), facts,
                where + "'s phone");
        return new ResolveCustomer(shop.customerId(id), email.orElse(null), phone.orElse(null),
                Fields.text(customer, "first_name").map(Orders::name).orElse(null),
                Fields.text(customer, "last_name").map(Orders::name).orElse(null),
                Customers.consents(emailConsent(customer, order), consent(customer, "sms_marketing_consent", null)),
                "ONLINE", shop.store());
    }

    /** The customer's e-mail consent; failing that, the box ticked at checkout ({@code buyer_accepts_marketing}). */
    private Consent emailConsent(JsonNode customer, JsonNode order) {
        Consent stated = consent(customer, "email_marketing_consent", "accepts_marketing");
        if (stated == null && order != null && order.path("buyer_accepts_marketing").isBoolean()) {
            return new Consent(order.path("buyer_accepts_marketing").asBoolean(), "shopify:" + shop.domain(), null);
        }
        return stated;
    }

    /**
     * A consent as Shopify states it: {@code subscribed} is a yes, {@code unsubscribed} and {@code not_subscribed}
     * a no; other states ({@code pending} double opt-in, {@code redacted}) say nothing. Older payloads carry only
     * {@code accepts_marketing}.
     */
    private Consent consent(JsonNode customer, String field, String legacy) {
        JsonNode consent = customer.path(field);
        String source = "shopify:" + shop.domain();
        if (consent.isObject()) {
            Instant at = Fields.time(consent, "consent_updated_at").orElse(null);
            return switch (consent.path("state").asText("").toLowerCase(Locale.ROOT)) {
                case "subscribed" -> new Consent(true, source, at);
                case "unsubscribed", "not_subscribed" -> new Consent(false, source, at);
                default -> null;
            };
        }
        if (legacy != null && customer.path(legacy).isBoolean()) {
            return new Consent(customer.path(legacy).asBoolean(), source,
                    Fields.time(customer, legacy + "_updated_at").orElse(null));
        }
        return null;
    }
}
