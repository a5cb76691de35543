package org.gpaction.ballots.trustees;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import javax.sql.DataSource;
import org.gpaction.ballots.crypto.Election;
import org.gpaction.ballots.crypto.RecordWriter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A ballot's record (docs/ballot-record.md) written straight to a response: the election, its trustees, every
 * encrypted paper in the order the tally read them, then the tally, and once decrypted the shares and the result.
 * Papers are streamed from the database, never held whole.
 */
@Component
public class BallotRecords {

    private final JdbcTemplate papers;
    private final Elections elections;
    private final DecryptionShares shares;

    BallotRecords(DataSource dataSource, Elections elections, DecryptionShares shares) {
        this.papers = new JdbcTemplate(dataSource);
        this.papers.setFetchSize(1_000);
        this.elections = elections;
        this.shares = shares;
    }

    /**
     * Sends the record as a ZIP download named {@code fileName}, or 409 while the totals are not made yet. The ballot's
     * existence and the caller's access are the controller's to check first.
     */
    public void send(long ballotId, HttpServletResponse response, String fileName) throws IOException {
        if (!shares.state(ballotId).tallied()) {
            response.sendError(409, "The encrypted totals are not made yet");
            return;
        }
        response.setContentType("application/zip");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
        write(ballotId, response.getOutputStream());
    }

    /**
     * Writes the record as it stands: before decryption it ends at the tally (what each trustee checks before
     * decrypting); afterwards it is whole. The ballot must have been tallied.
     */
    @Transactional(readOnly = true)
    public void write(long ballotId, OutputStream out) {
        DecryptionShares.CountState state = shares.state(ballotId);
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
                record.finish(state.tally(), shares.shares(ballotId), state.counts());
            } else {
                record.finishBeforeDecryption(state.tally());
            }
        }
    }
}
