package io.punchcard.app;

import io.helidon.config.Config;

import io.punchcard.platform.Launcher;
import io.punchcard.platform.Lifecycle;

/**
 * {@code java -jar app/target/punchcard.jar}: the whole system in one process. {@code … till issue T2} (and
 * {@code till revoke T2}, {@code till list}) manage the demo store's till tokens instead; {@code … outbox pos
 * rejected} (or {@code storefront}) lists what the core refused from that connector, and {@code … outbox pos retry
 * 12} puts entry 12 back on its queue. {@code … --demo} starts the whole system and, when the core has no members,
 * loads a year of made-up history into it ({@link DemoLoader}).
 */
public final class Main {

    private Main() {
    }

    /** {@code outbox pos|storefront rejected|retry <id>}: the connector's file is the one the app gives it. */
    private static void outbox(java.util.List<String> args) {
        Config config = Config.create();
        String connector = args.size() > 1 ? args.get(1) : "";
        java.nio.file.Path file = switch (connector) {
            case "pos" -> DemoStore.settings(config).dataFile();
            case "storefront" -> OnlineShops.dataFile(config);
            default -> throw new io.punchcard.platform.StartupException(
                    "Use: outbox pos|storefront rejected | outbox pos|storefront retry <id>");
        };
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add("outbox");
        command.addAll(args.subList(2, args.size()));
        io.punchcard.outbox.OutboxCommand.run(file, command);
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("outbox")) {
            Launcher.launch("punchcard", () -> outbox(java.util.List.of(args)));
            return;
        }
        boolean demo = args.length > 0 && args[0].equals("--demo");
        if (args.length > 0 && !demo) {
            Launcher.launch("punchcard", () -> io.punchcard.pos.Main.tills(DemoStore.settings(Config.create()),
                    java.util.List.of(args)));
            return;
        }
        Launcher.launch("punchcard", () -> {
            // Hooked before anything starts: Ctrl-C during start-up stops what had started by then.
            Lifecycle lifecycle = new Lifecycle().stopOnShutdown();
            PunchcardApp app = PunchcardApp.start(Config.create(), lifecycle, demo);
            app.banner().forEach(System.out::println);
        });
    }
}
