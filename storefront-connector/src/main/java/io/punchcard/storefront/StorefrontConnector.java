package io.punchcard.storefront;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.helidon.health.HealthCheck;
import io.helidon.webserver.http.HttpRouting;

import io.punchcard.api.client.CoreProgram;
import io.punchcard.api.client.PunchcardClient;
import io.punchcard.outbox.Courier;
import io.punchcard.outbox.Forwarder;
import io.punchcard.outbox.ProgramFollower;
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
    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);

    private final StorefrontSettings settings;
    private final Clock clock;
    private final SqliteIntake intake;
    private final Forwarder forwarder;
    private final ForwarderLoop loop;
    private final PunchcardClient core;
    private final ProgramFollower program;
    /** What connectors before the follower kept (currency, phone region), until the core is first read. */
    private final ProgramFacts keptBefore;
    private final Thread purger;
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
        this.keptBefore = intake.facts();
        this.core = Forwarder.client(settings.coreUri(), settings.coreApiKey());
        // Orders are taken while the core is away (it checks them again); only the currency check waits for it.
        this.program = ProgramFollower.start(settings.dataFile(), new PunchcardClient(new PunchcardClient.Settings(
                settings.coreUri(), settings.coreApiKey(), Duration.ofMillis(500), Duration.ofSeconds(2), 1,
                Duration.ofMillis(100))), ProgramFollower.EVERY, "storefront-connector", false);
        this.forwarder = new Forwarder(intake.outbox(), new StorefrontCourier(core, settings.exportsFolder(),
                this::retake), clock, settings.retryFirst(), settings.retryMax());
        this.loop = ForwarderLoop.start(forwarder, intake.outbox(), "storefront-forwarder");
        this.purger = Thread.ofPlatform().name("storefront-purge").daemon(true).start(this::purge);
        this.observation = new QueueObservation("storefront", intake.outbox(), forwarder, clock,
                settings.degradedAfter(), () -> Map.of("shops", settings.shops().size(), "programCurrency",
                        facts().known() ? facts().currency() : "unknown"), List.of());
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
        CoreProgram read = program.current();
        return read == null ? keptBefore : new ProgramFacts(read.currency(), read.phoneRegion());
    }

    /** Reads the program from the core now rather than at the next look; true when it changed. */
    public boolean refreshProgram() {
        return program.refresh();
    }

    @Override
    public String name() {
        return "storefront-connector";
    }

    @Override
    public void routing(HttpRouting.Builder routing) {
        routing.register("/webhooks", new WebhookService(settings, intake, this::facts, program::refreshOnDemand, loop::wake,
                clock));
        routing.register("/webhooks/openapi", new OpenApiDocument(OPENAPI));
    }

    @Override
    public List<Link> links() {
        return List.of(new Link("Webhook API", "/webhooks/openapi"));
    }

    /** Lets go, every minute, of messages the core answered long ago. */
    private void purge() {
        while (running) {
            try {
                intake.purge(clock.instant());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Could not let go of old messages: " + e.getMessage());
            }
            synchronized (this) {
                try {
                    if (running) {
                        wait(PURGE_EVERY.toMillis());
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /**
     * A webhook that was set aside, put back by a person ({@code outbox retry}): read as of when it came, but with
     * the program as the core has it now (the person has just mended its currency, say), and kept like any webhook;
     * refused again, with the reason, when it still cannot be taken. With the core out of reach it is judged by the
     * program last read.
     */
    private SqliteIntake.Taken retake(String shopName, String delivery, WebhookEntry webhook, Instant received) {
        Shop shop = settings.shops().get(shopName);
        if (shop == null) {
            throw new Courier.Undeliverable("shop " + shopName + " is no longer configured");
        }
        program.refresh();
        List<Intent> intents;
        try {
            intents = Webhooks.intents(shop, facts(), webhook.topic(), webhook.payload(), received);
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
        program.close();
        intake.close();
    }
}
