package io.punchcard.platform;

import java.io.IOException;
import java.io.InputStream;
import java.util.logging.LogManager;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.helidon.config.ConfigException;

/**
 * Runs a server's start-up so that a configuration mistake ends the process with one clear line and exit
 * code 2, not a wall of stack trace. Unexpected failures still print their trace: those are ours to fix.
 */
public final class Launcher {

    private Launcher() {
    }

    /** Something that starts a server and returns once it is serving. */
    @FunctionalInterface
    public interface Start {
        void run() throws Exception;
    }

    /** Loads the JUL configuration on the class path ({@code logging.properties}) and runs {@code start}. */
    public static void launch(String serverName, Start start) {
        configureLogging();
        try {
            start.run();
        } catch (StartupException e) {
            System.err.println(serverName + " cannot start: " + e.getMessage());
            System.exit(2);
        } catch (ConfigException e) {
            System.err.println(serverName + " cannot start: " + describe(e));
            System.exit(2);
        } catch (Exception e) {
            System.err.println(serverName + " cannot start, unexpectedly:");
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static final Pattern MAPPING = Pattern.compile("Mapping of value '(.*)' stored under key '(.*?)' has failed.*",
            Pattern.DOTALL);

    /** Helidon's words for a value of the wrong kind name its mapper class; say it as a person would. */
    static String describe(ConfigException e) {
        Matcher m = MAPPING.matcher(String.valueOf(e.getMessage()));
        if (m.matches()) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            String expected = cause instanceof NumberFormatException ? "a whole number" : "a value of another kind";
            return m.group(2) + " is '" + m.group(1) + "', where " + expected + " belongs: correct it in the "
                    + "configuration or the environment (" + m.group(2).toUpperCase(java.util.Locale.ROOT)
                    .replace('.', '_').replace("-", "_dash_") + ").";
        }
        return "a configuration value is invalid: " + StartupException.rootMessage(e);
    }

    private static void configureLogging() {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        try (InputStream in = Launcher.class.getResourceAsStream("/logging.properties")) {
            if (in != null) {
                LogManager.getLogManager().readConfiguration(in);
            }
        } catch (IOException e) {
            System.err.println("Could not read logging.properties: " + e.getMessage());
        }
    }
}
