package io.punchcard.storefront;

import io.helidon.webserver.http.HttpRouting;

import io.punchcard.platform.ServerModule;

/**
 * The Shopify and WooCommerce webhook receiver as a server module, mounted by {@code app} or served alone by {@link Main}.
 * Its routes arrive with issue #6; until then it serves health and metrics only.
 */
public final class StorefrontConnector implements ServerModule {

    @Override
    public String name() {
        return "storefront-connector";
    }

    @Override
    public void routing(HttpRouting.Builder routing) {
        // No routes of its own yet (issue #6).
    }
}
