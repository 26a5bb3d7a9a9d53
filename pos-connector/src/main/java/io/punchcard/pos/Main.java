package io.punchcard.pos;

import java.time.Clock;
import java.util.List;

import io.helidon.config.Config;
import io.helidon.webserver.WebServer;

import io.punchcard.platform.Launcher;
import io.punchcard.platform.Lifecycle;
import io.punchcard.platform.PunchcardServer;
import io.punchcard.platform.StartupException;
import io.punchcard.pos.store.SqliteTerminals;

/**
 * Runs one store's connector alone, as a chain runs it in the store:
 * <pre>
 *   Main                      serve the tills (pos-connector.yaml; POS_STORE, POS_CORE_URL, POS_CORE_API_dash_KEY, …)
 *   Main till issue T2        give till T2 a token (a new one revokes the old), printed once
 *   Main till revoke T2       take till T2's token away
 *   Main till list            the tills with a token
 *   Main outbox rejected      what the core refused, waiting for a person
 *   Main outbox retry 12      entry 12 back on the queue, its cause mended
 * </pre>
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Launcher.launch("pos-connector", () -> {
            Config config = PunchcardServer.configuration("pos-connector.yaml");
            PosSettings settings = PosSettings.from(config.get("pos"));
            if (args.length > 0 && args[0].equals("outbox")) {
                io.punchcard.outbox.OutboxCommand.run(settings.dataFile(), List.of(args));
                return;
            }
            if (args.length > 0) {
                tills(settings, List.of(args));
                return;
            }
            Lifecycle lifecycle = new Lifecycle().stopOnShutdown();
            PosConnector pos = lifecycle.add("pos connector", PosConnector.start(settings, Clock.systemUTC()));
            WebServer server = PunchcardServer.start(config, List.of(pos), List.of());
            lifecycle.add("web server", server::stop);
            System.out.println("pos-connector for store " + settings.store() + " is up: http://localhost:"
                    + server.port() + "/pos/v1  (API: /pos/v1/openapi, health: /observe/health)");
            System.out.println("  core " + settings.coreUri() + ", data in " + settings.dataFile().toAbsolutePath());
            System.out.println("  program version " + pos.program().version() + " (read from the core): sales in "
                    + pos.program().currency() + ", local times in " + pos.program().zoneOf(settings.store()));
        });
    }

    /** {@code till issue|revoke <till>}, {@code till list}: the store's till tokens, in {@code settings}' file. */
    public static void tills(PosSettings settings, List<String> args) {
        try (SqliteTerminals terminals = SqliteTerminals.open(settings.dataFile())) {
            String verb = args.get(0).equals("till") && args.size() >= 2 ? args.get(1) : "";
            switch (args.size() == 3 || verb.equals("list") ? verb : "") {
                case "issue" -> System.out.println(terminals.issue(args.get(2)));
                case "revoke" -> System.out.println(terminals.revoke(args.get(2)) ? "revoked" : "no such till");
                case "list" -> terminals.list().forEach(System.out::println);
                default -> throw new StartupException("Use: till issue <till> | till revoke <till> | till list");
            }
        }
    }
}
