package io.punchcard.kiosk;

import java.time.Clock;
import java.util.List;

import io.helidon.config.Config;
import io.helidon.webserver.WebServer;

import io.punchcard.platform.Launcher;
import io.punchcard.platform.Lifecycle;
import io.punchcard.platform.PunchcardServer;

/**
 * Runs the kiosk alone, against a core elsewhere ({@code kiosk-client.yaml}; {@code KIOSK_CORE_dash_URL},
 * {@code KIOSK_API_dash_KEY}, {@code KIOSK_PAIRING_dash_SECRET}, …). Prints the pairing link to open once on each
 * screen.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Launcher.launch("kiosk-client", () -> {
            Config config = PunchcardServer.configuration("kiosk-client.yaml");
            KioskSettings settings = KioskSettings.from(config.get("kiosk"));
            Lifecycle lifecycle = new Lifecycle().stopOnShutdown();
            Kiosk kiosk = lifecycle.add("kiosk", Kiosk.start(settings, Clock.systemUTC()));
            WebServer server = PunchcardServer.start(config, List.of(kiosk), List.of());
            lifecycle.add("web server", server::stop);
            System.out.println("kiosk-client is up against the core at " + settings.coreUri() + ": http://localhost:"
                    + server.port() + "/kiosk/");
            System.out.println("  pair a screen once: http://localhost:" + server.port() + "/kiosk/pair?code="
                    + settings.pairingSecret());
            System.out.println("  sign-in by phone: " + (settings.schedulerUri() == null ? "off (no kiosk.scheduler-url)"
                    : "through " + settings.schedulerUri()));
        });
    }
}
