package io.punchcard.loyalty;

import java.time.Clock;
import java.util.List;

import io.helidon.config.Config;
import io.helidon.webserver.WebServer;

import io.punchcard.platform.Launcher;
import io.punchcard.platform.Lifecycle;
import io.punchcard.platform.PunchcardServer;
import io.punchcard.platform.StartupException;
import io.punchcard.platform.cache.Redis;
import io.punchcard.platform.cache.RedisSettings;
import io.punchcard.platform.store.Postgres;
import io.punchcard.platform.store.PostgresSettings;

/**
 * Runs the loyalty core alone, against the PostgreSQL and Redis named in {@code loyalty-service.yaml} or the
 * environment; how a chain runs it behind a load balancer. For everything in one process with embedded
 * stores, run {@code app}.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Launcher.launch("loyalty-service", () -> {
            Config config = PunchcardServer.configuration("loyalty-service.yaml");
            PostgresSettings db = PostgresSettings.from(config.get("db")).orElseThrow(() -> new StartupException(
                    "db.url is not set: the loyalty service alone needs a PostgreSQL (db.url or DB_URL); "
                            + "the all-in-one app starts an embedded one"));
            RedisSettings redisSettings = RedisSettings.from(config.get("redis")).orElseThrow(() ->
                    new StartupException("redis.url is not set: the loyalty service alone needs a Redis "
                            + "(redis.url or REDIS_URL); the all-in-one app starts an embedded one"));
            ProgramSetup programFile = ProgramSetup.from(config);
            PunchcardServer.requirePortFree(config.get("server"));
            Lifecycle lifecycle = new Lifecycle().stopOnShutdown();
            try {
                Postgres postgres = lifecycle.add("PostgreSQL pool", Postgres.open(db, LoyaltyService.MIGRATIONS));
                Redis redis = lifecycle.add("Redis pool", Redis.open(redisSettings));
                LoyaltyService core = lifecycle.add("maintenance jobs", new LoyaltyService(postgres.dbClient(), redis.client(), Clock.systemUTC(),
                        programFile.firstProgram()));
                core.configureKioskSessions(config);
                programFile.afterStart(core).forEach(System.out::println);
                core.startJobs();
                WebServer server = PunchcardServer.start(config, List.of(core),
                        List.of(postgres.healthCheck(), redis.healthCheck()));
                lifecycle.add("web server", server::stop);
                // Recorded once serving, so a start that failed leaves no row behind.
                core.recordStart();
                System.out.println("loyalty-service is up: http://localhost:" + server.port() + "/api/v1");
            } catch (RuntimeException e) {
                lifecycle.stopQuietly();
                throw e;
            }
        });
    }
}
