package io.punchcard.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;

import io.punchcard.embedded.EmbeddedStoreException;
import io.punchcard.embedded.LocalPostgres;
import io.punchcard.embedded.LocalRedis;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.ProgramSetup;
import io.punchcard.platform.cache.Redis;
import io.punchcard.platform.cache.RedisSettings;
import io.punchcard.platform.Lifecycle;
import io.punchcard.platform.Secrets;
import io.punchcard.platform.PunchcardServer;
import io.punchcard.platform.ServerModule;
import io.punchcard.platform.StartupException;
import io.punchcard.platform.store.Postgres;
import io.punchcard.platform.store.PostgresSettings;

/**
 * The whole system in one process: every module's routes on one server, against the PostgreSQL and Redis
 * named in the configuration, or embedded ones in the data folder when none is named.
 */
public final class PunchcardApp implements AutoCloseable {

    private static final String DATABASE = "punchcard";

    /** Where the servers listen unless {@code server.host} says otherwise: this machine only. */
    static final String DEFAULT_HOST = "127.0.0.1";

    private final WebServer server;
    private final Lifecycle lifecycle;
    private final List<String> banner;

    private PunchcardApp(WebServer server, Lifecycle lifecycle, List<String> banner) {
        this.server = server;
        this.lifecycle = lifecycle;
        this.banner = banner;
    }

    /**
     * Starts everything.
     *
     * @throws StartupException when the configuration or the surroundings do not allow it; whatever had
     *                          started by then is stopped again
     */
    public static PunchcardApp start(Config config) {
        return start(config, new Lifecycle());
    }

    /**
     * Starts everything, registering each part with {@code lifecycle} as it starts, so a lifecycle already
     * hooked to JVM shutdown stops a half-started system too.
     */
    public static PunchcardApp start(Config config, Lifecycle lifecycle) {
        return start(config, lifecycle, false);
    }

    /**
     * Starts everything; with {@code demoHistory} (or {@code demo.history} set), a core without members is then
     * given a year of made-up history in the background ({@link DemoLoader}).
     */
    public static PunchcardApp start(Config config, Lifecycle lifecycle, boolean demoHistory) {
        try {
            return startParts(config, lifecycle, demoHistory || config.get("demo.history").asBoolean().orElse(false));
        } catch (RuntimeException e) {
            lifecycle.stopQuietly();
            throw e;
        }
    }

