package io.punchcard.platform.store;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.health.DbClientHealthCheck;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

import io.punchcard.platform.Secrets;
import io.punchcard.platform.StartupException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The connection to the PostgreSQL of record: checked at start, migrated by Flyway, then served through a
 * Helidon DB Client over a Hikari pool. Its health check is named {@code postgresql}.
 */
public final class Postgres implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Postgres.class.getName());
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final PostgresSettings settings;
    private final DbClient dbClient;

    private Postgres(PostgresSettings settings, DbClient dbClient) {
        this.settings = settings;
        this.dbClient = dbClient;
    }

    /**
     * Connects, applies the Flyway migrations found at {@code migrationLocations} (e.g.
     * {@code classpath:db/migration/loyalty}) and opens the pool.
     *
     * @throws StartupException when the server cannot be reached or a migration fails
     */
    public static Postgres open(PostgresSettings settings, String... migrationLocations) {
        checkReachable(settings);
        if (migrationLocations.length > 0) {
            migrate(settings, null, migrationLocations);
        }
        return new Postgres(settings, DbClient.create(pool(settings, Map.of())));
    }

    /**
     * Like {@link #open(PostgresSettings, String...)}, for a module that keeps its tables in a schema of its own
     * ({@code schema}, created when missing, with its own migration history), so it can share a database with the
     * core or have one of its own without either's migrations seeing the other's. The pool's connections find
     * that schema's tables unqualified.
     */
    public static Postgres openSchema(PostgresSettings settings, String schema, String migrationLocation) {
        if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain schema name: " + schema);
        }
        checkReachable(settings);
        migrate(settings, schema, migrationLocation);
        return new Postgres(settings, DbClient.create(pool(settings, Map.of(
                "connection.dataSource.currentSchema", schema,
                "connection.poolName", "punchcard-" + schema))));
    }

    private static Config pool(PostgresSettings settings, Map<String, String> extra) {
        Map<String, String> values = new java.util.HashMap<>(Map.of(
                "source", "jdbc",
                "connection.url", settings.url(),
                "connection.username", settings.username(),
                "connection.password", settings.password(),
                "connection.poolName", "punchcard",
                "connection.maximumPoolSize", Integer.toString(settings.poolSize()),
                // While the database is down, every request waits this long for a connection and is then
                // answered 503; a pooled connection is checked within half of it before it is handed out.
                "connection.connectionTimeout", Integer.toString(settings.connectionTimeoutMillis()),
                "connection.validationTimeout", Integer.toString(Math.max(250, settings.connectionTimeoutMillis() / 2)),
                // New connections are opened off the request path; a host that does not answer is given up on
                // as soon as a request would be (the driver counts in seconds).
                "connection.dataSource.connectTimeout",
                Integer.toString(Math.max(1, (settings.connectionTimeoutMillis() + 999) / 1000)),
                // A JDBC batch of inserts goes as multi-row INSERTs: a batch of sales is far fewer messages.
                "connection.dataSource.reWriteBatchedInserts", "true"));
        values.putAll(extra);
        return Config.just(ConfigSources.create(values));
    }

    private static void checkReachable(PostgresSettings settings) {
        Properties props = new Properties();
        props.setProperty("user", settings.username());
        props.setProperty("password", settings.password());
        props.setProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        props.setProperty("loginTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        try (Connection ignored = DriverManager.getConnection(settings.url(), props)) {
            LOG.log(System.Logger.Level.DEBUG, "PostgreSQL reachable at " + settings.url());
        } catch (SQLException e) {
            throw new StartupException("Cannot connect to PostgreSQL at " + Secrets.redact(settings.url()) + " as '"
                    + settings.username() + "' (" + reason(e) + "): check db.url, db.username and db.password "
                    + "(DB_URL, DB_USERNAME, DB_PASSWORD) and that the server is running.", e);
        }
    }

    /** The driver's own words are long and vary by cause; say the cause plainly. */
    private static String reason(SQLException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnknownHostException) {
                return "unknown host " + cause.getMessage();
            }
            if (cause instanceof ConnectException) {
                return "connection refused";
            }
            if (cause instanceof SocketTimeoutException) {
                return "no answer within " + CONNECT_TIMEOUT.toSeconds() + " seconds";
            }
        }
        return e.getMessage().lines().findFirst().orElse("").trim();
    }

    private static void migrate(PostgresSettings settings, String schema, String... locations) {
        try {
            var flyway = Flyway.configure()
                    .dataSource(settings.url(), settings.username(), settings.password())
                    .locations(locations);
            if (schema != null) {
                flyway = flyway.schemas(schema).defaultSchema(schema).createSchemas(true);
            }
            MigrateResult result = flyway.load().migrate();
            LOG.log(System.Logger.Level.INFO, result.migrationsExecuted == 0 ? "Database schema up to date"
                    : "Database schema at version " + result.targetSchemaVersion + " (" + result.migrationsExecuted
                    + " migration(s) applied now)");
        } catch (FlywayException e) {
            throw new StartupException("The database schema could not be migrated: "
                    + StartupException.rootMessage(e), e);
        }
    }

    public DbClient dbClient() {
        return dbClient;
    }

    public PostgresSettings settings() {
        return settings;
    }

    /** Readiness check {@code postgresql}: a {@code SELECT 1} round trip within two seconds. */
    public HealthCheck healthCheck() {
        HealthCheck ping = DbClientHealthCheck.builder(dbClient)
                .name("postgresql")
                .query()
                .statement("SELECT 1")
                .timeout(Duration.ofSeconds(2))
                .build();
        // Helidon's check calls itself a liveness check; without its database this server cannot serve,
        // which is what readiness means, and a restart would not bring the database back.
        return new HealthCheck() {
            @Override
            public String name() {
                return ping.name();
            }

            @Override
            public HealthCheckType type() {
                return HealthCheckType.READINESS;
            }

            @Override
            public HealthCheckResponse call() {
                return ping.call();
            }
        };
    }

    @Override
    public void close() {
        dbClient.close();
    }
}
