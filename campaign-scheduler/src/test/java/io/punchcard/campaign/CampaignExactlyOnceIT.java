package io.punchcard.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;

import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.v1.Consent;
import io.punchcard.api.v1.EnrollMember;
import io.punchcard.campaign.engine.Actor;
import io.punchcard.campaign.engine.Action;
import io.punchcard.campaign.engine.CampaignSpec;
import io.punchcard.campaign.engine.Lifecycle;
import io.punchcard.campaign.engine.Limits;
import io.punchcard.campaign.engine.Trigger;
import io.punchcard.campaign.message.Channel;
import io.punchcard.campaign.store.PgCampaigns;
import io.punchcard.testsupport.Await;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.access.Scope;
import io.punchcard.platform.PunchcardServer;
import io.punchcard.platform.store.Postgres;
import io.punchcard.platform.store.PostgresSettings;
import io.punchcard.testsupport.TestPostgres;
import io.punchcard.testsupport.WithStores;

/**
 * A campaign over 10,000 members, carried out by two schedulers, each its own JVM ({@link Main}, as a chain runs
 * them), on one database. One is killed with {@code kill -9} in the middle of the run, and the core is down for a
 * while after that. What a member would notice: every treated member got their points, their voucher and their
 * message exactly once; no held-out member got anything; nothing was left undone.
 */
@WithStores(migrations = LoyaltyService.MIGRATIONS)
class CampaignExactlyOnceIT {

    private static final int MEMBERS = 10_000;
    private static final String CAMPAIGN = "exactly-once";
    /** A process that ended by SIGKILL: 128 + 9. */
    private static final int KILLED_BY_SIGKILL = 137;
    private static final Path LOGS = Path.of("target", "campaign-exactly-once");
    private static final ZoneId PROGRAM_ZONE = ZoneId.of("Europe/Berlin");