    private static PunchcardApp startParts(Config config, Lifecycle lifecycle, boolean demoHistory) {
        List<String> stores = new ArrayList<>();
        // Both settings are read before anything starts, so a malformed one costs no embedded start-up.
        var configuredDb = PostgresSettings.from(config.get("db"));
        var configuredRedis = RedisSettings.from(config.get("redis"));
        // Read and checked before anything starts, so a mistake in the file costs no embedded start-up.
        ProgramSetup programFile = ProgramSetup.from(config);
        PunchcardServer.requirePortFree(config.get("server"));
        DemoStore.requirePortFree(config);
        OnlineShops.requirePortFree(config);
        Path data = configuredDb.isPresent() && configuredRedis.isPresent()
                ? null
                : DataFolder.open(config.get("data.dir").asString().orElse("./data"));

        PostgresSettings db = configuredDb.orElseGet(() -> {
            LocalPostgres local = lifecycle.add("embedded PostgreSQL", embedded(() -> LocalPostgres.start(
                    data.resolve("postgres"), config.get("embedded.postgres.port").asInt().orElse(0),
                    LocalPostgres.Durability.DURABLE)));
            embedded(() -> {
                local.ensureDatabase(DATABASE);
                return local;
            });
            stores.add("PostgreSQL  embedded, " + local.jdbcUrl(DATABASE) + " (user " + LocalPostgres.USER
                    + "), data in " + local.dataDirectory());
            return new PostgresSettings(local.jdbcUrl(DATABASE), LocalPostgres.USER, "",
                    config.get("db.pool.size").asInt().orElse(20),
                    config.get("db.pool.connection-timeout-millis").asInt()
                            .orElse(PostgresSettings.DEFAULT_CONNECTION_TIMEOUT_MILLIS));
        });
        configuredDb.ifPresent(s -> stores.add("PostgreSQL  " + Secrets.redact(s.url())));

        RedisSettings redisSettings = configuredRedis.orElseGet(() -> {
            LocalRedis local = lifecycle.add("embedded Redis", embedded(() -> LocalRedis.start(
                    data.resolve("redis"), config.get("embedded.redis.port").asInt().orElse(0))));
            stores.add("Redis       embedded, " + local.url() + ", data in " + data.resolve("redis"));
            return RedisSettings.parse(local.url()).withLimits(RedisSettings.Limits.from(config.get("redis")));
        });
        configuredRedis.ifPresent(s -> stores.add("Redis       " + s.redacted()));

        Postgres postgres = lifecycle.add("PostgreSQL pool", Postgres.open(db, LoyaltyService.MIGRATIONS));
        Redis redis = lifecycle.add("Redis pool", Redis.open(redisSettings));

        LoyaltyService core = lifecycle.add("maintenance jobs", new LoyaltyService(postgres.dbClient(), redis.client(),
                Clock.systemUTC(), programFile.firstProgram()));
        core.configureKioskSessions(config);
        stores.addAll(programFile.afterStart(core));
        core.startJobs();
        // Members' links name the server's port, so it is known before the routes are made: a free one when 0.
        int port = port(config.get("server"));
        Config serving = withPort(config, port);
        URI local = URI.create("http://" + reachable(serving.get("server.host").asString().orElse(DEFAULT_HOST)) + ":"
                + port);
        Messaging messaging = Messaging.open(config, db, data, local, port, lifecycle);
        List<ServerModule> modules = new ArrayList<>(List.of(core));
        modules.addAll(messaging.modules());
        io.punchcard.kiosk.Kiosk kiosk = DemoKiosk.enabled(config) ? DemoKiosk.mount(config, data, lifecycle) : null;
        if (kiosk != null) {
            modules.add(kiosk);
        }
        io.punchcard.console.Console console = DemoConsole.enabled(config) ? DemoConsole.mount(config, data, lifecycle)
                : null;
        if (console != null) {
            modules.add(console);
        }

        WebServer server = PunchcardServer.start(serving, modules, List.of(postgres.healthCheck(), redis.healthCheck()));
        lifecycle.add("web server", server::stop);
        // Recorded once serving, so a start that failed leaves no row behind.
        core.recordStart();
        if (data != null) {
            demoKey(core, data).ifPresent(token -> stores.add("Demo key    " + token + "  (ADMIN; send as 'Authorization: Bearer …')"));
        }
        // After the demo key, which is made only while the core has no key at all.
        messaging.start(core);
        stores.addAll(messaging.banner(server.port()));
        List<String> kioskLines = new ArrayList<>();
        if (kiosk != null) {
            // After the demo key too: a kiosk's key made first would leave the core with a key, and no demo key.
            kioskLines.add(DemoKiosk.connect(kiosk, config, data, core, local, server.port()));
        }
        if (console != null) {
            // After the demo key, like the kiosk's.
            DemoConsole.connect(console, config, data, core, local, db).ifPresent(kioskLines::add);
        }
        List<String> banner = banner(server.port(), modules, stores);
        if (config.get("pos.enabled").asBoolean().orElse(true)) {
            banner.addAll(banner.size() - 1, DemoStore.start(config, core, server.port(), lifecycle));
        }
        if (OnlineShops.enabled(config)) {
            banner.addAll(banner.size() - 1, OnlineShops.start(config, core, server.port(), lifecycle));
        }
        banner.addAll(banner.size() - 1, kioskLines);
        banner.add(banner.size() - 1, listening(config.get("server.host").asString().orElse(DEFAULT_HOST)));
        if (demoHistory) {
            // Last: its key must not be the first key of the core, which would leave no demo key.
            banner.add(banner.size() - 1, "  " + DemoLoader.begin(config, core, local, lifecycle));
        }
        return new PunchcardApp(server, lifecycle, banner);
    }

