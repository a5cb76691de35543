package org.gpaction.common.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.gpaction.common.GpActionProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.util.unit.DataSize;

/**
 * An upload writes only its own copy, and only while the disk keeps its floor free; a copy left by a server stopped
 * while it imported goes a day or more later, at the next start or the next sweep.
 */
class UploadCopiesTests {

    @TempDir
    Path dataDir;

    @Test
    void anUploadWritesOnlyItsOwnCopy_leavingOneAbandonedByAStoppedServerToTheSweep() throws IOException {
        Path abandoned = copyLeftBehind(Duration.ofDays(2));

        try (UploadCopies.Copy copy = uploads().copy(content("membership_number\n"), 18, 1_000)) {
            assertThat(copy.read("members.csv", InputStream::readAllBytes))
                    .asString(StandardCharsets.UTF_8)
                    .isEqualTo("membership_number\n");
        }

        assertThat(abandoned).as("a copy another upload left").exists();
        try (var files = Files.list(dataDir.resolve("uploads"))) {
            assertThat(files.toList()).as("the upload's own copy is deleted").containsExactly(abandoned);
        }
    }

    @Test
    void theSweepDeletesACopyUntouchedForADay_andKeepsOneTouchedSince() throws IOException {
        Path abandoned = copyLeftBehind(Duration.ofDays(1).plusMinutes(5));
        Path recent = copyLeftBehind(Duration.ofHours(23));
        Path notACopy = Files.writeString(dataDir.resolve("uploads").resolve("notes.txt"), "kept");
        Files.setLastModifiedTime(notACopy, FileTime.from(Instant.now().minus(Duration.ofDays(30))));

        uploads().removeAbandoned();

        assertThat(abandoned).doesNotExist();
        assertThat(recent).exists();
        assertThat(notACopy).exists();
    }

    @Test
    void theSweepWithNoUploadsFolderYetDoesNothing() {
        uploads().removeAbandoned();

        assertThat(dataDir.resolve("uploads")).doesNotExist();
    }

    @Test
    void theSweepRunsAtStartUpAndEverySixHoursAfter() throws NoSuchMethodException {
        Scheduled scheduled = UploadCopies.class.getMethod("removeAbandoned").getAnnotation(Scheduled.class);

        assertThat(scheduled).as("removeAbandoned is a scheduled job").isNotNull();
        assertThat(Duration.parse(scheduled.initialDelayString())).isZero();
        assertThat(Duration.parse(scheduled.fixedDelayString())).isEqualTo(Duration.ofHours(6));
    }

    @Test
    void anUploadThatWouldLeaveTheDiskLessFreeThanItsFloorIsRefusedUnread_andNoCopyIsWritten() throws IOException {
        ByteArrayInputStream content = content("membership_number\n");
        UploadCopies uploads = uploads(DataSize.ofTerabytes(1_000_000));

        assertThatThrownBy(() -> uploads.copy(content, 18, 1_000))
                .isInstanceOf(UploadsFolderFull.class)
                .hasMessageContaining("nothing was imported. Send it again in 5 minutes")
                .hasMessageContaining("the operator needs to free space on the disk of GPACTION_DATA_DIR");

        assertThat(content.available()).as("bytes of the upload left unread").isEqualTo(18);
        try (var files = Files.list(dataDir.resolve("uploads"))) {
            assertThat(files.toList()).as("copies written").isEmpty();
        }
    }

    @Test
    void theLengthAnnouncedCountsAgainstTheFloor_andAnUploadThatLeavesEnoughIsCopied() throws IOException {
        Files.createDirectories(dataDir.resolve("uploads"));
        long free = Files.getFileStore(dataDir.resolve("uploads")).getUsableSpace();
        // A gigabyte of room under what is free, so that other writes to the disk meanwhile do not change the outcome.
        UploadCopies uploads =
                uploads(DataSize.ofBytes(free - DataSize.ofGigabytes(1).toBytes()));

        assertThatThrownBy(() -> uploads.copy(
                        content("membership_number\n"), DataSize.ofGigabytes(2).toBytes(), 1_000))
                .isInstanceOf(UploadsFolderFull.class);
        try (UploadCopies.Copy copy = uploads.copy(content("membership_number\n"), 18, 1_000)) {
            assertThat(copy.read("members.csv", InputStream::readAllBytes)).hasSize(18);
        }
        try (UploadCopies.Copy copy = uploads.copy(content("membership_number\n"), -1, 1_000)) {
            assertThat(copy.read("members.csv", InputStream::readAllBytes))
                    .as("a file sent without its length")
                    .hasSize(18);
        }
    }

