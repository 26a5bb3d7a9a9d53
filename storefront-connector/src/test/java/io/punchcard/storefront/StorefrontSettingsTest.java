package io.punchcard.storefront;

import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.punchcard.platform.StartupException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
                "storefront.shops.0.secret", "a",
                "storefront.shops.1.name", "outlet-b", "storefront.shops.1.platform", "woocommerce",
                "storefront.shops.1.secret", "b");
        StartupException clash = assertThrows(StartupException.class, () -> read(two));
        assertTrue(clash.getMessage().contains("customer-id-prefix"), clash.getMessage());

        java.util.HashMap<String, String> apart = new java.util.HashMap<>(two);
        apart.put("storefront.shops.1.customer-id-prefix", "woocommerce-b");
        StorefrontSettings settings = read(apart);
        assertEquals("woocommerce:5", settings.shops().get("outlet").customerId("5"));
        assertEquals("woocommerce-b:5", settings.shops().get("outlet-b").customerId("5"));
    }

    @Test
    void aPlatformItDoesNotKnowIsRefused() {
        assertThrows(StartupException.class, () -> read(Map.of("storefront.shops.0.name", "x",
                "storefront.shops.0.platform", "magento", "storefront.shops.0.secret", "s")));
    }
}
