package io.punchcard.storefront;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.helidon.health.HealthCheck;
import io.helidon.webserver.http.HttpRouting;

import com.fasterxml.jackson.databind.JsonNode;
import io.punchcard.api.client.PunchcardClient;
import io.punchcard.outbox.Courier;
import io.punchcard.outbox.Forwarder;
import io.punchcard.outbox.QueueObservation;
import io.punchcard.outbox.ForwarderLoop;
import io.punchcard.outbox.Outbox;
import io.punchcard.platform.ServerModule;
import io.punchcard.platform.StartupException;
import io.punchcard.platform.http.OpenApiDocument;
import io.punchcard.storefront.forward.StorefrontCourier;
import io.punchcard.storefront.forward.WebhookEntry;
import io.punchcard.storefront.http.WebhookService;
import io.punchcard.storefront.mapping.BadPayload;
import io.punchcard.storefront.mapping.Intent;
import io.punchcard.storefront.mapping.ProgramFacts;
import io.punchcard.storefront.mapping.Webhooks;
import io.punchcard.storefront.store.SqliteIntake;

/**
 * The Shopify and WooCommerce webhook receiver: {@code /webhooks/shopify/{shop}} and
 * {@code /webhooks/woocommerce/{shop}}, its SQLite file (deliveries seen, the orders' ledger, the outbox), and the
 * forwarder — the same code as the POS connector's — that drains the outbox to the core. Mounted by {@code app}
 * beside the core or served alone by {@link Main}.
 */
public final class StorefrontConnector implements ServerModule, AutoCloseable {

    /** The webhook endpoints as an OpenAPI document, on the class path. */
    public static final String OPENAPI = "/storefront-connector/openapi.yaml";

    private static final System.Logger LOG = System.getLogger(StorefrontConnector.class.getName());
    private static final Duration FACTS_EVERY = Duration.ofMinutes(1);

    private final StorefrontSettings settings;
    private final Clock clock;
    private final SqliteIntake intake;
    private final Forwarder forwarder;
    private final ForwarderLoop loop;
    private final PunchcardClient core;
    private final AtomicReference<ProgramFacts> facts;
    private final Thread factsReader;
    private final QueueObservation observation;
    private volatile boolean running = true;

    private StorefrontConnector(StorefrontSettings settings, Clock clock) {
        if (settings.coreUri() == null || settings.coreApiKey() == null || settings.coreApiKey().isBlank()) {
            throw new StartupException("Name the core and the connector's key: storefront.core.url "
                    + "(STOREFRONT_CORE_URL) and storefront.core.api-key (STOREFRONT_CORE_API_dash_KEY, a CONNECTOR key).");
        }
        this.settings = settings;
        this.clock = clock;
        this.intake = SqliteIntake.open(settings.dataFile());
        this.facts = new AtomicReference<>(intake.facts());
        this.core = Forwarder.client(settings.coreUri(), settings.coreApiKey());
        this.forwarder = new Forwarder(intake.outbox(), new StorefrontCourier(core, settings.exportsFolder(),
                this::retake), clock, settings.retryFirst(), settings.retryMax());
        this.loop = ForwarderLoop.start(forwarder, intake.outbox(), "storefront-forwarder");
        this.factsReader = Thread.ofPlatform().name("storefront-program").daemon(true).start(this::readFacts);
        this.observation = new QueueObservation("storefront", intake.outbox(), forwarder, clock,
                settings.degradedAfter(), () -> Map.of("shops", settings.shops().size(), "programCurrency",
                        facts.get().known() ? facts.get().currency() : "unknown"), List.of());
    }

    /** Opens the connector's file and starts forwarding to the core the settings name. */
    public static StorefrontConnector start(StorefrontSettings settings, Clock clock) {
        return new StorefrontConnector(settings, clock);
    }

    /** Starts against {@code core} with {@code apiKey}, whatever the settings name. */
    public static StorefrontConnector start(StorefrontSettings settings, URI core, String apiKey, Clock clock) {
        return new StorefrontConnector(settings.withCore(core, apiKey), clock);
    }

    public StorefrontSettings settings() {
        return settings;
    }

    /** The connector's outbox. */
    public Outbox outbox() {
        return intake.outbox();
    }

    /** What is known of the program now. */
    public ProgramFacts facts() {
        return facts.get();
    }

    @Override
    public String name() {
        return "storefront-connector";
    }

    @Override
    public void routing(HttpRouting.Builder routing) {
        routing.register("/webhooks", new WebhookService(settings, intake, facts::get, loop::wake, clock));
        routing.register("/webhooks/openapi", new OpenApiDocument(OPENAPI));
    }

    @Override
    public List<Link> links() {
        return List.of(new Link("Webhook API", "/webhooks/openapi"));
    }

    /**
     * Reads the program's currency and phone region now and every minute, keeping the last answer on disk; and lets
     * go of messages the core answered long ago.
     */
    private void readFacts() {
        while (running) {
            try {
                intake.purge(clock.instant());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Could not let go of old messages: " + e.getMessage());
            }
            try {
                readProgram();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "Could not read the program from the core: " + e.getMessage());
            }
            synchronized (this) {
                try {
                    if (running) {
                        wait(facts.get().known() ? FACTS_EVERY.toMillis() : 2_000);
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Reads the program's currency and phone region from the core, keeping them when they changed. */
    private ProgramFacts readProgram() {
        JsonNode program = core.program().path("program");
        String currency = program.path("currency").asText(null);
        if (currency != null) {
            ProgramFacts read = new ProgramFacts(currency, program.path("phoneRegion").asText(null));
            if (!read.equals(facts.get())) {
                intake.facts(read);
                facts.set(read);
                LOG.log(System.Logger.Level.INFO, "The program counts in " + currency + "; orders in another "
                        + "currency are set aside.");
            }
        }
        return facts.get();
    }

    /**
     * A webhook that was set aside, put back by a person ({@code outbox retry}): read as of when it came, but with
     * the program as the core has it now (the person has just mended its currency, say), and kept like any webhook;
     * refused again, with the reason, when it still cannot be taken. With the core out of reach it waits, as any
     * message does.
     */
    private SqliteIntake.Taken retake(String shopName, String delivery, WebhookEntry webhook, Instant received) {
        Shop shop = settings.shops().get(shopName);
        if (shop == null) {
            throw new Courier.Undeliverable("shop " + shopName + " is no longer configured");
        }
        List<Intent> intents;
        try {
            intents = Webhooks.intents(shop, readProgram(), webhook.topic(), webhook.payload(), received);
        } catch (BadPayload e) {
            throw new Courier.Undeliverable(e.getMessage() + (e.field() == null ? "" : " (" + e.field() + ")"));
        }
        SqliteIntake.Taken taken = intake.retake(shop, delivery, intents, received);
        LOG.log(System.Logger.Level.INFO, "Took webhook " + delivery + " of shop " + shopName + " again: "
                + taken.queued() + " queued" + (taken.notes().isEmpty() ? "" : "; " + taken.notes()));
        return taken;
    }

    @Override
    public List<HealthCheck> healthChecks() {
        return List.of(observation.healthCheck());
    }

    /** Stops forwarding (a step under way finishes) and closes the file. */
    @Override
    public void close() {
        running = false;
        synchronized (this) {
            notifyAll();
        }
        observation.close();
        loop.close();
        intake.close();
    }
}
