package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.gpaction.ballots.PublishedResultFixtures.ClosedBallot;
import org.gpaction.ballots.crypto.Verifier;
import org.gpaction.ballots.results.Results;
import org.gpaction.ballots.trustees.BallotRecords;
import org.gpaction.support.SlowDownloads;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A ballot record is written to its download as the papers are read, a page at a time, each page read in a statement
 * of its own: no transaction is open while it is written, and a slow download holds no database connection while it
 * waits. Only two are written at once.
 *
 * <p>On a database and connection pool of their own (see {@link OwnBallotDatabase}): the slow download's test counts
 * the connections in use, and on the shared database the background work of every other test's ballots (checking an
 * open ballot's proofs, a batch of 500 at a time, or counting a closed one) can keep one in use for longer than the
 * test waits, as it did on a loaded machine.
 */
class BallotRecordDownloadTests extends OwnBallotDatabase {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Results results;

    @Autowired
    BallotRecords records;

    @Autowired
    DataSource dataSource;

    @Test
    void aSlowDownloadHoldsNoDatabaseConnectionOrTransactionWhileItWaits() throws Exception {
        ClosedBallot ballot = new PublishedResultFixtures(jdbc, results).closed("Streamed record", 5, 3, 1);
        HikariPoolMXBean pool = dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean();
        CountDownLatch release = new CountDownLatch(1);
        Download download = new Download(release);
        ExecutorService downloads = Executors.newSingleThreadExecutor();
        try {
            Future<?> sent = downloads.submit(() -> send(ballot.id(), download));
            SlowDownloads.awaitReaching(download.writing, sent, "the record's first byte reached the reader");

            // Other work takes connections now and then; a download holding one keeps the count above nought.
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(20))
                    .untilAsserted(() -> assertThat(pool.getActiveConnections())
                            .as("connections in use while the download waits for its reader")
                            .isZero());
            release.countDown();
            sent.get(30, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            downloads.shutdownNow();
        }

        assertThat(download.getStatus()).isEqualTo(200);
        assertThat(download.inTransaction)
                .as("any byte written in a transaction")
                .isFalse();
        Path record = Files.createTempFile("streamed-record-", ".zip");
        Files.write(record, download.bytes.toByteArray());
        Verifier.Report report = Verifier.verify(record);
        assertThat(report.failed()).isEmpty();
        assertThat(report.proofsChecked()).isEqualTo(4);
        Files.delete(record);
    }

    @Test
    void aThirdDownloadWhileTwoAreBeingWrittenIsToldToComeBack_andTheTwoFinish() throws Exception {
        ClosedBallot ballot = new PublishedResultFixtures(jdbc, results).closed("Records at once", 3, 2, 1);
        CountDownLatch release = new CountDownLatch(1);
        Download first = new Download(release);
        Download second = new Download(release);
        ExecutorService downloads = Executors.newFixedThreadPool(2);
        try {
            Future<?> one = downloads.submit(() -> send(ballot.id(), first));
            Future<?> two = downloads.submit(() -> send(ballot.id(), second));
            SlowDownloads.awaitReaching(first.writing, one, "the first record's first byte reached its reader");
            SlowDownloads.awaitReaching(second.writing, two, "the second record's first byte reached its reader");

            Download third = new Download(null);
            records.send(ballot.id(), third, "record.zip", BallotRecords.Refusal.PROBLEM_JSON);

            assertThat(third.getStatus()).isEqualTo(503);
            assertThat(third.getHeader("Retry-After")).isEqualTo("60");
            assertThat(third.getContentType()).isEqualTo("application/problem+json");
            assertThat(third.bytes.toString(java.nio.charset.StandardCharsets.UTF_8))
                    .as("told why, not only the status")
                    .contains("\"status\":503")
                    .contains("Other ballot records are being downloaded: try again in a minute");
            release.countDown();
            one.get(30, TimeUnit.SECONDS);
            two.get(30, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            downloads.shutdownNow();
        }
        assertThat(first.bytes.toByteArray()).isNotEmpty().isEqualTo(second.bytes.toByteArray());
        Download later = new Download(null);
        // Seconds later, past the zip's two-second clock: the same record is the same bytes, whenever it is written.
        Thread.sleep(2_100);
        records.send(ballot.id(), later, "record.zip", BallotRecords.Refusal.TEXT);
        assertThat(later.getStatus())
                .as("once they finish, the next is written")
                .isEqualTo(200);
        assertThat(later.bytes.toByteArray()).isEqualTo(first.bytes.toByteArray());
    }

    private void send(long ballot, Download download) {
        try {
            records.send(ballot, download, "record.zip", BallotRecords.Refusal.TEXT);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A response whose body notes whether a transaction was open on the writing thread at any byte, and can hold its
     * first byte until released, as a slow reader holds a download's writer.
     */
    static final class Download extends MockHttpServletResponse {

        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CountDownLatch writing = new CountDownLatch(1);
        private final CountDownLatch release;
        volatile boolean inTransaction;

        Download(CountDownLatch release) {
            this.release = release;
        }

        @Override
        public ServletOutputStream getOutputStream() {
            return new ServletOutputStream() {
                @Override
                public void write(int b) {
                    if (TransactionSynchronizationManager.isActualTransactionActive()) {
                        inTransaction = true;
                    }
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
                    bytes.write(b);
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
