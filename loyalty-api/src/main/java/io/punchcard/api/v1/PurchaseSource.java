package io.punchcard.api.v1;

/**
 * Where a purchase comes from. Together with the purchase's {@code externalId} it identifies the sale: the
 * same source and id again is a replay, answered with the original result.
 *
 * @param channel  POS or ONLINE
 * @param store    the store's code (for an online shop, the code its store has in the program)
 * @param terminal the till, for POS sales; sale numbers are unique per till
 * @param shop     the online shop, e.g. {@code shopify:acme.myshopify.com}
 */
public record PurchaseSource(String channel, String store, String terminal, String shop) {

    /** The key the core makes a sale's id unique under. */
    public String key() {
        return switch (channel == null ? "" : channel) {
            case "POS" -> "pos:" + store + ":" + terminal;
            case "ONLINE" -> "online:" + (shop == null ? store : shop);
            default -> String.valueOf(channel).toLowerCase(java.util.Locale.ROOT) + ":" + store;
        };
    }
}
