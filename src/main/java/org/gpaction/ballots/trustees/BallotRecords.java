package org.gpaction.ballots.trustees;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import javax.sql.DataSource;
import org.gpaction.ballots.crypto.Election;
import org.gpaction.ballots.crypto.RecordWriter;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A ballot's record (docs/ballot-record.md) written straight to a response: the election, its trustees, every
 * encrypted paper in the order the tally read them, then the tally, and once decrypted the shares and the result.
 * Papers are streamed from the database, never held whole: they are read in a read-only transaction, in which the
 * driver fetches them {@link #PAPERS_AT_ONCE} at a time (outside one it would read them all before the first).
 */
@Component
public class BallotRecords {

    static final int PAPERS_AT_ONCE = 1_000;
    /**
     * Records written at once. Each holds a database connection for as long as its download takes, and a national
     * record is over 100 MB, so a few slow downloads must not take the connections everyone else needs.
     */
    static final int AT_ONCE = 2;
    /** What a download turned away because {@link #AT_ONCE} are being written is told to wait. */
    static final int RETRY_AFTER_SECONDS = 60;

    /** How a download that is turned away is told why: an API caller as a problem document, a browser as text. */
    public enum Refusal {
        PROBLEM_JSON,
        TEXT
    }

    private final JdbcTemplate papers;
    private final Elections elections;
    private final CountStates counts;
    private final TransactionTemplate reading;
    private final JsonMapper json;
    private final Semaphore writing = new Semaphore(AT_ONCE);

    BallotRecords(
            DataSource dataSource,
            Elections elections,
            CountStates counts,
            PlatformTransactionManager transactions,
            JsonMapper json) {
        this.json = json;
        this.papers = new JdbcTemplate(dataSource);
        this.papers.setFetchSize(PAPERS_AT_ONCE);
        this.elections = elections;
        this.counts = counts;
        this.reading = new TransactionTemplate(transactions);
        this.reading.setReadOnly(true);
    }

    /**
     * Sends the record as a ZIP download named {@code fileName}; 409 while the totals are not made yet, and 503 with a
     * Retry-After while {@link #AT_ONCE} records are being written, each saying why as {@code refusal} asks. The
     * ballot's existence and the caller's access are the controller's to check first.
     */
    public void send(long ballotId, HttpServletResponse response, String fileName, Refusal refusal) throws IOException {
        if (!counts.state(ballotId).tallied()) {
            refuse(
                    response,
                    HttpStatus.CONFLICT,
                    "The encrypted totals are not made yet: the record can be downloaded once the ballot has closed and"
                            + " its papers are counted, a minute or two after the close",
                    refusal);
            return;
        }
        if (!writing.tryAcquire()) {
            response.setHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
            refuse(
                    response,
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "Other ballot records are being downloaded: try again in a minute",
                    refusal);
            return;
        }
        try {
            response.setContentType("application/zip");
            response.setHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
            OutputStream out = response.getOutputStream();
            reading.executeWithoutResult(status -> write(ballotId, out));
        } finally {
            writing.release();
        }
    }

    private void refuse(HttpServletResponse response, HttpStatus status, String detail, Refusal refusal)
            throws IOException {
        response.setStatus(status.value());
        response.setHeader("Cache-Control", "no-store");
        if (refusal == Refusal.PROBLEM_JSON) {
            response.setContentType("application/problem+json");
            json.writeValue(response.getOutputStream(), ProblemDetail.forStatusAndDetail(status, detail));
        } else {
            response.setContentType("text/plain;charset=UTF-8");
            response.getOutputStream().write(detail.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Writes the record as it stands: before decryption it ends at the tally (what each trustee checks before
     * decrypting); afterwards it is whole. The ballot must have been tallied.
     */
    @Transactional(readOnly = true)
    public void write(long ballotId, OutputStream out) {
        DecryptionShares.CountState state = counts.state(ballotId);
        if (!state.tallied()) {
            throw new IllegalStateException("Ballot " + ballotId + " is not tallied yet");
        }
        Election election = elections.of(ballotId).orElseThrow();
        try (RecordWriter record = new RecordWriter(out, election)) {
            papers.query(
                    Tallying.PAPERS,
                    rs -> {
                        record.ballot(rs.getBytes(1));
                    },
                    ballotId);
            if (state.decrypted()) {
                record.finish(state.tally(), counts.shares(ballotId), state.counts());
            } else {
                record.finishBeforeDecryption(state.tally());
            }
        }
    }
}
