package org.gpaction.common.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.gpaction.common.GpActionProperties;
import org.gpaction.common.OwnerOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Uploads written to files of their own, under the data directory's {@code uploads} folder, as they arrive: an import
 * that reads its file inside its transaction (the membership and insights imports) copies it here first, so a client
 * sending slowly keeps no database connection, nor any import lock, waiting for its body. Each copy is its owner's
 * only, as a membership file names people, and is deleted when its import ends; one left by a server stopped meanwhile
 * is deleted a day or more later, at the next start or by the sweep every six hours, never by another upload.
 */
@Component
public class UploadCopies {

    private static final Logger log = LoggerFactory.getLogger(UploadCopies.class);
    private static final Duration ABANDONED_AFTER = Duration.ofDays(1);

    private final Path folder;
    private final long minFreeSpace;
    /** What the copies under way may still write: space the disk shows as free, but which they may take. */
    private final AtomicLong reserved = new AtomicLong();

    UploadCopies(GpActionProperties app, UploadSpace space) {
        this.folder = app.dataDir().resolve("uploads");
        this.minFreeSpace = space.minFreeSpace().toBytes();
    }

    /**
     * Copies the content until it ends or has gone one byte past {@code maxBytes}: a file too large is then refused
     * by the reading that counts its bytes, as it would have been from the request, with no more of it on disk. A
     * file that could leave the disk less free than {@link UploadSpace#minFreeSpace()}, once the copies under way have
     * written all they may, is refused first, unread: it may write its {@code declaredLength}, or if the client did not
     * say (-1), as much as {@code maxBytes} lets it. What it may still write is held back from every other upload until
     * it has written it, or has ended.
     */
    public Copy copy(InputStream content, long declaredLength, long maxBytes) {
        long most = maxBytes == Long.MAX_VALUE ? maxBytes : maxBytes + 1;
        long unwritten = declaredLength < 0 ? most : declaredLength;
        try {
            OwnerOnly.directory(folder);
            reserve(unwritten, declaredLength);
            try {
                Path file = Files.createTempFile(folder, "upload-", ".csv", OwnerOnly.fileAttributes());
                try (OutputStream out = Files.newOutputStream(file)) {
                    byte[] buffer = new byte[64 * 1024];
                    long left = most;
                    int read;
                    while (left > 0 && (read = content.read(buffer, 0, (int) Math.min(buffer.length, left))) != -1) {
                        out.write(buffer, 0, read);
                        left -= read;
                        // Written, it shows on the disk as no longer free, so it is held back no more.
                        long landed = Math.min(read, unwritten);
                        reserved.addAndGet(-landed);
                        unwritten -= landed;
                    }
                } catch (IOException | RuntimeException e) {
                    Files.deleteIfExists(file);
                    throw e;
                }
                return new Copy(file);
            } finally {
                reserved.addAndGet(-unwritten);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not copy the upload to " + folder, e);
        }
    }

    /**
     * Refuses, as {@link #copy} would now, an upload that may write {@code bytes}: for one read whole before its import
     * copies it (a page's multipart form, which the container parses first), so that it is refused before it is read.
     * Nothing is held back: its copy checks again.
     */
    public void refuseIfNoRoomFor(long bytes) {
        try {
            OwnerOnly.directory(folder);
            long room = room();
            long held = reserved.get();
            if (bytes > room - held) {
                throw refusal(bytes, "its announced length", room, held);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the space free in " + folder, e);
        }
    }

    /** Holds back {@code bytes} for a copy, if the disk keeps its floor free once every copy under way has written. */
    private void reserve(long bytes, long declaredLength) throws IOException {
        long room = room();
        while (true) {
            long held = reserved.get();
            if (bytes > room - held) {
                throw refusal(
                        bytes,
                        declaredLength < 0 ? "its limit, as it announced no length" : "its announced length",
                        room,
                        held);
            }
            if (reserved.compareAndSet(held, held + bytes)) {
                return;
            }
        }
    }

    /** The space free on the disk over its floor, before what the copies under way may still write. */
    private long room() throws IOException {
        return Files.getFileStore(folder).getUsableSpace() - minFreeSpace;
    }

    private UploadsFolderFull refusal(long bytes, String most, long room, long held) {
        log.warn(
                "Refused an upload that may write {} bytes ({}): {} has {} bytes free over the {} it must keep free,"
                        + " and the uploads under way may still write {}",
                bytes,
                most,
                folder,
                room,
                minFreeSpace,
                held);
        return new UploadsFolderFull();
    }

    /**
     * Deletes the copies nothing has written to for {@link #ABANDONED_AFTER}, left by a server stopped while it
     * imported them: no import takes that long to read its own. At start-up and every six hours after, so an upload
     * writes only its own copy. Their age is by the file system's clock, which stamps them, not the application's.
     */
    @Scheduled(fixedDelayString = "PT6H", initialDelayString = "PT0S")
    public void removeAbandoned() {
        if (!Files.isDirectory(folder)) {
            return;
        }
        FileTime before = FileTime.from(Instant.now().minus(ABANDONED_AFTER));
        try (DirectoryStream<Path> copies = Files.newDirectoryStream(folder, "upload-*.csv")) {
            for (Path copy : copies) {
                try {
                    if (Files.getLastModifiedTime(copy).compareTo(before) < 0) {
                        Files.deleteIfExists(copy);
                    }
                } catch (NoSuchFileException goneMeanwhile) {
                    // Deleted by its own import meanwhile.
                }
            }
        } catch (IOException e) {
            log.warn("Could not delete the abandoned upload copies in {}", folder, e);
        }
    }

    /** One upload as it arrived, to read from the start; closing it deletes it. */
    public static final class Copy implements AutoCloseable {

        private final Path file;

        private Copy(Path file) {
            this.file = file;
        }

        /**
         * What {@code reading} makes of the copy, read from the start; a failure to read it is named by the file's
         * name as it was sent.
         */
        public <T> T read(String fileName, Reading<T> reading) {
            InputStream content;
            try {
                content = Files.newInputStream(file);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read the upload copied to " + file, e);
            }
            try (content) {
                return reading.read(content);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read " + fileName, e);
            }
        }

        /** A reading of a copy, which may fail as any reading of a file does. */
        @FunctionalInterface
        public interface Reading<T> {
            T read(InputStream content) throws IOException;
        }

        /** Logs rather than throws: the import has ended, and an abandoned copy is deleted later. */
        @Override
        public void close() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.warn("Could not delete the upload copied to {}", file, e);
            }
        }
    }
}
