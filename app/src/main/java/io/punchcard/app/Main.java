package io.punchcard.app;

import io.helidon.config.Config;

import io.punchcard.platform.server.Launcher;

/** {@code java -jar app/target/punchcard.jar}: the whole system in one process. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Launcher.launch("punchcard", () -> {
            PunchcardApp app = PunchcardApp.start(Config.create());
            Runtime.getRuntime().addShutdownHook(new Thread(app::close, "punchcard-shutdown"));
            app.banner().forEach(System.out::println);
        });
    }
}
