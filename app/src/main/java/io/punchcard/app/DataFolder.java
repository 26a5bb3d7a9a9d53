package io.punchcard.app;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import io.punchcard.platform.StartupException;

/** The folder where the embedded servers keep their data ({@code data.dir}, default {@code ./data}). */
final class DataFolder {

    private DataFolder() {
    }

    /**
     * Creates the folder if needed and proves it writable by writing a file there.
     *
     * @throws StartupException naming {@code data.dir} when it cannot be used
     */
    static Path open(String configured) {
        Path folder = Path.of(configured).toAbsolutePath().normalize();
        try {
            Files.createDirectories(folder);
            Path probe = Files.createTempFile(folder, ".write-check-", "");
            Files.delete(probe);
            return folder;
        } catch (IOException e) {
            throw new StartupException("The data folder " + folder + " is not writable (" + reason(e)
                    + "): choose another with data.dir (DATA_DIR), or fix its permissions.", e);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof FileAlreadyExistsException exists) {
            return "a file is in the way at " + exists.getFile();
        }
        if (e instanceof AccessDeniedException denied) {
            return "permission denied at " + denied.getFile();
        }
        if (e instanceof NoSuchFileException missing) {
            return "cannot create " + missing.getFile();
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason().toLowerCase(java.util.Locale.ROOT) + " at " + fs.getFile();
        }
        return e.getMessage();
    }
}
