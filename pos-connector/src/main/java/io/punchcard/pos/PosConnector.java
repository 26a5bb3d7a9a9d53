package io.punchcard.pos;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.helidon.health.HealthCheck;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.http.HttpRouting;

import io.punchcard.api.client.CoreProgram;
import io.punchcard.api.client.PunchcardClient;
import io.punchcard.platform.ServerModule;
import io.punchcard.platform.http.OpenApiDocument;
import io.punchcard.outbox.Forwarder;
import io.punchcard.outbox.ProgramFollower;
import io.punchcard.outbox.QueueObservation;
import io.punchcard.pos.forward.PosCourier;
import io.punchcard.outbox.ForwarderLoop;
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

    /** The tills' API as an OpenAPI document, on the class path. */
    public static final String OPENAPI = "/pos-connector/openapi.yaml";

    private final PosSettings settings;
    private final SqliteOutbox outbox;
    private final SqliteTerminals terminals;
    private final SqliteCards cards;
    private final SqliteOpenSales sales;
    private final Forwarder forwarder;
    private final ForwarderLoop loop;
    private final PosApi api;
    private final Clock clock;
    private final QueueObservation observation;
    private final PoslogImport importer;
    private final PoslogDropFolder dropFolder;
    private final ProgramFollower program;

    private static final System.Logger LOG = System.getLogger(PosConnector.class.getName());

    private PosConnector(PosSettings settings, Clock clock) {
        if (settings.coreUri() == null || settings.coreApiKey() == null || settings.coreApiKey().isBlank()) {
            throw new io.punchcard.platform.StartupException("Name the core and the store's key: pos.core.url "
                    + "(POS_CORE_URL) and pos.core.api-key (POS_CORE_API_dash_KEY, a STORE key for " + settings.store() + ").");
        }
        this.settings = settings;
        this.clock = clock;
        // A till waits on this one: one try, and not long.
        PunchcardClient tills = new PunchcardClient(new PunchcardClient.Settings(settings.coreUri(),
                settings.coreApiKey(), Duration.ofMillis(500), Duration.ofSeconds(3), 1, Duration.ofMillis(100)));
        this.program = ProgramFollower.start(settings.dataFile(), tills, ProgramFollower.EVERY, "pos-connector");
        try {
            if (!program.current().knows(settings.store())) {
                LOG.log(System.Logger.Level.WARNING, "The program has no store " + settings.store() + ": the core will refuse "
                        + "its sales until the store is added (PUT /api/v1/program/stores/" + settings.store() + ").");
            }
            this.outbox = SqliteOutbox.open(settings.dataFile());
            this.terminals = SqliteTerminals.open(settings.dataFile());
            this.cards = SqliteCards.open(settings.dataFile());
            this.sales = SqliteOpenSales.open(settings.dataFile());
            PunchcardClient forwarding = Forwarder.client(settings.coreUri(), settings.coreApiKey());
            this.forwarder = new Forwarder(outbox, new PosCourier(forwarding), clock, settings.retryFirst(),
                    settings.retryMax());
            this.loop = ForwarderLoop.start(forwarder, outbox, "pos-forwarder");
            // Each file is read with the program as it is when the import starts.
            this.importer = new PoslogImport(outbox, () -> new PoslogMapping(
                    java.time.ZoneId.of(program.current().zoneOf(settings.store())), program.current().currency()),
                    settings.store(), clock);
            this.api = new PosApi(settings, () -> program.current().currency(), program::refreshOnDemand, terminals, outbox,
                    cards, sales, tills, forwarder, loop, clock);
            this.dropFolder = settings.dropFolder() == null ? null
                    : PoslogDropFolder.watch(settings.dropFolder(), importer, loop::wake);
            this.observation = new QueueObservation("pos", outbox, forwarder, clock, settings.degradedAfter(),
                    () -> Map.of("store", settings.store(), "programVersion", program.current().version(),
                            "programCurrency", program.current().currency()),
                    List.of(Metrics.tag("store", settings.store())));
        } catch (RuntimeException e) {
            // The follower runs a thread and holds the file: a start that fails after it must not leave them behind.
            program.close();
            throw e;
        }
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

    /** What the connector knows of the program: currency, the store's zone; read from the core. */
    public CoreProgram program() {
        return program.current();
    }

    /** Reads the program from the core now rather than at the next look; true when it changed. */
    public boolean refreshProgram() {
        return program.refresh();
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
        routing.register("/pos/v1/openapi", new OpenApiDocument(OPENAPI));
    }

    @Override
    public List<Link> links() {
        return List.of(new Link("POS API", "/pos/v1/openapi"));
    }

    @Override
    public List<HealthCheck> healthChecks() {
        return List.of(observation.healthCheck());
    }

    /** Stops forwarding (a step under way finishes) and closes the store's file. */
    @Override
    public void close() {
        observation.close();
        if (dropFolder != null) {
            dropFolder.close();
        }
        loop.close();
        outbox.close();
        terminals.close();
        cards.close();
        sales.close();
        program.close();
    }
}
