package org.gpaction.ballots.trustees;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gpaction.ballots.PublishedResultFixtures;
import org.gpaction.ballots.PublishedResultFixtures.ClosedBallot;
import org.gpaction.ballots.crypto.Verifier;
import org.gpaction.ballots.results.Results;
import org.gpaction.support.GpActionTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A ballot record's papers are read a page at a time, each page after the last paper written: across pages the record
 * is the same bytes a single read writes, every paper once in the tally's order, so it verifies as before.
 */
@GpActionTest
class BallotRecordPagesTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Results results;

    @Autowired
    BallotRecords records;

    @Test
    void readTwoPapersAtATimeTheRecordIsTheSameBytesAsReadAtOnce() throws Exception {
        ClosedBallot ballot = new PublishedResultFixtures(jdbc, results).closed("Record in pages", 6, 3, 2);
        ByteArrayOutputStream atOnce = new ByteArrayOutputStream();
        ByteArrayOutputStream inPages = new ByteArrayOutputStream();

        records.write(ballot.id(), atOnce);
        records.write(ballot.id(), inPages, 2);

        assertThat(inPages.toByteArray()).as("three pages of two").isNotEmpty().isEqualTo(atOnce.toByteArray());
        Path record = Files.createTempFile("paged-record-", ".zip");
        try {
            Files.write(record, inPages.toByteArray());
            Verifier.Report report = Verifier.verify(record);
            assertThat(report.failed()).isEmpty();
            assertThat(report.proofsChecked()).isEqualTo(5);
        } finally {
            Files.delete(record);
        }
    }
}
