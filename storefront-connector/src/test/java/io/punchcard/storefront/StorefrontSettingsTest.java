package io.punchcard.storefront;

import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.punchcard.platform.StartupException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A shop the connector could not tell from a forger, or whose customers would collide with another's, is refused at start. */
class StorefrontSettingsTest {

    private static StorefrontSettings read(Map<String, String> values) {
        return StorefrontSettings.from(Config.just(ConfigSources.create(values)).get("storefront"));
    }

    @Test
    void aShopWithoutASecretIsRefused() {
        StartupException woo = assertThrows(StartupException.class, () -> read(Map.of(
                "storefront.shops.0.name", "outlet", "storefront.shops.0.platform", "woocommerce")));
        assertTrue(woo.getMessage().contains("storefront.shops.0.secret"), woo.getMessage());
        assertThrows(StartupException.class, () -> read(Map.of(
                "storefront.shops.0.name", "acme", "storefront.shops.0.platform", "shopify")));
    }

    @Test
    void twoWooCommerceShopsMustNotNumberTheirCustomersAlike() {
        Map<String, String> two = Map.of(
                "storefront.shops.0.name", "outlet", "storefront.shops.0.platform", "woocommerce",
                "storefront.shops.0.secret", "a", "storefront.shops.0.domain", "outlet.example.com",
                "storefront.shops.1.name", "outlet-b", "storefront.shops.1.platform", "woocommerce",
                "storefront.shops.1.secret", "b", "storefront.shops.1.domain", "b.example.com");
        StartupException clash = assertThrows(StartupException.class, () -> read(two));
        assertTrue(clash.getMessage().contains("customer-id-prefix"), clash.getMessage());

        java.util.HashMap<String, String> apart = new java.util.HashMap<>(two);
        apart.put("storefront.shops.1.customer-id-prefix", "woocommerce-b");
        StorefrontSettings settings = read(apart);
        assertEquals("woocommerce:5", settings.shops().get("outlet").customerId("5"));
        assertEquals("woocommerce-b:5", settings.shops().get("outlet-b").customerId("5"));
    }

    @Test
    void aShopMustNameItsDomainAsAHost() {
        StartupException none = assertThrows(StartupException.class, () -> read(Map.of("storefront.shops.0.name",
                "outlet", "storefront.shops.0.platform", "woocommerce", "storefront.shops.0.secret", "s")));
        assertTrue(none.getMessage().contains("storefront.shops.0.domain"), none.getMessage());
        StartupException address = assertThrows(StartupException.class, () -> read(Map.of("storefront.shops.0.name",
                "outlet", "storefront.shops.0.platform", "woocommerce", "storefront.shops.0.secret", "s",
                "storefront.shops.0.domain", "https://outlet.example.com/")));
        assertTrue(address.getMessage().contains("without https://"), address.getMessage());
        assertEquals("outlet.example.com", read(Map.of("storefront.shops.0.name", "outlet",
                "storefront.shops.0.platform", "woocommerce", "storefront.shops.0.secret", "s",
                "storefront.shops.0.domain", " Outlet.Example.com ")).shops().get("outlet").domain());
    }

    @Test
    void aWooCommerceSiteIsKnownByTheHostOfItsAddress() {
        Shop outlet = new Shop("outlet", Shop.Platform.WOOCOMMERCE, "outlet.example.com", "WEB", java.util.List.of("s"),
                "woocommerce", false);
        assertTrue(outlet.namedBy("https://outlet.example.com/"), "home_url('/') as WooCommerce sends it");
        assertTrue(outlet.namedBy("http://www.outlet.example.com/shop/"), "with www. and in a subfolder");
        assertFalse(outlet.namedBy("https://other.example.com/"));
        assertFalse(outlet.namedBy("https://outlet.example.com.evil.test/"));
        assertFalse(outlet.namedBy("outlet.example.com"), "not an address");
        assertFalse(outlet.namedBy("https://outlet.example.com:8443/"), "another port is another site");
        Shop acme = new Shop("acme", Shop.Platform.SHOPIFY, "acme.myshopify.com", "WEB", java.util.List.of("s"),
                "shopify", false);
        assertTrue(acme.namedBy("ACME.myshopify.com"));
        assertFalse(acme.namedBy("www.acme.myshopify.com"), "Shopify names its shops exactly");
    }

    @Test
    void aPlatformItDoesNotKnowIsRefused() {
        assertThrows(StartupException.class, () -> read(Map.of("storefront.shops.0.name", "x",
                "storefront.shops.0.platform", "magento", "storefront.shops.0.secret", "s")));
    }
}
