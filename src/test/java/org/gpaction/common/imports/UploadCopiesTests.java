package org.gpaction.common.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
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
