package org.gpaction.ballots.trustees;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import org.gpaction.ballots.crypto.Election;
import org.gpaction.ballots.crypto.RecordWriter;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * A ballot's record (docs/ballot-record.md) written straight to a response: the election, its trustees, every
 * encrypted paper in the order the tally read them, then the tally, and once decrypted the shares and the result.
 * Papers are read {@link #PAPERS_AT_ONCE} at a time, each page in a statement of its own after the last paper written,
 * so a record is never held whole and a slow download holds no database connection or transaction while it is sent.
 * The record is written only once the totals are made, after the close: no paper is added, changed or taken away
 * then, so the pages read one after another make the record a single read would.
 */
@Component
public class BallotRecords {

    static final int PAPERS_AT_ONCE = 1_000;
    /**
     * Records written at once. Each reads every paper of its ballot, and a national record is over 100 MB, so a few
     * downloads at once must not take the database's and the network's time from everyone else.
     */
    static final int AT_ONCE = 2;
    /** What a download turned away because {@link #AT_ONCE} are being written is told to wait. */
    static final int RETRY_AFTER_SECONDS = 60;

    /** A page of papers after {@code :after}, in the order the tally read them ({@link Tallying#PAPERS}). */
    private static final String PAGE_OF_PAPERS = """
            select paper_id, encrypted from ballots.ballot_paper
            where ballot_id = :ballot and (cast(:after as uuid) is null or paper_id > :after)
            order by paper_id limit :papers
            """;

    /** How a download that is turned away is told why: an API caller as a problem document, a browser as text. */
    public enum Refusal {
        PROBLEM_JSON,
        TEXT
    }

    private final JdbcClient jdbc;
    private final Elections elections;
    private final CountStates counts;
    private final JsonMapper json;
    private final Semaphore writing = new Semaphore(AT_ONCE);

    BallotRecords(JdbcClient jdbc, Elections elections, CountStates counts, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
        this.elections = elections;
        this.counts = counts;
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
            write(ballotId, response.getOutputStream());
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
    public void write(long ballotId, OutputStream out) {
        write(ballotId, out, PAPERS_AT_ONCE);
    }

    void write(long ballotId, OutputStream out, int papersAtOnce) {
        DecryptionShares.CountState state = counts.state(ballotId);
        if (!state.tallied()) {
            throw new IllegalStateException("Ballot " + ballotId + " is not tallied yet");
        }
        Election election = elections.of(ballotId).orElseThrow();
        record Paper(UUID id, byte[] encrypted) {}
        try (RecordWriter record = new RecordWriter(out, election)) {
            UUID after = null;
            List<Paper> page;
            do {
                page = jdbc.sql(PAGE_OF_PAPERS)
                        .param("ballot", ballotId)
                        .param("after", after)
                        .param("papers", papersAtOnce)
                        .query((rs, row) -> new Paper(rs.getObject(1, UUID.class), rs.getBytes(2)))
                        .list();
                for (Paper paper : page) {
                    record.ballot(paper.encrypted());
                }
                after = page.isEmpty() ? after : page.get(page.size() - 1).id();
            } while (page.size() == papersAtOnce);
            if (state.decrypted()) {
                record.finish(state.tally(), counts.shares(ballotId), state.counts());
            } else {
                record.finishBeforeDecryption(state.tally());
            }
        }
    }
}
