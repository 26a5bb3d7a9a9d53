package io.punchcard.console;

import java.time.Clock;
import java.util.List;

import io.helidon.config.Config;
import io.helidon.webserver.WebServer;

import io.punchcard.platform.Launcher;
import io.punchcard.platform.Lifecycle;
import io.punchcard.platform.PunchcardServer;

/**
 * Runs the console alone, against a core elsewhere ({@code console.yaml}; {@code CONSOLE_CORE_dash_URL},
 * {@code CONSOLE_API_dash_KEY}, {@code CONSOLE_COOKIE_dash_SECRET}, …).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Launcher.launch("console", () -> {
            Config config = PunchcardServer.configuration("console.yaml");
            ConsoleSettings settings = ConsoleSettings.from(config.get("console"));
            Lifecycle lifecycle = new Lifecycle().stopOnShutdown();
            Console console = lifecycle.add("console", Console.start(settings, Clock.systemUTC()));
            WebServer server = PunchcardServer.start(config, List.of(console), List.of());
            lifecycle.add("web server", server::stop);
            System.out.println("console is up against the core at " + settings.coreUri() + ": http://localhost:"
                    + server.port() + "/console/");
            System.out.println("  the first admin: './punchcard staff create-admin EMAIL NAME' against the core's "
                    + "database, then log in with that e-mail");
        });
    }
}
