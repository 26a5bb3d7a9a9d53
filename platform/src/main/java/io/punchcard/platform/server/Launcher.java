package io.punchcard.platform.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.logging.LogManager;

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
        } catch (Exception e) {
            System.err.println(serverName + " cannot start, unexpectedly:");
            e.printStackTrace();
            System.exit(1);
        }
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
