package org.gpaction.common.imports;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * An upload writes only its own copy; a copy left by a server stopped while it imported goes a day or more later, at
 * the next start or the next sweep.
 */
class UploadCopiesTests {

    @TempDir
    Path dataDir;

    @Test
    void anUploadWritesOnlyItsOwnCopy_leavingOneAbandonedByAStoppedServerToTheSweep() throws IOException {
        Path abandoned = copyLeftBehind(Duration.ofDays(2));

        try (UploadCopies.Copy copy = uploads().copy(content("membership_number\n"), 1_000);
                InputStream copied = copy.open()) {
            assertThat(new String(copied.readAllBytes(), StandardCharsets.UTF_8))
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

    private UploadCopies uploads() {
        return new UploadCopies(new GpActionProperties(dataDir, URI.create("http://localhost:8080")));
    }

    private Path copyLeftBehind(Duration age) throws IOException {
        Path folder = Files.createDirectories(dataDir.resolve("uploads"));
        Path copy = Files.createTempFile(folder, "upload-", ".csv");
        Files.writeString(copy, "membership_number\n");
        Files.setLastModifiedTime(copy, FileTime.from(Instant.now().minus(age)));
        return copy;
    }

    private static InputStream content(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
