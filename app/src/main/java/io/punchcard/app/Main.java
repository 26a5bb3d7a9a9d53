package io.punchcard.app;

import io.helidon.config.Config;

import io.punchcard.platform.Launcher;
import io.punchcard.platform.Lifecycle;

/**
 * {@code java -jar app/target/punchcard.jar}: the whole system in one process. {@code … till issue T2} (and
 * {@code till revoke T2}, {@code till list}) manage the demo store's till tokens instead.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0) {
            Launcher.launch("punchcard", () -> io.punchcard.pos.Main.tills(DemoStore.settings(Config.create()),
                    java.util.List.of(args)));
            return;
        }
        Launcher.launch("punchcard", () -> {
            // Hooked before anything starts: Ctrl-C during start-up stops what had started by then.
            Lifecycle lifecycle = new Lifecycle().stopOnShutdown();
            PunchcardApp app = PunchcardApp.start(Config.create(), lifecycle);
            app.banner().forEach(System.out::println);
        });
    }
}
