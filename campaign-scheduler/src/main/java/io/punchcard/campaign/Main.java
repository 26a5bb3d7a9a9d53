package io.punchcard.campaign;

import java.net.URI;
import java.time.Clock;
import java.util.List;

import io.helidon.config.Config;
import io.helidon.webserver.WebServer;

import io.punchcard.api.client.PunchcardClient;
import io.punchcard.campaign.store.FactsListener;
import io.punchcard.campaign.store.PgFacts;
import io.punchcard.platform.Launcher;
import io.punchcard.platform.Lifecycle;
import io.punchcard.platform.PunchcardServer;
import io.punchcard.platform.StartupException;
import io.punchcard.platform.store.Postgres;
import io.punchcard.platform.store.PostgresSettings;

/**
 * Runs the campaign scheduler alone, as a chain runs it behind its reverse proxy (campaign-scheduler.yaml;
 * {@code DB_URL}, {@code SCHEDULER_CORE_dash_URL}, {@code SCHEDULER_CORE_dash_API_dash_KEY}, …).
 */
public final class Main {

    private Main() {
    }

    /** {@code ./punchcard campaigns rebuild-facts}: empties the read model so the followers read the feed again. */
    public static final String REBUILD_FACTS = "rebuild-facts";

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(REBUILD_FACTS)) {
            rebuildFacts();
            return;
        }
        Launcher.launch("campaign-scheduler", () -> {
            Config config = PunchcardServer.configuration("campaign-scheduler.yaml");
            PostgresSettings db = database(config);
            String coreUrl = config.get("scheduler.core-url").asString().orElseThrow(() -> new StartupException(
                    "Set scheduler.core-url (SCHEDULER_CORE_dash_URL): the core's address, e.g. http://core:8080"));
            String key = config.get("scheduler.core-api-key").asString().orElseThrow(() -> new StartupException(
                    "Set scheduler.core-api-key (SCHEDULER_CORE_dash_API_dash_KEY): a CONNECTOR key of the core "
                            + "(./punchcard api-keys create scheduler CONNECTOR)."));
            Lifecycle lifecycle = new Lifecycle().stopOnShutdown();
            Postgres postgres = lifecycle.add("PostgreSQL pool", Postgres.openSchema(db, CampaignScheduler.SCHEMA,
                    CampaignScheduler.MIGRATIONS));
            int port = config.get("server.port").asInt().orElse(8083);
            SchedulerSettings settings = SchedulerSettings.from(config.get("messages"),
                    URI.create("http://localhost:" + port));
            CampaignScheduler scheduler = lifecycle.add("campaign scheduler",
                    CampaignScheduler.create(settings, postgres.dbClient(), Clock.systemUTC()));
            WebServer server = PunchcardServer.start(config, List.of(scheduler), List.of(postgres.healthCheck()));
            lifecycle.add("web server", server::stop);
            scheduler.start(new PunchcardClient(PunchcardClient.Settings.of(URI.create(coreUrl), key)));
            System.out.println("campaign-scheduler is up: http://localhost:" + server.port()
                    + "/scheduler/v1  (API: /scheduler/v1/openapi, health: /observe/health)");
            System.out.println("  core " + coreUrl + ", links to members at " + settings.publicUrl());
        });
    }

    /**
     * Empties the read model and sets its feed position to the start, in one transaction, on the database the
     * configuration names; running schedulers then read the feed again (no restart needed, none running is fine).
     */
    private static void rebuildFacts() {
        Launcher.launch("campaign-scheduler " + REBUILD_FACTS, () -> {
            Config config = PunchcardServer.configuration("campaign-scheduler.yaml");
            try (Postgres postgres = Postgres.openSchema(database(config).withPoolSize(2), CampaignScheduler.SCHEMA,
                    CampaignScheduler.MIGRATIONS)) {
                new PgFacts(postgres.dbClient(), Clock.systemUTC(), FactsListener.NONE).rebuild();
            }
            System.out.println("The read model is empty and its feed position at the start: every running scheduler "
                    + "reads the events feed again and fills it (GET /scheduler/v1/members/{id}/facts shows a member's).");
        });
    }

    private static PostgresSettings database(Config config) {
        return PostgresSettings.from(config.get("db")).orElseThrow(() -> new StartupException(
                "The scheduler keeps its messages in PostgreSQL: set db.url (DB_URL), db.username and db.password "
                        + "(the core's database will do: it uses a schema of its own, '" + CampaignScheduler.SCHEMA
                        + "')."));
    }
}
