package io.punchcard.outbox;

import java.io.PrintStream;
import java.util.List;

/**
 * What a person does with entries the core refused, from the connector's machine (the connector may be running):
 * <pre>
 *   outbox rejected        list them, newest first, with the core's reason
 *   outbox retry ID        put entry ID back on the queue, once its cause is mended
 * </pre>
 */
public final class OutboxCommand {

    /** How to call it. */
    public static final String USAGE = "Use: outbox rejected | outbox retry <id>";

    private OutboxCommand() {
    }

    /**
     * Runs {@code args} against the outbox in the connector's {@code file}, on standard output.
     *
     * @throws io.punchcard.platform.StartupException (one line, exit 2) when the arguments are not a command
     */
    public static void run(java.nio.file.Path file, List<String> args) {
        try (SqliteOutbox outbox = SqliteOutbox.open(file)) {
            run(outbox, args, System.out);
        } catch (IllegalArgumentException e) {
            throw new io.punchcard.platform.StartupException(e.getMessage());
        }
    }

    /**
     * Runs {@code args} ({@code outbox …}) against {@code outbox}, writing to {@code out}.
     *
     * @throws IllegalArgumentException when the arguments are not a command
     */
    public static void run(Outbox outbox, List<String> args, PrintStream out) {
        String verb = args.size() >= 2 && args.get(0).equals("outbox") ? args.get(1) : "";
        switch (verb) {
            case "rejected" -> {
                List<Outbox.Entry> rejected = outbox.rejected(1000);
                if (rejected.isEmpty()) {
                    out.println("Nothing was refused by the core.");
                }
                for (Outbox.Entry entry : rejected) {
                    out.println("#" + entry.id() + "  " + entry.at() + "  " + entry.stream() + "  " + entry.kind() + "  "
                            + entry.reference() + "\n    " + entry.outcome());
                }
            }
            case "retry" -> {
                long id;
                try {
                    id = args.size() == 3 ? Long.parseLong(args.get(2).replace("#", "")) : -1;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(USAGE);
                }
                if (id < 0) {
                    throw new IllegalArgumentException(USAGE);
                }
                out.println(outbox.retry(id) ? "#" + id + " is on the queue again; the connector sends it within a "
                        + "second when it runs." : "There is no refused entry #" + id + ".");
            }
            default -> throw new IllegalArgumentException(USAGE);
        }
    }
}