    @Test
    void copiesUnderWayHoldWhatTheyMayStillWrite_soATooManyForTheFloorIsRefused_untilOneEnds() throws Exception {
        // Room over the floor for two copies of 4 GB, not three, with 2 GB to spare either way for other writes.
        UploadCopies uploads = uploads(floorLeavingRoomOf(DataSize.ofGigabytes(10)));
        long fourGigabytes = DataSize.ofGigabytes(4).toBytes();
        ExecutorService senders = Executors.newFixedThreadPool(2);
        try {
            Sending announced = new Sending();
            Sending unannounced = new Sending();
            Future<UploadCopies.Copy> first =
                    senders.submit(() -> uploads.copy(announced, fourGigabytes, fourGigabytes));
            Future<UploadCopies.Copy> second = senders.submit(() -> uploads.copy(unannounced, -1, fourGigabytes - 1));
            announced.awaitFirstRead();
            unannounced.awaitFirstRead();

            assertThatThrownBy(() -> uploads.copy(content("membership_number\n"), fourGigabytes, fourGigabytes))
                    .as("a third, while two are copied, one announcing 4 GB, one announcing nothing under a 4 GB limit")
                    .isInstanceOf(UploadsFolderFull.class);

            announced.end();
            first.get(30, TimeUnit.SECONDS).close();
            try (UploadCopies.Copy third = uploads.copy(content("membership_number\n"), fourGigabytes, fourGigabytes)) {
                assertThat(third.read("members.csv", InputStream::readAllBytes)).hasSize(18);
            }
            unannounced.end();
            second.get(30, TimeUnit.SECONDS).close();
        } finally {
            senders.shutdownNow();
        }
    }

    @Test
    void aFormReadWholeBeforeItIsCopiedIsRefusedAsItsCopyWouldBe_holdingNothingBack() throws Exception {
        // Room over the floor for 10 GB, with 2 GB to spare either way for other writes to the disk meanwhile.
        UploadCopies uploads = uploads(floorLeavingRoomOf(DataSize.ofGigabytes(10)));
        long fourGigabytes = DataSize.ofGigabytes(4).toBytes();
        uploads.refuseIfNoRoomFor(fourGigabytes);
        uploads.refuseIfNoRoomFor(fourGigabytes);
        uploads.refuseIfNoRoomFor(fourGigabytes);
        ExecutorService senders = Executors.newSingleThreadExecutor();
        try {
            Sending underWay = new Sending();
            Future<UploadCopies.Copy> copy = senders.submit(() -> uploads.copy(underWay, fourGigabytes, fourGigabytes));
            underWay.awaitFirstRead();

            assertThatThrownBy(() ->
                            uploads.refuseIfNoRoomFor(DataSize.ofGigabytes(8).toBytes()))
                    .as("8 GB, while a copy of 4 GB is under way")
                    .isInstanceOf(UploadsFolderFull.class);
            uploads.refuseIfNoRoomFor(fourGigabytes);

            underWay.end();
            copy.get(30, TimeUnit.SECONDS).close();
        } finally {
            senders.shutdownNow();
        }
        uploads.refuseIfNoRoomFor(DataSize.ofGigabytes(8).toBytes());
    }

    @Test
    void aCopyThatFailsGivesBackWhatItHeld() throws Exception {
        UploadCopies uploads = uploads(floorLeavingRoomOf(DataSize.ofGigabytes(6)));
        long fourGigabytes = DataSize.ofGigabytes(4).toBytes();
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("the client went away");
            }
        };

        assertThatThrownBy(() -> uploads.copy(failing, fourGigabytes, fourGigabytes))
                .isInstanceOf(UncheckedIOException.class);

        try (UploadCopies.Copy next = uploads.copy(content("membership_number\n"), fourGigabytes, fourGigabytes)) {
            assertThat(next.read("members.csv", InputStream::readAllBytes)).hasSize(18);
        }
        try (var files = Files.list(dataDir.resolve("uploads"))) {
            assertThat(files.toList()).as("copies left").isEmpty();
        }
    }

    /** A floor that leaves {@code room} free over it on the test's disk as it is now. */
    private DataSize floorLeavingRoomOf(DataSize room) throws IOException {
        Files.createDirectories(dataDir.resolve("uploads"));
        long free = Files.getFileStore(dataDir.resolve("uploads")).getUsableSpace();
        return DataSize.ofBytes(free - room.toBytes());
    }

    /** An upload arriving: its first bytes, then nothing more until {@link #end}. */
    private static final class Sending extends InputStream {

        private final CountDownLatch firstRead = new CountDownLatch(1);
        private final CountDownLatch ended = new CountDownLatch(1);
        private boolean sentFirst;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (!sentFirst) {
                sentFirst = true;
                buffer[offset] = 'm';
                firstRead.countDown();
                return 1;
            }
            try {
                if (!ended.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("the test never ended the upload");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            return -1;
        }

        void awaitFirstRead() throws InterruptedException {
            assertThat(firstRead.await(30, TimeUnit.SECONDS))
                    .as("the copy began")
                    .isTrue();
        }

        void end() {
            ended.countDown();
        }
    }

    private UploadCopies uploads() {
        return uploads(DataSize.ofBytes(0));
    }

    private UploadCopies uploads(DataSize minFreeSpace) {
        return new UploadCopies(
                new GpActionProperties(dataDir, URI.create("http://localhost:8080")), new UploadSpace(minFreeSpace));
    }

    private Path copyLeftBehind(Duration age) throws IOException {
        Path folder = Files.createDirectories(dataDir.resolve("uploads"));
        Path copy = Files.createTempFile(folder, "upload-", ".csv");
        Files.writeString(copy, "membership_number\n");
        Files.setLastModifiedTime(copy, FileTime.from(Instant.now().minus(age)));
        return copy;
    }

    private static ByteArrayInputStream content(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
