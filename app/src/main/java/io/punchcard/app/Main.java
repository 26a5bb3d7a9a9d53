package io.punchcard.app;

import io.helidon.config.Config;

import io.punchcard.platform.Launcher;
import io.punchcard.platform.Lifecycle;

/** {@code java -jar app/target/punchcard.jar}: the whole system in one process. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Launcher.launch("punchcard", () -> {
            // Hooked before anything starts: Ctrl-C during start-up stops what had started by then.
            Lifecycle lifecycle = new Lifecycle().stopOnShutdown();
            PunchcardApp app = PunchcardApp.start(Config.create(), lifecycle);
            app.banner().forEach(System.out::println);
        });
    }
}
