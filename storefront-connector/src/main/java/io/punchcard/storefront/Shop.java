package io.punchcard.storefront;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * One online shop the connector takes webhooks from.
 *
 * @param name             its name in the webhook URL, {@code /webhooks/shopify/{name}}
 * @param platform         SHOPIFY or WOOCOMMERCE
 * @param domain           the shop's domain: {@code acme.myshopify.com}, or the host of a WooCommerce site's address
 *                         ({@code outlet.example.com}); a webhook naming another shop is refused ({@link #namedBy}).
 *                         Also names the shop at the core.
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

    /**
     * Whether {@code stated}, a webhook's own word on where it comes from, names this shop: Shopify's
     * {@code X-Shopify-Shop-Domain} ({@code acme.myshopify.com}), or WooCommerce's {@code X-WC-Webhook-Source}, the
     * site's address as WordPress gives it ({@code https://outlet.example.com/}, from {@code home_url('/')}). A
     * site's address with or without {@code www.} is the same site.
     */
    public boolean namedBy(String stated) {
        return switch (platform) {
            case SHOPIFY -> stated.strip().equalsIgnoreCase(domain);
            case WOOCOMMERCE -> {
                String host = siteHost(stated);
                yield host != null && withoutWww(host).equals(withoutWww(domain));
            }
        };
    }

    /** The host (and port, when one is written) of a site's address, or null when it is not one. */
    private static String siteHost(String address) {
        try {
            URI uri = new URI(address.strip());
            if (uri.getHost() == null) {
                return null;
            }
            String host = uri.getHost().toLowerCase(Locale.ROOT);
            return uri.getPort() == -1 ? host : host + ":" + uri.getPort();
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private static String withoutWww(String host) {
        return host.startsWith("www.") ? host.substring(4) : host;
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
