package io.punchcard.storefront.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.Json;
import io.punchcard.api.Problem;
import io.punchcard.platform.http.ProblemException;
import io.punchcard.storefront.Shop;
import io.punchcard.storefront.Signature;
import io.punchcard.storefront.StorefrontSettings;
import io.punchcard.storefront.mapping.BadPayload;
import io.punchcard.storefront.mapping.Intent;
import io.punchcard.storefront.mapping.ProgramFacts;
import io.punchcard.storefront.mapping.ShopifyMapping;
import io.punchcard.storefront.mapping.WooMapping;
import io.punchcard.storefront.store.SqliteIntake;

/**
 * {@code POST /webhooks/shopify/{shop}} and {@code POST /webhooks/woocommerce/{shop}}. The signature is checked on
 * the raw bytes before anything else reads them; a webhook that is not signed with the shop's secret is a 401 and
 * nothing of it is parsed or kept. A signed one is read, mapped, and kept — delivery, ledger and outbox in one
 * commit — and answered 200 at once; the core hears of it after, from the outbox. A webhook that can never be
 * taken (unknown topic, malformed JSON, a required field missing, another currency) is answered with a 4xx
 * problem naming why, so the platform does not retry it; only a failure to keep it (the disk) is a 503, which a
 * retry can mend.
 */
public final class WebhookService implements HttpService {

    private static final System.Logger LOG = System.getLogger(WebhookService.class.getName());

    private final StorefrontSettings settings;
    private final SqliteIntake intake;
    private final Supplier<ProgramFacts> facts;
    private final java.util.function.BooleanSupplier reread;
    private final Runnable queued;
    private final Clock clock;

    /**
     * @param facts  what is known of the program (its currency), kept fresh by the connector
     * @param reread reads the program from the core at once; true when it changed (an order in a currency other
     *               than the known one may be the first sign of a change)
     * @param queued called when something went on the outbox, to send it now
     */
    public WebhookService(StorefrontSettings settings, SqliteIntake intake, Supplier<ProgramFacts> facts,
                          java.util.function.BooleanSupplier reread, Runnable queued, Clock clock) {
        this.settings = settings;
        this.intake = intake;
        this.facts = facts;
        this.reread = reread;
        this.queued = queued;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/shopify/{shop}", (req, res) -> receive(req, res, Shop.Platform.SHOPIFY))
                .post("/woocommerce/{shop}", (req, res) -> receive(req, res, Shop.Platform.WOOCOMMERCE));
    }

    /**
     * @param duplicate true when this delivery was taken before
     * @param queued    messages put on the way to the core
     * @param notes     what else was decided
     */
    public record Received(boolean duplicate, int queued, List<String> notes) {
    }

