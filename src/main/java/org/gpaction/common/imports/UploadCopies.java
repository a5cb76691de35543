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

    UploadCopies(GpActionProperties app, UploadSpace space) {
        this.folder = app.dataDir().resolve("uploads");
        this.minFreeSpace = space.minFreeSpace().toBytes();
    }

    /**
     * Copies the content until it ends or has gone one byte past {@code maxBytes}: a file too large is then refused
     * by the reading that counts its bytes, as it would have been from the request, with no more of it on disk. A
     * file whose {@code declaredLength} (-1 if the client did not say, counted as nothing) would leave the disk less
     * free than {@link UploadSpace#minFreeSpace()} is refused first, unread.
     */
    public Copy copy(InputStream content, long declaredLength, long maxBytes) {
        try {
            OwnerOnly.directory(folder);
            refuseIfTheDiskWouldFill(declaredLength);
            Path file = Files.createTempFile(folder, "upload-", ".csv", OwnerOnly.fileAttributes());
            try (OutputStream out = Files.newOutputStream(file)) {
                byte[] buffer = new byte[64 * 1024];
                long left = maxBytes == Long.MAX_VALUE ? maxBytes : maxBytes + 1;
                int read;
                while (left > 0 && (read = content.read(buffer, 0, (int) Math.min(buffer.length, left))) != -1) {
                    out.write(buffer, 0, read);
                    left -= read;
                }
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(file);
                throw e;
            }
            return new Copy(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not copy the upload to " + folder, e);
        }
    }

    private void refuseIfTheDiskWouldFill(long declaredLength) throws IOException {
        long free = Files.getFileStore(folder).getUsableSpace();
        if (free - Math.max(0, declaredLength) < minFreeSpace) {
            log.warn(
                    "Refused an upload of {} bytes: {} has {} bytes free and must keep {} free",
                    declaredLength < 0 ? "unannounced" : declaredLength,
                    folder,
                    free,
                    minFreeSpace);
            throw new UploadsFolderFull();
        }
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