    private static TestPostgres database;
    private static LoyaltyService core;
    private static Postgres corePool;
    private static Postgres schedulerPool;
    private static WebServer coreServer;
    private static int corePort;
    private static String connectorKey;
    private static final List<Process> processes = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start(TestPostgres postgres) throws Exception {
        database = postgres;
        Files.createDirectories(LOGS);
        PostgresSettings db = new PostgresSettings(postgres.jdbcUrl(), postgres.username(), postgres.password(), 8);
        corePool = Postgres.open(db);
        core = new LoyaltyService(corePool.dbClient(), null, Clock.systemUTC());
        coreServer = PunchcardServer.start(serverConfig(0), List.of(core), List.of());
        corePort = coreServer.port();
        String adminKey = core.apiKeys().create("tests", Scope.ADMIN, null).token();
        connectorKey = core.apiKeys().create("scheduler", Scope.CONNECTOR, null).token();
        schedulerPool = Postgres.openSchema(db.withPoolSize(4), CampaignScheduler.SCHEMA, CampaignScheduler.MIGRATIONS);
        PunchcardClient admin = new PunchcardClient(PunchcardClient.Settings.of(coreUri(), adminKey));
        try (ExecutorService enrol = Executors.newFixedThreadPool(8)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(enrol.submit(() -> {
                    for (int i = thread; i < MEMBERS; i += 8) {
                        admin.enroll(new EnrollMember("Member" + i, "Tester", null, "member-" + i + "@example.com",
                                null, null, null, "en", null, "KIOSK", null, null,
                                Map.of("email", new Consent(true, "tests", null)), null));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (Process process : processes) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (coreServer != null) {
            coreServer.stop();
        }
        if (schedulerPool != null) {
            schedulerPool.close();
        }
        if (corePool != null) {
            corePool.close();
        }
    }

    @Test
    void aKillAndACoreOutageInTheMiddleOfARunLeaveEveryEffectDoneOnce() throws Exception {
        Process a = scheduler("A");
        Process b = scheduler("B");
        Await.value(() -> count("SELECT count(*) FROM scheduler.member_facts") == MEMBERS ? true : null,
                Duration.ofSeconds(90), "both followers' read model to hold every member");

        // A campaign run a few seconds from now: points, a voucher and an e-mail for each treated member.
        Instant runAt = Instant.now().plusSeconds(4);
        LocalDateTime local = LocalDateTime.ofInstant(runAt, PROGRAM_ZONE);
        CampaignSpec spec = new CampaignSpec("Exactly once", CampaignSpec.Family.REWARD, null, null,
                new Trigger.OnSchedule(local.toLocalDate(), local.toLocalTime().withNano(0), Trigger.Repeat.NONE, null),
                List.of(new Action.GrantPoints(10L, "exactly once"), new Action.IssueVoucher("FIVE-OFF"),
                        new Action.SendMessage("campaign-voucher", Channel.EMAIL)),
                Limits.NONE, 10, null, null, null);
        PgCampaigns campaigns = new PgCampaigns(schedulerPool.dbClient());
        campaigns.create(CAMPAIGN, spec, Actor.named("tests"), Instant.now());
        campaigns.move(CAMPAIGN, Lifecycle.Move.SCHEDULE, null, Actor.named("tests"), Instant.now());

        Await.value(() -> count("SELECT count(*) FROM scheduler.campaign_effect WHERE campaign = '" + CAMPAIGN
                + "' AND state = 'DONE'") >= 1_500 ? true : null, Duration.ofSeconds(90), "a part of the run done");
        a.destroyForcibly();
        assertTrue(a.waitFor(10, TimeUnit.SECONDS));
        assertEquals(KILLED_BY_SIGKILL, a.exitValue(), "destroyForcibly sent SIGKILL");

        // The core goes away for a while: B's batches wait and are asked again.
        coreServer.stop();
        Thread.sleep(4_000);
        coreServer = PunchcardServer.start(serverConfig(corePort), List.of(core), List.of());

        Await.value(() -> count("SELECT count(*) FROM scheduler.campaign_effect WHERE campaign = '" + CAMPAIGN
                        + "' AND state IN ('PLANNED', 'CLAIMED')") == 0 ? true : null, Duration.ofSeconds(150),
                "every effect settled");
        b.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        long treated = count("SELECT count(*) FROM scheduler.campaign_effect WHERE campaign = '" + CAMPAIGN
                + "' AND state = 'DONE'");
        long heldOut = count("SELECT count(*) FROM scheduler.campaign_effect WHERE campaign = '" + CAMPAIGN
                + "' AND state = 'HELD_OUT'");
        assertEquals(MEMBERS, treated + heldOut, "everyone planned once, treated or held out");
        assertTrue(heldOut > 800 && heldOut < 1_200, "about 10% held out: " + heldOut);
        assertEquals(0, count("SELECT count(*) FROM scheduler.campaign_effect WHERE campaign = '" + CAMPAIGN
                + "' AND state NOT IN ('DONE', 'HELD_OUT')"), "nothing failed, skipped or over budget");

        // In the core: one voucher and one grant of 10 points per treated member, none for the held out.
        assertEquals(treated, count("SELECT count(*) FROM public.voucher WHERE campaign = '" + CAMPAIGN + "'"));
        assertEquals(treated, count("SELECT count(DISTINCT member_id) FROM public.voucher WHERE campaign = '"
                + CAMPAIGN + "'"), "no member has two vouchers");
        assertEquals(treated, count("SELECT count(*) FROM public.points_entry WHERE campaign = '" + CAMPAIGN + "'"));
        assertEquals(treated * 10, count("SELECT coalesce(sum(points), 0) FROM public.points_entry WHERE campaign = '"
                + CAMPAIGN + "'"));
        assertEquals(0, count("SELECT count(*) FROM public.voucher v JOIN scheduler.campaign_effect e "
                + "ON e.member_id = v.member_id AND e.campaign = v.campaign WHERE v.campaign = '" + CAMPAIGN
                + "' AND e.state = 'HELD_OUT'"), "no held-out member got a voucher");
        // In the scheduler: one e-mail queued per treated member, naming the voucher it was issued.
        assertEquals(treated, count("SELECT count(*) FROM scheduler.message WHERE campaign = '" + CAMPAIGN + "'"));
        assertEquals(treated, count("SELECT count(DISTINCT member_id) FROM scheduler.message WHERE campaign = '"
                + CAMPAIGN + "'"));
        assertEquals(treated, count("SELECT count(*) FROM scheduler.message m JOIN scheduler.campaign_effect e "
                + "ON e.member_id = m.member_id AND e.campaign = m.campaign WHERE m.campaign = '" + CAMPAIGN
                + "' AND m.facts->>'voucherCode' = e.voucher_code"));
        // The budget counters agree with what was done.
        assertEquals(treated, count("SELECT spent_vouchers FROM scheduler.campaign WHERE id = '" + CAMPAIGN + "'"));
    }

    private static Process scheduler(String name) throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("server.port", "0");
        properties.put("server.host", "127.0.0.1");
        properties.put("db.url", database.jdbcUrl());
        properties.put("db.username", database.username());
        properties.put("db.password", database.password());
        properties.put("db.pool.size", "6");
        properties.put("scheduler.core-url", coreUri().toString());
        properties.put("scheduler.core-api-key", connectorKey);
        properties.put("messages.public-url", "http://127.0.0.1:1");
        properties.put("messages.welcome.enabled", "false");
        properties.put("messages.receipt.enabled", "false");
        properties.put("messages.core-retry-millis", "300");
        properties.put("messages.facts.poll-millis", "100");
        properties.put("messages.campaigns.batch", "100");
        properties.put("messages.campaigns.lease-seconds", "10");
        properties.put("messages.campaigns.idle-millis", "100");
        properties.put("messages.campaigns.tick-seconds", "1");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path")));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add(Main.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(LOGS.resolve(name + ".log").toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("DB_") || key.startsWith("SERVER_")
                || key.startsWith("SCHEDULER_") || key.startsWith("MESSAGES_"));
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private static Config serverConfig(int port) {
        return Config.just(ConfigSources.create(Map.of("server.port", Integer.toString(port),
                "server.host", "127.0.0.1")));
    }

    private static URI coreUri() {
        return URI.create("http://127.0.0.1:" + corePort);
    }

    private static long count(String sql) {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
             PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
