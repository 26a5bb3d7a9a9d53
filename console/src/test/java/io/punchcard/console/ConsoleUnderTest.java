package io.punchcard.console;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.webserver.WebServer;

import io.punchcard.api.client.PunchcardClient;
import io.punchcard.api.v1.NewStaff;
import io.punchcard.api.v1.StaffDetails;
import io.punchcard.campaign.CampaignScheduler;
import io.punchcard.campaign.SchedulerSettings;
import io.punchcard.loyalty.LoyaltyService;
import io.punchcard.loyalty.StaffCli;
import io.punchcard.loyalty.access.Scope;
import io.punchcard.platform.PunchcardServer;
import io.punchcard.platform.ServerModule;
import io.punchcard.platform.store.Postgres;
import io.punchcard.platform.store.PostgresSettings;
import io.punchcard.testsupport.TestPostgres;

/**
 * A real core and the console run alone against it, as a chain runs them: two servers, the console holding a CONSOLE
 * key. One per test class; staff are made through the core (the command line's first admin, the API's others).
 */
final class ConsoleUnderTest implements AutoCloseable {

    static final String SECRET = "console-tests-cookie-secret";

    private final Postgres pool;
    private final LoyaltyService core;
    private final WebServer coreServer;
    private final Console console;
    private final WebServer consoleServer;
    private final PunchcardClient admin;

    /** The campaign scheduler and its pool, when started beside the core; else closes nothing. */
    private AutoCloseable scheduler = () -> { };

    private ConsoleUnderTest(Postgres pool, LoyaltyService core, WebServer coreServer, Console console,
                             WebServer consoleServer, PunchcardClient admin) {
        this.pool = pool;
        this.core = core;
        this.coreServer = coreServer;
        this.console = console;
        this.consoleServer = consoleServer;
        this.admin = admin;
    }

    static ConsoleUnderTest start(TestPostgres database, Clock clock) {
        return start(database, clock, false);
    }

    /**
     * With {@code withScheduler}, a campaign scheduler (its own schema) is served beside the core on the same server,
     * as the all-in-one app serves it, so the console finds it at the core's address. It sends nothing: no mail server
     * or SMS gateway is configured, so its messages wait in its queue.
     */
    static ConsoleUnderTest start(TestPostgres database, Clock clock, boolean withScheduler) {
        PostgresSettings db = new PostgresSettings(database.jdbcUrl(), database.username(), database.password(), 4);
        Postgres pool = Postgres.open(db);
        LoyaltyService core = new LoyaltyService(pool.dbClient(), null, clock);
        Postgres schedulerPool = withScheduler ? Postgres.openSchema(db, CampaignScheduler.SCHEMA,
                CampaignScheduler.MIGRATIONS) : null;
        CampaignScheduler scheduler = withScheduler ? CampaignScheduler.create(SchedulerSettings.from(
                Config.empty(), URI.create("http://127.0.0.1:1")), schedulerPool.dbClient(), clock) : null;
        WebServer coreServer = withScheduler ? serve(core, scheduler) : serve(core);
        URI coreUri = URI.create("http://127.0.0.1:" + coreServer.port());
        PunchcardClient admin = new PunchcardClient(PunchcardClient.Settings.of(coreUri,
                core.apiKeys().create("tests", Scope.ADMIN, null).token()));
        if (withScheduler) {
            scheduler.start(new PunchcardClient(PunchcardClient.Settings.of(coreUri,
                    core.apiKeys().create("scheduler", Scope.CONNECTOR, null).token())));
        }
        // Exports in pages of two, so a few rows already take several of the core's pages.
        Console console = Console.start(new ConsoleSettings(coreUri, core.apiKeys().create("console", Scope.CONSOLE,
                null).token(), SECRET, 2), clock);
        ConsoleUnderTest started = new ConsoleUnderTest(pool, core, coreServer, console, serve(console), admin);
        if (withScheduler) {
            started.scheduler = () -> {
                scheduler.close();
                schedulerPool.close();
            };
        }
        return started;
    }

    private static WebServer serve(ServerModule... modules) {
        return PunchcardServer.start(Config.just(ConfigSources.create(Map.of("server.port", "0",
                "server.host", "127.0.0.1"))), List.of(modules), List.of());
    }

    /** The console's address, e.g. {@code http://127.0.0.1:41234}. */
    String base() {
        return "http://127.0.0.1:" + consoleServer.port();
    }

    Agent agent() {
        return new Agent(base());
    }

    /** An agent logged in as {@code email}, whose password need not change. */
    Agent loggedIn(String email, String password) throws Exception {
        Agent agent = agent();
        java.net.http.HttpResponse<String> in = agent.logIn(email, password);
        org.junit.jupiter.api.Assertions.assertEquals(303, in.statusCode(), in.body());
        return agent;
    }

    /** An account made at the command line's level, which need not change {@code password}. */
    void account(String email, String name, io.punchcard.loyalty.access.StaffRole role, List<String> stores,
                 String password) {
        org.junit.jupiter.api.Assertions.assertTrue(core.staffAccounts().create(
                io.punchcard.loyalty.access.Actor.CLI, new io.punchcard.loyalty.access.StaffAccounts.NewAccount(email,
                        name, role, stores, password), false) instanceof io.punchcard.loyalty.access.StaffAccounts.Done);
    }

    /** The core with an ADMIN key. */
    PunchcardClient admin() {
        return admin;
    }

    LoyaltyService core() {
        return core;
    }

    /** The first admin, as {@code ./punchcard staff create-admin} makes them. */
    void createAdmin(String email, String name, String password) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StaffCli.run(new String[] {"create-admin", email, name}, core.staffAccounts(), () -> password,
                new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    /** An account made through the core's API, which must change {@code password} at the first login. */
    StaffDetails createStaff(String email, String name, String role, List<String> stores, String password) {
        return admin.createStaff(new NewStaff(email, name, role, stores, password));
    }

    @Override
    public void close() {
        consoleServer.stop();
        console.close();
        coreServer.stop();
        try {
            scheduler.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        pool.close();
    }
}
