package io.punchcard.loyalty;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

import io.punchcard.loyalty.access.Actor;
import io.punchcard.loyalty.access.Passwords;
import io.punchcard.loyalty.access.StaffAccounts;
import io.punchcard.loyalty.access.StaffRole;
import io.punchcard.loyalty.access.StaffRules;
import io.punchcard.loyalty.store.Jdbc;
import io.punchcard.loyalty.store.PgStaff;
import io.punchcard.platform.Launcher;
import io.punchcard.platform.StartupException;
import io.punchcard.platform.store.Postgres;

/**
 * Creates the first admin of the manager console straight in the database named by {@code db.url} (or {@code
 * DB_URL}); there is no default account or password:
 * <pre>
 *   ./punchcard staff create-admin EMAIL NAME
 * </pre>
 * The password is read from the terminal twice without echo, or as one line from standard input when it is a
 * pipe ({@code printf '%s\n' "$PW" | ./punchcard staff create-admin …}); it is never an argument, which other
 * users of the machine could read in the process list.
 */
public final class StaffCli {

    private static final String USAGE = "usage: ./punchcard staff create-admin EMAIL NAME";

    private StaffCli() {
    }

    /** Where the password comes from. */
    public interface PasswordSource {
        /** The password typed or piped; throws a {@link StartupException} when none was given. */
        String read();
    }

    public static void main(String[] args) {
        Launcher.launch("staff", () -> {
            try (Postgres postgres = CoreDatabase.open("the staff accounts")) {
                Clock clock = Clock.systemUTC();
                StaffAccounts accounts = new StaffAccounts(new PgStaff(new Jdbc(postgres.dbClient()), clock),
                        new Passwords(), LoyaltyService.STAFF_SESSIONS, clock);
                run(args, accounts, StaffCli::fromTerminalOrPipe, System.out);
            }
        });
    }

    /** Runs the command {@code args} on {@code accounts}, reading the password from {@code password}. */
    public static void run(String[] args, StaffAccounts accounts, PasswordSource password, PrintStream out) {
        if (args.length != 3 || !args[0].equals("create-admin")) {
            throw new StartupException(USAGE);
        }
        String email = args[1];
        if (!StaffRules.plausibleEmail(email)) {
            throw new StartupException("'" + email + "' is not an e-mail address");
        }
        switch (accounts.create(Actor.CLI, new StaffAccounts.NewAccount(email, args[2], StaffRole.ADMIN, List.of(),
                password.read()), false)) {
            case StaffAccounts.Done done -> out.println("created admin " + done.staff().email() + " ("
                    + done.staff().id() + ")");
            case StaffAccounts.Invalid invalid -> throw new StartupException(invalid.field() + ": " + invalid.detail());
            case StaffAccounts.Conflict conflict -> throw new StartupException(conflict.detail());
            case StaffAccounts.NotFound notFound -> throw new IllegalStateException("a creation finds no account");
        }
    }

    /**
     * Whether the console is a terminal. From JDK 22 {@link System#console()} is not null for a pipe either, and
     * {@code Console.isTerminal()} (22+) tells; the build targets 21, where a console is always a terminal.
     */
    private static boolean isTerminal(Console console) {
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** Twice without echo on a terminal, so a typo is caught; one line from a pipe. */
    private static String fromTerminalOrPipe() {
        Console console = System.console();
        if (console != null && isTerminal(console)) {
            char[] first = console.readPassword("Password (at least %d characters): ", StaffRules.MIN_PASSWORD);
            char[] again = console.readPassword("Password again: ");
            if (first == null || again == null) {
                throw new StartupException("no password given");
            }
            try {
                if (!Arrays.equals(first, again)) {
                    throw new StartupException("the two passwords differ");
                }
                return new String(first);
            } finally {
                Arrays.fill(first, ' ');
                Arrays.fill(again, ' ');
            }
        }
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new StartupException("no password on standard input");
            }
            return line;
        } catch (IOException e) {
            throw new StartupException("cannot read the password: " + e.getMessage());
        }
    }
}
