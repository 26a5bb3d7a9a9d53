package io.punchcard.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Stops a server left running by a previous run that died without stopping it (kill -9, power cut of the
 * JVM only), found through the pid file that server keeps in its data folder. Without this, the next start
 * finds the data folder locked and the port taken.
 */
final class StaleProcess {

    private static final System.Logger LOG = System.getLogger(StaleProcess.class.getName());

    private StaleProcess() {
    }

    /**
     * If {@code pidFile} names a live process whose command contains {@code commandFragment}, stops it
     * (SIGTERM, then SIGKILL after {@code graceSeconds}) and waits for it to exit.
     */
    static void stopIfRunning(Path pidFile, String commandFragment, long graceSeconds) {
        readPid(pidFile)
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().map(c -> c.contains(commandFragment)).orElse(false))
                .ifPresent(process -> stop(process, graceSeconds));
    }

    private static void stop(ProcessHandle process, long graceSeconds) {
        LOG.log(System.Logger.Level.WARNING, "Stopping " + process.info().command().orElse("?") + " (pid "
                + process.pid() + ") left running by an earlier run");
        process.destroy();
        try {
            process.onExit().get(graceSeconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            process.onExit().join();
        }
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
