package io.punchcard.storefront;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.helidon.config.Config;

import io.punchcard.platform.StartupException;
import io.punchcard.platform.Urls;

/**
 * How the storefront connector is set up ({@code storefront.*} in the configuration).
 *
 * @param coreUri       the core; null in the all-in-one app, which names its own
 * @param coreApiKey    a CONNECTOR key at the core; null in the all-in-one app
 * @param dataFile      the SQLite file holding the outbox, deliveries seen and the orders' ledger
 * @param exportsFolder where answers to shops' data requests (GDPR exports) are written
 * @param maxBodyBytes  the largest webhook body taken; a larger one is refused (413)
 * @param degradedAfter how old the oldest waiting entry may get before health says degraded
 * @param retryFirst    the forwarder's first pause after the core failed; it doubles, with jitter
 * @param retryMax      the longest pause
 * @param shops         the shops, by name
 */
public record StorefrontSettings(URI coreUri, String coreApiKey, Path dataFile, Path exportsFolder, int maxBodyBytes,
                                 Duration degradedAfter, Duration retryFirst, Duration retryMax, Map<String, Shop> shops) {

    public StorefrontSettings {
        shops = Map.copyOf(shops);
    }

    /** Reads {@code storefront} from {@code config}. */
    public static StorefrontSettings from(Config storefront) {
        URI core = storefront.get("core.url").asString().map(url -> Urls.of("storefront.core.url", url)).orElse(null);
        String key = storefront.get("core.api-key").asString().orElse(null);
        Path file = Path.of(storefront.get("data-file").asString().orElse("./data/storefront/storefront.db"));
        Path exports = Path.of(storefront.get("exports-folder").asString()
                .orElse(file.toAbsolutePath().getParent().resolve("data-requests").toString()));
        int maxBody = storefront.get("max-body-bytes").asInt().orElse(2 * 1024 * 1024);
        if (maxBody < 1024) {
            throw new StartupException("storefront.max-body-bytes must be at least 1024.");
        }
        return new StorefrontSettings(core, key, file, exports, maxBody,
                Duration.ofSeconds(storefront.get("degraded-after-seconds").asLong().orElse(900L)),
                Duration.ofMillis(storefront.get("retry.first-millis").asLong().orElse(500L)),
                Duration.ofMillis(storefront.get("retry.max-millis").asLong().orElse(60_000L)),
                shops(storefront.get("shops")));
    }

    private static Map<String, Shop> shops(Config list) {
        Map<String, Shop> shops = new HashMap<>();
        Map<String, String> prefixes = new HashMap<>();
        for (Config node : list.asNodeList().orElse(List.of())) {
            String where = "storefront.shops." + node.name();
            String name = node.get("name").asString().orElseThrow(() -> new StartupException(where
                    + ".name is missing: the shop's name in its webhook URL, e.g. acme."));
            if (!name.matches("[a-z0-9][a-z0-9-]{0,31}")) {
                throw new StartupException(where + ".name '" + name + "' must be 1 to 32 lower-case letters, digits or '-'.");
            }
            Shop.Platform platform = platform(node.get("platform").asString().orElse(""), where);
            List<String> secrets = new ArrayList<>();
            node.get("secret").asString().filter(s -> !s.isEmpty()).ifPresent(secrets::add);
            if (secrets.isEmpty()) {
                // WooCommerce lets a webhook be made without a secret and then signs with the empty key, which anyone
                // can: such a shop would take orders from anybody.
                throw new StartupException(where + ".secret is missing: " + (platform == Shop.Platform.SHOPIFY
                        ? "the app's client secret, which signs its webhooks." : "give the WooCommerce webhook a secret "
                        + "and name it here; unsigned orders cannot be told from forged ones."));
            }
            node.get("previous-secret").asString().filter(s -> !s.isEmpty()).ifPresent(secrets::add);
            String domain = node.get("domain").asString().orElseThrow(() -> new StartupException(where + ".domain is "
                    + "missing: the shop's domain, acme.myshopify.com for Shopify, the host of the site's address for "
                    + "WooCommerce (outlet.example.com). A webhook naming another shop is refused.")).strip()
                    .toLowerCase(Locale.ROOT);
            if (!domain.matches("[a-z0-9]([a-z0-9.-]{0,252}[a-z0-9])?(:[0-9]{1,5})?")) {
                throw new StartupException(where + ".domain '" + domain + "' must be a host name such as "
                        + "outlet.example.com, without https:// or a path.");
            }
            String prefix = node.get("customer-id-prefix").asString().orElse(platform.slug());
            if (!prefix.matches("[a-z][a-z0-9_-]{1,31}")) {
                throw new StartupException(where + ".customer-id-prefix '" + prefix + "' must be 2 to 32 lower-case letters, "
                        + "digits, '_' or '-', starting with a letter.");
            }
            // Shopify's customer ids are unique across all shops; a WooCommerce site numbers its own from 1.
            if (platform == Shop.Platform.WOOCOMMERCE && prefixes.containsKey(prefix)) {
                throw new StartupException(where + ": WooCommerce shops " + prefixes.get(prefix) + " and " + name
                        + " would both write customer 5 as " + prefix + ":5. Give one a customer-id-prefix of its own, "
                        + "e.g. woocommerce-" + name + ".");
            }
            if (platform == Shop.Platform.WOOCOMMERCE) {
                prefixes.put(prefix, name);
            }
            if (shops.put(name, new Shop(name, platform, domain, node.get("store").asString().orElse("WEB"), secrets,
                    prefix, node.get("test-orders").asBoolean().orElse(false))) != null) {
                throw new StartupException(where + ": a shop named " + name + " is configured twice.");
            }
        }
        return shops;
    }

    private static Shop.Platform platform(String text, String where) {
        try {
            return Shop.Platform.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new StartupException(where + ".platform '" + text + "' is not shopify or woocommerce.");
        }
    }

    /** The same settings, talking to {@code core} with {@code apiKey}. */
    public StorefrontSettings withCore(URI core, String apiKey) {
        return new StorefrontSettings(core, apiKey, dataFile, exportsFolder, maxBodyBytes, degradedAfter, retryFirst,
                retryMax, shops);
    }

    /** The same settings, with the SQLite file at {@code file} and the exports beside it unless named. */
    public StorefrontSettings withDataFile(Path file, Path exports) {
        return new StorefrontSettings(coreUri, coreApiKey, file, exports, maxBodyBytes, degradedAfter, retryFirst,
                retryMax, shops);
    }

    /** The same settings, with one more shop. */
    public StorefrontSettings withShop(Shop shop) {
        Map<String, Shop> more = new HashMap<>(shops);
        more.put(shop.name(), shop);
        return new StorefrontSettings(coreUri, coreApiKey, dataFile, exportsFolder, maxBodyBytes, degradedAfter,
                retryFirst, retryMax, more);
    }
}
