package org.gpaction.common;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only the user running GP Action may open: the data directory holds the database and its password, and
 * written mail holds the single-use links people are sent. On file systems without POSIX permissions this does
 * nothing to permissions.
 */
public final class OwnerOnly {

    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private OwnerOnly() {}

    /** Creates the directory (and any missing parents) if need be, and makes it the owner's only. */
    public static Path directory(Path directory) throws IOException {
        Files.createDirectories(directory);
        restrict(directory, DIRECTORY);
        return directory;
    }

    /** Makes an existing file the owner's only. */
    public static void file(Path file) throws IOException {
        restrict(file, FILE);
    }

    /** For creating a file that is the owner's only from its first byte. */
    public static FileAttribute<?>[] fileAttributes() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }

    /**
     * Writes {@code file} whole or not at all: to a new file beside it that is the owner's only from its first byte,
     * then moved in place of any file of that name, so nobody reads it half written and nothing is written through a
     * file or link someone else left there. Its folder is made the owner's only first. The new file is named {@code
     * partPrefix}…{@code partSuffix}, for whoever lists the folder to tell it from the files written; it is deleted if
     * the writing fails, which is thrown on as it was.
     *
     * <p>The new file's bytes are on disk before it is moved, and the move is on disk (the folder synced) before this
     * returns: otherwise a machine that stops soon after could come back with the name on a file cut short or empty (a
     * kept ballot record served so), or without a move that was reported done. That is two syncs a file, which small
     * files written once each (a setup link, a ballot's record, a demonstration's mail) can afford. Where a folder
     * cannot be opened to be synced (Windows refuses it), the move is left to the file system.
     */
    public static <E extends Exception> void writeWhole(
            Path file, String partPrefix, String partSuffix, Contents<E> contents) throws IOException, E {
        Path folder = directory(file.getParent());
        Path part = Files.createTempFile(folder, partPrefix, partSuffix, fileAttributes());
        try {
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel));
                contents.writeTo(new KeptOpen(out));
                out.flush();
                channel.force(true);
            }
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncFolder(folder);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** A folder's entries on disk, as a file's bytes are by forcing it: on POSIX systems a folder opens to be read. */
    private static void syncFolder(Path folder) throws IOException {
        if (POSIX) {
            try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
                channel.force(true);
            }
        }
    }

    /**
     * The stream {@link #writeWhole} hands its writer: closing it (as a zip or mail writer closes what it wraps) only
     * flushes, so the file is still open to be forced to disk after.
     */
    private static final class KeptOpen extends OutputStream {
        private final OutputStream out;

        KeptOpen(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int from, int length) throws IOException {
            out.write(bytes, from, length);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    /** What a file written by {@link #writeWhole} holds, written to its stream (which may be closed by the writer). */
    @FunctionalInterface
    public interface Contents<E extends Exception> {
        void writeTo(OutputStream out) throws IOException, E;
    }

    private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (POSIX && !Files.getPosixFilePermissions(path).equals(permissions)) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }
}
