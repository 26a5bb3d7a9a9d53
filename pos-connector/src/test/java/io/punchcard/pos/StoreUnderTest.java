package io.punchcard.pos;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;

import io.punchcard.api.client.PunchcardClient;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.access.Scope;
import io.punchcard.platform.PunchcardServer;
import io.punchcard.platform.store.Postgres;
import io.punchcard.platform.store.PostgresSettings;
import io.punchcard.testsupport.TestPostgres;

/**
 * A real core and one store's connector in front of it, each on its own port, for tests that go through the
 * tills' API: the core can be stopped and started again on the same port, as an outage does.
 */
public final class StoreUnderTest implements AutoCloseable {

    private final Postgres pool;
    private final LoyaltyService core;
    private final int corePort;
    private final PunchcardClient admin;
    private final String adminKey;
    private final PosConnector pos;
    private final WebServer posServer;
    private WebServer coreServer;

    private StoreUnderTest(Postgres pool, LoyaltyService core, WebServer coreServer, PunchcardClient admin,
                           String adminKey, PosConnector pos, WebServer posServer) {
        this.pool = pool;
        this.core = core;
        this.coreServer = coreServer;
        this.corePort = coreServer.port();
        this.admin = admin;
        this.adminKey = adminKey;
        this.pos = pos;
        this.posServer = posServer;
    }

    /**
     * Starts the core on {@code database} and store S001's connector, both on {@code coreClock} (a store's clock and
     * the core's agree), the connector with its file in {@code dir} and {@code settings} ({@code pos.*} keys) over
     * the defaults.
     */
    public static StoreUnderTest start(TestPostgres database, Path dir, Clock coreClock, Map<String, String> settings) {
        Postgres pool = Postgres.open(new PostgresSettings(database.jdbcUrl(), database.username(),
                database.password(), 8));
        LoyaltyService core = new LoyaltyService(pool.dbClient(), null, coreClock);
        WebServer coreServer = serve(core, 0);
        URI coreUri = URI.create("http://127.0.0.1:" + coreServer.port());
        String adminKey = core.apiKeys().create("tests", Scope.ADMIN, null).token();
        Map<String, String> values = new HashMap<>(Map.of("pos.store", "S001",
                "pos.data-file", dir.resolve("pos.db").toString(),
                "pos.retry.first-millis", "50", "pos.retry.max-millis", "300"));
        values.putAll(settings);
        PosConnector pos = PosConnector.start(PosSettings.from(Config.just(ConfigSources.create(values)).get("pos")),
                coreUri, core.apiKeys().create("store S001", Scope.STORE, "S001").token(), coreClock);
        WebServer posServer = PunchcardServer.start(Config.just(ConfigSources.create(Map.of("server.port", "0",
                "server.host", "127.0.0.1"))), List.of(pos), List.of());
        return new StoreUnderTest(pool, core, coreServer, new PunchcardClient(PunchcardClient.Settings.of(coreUri,
                adminKey)), adminKey, pos, posServer);
    }

    private static WebServer serve(LoyaltyService core, int port) {
        return PunchcardServer.start(Config.just(ConfigSources.create(Map.of("server.port", Integer.toString(port),
                "server.host", "127.0.0.1"))), List.of(core), List.of());
    }

    /** A client of the core with an ADMIN key. */
    public PunchcardClient admin() {
        return admin;
    }

    public String adminKey() {
        return adminKey;
    }

    public URI coreUri() {
        return URI.create("http://127.0.0.1:" + corePort);
    }

    public PosConnector pos() {
        return pos;
    }

    /** {@code path} on the connector. */
    public URI pos(String path) {
        return URI.create("http://127.0.0.1:" + posServer.port() + path);
    }

    /** The core goes away, as in an outage. */
    public void stopCore() {
        coreServer.stop();
    }

    /** The core is back, on the same port. */
    public void startCore() {
        coreServer = serve(core, corePort);
    }

    @Override
    public void close() {
        posServer.stop();
        pos.close();
        coreServer.stop();
        pool.close();
    }
}
