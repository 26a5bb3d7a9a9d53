package io.punchcard.bench.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import io.punchcard.embedded.LocalPostgres;
import io.punchcard.embedded.LocalRedis;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPooled;

/**
 * The PostgreSQL and Redis a bench run uses, fresh each run: embedded servers in a new folder (durable, as
 * the zero-configuration run keeps its data), or a new database {@value #DATABASE} on a server the caller
 * names, with the Redis logical database it names emptied.
 */
public final class BenchStores implements AutoCloseable {

    /** The database a run on an external server creates afresh (and drops first, if a run left one). */
    public static final String DATABASE = "punchcard_bench";

    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final String redisUrl;
    private final List<String> description;
    private final List<AutoCloseable> owned;

    private BenchStores(String jdbcUrl, String username, String password, String redisUrl, List<String> description,
                        List<AutoCloseable> owned) {
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        this.redisUrl = redisUrl;
        this.description = List.copyOf(description);
        this.owned = owned;
    }

    /** Starts an embedded PostgreSQL and Redis in {@code folder}, which is emptied first. */
    public static BenchStores embedded(Path folder) {
        delete(folder);
        List<AutoCloseable> owned = new ArrayList<>();
        LocalPostgres postgres = LocalPostgres.start(folder.resolve("postgres"), 0, LocalPostgres.Durability.DURABLE);
        owned.add(postgres);
        postgres.ensureDatabase(DATABASE);
        LocalRedis redis = LocalRedis.start(folder.resolve("redis"), 0);
        owned.add(redis);
        String url = postgres.jdbcUrl(DATABASE);
        List<String> description = List.of(
                "PostgreSQL " + version(url, LocalPostgres.USER, "") + " embedded (zonky), fsync on",
                "Redis " + redisVersion(redis.url()) + " embedded");
        return new BenchStores(url, LocalPostgres.USER, "", redis.url(), description, owned);
    }

    /**
     * Uses the PostgreSQL server of {@code adminUrl} (any database on it; {@value #DATABASE} is created beside it)
     * and the Redis database of {@code redisUrl}, which is emptied.
     */
    public static BenchStores external(String adminUrl, String username, String password, String redisUrl) {
        int slash = adminUrl.indexOf('/', "jdbc:postgresql://".length());
        if (!adminUrl.startsWith("jdbc:postgresql://") || slash < 0) {
            throw new IllegalArgumentException("--db-url must look like jdbc:postgresql://host:port/database");
        }
        int query = adminUrl.indexOf('?', slash);
        String url = adminUrl.substring(0, slash + 1) + DATABASE + (query < 0 ? "" : adminUrl.substring(query));
        try (Connection c = DriverManager.getConnection(adminUrl, username, password);
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalArgumentException("cannot create the bench database on " + adminUrl + ": " + e.getMessage(), e);
        }
        try (JedisPooled redis = new JedisPooled(URI.create(redisUrl))) {
            redis.flushDB();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot empty the Redis database at " + redisUrl + ": " + e.getMessage(), e);
        }
        List<String> description = List.of("PostgreSQL " + version(url, username, password) + " at "
                + url.replaceAll("//[^@/]*@", "//"), "Redis " + redisVersion(redisUrl) + " at " + redisUrl);
        return new BenchStores(url, username, password, redisUrl, description, new ArrayList<>());
    }

    private static String version(String url, String username, String password) {
        try (Connection c = DriverManager.getConnection(url, username, password);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1).split(" ")[0];
        } catch (SQLException e) {
            throw new IllegalArgumentException("cannot reach PostgreSQL at " + url + ": " + e.getMessage(), e);
        }
    }

    private static String redisVersion(String url) {
        try (Jedis redis = new Jedis(URI.create(url))) {
            return redis.info("server").lines().filter(l -> l.startsWith("redis_version:"))
                    .map(l -> l.substring("redis_version:".length()).trim()).findFirst().orElse("?");
        }
    }

    private static void delete(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot empty " + folder, e);
        }
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    public String redisUrl() {
        return redisUrl;
    }

    /** One line per store: what it is and where. */
    public List<String> description() {
        return description;
    }

    /** Opens a plain connection to the bench database. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, username, password);
    }

    @Override
    public void close() {
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                System.err.println("bench: could not stop a store: " + e.getMessage());
            }
        }
    }
}
