package io.punchcard.embedded;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalServersIT {

    @TempDir
    Path folder;

    @Test
    void postgresKeepsItsDataAcrossARestart() throws SQLException {
        Path data = folder.resolve("postgres");
        try (LocalPostgres first = LocalPostgres.start(data, 0, LocalPostgres.Durability.DURABLE)) {
            execute(first, "CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)");
        }
        try (LocalPostgres second = LocalPostgres.start(data, 0, LocalPostgres.Durability.DURABLE)) {
            assertEquals(42, queryInt(second, "SELECT n FROM kept"));
        }
    }

    @Test
    void redisKeepsItsDataAcrossARestart() {
        Path data = folder.resolve("redis");
        try (LocalRedis first = LocalRedis.start(data, 0); Jedis jedis = new Jedis(first.url())) {
            jedis.set("kept", "yes");
        }
        try (LocalRedis second = LocalRedis.start(data, 0); Jedis jedis = new Jedis(second.url())) {
            assertEquals("yes", jedis.get("kept"));
        }
    }

    @Test
    void aRunKilledWithSigkillLeavesNothingThatBlocksTheNextStart() throws Exception {
        Path pgData = folder.resolve("postgres");
        Path redisData = folder.resolve("redis");
        Process holder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                HoldServers.class.getName(), pgData.toString(), redisData.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String ready = awaitReady(holder);
        String[] ports = ready.split(" ");
        try (Connection c = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + ports[1] + "/postgres", LocalPostgres.USER, "");
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE survived (n int); INSERT INTO survived VALUES (7)");
        }
        try (Jedis jedis = new Jedis("redis://127.0.0.1:" + ports[2])) {
            jedis.set("survived", "7");
        }

        holder.destroyForcibly();
        assertTrue(holder.waitFor(30, TimeUnit.SECONDS));

        try (LocalPostgres postgres = LocalPostgres.start(pgData, 0, LocalPostgres.Durability.DURABLE);
             LocalRedis redis = LocalRedis.start(redisData, 0);
             Jedis jedis = new Jedis(redis.url())) {
            assertEquals(7, queryInt(postgres, "SELECT n FROM survived"));
            assertEquals("7", jedis.get("survived"));
        }
    }

    private static String awaitReady(Process process) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("READY ")) {
                return line;
            }
        }
        throw new AssertionError("the holder process exited before its servers were ready (exit "
                + process.waitFor() + ")");
    }

    private static void execute(LocalPostgres server, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), LocalPostgres.USER, "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static int queryInt(LocalPostgres server, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl("postgres"), LocalPostgres.USER, "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getInt(1);
        }
    }
}