    /**
     * The zero-configuration run's demo key: an ADMIN key made on the first start of an installation with no
     * keys, kept in {@code data/demo-api-key} (readable by its owner only) so every start can print it.
     */
    private static java.util.Optional<String> demoKey(LoyaltyService core, Path data) {
        Path file = data.resolve("demo-api-key");
        try {
            if (java.nio.file.Files.exists(file)) {
                return java.util.Optional.of(java.nio.file.Files.readString(file).strip());
            }
            if (!core.apiKeys().none()) {
                return java.util.Optional.empty();
            }
            String token = core.apiKeys().create("demo", io.punchcard.loyalty.access.Scope.ADMIN, null).token();
            java.nio.file.Files.writeString(file, token + "\n");
            java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            return java.util.Optional.of(token);
        } catch (java.io.IOException e) {
            throw new StartupException("Cannot keep the demo API key in " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code server.port}, or a free port of {@code server.host} when it is 0 (taken by the server moments later). */
    private static int port(Config server) {
        int configured = server.get("port").asInt().orElse(8080);
        if (configured != 0) {
            return configured;
        }
        String host = server.get("host").asString().orElse(DEFAULT_HOST);
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new StartupException("Cannot listen on " + host + " (" + e.getMessage()
                    + "): check server.host (SERVER_HOST).", e);
        }
    }

    /** The configuration the server starts with: {@code config} with {@code server.port} set to {@code port}. */
    private static Config withPort(Config config, int port) {
        if (config.get("server.port").asInt().orElse(8080) == port) {
            return config;
        }
        Map<String, String> values = new HashMap<>();
        config.get("server").asMap().ifPresent(values::putAll);
        config.get("openapi").asMap().ifPresent(values::putAll);
        values.put("server.port", Integer.toString(port));
        return Config.just(ConfigSources.create(values));
    }

    /** An address of this machine where a server on {@code host} answers: loopback for a wildcard address. */
    private static String reachable(String host) {
        return switch (host) {
            case "0.0.0.0", "::", "[::]", "" -> "127.0.0.1";
            default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        };
    }

    private static <T> T embedded(java.util.function.Supplier<T> start) {
        try {
            return start.get();
        } catch (EmbeddedStoreException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    private static List<String> banner(int port, List<ServerModule> modules, List<String> stores) {
        String base = "http://localhost:" + port;
        List<String> lines = new ArrayList<>();
        lines.add("Punchcard is up.");
        lines.add("  API         " + base + "/api/v1");
        lines.add("  OpenAPI     " + base + "/openapi");
        lines.add("  Health      " + base + "/observe/health");
        lines.add("  Metrics     " + base + "/observe/metrics");
        modules.forEach(m -> m.links().forEach(link ->
                lines.add("  " + String.format("%-11s ", link.label()) + base + link.path())));
        stores.forEach(s -> lines.add("  " + s));
        lines.add("Stop with Ctrl-C.");
        return lines;
    }

    private static String listening(String host) {
        return switch (host) {
            case "127.0.0.1", "localhost", "::1" -> "  Listening   on " + host
                    + " only: this machine. SERVER_HOST=0.0.0.0 serves other machines too.";
            default -> "  Listening   on " + host + ": other machines can reach these ports.";
        };
    }

    /** What a person needs to know once the system is up: its URLs and where the data lives. */
    public List<String> banner() {
        return banner;
    }

    public int port() {
        return server.port();
    }

    /** Stops the web server first, then the pools, then the embedded servers. */
    @Override
    public void close() {
        lifecycle.stop();
    }
}
