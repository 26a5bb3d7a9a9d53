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
import io.punchcard.platform.http.JsonBodies;
import io.punchcard.platform.http.JsonBodyException;
import io.punchcard.platform.http.ProblemException;
import io.punchcard.platform.http.RequestParameters;
import io.punchcard.storefront.Shop;
import io.punchcard.storefront.Signature;
import io.punchcard.storefront.StorefrontSettings;
import io.punchcard.storefront.mapping.BadPayload;
import io.punchcard.storefront.mapping.Intent;
import io.punchcard.storefront.mapping.ProgramFacts;
import io.punchcard.storefront.mapping.Webhooks;
import io.punchcard.storefront.store.SqliteIntake;

/**
 * {@code POST /webhooks/shopify/{shop}} and {@code POST /webhooks/woocommerce/{shop}}. The signature is checked on
 * the raw bytes before anything else reads them; a webhook that is not signed with the shop's secret is a 401 and
 * nothing of it is parsed or kept. A signed one is read, mapped, and kept — delivery, ledger and outbox in one
 * commit — and answered 200 at once; the core hears of it after, from the outbox. A request the connector must
 * not take — not signed, from another shop, a topic it does not take, not JSON — is a 4xx problem naming why. A
 * signed webhook of the shop's that it cannot take (another currency, an order too large, a field it cannot read)
 * is set aside for a person and answered 200: both platforms count a 4xx as a failed delivery, and WooCommerce
 * disables a webhook after a few in a row, which would lose every later order. Only a failure to keep a webhook
 * (the disk) is a 503.
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
     * @param setAside  the outbox entry a webhook that could not be taken is kept as for a person, or null
     */
    public record Received(boolean duplicate, int queued, List<String> notes, Long setAside) {
    }

    private void receive(ServerRequest req, ServerResponse res, Shop.Platform platform) {
        String name = RequestParameters.path(req, "shop");
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
            res.send(new Received(false, 0, List.of("ping"), null));
            return;
        }
        if (!Signature.valid(shop.secrets(), body, signature)) {
            throw refused(req, name, Problem.of("signature", "Not signed by the shop", 401,
                    signature == null ? "The webhook has no signature header." : "The signature does not match the body "
                            + "and the shop's secret.", shopify ? "X-Shopify-Hmac-Sha256" : "X-WC-Webhook-Signature"));
        }
        // A secret shared by two shops must not let one's orders count for the other. WooCommerce before 2.6 sent
        // no source; Shopify always names the shop.
        String sourceHeader = shopify ? "X-Shopify-Shop-Domain" : "X-WC-Webhook-Source";
        Optional<String> source = header(req, sourceHeader);
        if (source.isPresent() && !shop.namedBy(source.get())) {
            throw refused(req, name, Problem.of("shop-mismatch", "Another shop", 403,
                    "The webhook is from " + shorten(source.get()) + "; this URL is shop " + shop.domain() + "'s.",
                    sourceHeader));
        }
        String topicHeader = shopify ? "X-Shopify-Topic" : "X-WC-Webhook-Topic";
        String topic = header(req, topicHeader).orElseThrow(() -> refused(req, name, Problem.of(
                "unknown-topic", "No topic", 400, "The webhook names no topic.", topicHeader)));
        String delivery = header(req, shopify ? "X-Shopify-Webhook-Id" : "X-WC-Webhook-Delivery-ID")
                .filter(id -> id.length() <= 128).orElseGet(() -> digest(topic, body));
        Instant now = clock.instant();
        JsonNode json = null;
        List<Intent> intents;
        try {
            // Parsed only now that the signature held; as strictly as a third party's document allows (JsonBodies).
            json = JsonBodies.tree(Json.mapper(), body);
            if (!json.isObject()) {
                throw new BadPayload(400, "invalid-body", "body", "The body is not a JSON object.");
            }
            intents = intents(shop, topic, json, now);
        } catch (JsonBodyException e) {
            throw refused(req, name, Problem.of("invalid-body", "Not JSON", 400, e.getMessage(),
                    e.field() == null ? "body" : e.field()));
        } catch (BadPayload e) {
            if (e.status() != 422) {
                throw refused(req, name, Problem.of(e.type(), "Bad webhook", e.status(), e.getMessage(), e.field()));
            }
            res.send(setAside(shop, delivery, topic, json, Problem.of(e.type(), "Webhook cannot be taken", 422,
                    e.getMessage(), e.field()), now));
            return;
        }
        SqliteIntake.Taken taken = keep(name, delivery, () -> intake.take(shop, delivery, topic, intents, now));
        if (taken.queued() > 0) {
            queued.run();
        }
        LOG.log(System.Logger.Level.INFO, "Shop " + name + " " + topic + " " + delivery + ": " + (taken.duplicate()
                ? "taken before" : taken.queued() + " queued") + (taken.notes().isEmpty() ? "" : "; " + taken.notes()));
        res.send(new Received(taken.duplicate(), taken.queued(), taken.notes(), null));
    }

    /** What the webhook asks for, the program read again once when its currency is not the one known. */
    private List<Intent> intents(Shop shop, String topic, JsonNode json, Instant now) {
        try {
            return Webhooks.intents(shop, facts.get(), topic, json, now);
        } catch (BadPayload e) {
            // An order in another currency may be the first sign the program changed: read it again, once.
            if (!e.type().equals("currency-mismatch") || !reread.getAsBoolean()) {
                throw e;
            }
            return Webhooks.intents(shop, facts.get(), topic, json, now);
        }
    }

    /** Keeps the webhook on the connector's disk; a 503 when the disk will not, which the platform's retry may mend. */
    private static <T> T keep(String shop, String delivery, Supplier<T> keeping) {
        try {
            return keeping.get();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Could not keep webhook " + delivery + " of shop " + shop, e);
            throw new ProblemException(Problem.of("not-kept", "Not kept", 503,
                    "The webhook could not be kept; send it again.", null));
        }
    }

    /**
     * Sets aside a signed webhook of the shop's that cannot be taken, and answers 200: the platform would count a
     * refusal as a failed delivery (WooCommerce disables the webhook after a few in a row; Shopify retries for hours
     * and may remove the subscription), and the reason is seldom the webhook's own — a currency set up wrong, a
     * plugin writing a field its own way — so a person looks at it and puts it back once the cause is mended.
     */
    private Received setAside(Shop shop, String delivery, String topic, JsonNode json, Problem problem, Instant now) {
        String kept;
        try {
            kept = Json.mapper().writeValueAsString(problem);
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
        SqliteIntake.SetAside aside = keep(shop.name(), delivery, () -> intake.setAside(shop, delivery, topic, json, kept,
                now));
        if (aside.duplicate()) {
            return new Received(true, 0, List.of("delivery " + delivery + " was taken before"), null);
        }
        LOG.log(System.Logger.Level.WARNING, "Set aside webhook " + delivery + " (" + topic + ") of shop " + shop.name()
                + " as #" + aside.id() + ": " + problem.detail() + " List with 'outbox rejected', put back with "
                + "'outbox retry " + aside.id() + "'.");
        return new Received(false, 0, List.of("set aside for a person as #" + aside.id() + ": " + problem.detail()),
                aside.id());
    }

    /** The raw body, refused (413) beyond the limit without reading further. */
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
