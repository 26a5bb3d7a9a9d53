package io.punchcard.pos;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.http.HttpRouting;

import io.punchcard.api.client.PunchcardClient;
import io.punchcard.platform.ServerModule;
import io.punchcard.outbox.Forwarder;
import io.punchcard.pos.forward.PosCourier;
import io.punchcard.outbox.ForwarderLoop;
import io.punchcard.pos.http.OpenApiDocument;
import io.punchcard.pos.http.ImportsService;
import io.punchcard.pos.http.PosApi;
import io.punchcard.pos.poslog.PoslogDropFolder;
import io.punchcard.pos.poslog.PoslogImport;
import io.punchcard.pos.poslog.PoslogMapping;
import io.punchcard.outbox.Outbox;
import io.punchcard.pos.store.SqliteCards;
import io.punchcard.pos.store.SqliteOpenSales;
import io.punchcard.outbox.SqliteOutbox;
import io.punchcard.pos.store.SqliteTerminals;

/**
 * One store's POS connector: the tills' API at {@code /pos/v1}, its SQLite file, and the forwarder that drains
 * the outbox to the core. Mounted by {@code app} (beside the core, for the demo store) or served alone by
 * {@link Main} (one per store, in the store).
 */
public final class PosConnector implements ServerModule, AutoCloseable {

    private final PosSettings settings;
    private final SqliteOutbox outbox;
    private final SqliteTerminals terminals;
    private final SqliteCards cards;
    private final SqliteOpenSales sales;
    private final Forwarder forwarder;
    private final ForwarderLoop loop;
    private final PosApi api;
    private final Clock clock;
    private final List<Gauge<?>> gauges;
    private final PoslogImport importer;
    private final PoslogDropFolder dropFolder;

    private PosConnector(PosSettings settings, Clock clock) {
        if (settings.coreUri() == null || settings.coreApiKey() == null || settings.coreApiKey().isBlank()) {
            throw new io.punchcard.platform.StartupException("Name the core and the store's key: pos.core.url "
                    + "(POS_CORE_URL) and pos.core.api-key (POS_CORE_API_KEY, a STORE key for " + settings.store() + ").");
        }
        this.settings = settings;
        this.clock = clock;
        this.outbox = SqliteOutbox.open(settings.dataFile());
        this.terminals = SqliteTerminals.open(settings.dataFile());
        this.cards = SqliteCards.open(settings.dataFile());
        this.sales = SqliteOpenSales.open(settings.dataFile());
        // The forwarder retries on its own schedule, so its client tries once, and may wait for a big batch.
        PunchcardClient forwarding = new PunchcardClient(new PunchcardClient.Settings(settings.coreUri(),
                settings.coreApiKey(), Duration.ofSeconds(2), Duration.ofSeconds(30), 1, Duration.ofMillis(100)));
        // A till waits on this one: one try, and not long.
        PunchcardClient tills = new PunchcardClient(new PunchcardClient.Settings(settings.coreUri(),
                settings.coreApiKey(), Duration.ofMillis(500), Duration.ofSeconds(3), 1, Duration.ofMillis(100)));
        this.forwarder = new Forwarder(outbox, new PosCourier(forwarding), clock, settings.retryFirst(),
                settings.retryMax());
        this.loop = ForwarderLoop.start(forwarder, outbox, "pos-forwarder");
        this.importer = new PoslogImport(outbox, new PoslogMapping(settings.timezone(), settings.currency()),
                settings.store(), settings.currency(), clock);
        this.api = new PosApi(settings, terminals, outbox, cards, sales, tills, forwarder, loop, clock);
        this.dropFolder = settings.dropFolder() == null ? null
                : PoslogDropFolder.watch(settings.dropFolder(), importer, loop::wake);
        this.gauges = registerMetrics();
    }

    /** Opens the store's file and starts forwarding to the core the settings name. */
    public static PosConnector start(PosSettings settings, Clock clock) {
        return new PosConnector(settings, clock);
    }

    /** Starts against {@code core} with {@code apiKey}, whatever the settings name. */
    public static PosConnector start(PosSettings settings, URI core, String apiKey, Clock clock) {
        return new PosConnector(settings.withCore(core, apiKey), clock);
    }

    public PosSettings settings() {
        return settings;
    }

    /** The store's tills and their tokens. */
    public SqliteTerminals terminals() {
        return terminals;
    }

    /** The store's outbox. */
    public Outbox outbox() {
        return outbox;
    }

    @Override
    public String name() {
        return "pos-connector";
    }

    @Override
    public void routing(HttpRouting.Builder routing) {
        routing.register("/pos/v1", api);
        routing.register("/pos/v1/imports", new ImportsService(importer, terminals, loop::wake));
        routing.register("/pos/v1/openapi", new OpenApiDocument());
    }

    @Override
    public List<Link> links() {
        return List.of(new Link("POS API", "/pos/v1/openapi"));
    }

    /**
     * The queue, in health: UP with its length and the age of its head; {@code degraded} once the head is older
     * than the threshold. Never DOWN for that: a connector with a long queue is still where the tills must send
     * their sales, and a load balancer takes a DOWN one out of rotation.
     */
    @Override
    public List<HealthCheck> healthChecks() {
        return List.of(new HealthCheck() {
            @Override
            public String name() {
                return "pos-outbox";
            }

            @Override
            public HealthCheckType type() {
                return HealthCheckType.READINESS;
            }

            @Override
            public HealthCheckResponse call() {
                Outbox.Stats stats = outbox.stats();
                long age = age(stats);
                boolean degraded = age > settings.degradedAfter().toSeconds();
                return HealthCheckResponse.builder().status(true)
                        .detail("state", degraded ? "degraded" : "ok")
                        .detail("store", settings.store())
                        .detail("waiting", stats.pending())
                        .detail("oldestAgeSeconds", age)
                        .detail("rejected", stats.rejected())
                        .detail("coreReachable", !forwarder.coreOffline())
                        .build();
            }
        });
    }

    private long age(Outbox.Stats stats) {
        Instant oldest = stats.oldestWaiting();
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toSeconds());
    }

    private List<Gauge<?>> registerMetrics() {
        var registry = Metrics.globalRegistry();
        var store = List.of(Metrics.tag("store", settings.store()));
        return List.of(
                registry.getOrCreate(Gauge.builder("pos_outbox_waiting", () -> outbox.stats().pending())
                        .description("Entries waiting for the core").tags(store)),
                registry.getOrCreate(Gauge.builder("pos_outbox_oldest_age_seconds", () -> age(outbox.stats()))
                        .description("How long the oldest waiting entry has waited").tags(store)),
                registry.getOrCreate(Gauge.builder("pos_outbox_rejected", () -> outbox.stats().rejected())
                        .description("Entries the core refused, waiting for a person").tags(store)),
                registry.getOrCreate(Gauge.builder("pos_core_reachable", () -> forwarder.coreOffline() ? 0 : 1)
                        .description("1 while the core is being reached, 0 while it is given time to recover")
                        .tags(store)));
    }

    /** Stops forwarding (a step under way finishes) and closes the store's file. */
    @Override
    public void close() {
        gauges.forEach(Metrics.globalRegistry()::remove);
        if (dropFolder != null) {
            dropFolder.close();
        }
        loop.close();
        outbox.close();
        terminals.close();
        cards.close();
        sales.close();
    }
}
