package io.punchcard.bench;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;
import io.punchcard.bench.store.BenchStores;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.access.Scope;
import io.punchcard.loyalty.jobs.Job;
import io.punchcard.platform.PunchcardServer;
import io.punchcard.platform.cache.Redis;
import io.punchcard.platform.cache.RedisSettings;
import io.punchcard.platform.store.Postgres;
import io.punchcard.platform.store.PostgresSettings;

/**
 * The loyalty core as the all-in-one app runs it — its pool of 20 connections, Redis-cached member cards, the
 * maintenance jobs running — on the bench's stores, on a free loopback port, with an ADMIN key for the load.
 */
final class Core implements AutoCloseable {

    static final int POOL_SIZE = 20;

    private final Postgres postgres;
    private final Redis redis;
    private final LoyaltyService service;
    private final WebServer server;
    private final String token;

    private Core(Postgres postgres, Redis redis, LoyaltyService service, WebServer server, String token) {
        this.postgres = postgres;
        this.redis = redis;
        this.service = service;
        this.server = server;
        this.token = token;
    }

    static Core start(BenchStores stores) {
        Postgres postgres = Postgres.open(new PostgresSettings(stores.jdbcUrl(), stores.username(), stores.password(),
                POOL_SIZE), LoyaltyService.MIGRATIONS);
        Redis redis = Redis.open(RedisSettings.parse(stores.redisUrl()));
        LoyaltyService service = new LoyaltyService(postgres.dbClient(), redis.client(), Clock.systemUTC());
        service.startJobs();
        Config config = Config.just(ConfigSources.create(Map.of("server.port", "0", "server.host", "127.0.0.1")));
        WebServer server = PunchcardServer.start(config, List.of(service), List.of(postgres.healthCheck(),
                redis.healthCheck()));
        String token = service.apiKeys().create("bench", Scope.ADMIN, null).token();
        return new Core(postgres, redis, service, server, token);
    }

    /**
     * Runs every maintenance job once, as a system that has been running all along would have: a history
     * loaded in one go leaves thousands of lots whose pending period ended long ago, which the jobs would
     * otherwise release (and whose members' cached cards they would drop) in the middle of a measurement.
     */
    void settle() {
        for (Job job : Job.values()) {
            // The scheduler may be running the job right now; then wait for it and run it again ourselves.
            for (int attempt = 0; attempt < 600; attempt++) {
                if (service.maintenance().runIfDue(job, java.time.Duration.ZERO).isPresent()) {
                    break;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /**
     * Waits until the KPI rollups have taken in every event committed so far: two rounds of the follower, then one
     * more by hand (which returns at once if the follower is in a round, having waited for it in the sleep).
     */
    void catchUpKpis() throws InterruptedException {
        Thread.sleep(2 * io.punchcard.loyalty.jobs.KpiFollower.EVERY.toMillis());
        service.kpis().follow();
    }

    /** Rebuilds the KPI rollups from the tables, as {@code POST /api/v1/kpis/rebuild} does. */
    void rebuildKpis() {
        service.kpis().rebuild();
    }

    int port() {
        return server.port();
    }

    String token() {
        return token;
    }

    /** A new CONNECTOR key, for a connector the bench starts beside the core. */
    String connectorToken() {
        return service.apiKeys().create("bench connector", Scope.CONNECTOR, null).token();
    }

    @Override
    public void close() {
        server.stop();
        service.close();
        redis.close();
        postgres.close();
    }
}
