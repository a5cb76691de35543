package org.gpaction.common.database;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.gpaction.common.startup.StartupProblem;

/**
 * Holds the data directory for one running application, so that a second one started on the same
 * directory stops with a clear message instead of corrupting the embedded database.
 */
final class DataDirectoryLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DataDirectoryLock acquire(Path dataDir) {
        Path directory = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(directory);
        } catch (IOException | SecurityException e) {
            throw unwritable(directory, e);
        }
        if (!Files.isDirectory(directory) || !Files.isWritable(directory)) {
            throw unwritable(directory, null);
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(
                    directory.resolve("gpaction.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw unwritable(directory, e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            closeQuietly(channel);
            throw unwritable(directory, e);
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new StartupProblem(
                    "Another GP Action is already running on the data directory " + directory + ".",
                    "Stop the other GP Action, or set GPACTION_DATA_DIR to a different directory.");
        }
        return new DataDirectoryLock(channel, lock);
    }

    private static StartupProblem unwritable(Path directory, Exception cause) {
        return new StartupProblem(
                "The data directory " + directory + " cannot be created or written to.",
                "Set GPACTION_DATA_DIR to a directory this user can write to, or fix its permissions.",
                cause);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more can be done with a channel that will not close
        }
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
