package io.punchcard.app;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;

import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.access.Scope;
import io.punchcard.platform.Lifecycle;
import io.punchcard.platform.PunchcardServer;
import io.punchcard.platform.StartupException;
import io.punchcard.pos.PosConnector;
import io.punchcard.pos.PosSettings;

/**
 * The demo store's POS connector, started beside the core as a store would run it: on a port of its own
 * ({@code pos.port}, 8081), with its own SQLite file under the data folder, talking to the core over HTTP with a
 * STORE key, and with one till, {@code T1}, whose token is printed at every start. Both secrets are kept beside
 * the connector's file, readable by their owner only, so a restart prints the same ones.
 */
final class DemoStore {

    private static final String TILL = "T1";

    private DemoStore() {
    }

    /** Fails in one line, before anything starts, when the connector's port is taken. */
    static void requirePortFree(Config config) {
        if (config.get("pos.enabled").asBoolean().orElse(true)) {
            PunchcardServer.requirePortFree(serverConfig(config).get("server"));
        }
    }

    /** Starts the demo store's connector against the core on {@code corePort}; returns its banner lines. */
    static List<String> start(Config config, LoyaltyService core, int corePort, Lifecycle lifecycle) {
        PosSettings settings = settings(config);
        Path folder = settings.dataFile().toAbsolutePath().getParent();
        String key = kept(folder.resolve("core-api-key"), token -> core.apiKeys().verify(token).isPresent(),
                () -> core.apiKeys().create("demo store " + settings.store(), Scope.STORE, settings.store()).token());
        PosConnector pos = lifecycle.add("POS connector", PosConnector.start(settings,
                URI.create("http://127.0.0.1:" + corePort), key, Clock.systemUTC()));
        String till = kept(folder.resolve("demo-till-token"), token -> pos.terminals().verify(token).isPresent(),
                () -> pos.terminals().issue(TILL));
        WebServer server = PunchcardServer.start(serverConfig(config), List.of(pos), List.of());
        lifecycle.add("POS web server", server::stop);
        String base = "http://localhost:" + server.port();
        return List.of(
                "  POS API     " + base + "/pos/v1  (store " + settings.store() + "; document " + base + "/pos/v1/openapi)",
                "  Till T1     " + till + "  (send as 'Authorization: Bearer …' to the POS API)",
                "  POS data    " + settings.dataFile().toAbsolutePath());
    }

    /** The demo store's settings: its file beside the core's data unless {@code pos.data-file} names one. */
    static PosSettings settings(Config config) {
        PosSettings configured = PosSettings.from(config.get("pos"));
        Path folder = Path.of(config.get("data.dir").asString().orElse("./data"), "pos");
        PosSettings placed = config.get("pos.data-file").exists() ? configured
                : configured.withDataFile(folder.resolve(configured.store() + ".db"));
        return config.get("pos.poslog.drop-folder").exists() ? placed : placed.withDropFolder(folder.resolve("poslog-inbox"));
    }

    private static Config serverConfig(Config config) {
        return Config.just(ConfigSources.create(Map.of(
                "server.port", config.get("pos.port").asString().orElse("8081"),
                "server.host", config.get("server.host").asString().orElse(PunchcardApp.DEFAULT_HOST),
                "server.max-payload-size", config.get("server.max-payload-size").asString().orElse("5242880"))));
    }

    /** The secret kept in {@code file} while {@code valid} says it still works; else a new one, kept there. */
    static String kept(Path file, java.util.function.Predicate<String> valid,
                               java.util.function.Supplier<String> fresh) {
        try {
            Optional<String> known = Files.exists(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
            if (known.isPresent() && valid.test(known.get())) {
                return known.get();
            }
            String token = fresh.get();
            Files.createDirectories(file.getParent());
            Files.writeString(file, token + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return token;
        } catch (IOException e) {
            throw new StartupException("Cannot keep a secret in " + file + ": " + e.getMessage(), e);
        }
    }
}