    private void receive(ServerRequest req, ServerResponse res, Shop.Platform platform) {
        String name = req.path().pathParameters().get("shop");
        Shop shop = settings.shops().get(name);
        if (shop == null || shop.platform() != platform) {
            throw refused(req, name, Problem.of("shop-not-found", "No such shop", 404,
                    "No " + platform.slug() + " shop named '" + shorten(name) + "' is configured.", "shop"));
        }
        byte[] body = body(req, shop);
        boolean shopify = platform == Shop.Platform.SHOPIFY;
        String signature = header(req, shopify ? "X-Shopify-Hmac-Sha256" : "X-WC-Webhook-Signature").orElse(null);
        if (!shopify && signature == null && ping(req, body)) {
            // WooCommerce checks a new webhook's URL with an unsigned "webhook_id=N"; it keeps the webhook on a 2xx.
            LOG.log(System.Logger.Level.INFO, "WooCommerce shop " + name + " checked its webhook URL");
            res.send(new Received(false, 0, List.of("ping")));
            return;
        }
        if (!Signature.valid(shop.secrets(), body, signature)) {
            throw refused(req, name, Problem.of("signature", "Not signed by the shop", 401,
                    signature == null ? "The webhook has no signature header." : "The signature does not match the body "
                            + "and the shop's secret.", shopify ? "X-Shopify-Hmac-Sha256" : "X-WC-Webhook-Signature"));
        }
        if (shopify) {
            Optional<String> domain = header(req, "X-Shopify-Shop-Domain");
            if (domain.isPresent() && !domain.get().equalsIgnoreCase(shop.domain())) {
                throw refused(req, name, Problem.of("shop-mismatch", "Another shop", 403,
                        "The webhook is from " + shorten(domain.get()) + "; this URL is shop " + shop.domain() + "'s.",
                        "X-Shopify-Shop-Domain"));
            }
        }
        String topicHeader = shopify ? "X-Shopify-Topic" : "X-WC-Webhook-Topic";
        String topic = header(req, topicHeader).orElseThrow(() -> refused(req, name, Problem.of(
                "unknown-topic", "No topic", 400, "The webhook names no topic.", topicHeader)));
        String delivery = header(req, shopify ? "X-Shopify-Webhook-Id" : "X-WC-Webhook-Delivery-ID")
                .filter(id -> id.length() <= 128).orElseGet(() -> digest(topic, body));
        Instant now = clock.instant();
        List<Intent> intents;
        try {
            JsonNode json = Json.mapper().readTree(body);
            if (json == null || !json.isObject()) {
                throw new BadPayload(400, "invalid-body", "body", "The body is not a JSON object.");
            }
            try {
                intents = map(shop, shopify, topic, json, now);
            } catch (BadPayload e) {
                if (!e.type().equals("currency-mismatch") || !reread.getAsBoolean()) {
                    throw e;
                }
                intents = map(shop, shopify, topic, json, now);
            }
        } catch (JacksonException e) {
            throw refused(req, name, Problem.of("invalid-body", "Not JSON", 400,
                    "The body is not valid JSON: " + e.getOriginalMessage(), "body"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (BadPayload e) {
            throw refused(req, name, Problem.of(e.type(), e.status() == 400 ? "Bad webhook"
                    : "Webhook cannot be taken", e.status(), e.getMessage(), e.field()));
        }
        SqliteIntake.Taken taken;
        try {
            taken = intake.take(shop, delivery, topic, intents, now);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Could not keep webhook " + delivery + " of shop " + name, e);
            throw new ProblemException(Problem.of("not-kept", "Not kept", 503,
                    "The webhook could not be kept; send it again.", null));
        }
        if (taken.queued() > 0) {
            queued.run();
        }
        LOG.log(System.Logger.Level.INFO, "Shop " + name + " " + topic + " " + delivery + ": " + (taken.duplicate()
                ? "taken before" : taken.queued() + " queued") + (taken.notes().isEmpty() ? "" : "; " + taken.notes()));
        res.send(new Received(taken.duplicate(), taken.queued(), taken.notes()));
    }

    /** The raw body, refused (413) beyond the limit without reading further. */
    private List<Intent> map(Shop shop, boolean shopify, String topic, JsonNode json, Instant now) {
        return shopify ? new ShopifyMapping(shop, facts.get()).map(topic, json, now)
                : new WooMapping(shop, facts.get()).map(topic, json, now);
    }

    private byte[] body(ServerRequest req, Shop shop) {
        int limit = settings.maxBodyBytes();
        long declared = req.headers().contentLength().orElse(-1L);
        if (declared > limit) {
            throw tooLarge(req, shop.name(), limit);
        }
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw tooLarge(req, shop.name(), limit);
            }
            return body;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private ProblemException tooLarge(ServerRequest req, String shop, int limit) {
        return refused(req, shop, Problem.of("payload-too-large", "Too large", 413,
                "A webhook body may have at most " + limit + " bytes.", "body"));
    }

    private static boolean ping(ServerRequest req, byte[] body) {
        return header(req, "X-WC-Webhook-Topic").isEmpty() && body.length < 64
                && new String(body, StandardCharsets.US_ASCII).matches("webhook_id=[0-9]{1,20}");
    }

    private static ProblemException refused(ServerRequest req, String shop, Problem problem) {
        LOG.log(problem.status() == 401 || problem.status() == 403 ? System.Logger.Level.WARNING : System.Logger.Level.INFO,
                "Refused a webhook for shop " + shorten(String.valueOf(shop)) + " from " + req.remotePeer().host() + ": "
                        + problem.status() + " " + problem.detail());
        return new ProblemException(problem);
    }

    private static Optional<String> header(ServerRequest req, String name) {
        return req.headers().first(HeaderNames.create(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** A delivery without its id: known by what it says. */
    private static String digest(String topic, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(topic.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(sha.digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String shorten(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
