package io.punchcard.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a data folder, held while our server runs there. The operating system drops it when
 * the process dies however it dies, so it can tell a server left behind by a killed run (safe to stop) from
 * one that a live process still uses (never to be touched).
 */
final class FolderLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock on {@code lockFile}.
     *
     * @throws EmbeddedStoreException when a live process holds it
     */
    static FolderLock acquire(Path lockFile, String what) {
        try {
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new EmbeddedStoreException("The " + what + " data folder " + lockFile.getParent()
                        + " is in use by another running Punchcard: stop it, or choose another data.dir.");
            }
            return new FolderLock(channel, lock);
        } catch (IOException e) {
            throw new EmbeddedStoreException("Cannot lock " + lockFile + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // The lock goes with the process anyway; nothing to repair here.
        }
    }
}
