package io.punchcard.storefront;

import java.util.List;

/**
 * One online shop the connector takes webhooks from.
 *
 * @param name             its name in the webhook URL, {@code /webhooks/shopify/{name}}
 * @param platform         SHOPIFY or WOOCOMMERCE
 * @param domain           the shop's domain ({@code acme.myshopify.com}); a Shopify webhook naming another one in
 *                         {@code X-Shopify-Shop-Domain} is refused. Also names the shop at the core.
 * @param store            the store code its sales belong to in the program (default {@code WEB})
 * @param secrets          the signing secrets: the current one first, then the previous one during a rotation
 * @param customerIdPrefix how its customers' ids are written at the core: {@code shopify:<id>}, {@code woocommerce:<id>}
 * @param testOrders       whether orders the platform marks as tests earn points (off in production)
 */
public record Shop(String name, Platform platform, String domain, String store, List<String> secrets,
                   String customerIdPrefix, boolean testOrders) {

    public Shop {
        secrets = List.copyOf(secrets);
    }

    /** Where webhooks come from. */
    public enum Platform {
        SHOPIFY,
        WOOCOMMERCE;

        /** The path segment and id prefix: {@code shopify}, {@code woocommerce}. */
        public String slug() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The shop as purchases name it at the core: {@code shopify:acme.myshopify.com}. */
    public String sourceShop() {
        return platform.slug() + ":" + domain;
    }

    /** The customer's id at the core: {@code shopify:207119551}. */
    public String customerId(String platformId) {
        return customerIdPrefix + ":" + platformId;
    }
}
