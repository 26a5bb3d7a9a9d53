package io.punchcard.pos.poslog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import io.punchcard.api.Json;

/**
 * Imports POSLog files dropped into a folder, oldest name first. A file is taken once it has not changed for two
 * seconds (a till's export still being written is left alone; writing it under another name and renaming it to
 * {@code .xml} is better still), imported, and moved to {@code imported/} with its report beside it as
 * {@code <name>.report.json}; a file that cannot be opened goes to {@code failed/}. Importing again is harmless,
 * so a crash between the import and the move only repeats work. Files dropped into the {@code history/}
 * subfolder are days before the store joined Punchcard: imported as history (any age, no points) and filed in
 * {@code history/imported/} and {@code history/failed/}.
 */
public final class PoslogDropFolder implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PoslogDropFolder.class.getName());
    private static final Duration SETTLED = Duration.ofSeconds(2);
    private static final Duration SCAN = Duration.ofSeconds(2);

    private final Path folder;
    private final PoslogImport importer;
    private final Runnable imported;
    private final Thread thread;
    private volatile boolean running = true;

    private PoslogDropFolder(Path folder, PoslogImport importer, Runnable imported) {
        this.folder = folder;
        this.importer = importer;
        this.imported = imported;
        this.thread = Thread.ofPlatform().name("poslog-drop-folder").daemon(true).unstarted(this::run);
    }

    /**
     * Watches {@code folder} (created when missing); {@code imported} runs after each file, to send what it
     * queued without waiting.
     */
    public static PoslogDropFolder watch(Path folder, PoslogImport importer, Runnable imported) {
        try {
            for (Path each : List.of(folder, folder.resolve(HISTORY))) {
                Files.createDirectories(each.resolve("imported"));
                Files.createDirectories(each.resolve("failed"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot use the POSLog drop folder " + folder, e);
        }
        PoslogDropFolder watcher = new PoslogDropFolder(folder, importer, imported);
        watcher.thread.start();
        return watcher;
    }

    /** The subfolder whose files are imported as history. */
    static final String HISTORY = "history";

    /** Imports every settled file now, today's then the past's; returns how many were taken. */
    public int scan() {
        return scan(folder, PoslogImport.Mode.LIVE) + scan(folder.resolve(HISTORY), PoslogImport.Mode.HISTORY);
    }

    private int scan(Path inbox, PoslogImport.Mode mode) {
        List<Path> files;
        try (Stream<Path> listed = Files.list(inbox)) {
            files = listed.filter(f -> f.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".xml"))
                    .filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot list the POSLog drop folder " + inbox + ": " + e.getMessage());
            return 0;
        }
        int taken = 0;
        for (Path file : files) {
            try {
                // The file system's clock, not the business one: a file is settled when the disk says so.
                if (Files.getLastModifiedTime(file).toInstant().isAfter(Instant.now().minus(SETTLED))) {
                    continue;
                }
                take(inbox, file, mode);
                taken++;
            } catch (IOException | RuntimeException | StackOverflowError e) {
                // One bad file must not hold up the ones after it, now or at the next scan.
                LOG.log(System.Logger.Level.ERROR, "POSLog file " + file + " cannot be imported: " + e);
                move(file, inbox.resolve("failed"));
            }
        }
        return taken;
    }

    private void take(Path inbox, Path file, PoslogImport.Mode mode) throws IOException {
        String name = file.getFileName().toString();
        PoslogImport.Report report;
        try (InputStream in = Files.newInputStream(file)) {
            report = importer.run(in, name, mode);
        }
        Path done = inbox.resolve("imported");
        String archived = archivedName(name, done);
        Files.writeString(done.resolve(archived + ".report.json"), Json.mapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(report));
        Files.move(file, done.resolve(archived));
        LOG.log(System.Logger.Level.INFO, "Imported POSLog " + name + (report.history() ? " as history" : "") + ": "
                + report.read() + " read, " + report.imported() + " imported, " + report.duplicates() + " duplicates, " + report.ignored() + " ignored, " + report.returnsLeftOut() + " returns left out, "
                + report.rejected() + " rejected");
        imported.run();
    }

    /**
     * The file's name in {@code to}, or — when a file of that name is there already (a POS that writes
     * {@code poslog.xml} every day) — the name with a number added, so no earlier file or report is overwritten.
     */
    static String archivedName(String name, Path to) {
        int dot = name.lastIndexOf('.');
        String base = dot < 0 ? name : name.substring(0, dot);
        String extension = dot < 0 ? "" : name.substring(dot);
        String candidate = name;
        for (int n = 2; Files.exists(to.resolve(candidate)) || Files.exists(to.resolve(candidate + ".report.json")); n++) {
            candidate = base + "-" + n + extension;
        }
        return candidate;
    }

    private static void move(Path file, Path to) {
        try {
            Files.move(file, to.resolve(archivedName(file.getFileName().toString(), to)));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "Cannot move " + file + " to " + to + ": " + e.getMessage());
        }
    }

    private void run() {
        while (running) {
            try {
                scan();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "POSLog import failed; trying again", e);
            }
            synchronized (this) {
                try {
                    if (running) {
                        wait(SCAN.toMillis());
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        // Not interrupted: an import under way finishes (an interrupt would close its file mid-read).
        synchronized (this) {
            running = false;
            notifyAll();
        }
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
