package io.punchcard.testsupport;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.punchcard.embedded.LocalPostgres;
import org.flywaydb.core.Flyway;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * A PostgreSQL server on which tests get databases of their own. One per JVM and source; each test class
 * gets a new database, created from scratch and migrated, and dropped when the class is done.
 *
 * @param baseUrl  {@code jdbc:postgresql://host:port/} (a database name is appended)
 * @param admin    the database to connect to for CREATE and DROP DATABASE
 * @param username a role allowed to create databases
 * @param password its password
 * @param source   where the server came from
 */
public record PostgresServer(String baseUrl, String admin, String username, String password, StoreSource source) {

    private static final String CONTAINER_IMAGE = "postgres:16-alpine";

    /** A fresh database, migrated with {@code migrations}. */
    public TestPostgres createDatabase(String owner, String... migrations) {
        String name = ("t_" + owner.replaceAll("[^A-Za-z0-9]", "_") + "_"
                + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        if (name.length() > 63) {
            name = name.substring(0, 50) + name.substring(name.length() - 13);
        }
        execute("CREATE DATABASE " + name);
        TestPostgres database = new TestPostgres(baseUrl + name, username, password, name, source);
        if (migrations.length > 0) {
            try {
                Flyway.configure()
                        .dataSource(database.jdbcUrl(), username, password)
                        .locations(migrations)
                        .load()
                        .migrate();
            } catch (RuntimeException e) {
                dropDatabase(database);
                throw e;
            }
        }
        return database;
    }

    /** Drops a database made by {@link #createDatabase}, ending any session still on it. */
    public void dropDatabase(TestPostgres database) {
        execute("DROP DATABASE IF EXISTS " + database.database() + " WITH (FORCE)");
    }

    private void execute(String sql) {
        try (Connection c = DriverManager.getConnection(baseUrl + admin, username, password);
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("On the test PostgreSQL (" + source + ", " + baseUrl + "): " + sql
                    + " failed: " + e.getMessage(), e);
        }
    }

    /** The server named by {@code PUNCHCARD_TEST_PG_URL}: {@code jdbc:postgresql://host:port/db?user=u&password=p}. */
    static PostgresServer fromEnvironment(String jdbcUrl) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        Map<String, String> params = new java.util.HashMap<>();
        if (uri.getQuery() != null) {
            for (String pair : uri.getQuery().split("&")) {
                int eq = pair.indexOf('=');
                params.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        String admin = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        int port = uri.getPort() == -1 ? 5432 : uri.getPort();
        return new PostgresServer("jdbc:postgresql://" + uri.getHost() + ":" + port + "/", admin,
                params.getOrDefault("user", "postgres"), params.getOrDefault("password", ""),
                StoreSource.ENVIRONMENT);
    }

    /** A container, stopped when the JVM exits (Testcontainers' reaper also sees to that). */
    @SuppressWarnings("resource")
    static PostgresServer docker() {
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>(CONTAINER_IMAGE);
        container.start();
        return new PostgresServer("jdbc:postgresql://" + container.getHost() + ":" + container.getFirstMappedPort()
                + "/", container.getDatabaseName(), container.getUsername(), container.getPassword(),
                StoreSource.DOCKER);
    }

    /** An embedded server in a temporary folder, stopped and deleted when the JVM exits. */
    static PostgresServer embedded() {
        try {
            Path folder = Files.createTempDirectory("punchcard-test-pg-");
            LocalPostgres server = LocalPostgres.start(folder.resolve("data"), 0, LocalPostgres.Durability.THROWAWAY);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                TempFolders.delete(folder);
            }, "test-postgres-stop"));
            return new PostgresServer("jdbc:postgresql://127.0.0.1:" + server.port() + "/", "postgres",
                    LocalPostgres.USER, "", StoreSource.EMBEDDED);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot make a folder for the embedded test PostgreSQL", e);
        }
    }
}
