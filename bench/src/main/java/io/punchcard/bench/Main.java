package io.punchcard.bench;

/** {@code scripts/bench}: runs the bench and prints the report; exit 2 for bad options, 3 when an invariant broke. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (java.util.Arrays.asList(args).contains("--help")) {
            System.out.println(Options.USAGE);
            return;
        }
        // The report is the output; the servers' start-up chatter is not.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        Bench.Outcome outcome;
        try {
            outcome = Bench.run(options, System.out::println);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println();
        System.out.println(outcome.report().markdown());
        System.out.println("Written to " + options.out().toAbsolutePath().normalize());
        System.exit(outcome.invariantsHold() ? 0 : 3);
    }
}
