package org.gpaction.ballots.results;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.gpaction.ballots.PublishedResultFixtures;
import org.gpaction.ballots.PublishedResultFixtures.ClosedBallot;
import org.gpaction.ballots.crypto.Verifier;
import org.gpaction.ballots.trustees.BallotRecords;
import org.gpaction.common.GpActionProperties;
import org.gpaction.support.GpActionTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The public record of a published ballot, linked from the result email to everyone on the roll, cannot keep trustees
 * and the scrutineer from the records they work from: however many of the public are downloading it, however slowly,
 * a trustee's download of another ballot's record is written.
 */
@GpActionTest
class PublicRecordDownloadTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Results results;

    @Autowired
    BallotRecords records;

    @Autowired
    PublicResultsController publicResults;

    @Autowired
    GpActionProperties app;

    @Test
    void aRecordFileLeftPartWrittenAnHourAgoIsDeletedWhenTheNextIsWritten_andOneBeingWrittenNowIsLeft()
            throws Exception {
        Path kept = app.dataDir().resolve("ballot-records");
        Files.createDirectories(kept);
        Path abandoned = Files.createTempFile(kept, "1-", ".part");
        Files.write(abandoned, new byte[] {1, 2, 3});
        Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(Duration.ofMinutes(61))));
        Path beingWritten = Files.createTempFile(kept, "2-", ".part");
        Files.setLastModifiedTime(beingWritten, FileTime.from(Instant.now().minus(Duration.ofMinutes(50))));
        try {
            ClosedBallot published =
                    new PublishedResultFixtures(jdbc, results).closed("Written after a crash", 3, 1, 1);
            publish(published.id());

            Stalled first = new Stalled(null);
            download(published.id(), first);

            assertThat(first.getStatus()).isEqualTo(200);
            assertThat(first.bytes.toByteArray()).isEqualTo(written(published.id()));
            assertThat(abandoned).as("untouched for over an hour").doesNotExist();
            assertThat(beingWritten).as("written to within the hour").exists();
        } finally {
            Files.deleteIfExists(abandoned);
            Files.deleteIfExists(beingWritten);
        }
    }

    @Test
    void slowPublicDownloadsOfAPublishedRecordLeaveTrusteesTheirDownloads() throws Exception {
        PublishedResultFixtures fixtures = new PublishedResultFixtures(jdbc, results);
        ClosedBallot published = fixtures.closed("Downloaded by everyone", 4, 2, 1);
        publish(published.id());
        ClosedBallot counted = fixtures.closed("Being decrypted", 3, 1, 1);
        CountDownLatch release = new CountDownLatch(1);
        Stalled first = new Stalled(release);
        Stalled second = new Stalled(release);
        ExecutorService downloads = Executors.newFixedThreadPool(2);
        try {
            // The first download writes the record's file before sending a byte of it; one arriving meanwhile would be
            // told to come back, so the second starts once the first is being sent.
            Future<?> one = downloads.submit(() -> download(published.id(), first));
            assertThat(first.writing.await(30, TimeUnit.SECONDS)).isTrue();
            Future<?> two = downloads.submit(() -> download(published.id(), second));
            assertThat(second.writing.await(30, TimeUnit.SECONDS)).isTrue();

            Stalled trustee = new Stalled(null);
            records.send(counted.id(), trustee, "record.zip", BallotRecords.Refusal.TEXT);
            assertThat(trustee.getStatus())
                    .as("a trustee's download while two of the public are reading slowly: "
                            + trustee.bytes.toString(java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(200);
            Stalled third = new Stalled(null);
            download(published.id(), third);
            assertThat(third.getStatus()).as("a third of the public").isEqualTo(200);
            assertThat(third.bytes.toByteArray()).isEqualTo(written(published.id()));

            release.countDown();
            one.get(30, TimeUnit.SECONDS);
            two.get(30, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            downloads.shutdownNow();
        }
        assertThat(first.getStatus()).isEqualTo(200);
        assertThat(first.getHeader("Content-Disposition"))
                .isEqualTo("attachment; filename=\"ballot-" + published.id() + "-record.zip\"");
        assertThat(first.bytes.toByteArray())
                .as("the public record is the record as it is written for staff")
                .isEqualTo(second.bytes.toByteArray())
                .isEqualTo(written(published.id()));
        Path record = Files.createTempFile("public-record-", ".zip");
        Files.write(record, first.bytes.toByteArray());
        Verifier.Report report = Verifier.verify(record);
        assertThat(report.failed()).isEmpty();
        Files.delete(record);
    }

    private byte[] written(long ballot) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        records.write(ballot, bytes);
        return bytes.toByteArray();
    }

    private void publish(long id) {
        jdbc.sql("""
                        update ballots.ballot set certified_by = 'scrutineer@ballots.test', certified_at = now(),
                            status = 'PUBLISHED', published_at = now()
                        where id = :id
                        """).param("id", id).update();
    }

    private void download(long ballot, Stalled response) {
        try {
            publicResults.record(ballot, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A response whose reader takes its first byte only once released, as a slow reader holds a download. */
    static final class Stalled extends MockHttpServletResponse {

        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CountDownLatch writing = new CountDownLatch(1);
        private final CountDownLatch release;

        Stalled(CountDownLatch release) {
            this.release = release;
        }

        @Override
        public ServletOutputStream getOutputStream() {
            return new ServletOutputStream() {
                @Override
                public void write(int b) {
                    stallOnce();
                    bytes.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    stallOnce();
                    bytes.write(b, off, len);
                }

                private void stallOnce() {
                    if (writing.getCount() > 0) {
                        writing.countDown();
                        if (release != null) {
                            try {
                                release.await(30, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {}
            };
        }
    }
}
