package org.gpaction.ballots.trustees;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.gpaction.ballots.crypto.Election;
import org.gpaction.ballots.crypto.RecordWriter;
import org.gpaction.common.GpActionProperties;
import org.gpaction.common.OwnerOnly;
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
 *
 * <p>Staff (trustees before they decrypt, the scrutineer, administrators) have {@link #AT_ONCE} records written at once
 * for them. A published ballot's record, linked from the result email to everyone on the roll, is the same bytes at
 * every download, so it is written once to a file under the data directory and each public download is sent from that
 * file, reading no paper and holding nothing of staff's however slowly it is read: the public can never keep a trustee
 * or the scrutineer from a record. At most {@link #KEPT_AT_ONCE} such files are written at once, and a download of a
 * record whose file is being written is told to come back rather than held waiting: a thread apiece for everyone who
 * clicked the result email's link at once would leave none for anyone else.
 */
@Component
public class BallotRecords {

    static final int PAPERS_AT_ONCE = 1_000;
    /**
     * Records written at once. Each reads every paper of its ballot, and a national record is over 100 MB, so a few
     * downloads at once must not take the database's and the network's time from everyone else.
     */
    static final int AT_ONCE = 2;
    /** Published records written to their files at once, apart from the {@link #AT_ONCE} written for staff. */
    static final int KEPT_AT_ONCE = 2;
    /** What a download turned away because {@link #AT_ONCE} are being written is told to wait. */
    static final int RETRY_AFTER_SECONDS = 60;
    /** Where published records are kept, under the data directory. */
    static final String KEPT = "ballot-records";
    /** How long a part-written record file may go untouched before it is taken as abandoned and deleted. */
    static final Duration ABANDONED_AFTER = Duration.ofHours(1);

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
    private final Path kept;
    private final Semaphore writing = new Semaphore(AT_ONCE);
    private final Semaphore keeping = new Semaphore(KEPT_AT_ONCE);
    /** The files being written now. */
    private final Set<Path> beingKept = ConcurrentHashMap.newKeySet();

    BallotRecords(JdbcClient jdbc, Elections elections, CountStates counts, JsonMapper json, GpActionProperties app) {
        this.jdbc = jdbc;
        this.json = json;
        this.elections = elections;
        this.counts = counts;
        this.kept = app.dataDir().resolve(KEPT);
    }

    /**
     * Sends the record as a ZIP download named {@code fileName}; 409 while the totals are not made yet, and 503 with a
     * Retry-After while {@link #AT_ONCE} records are being written, each saying why as {@code refusal} asks. The
     * ballot's existence and the caller's access are the controller's to check first.
     */
    public void send(long ballotId, HttpServletResponse response, String fileName, Refusal refusal) throws IOException {
        send(ballotId, response, fileName, fileName, refusal);
    }

    /**
     * As above, named {@code beforeDecryption} while the record ends at the encrypted totals and {@code whole} once
     * they are decrypted: the name is chosen from the same reading of the count that the record is written from, so a
     * share arriving meanwhile never gives a whole record the name of one before decryption.
     */
    public void send(
            long ballotId, HttpServletResponse response, String beforeDecryption, String whole, Refusal refusal)
            throws IOException {
        DecryptionShares.CountState state = counts.state(ballotId);
        if (!state.tallied()) {
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
            response.setHeader(
                    "Content-Disposition",
                    "attachment; filename=\"" + (state.decrypted() ? whole : beforeDecryption) + "\"");
            write(ballotId, response.getOutputStream(), PAPERS_AT_ONCE, state);
        } finally {
            writing.release();
        }
    }

    /**
     * Sends a published ballot's whole record, as {@link #send} does, from the file it is kept in, written first if
     * this is its first download. The ballot's being published is the controller's to check first: its record is
     * then whole and never changes.
     */
    public void sendPublished(long ballotId, HttpServletResponse response, String fileName) throws IOException {
        Optional<Election> election = elections.of(ballotId);
        if (election.isEmpty() || !counts.state(ballotId).decrypted()) {
            refuse(
                    response,
                    HttpStatus.CONFLICT,
                    "The result is not decrypted yet: the record can be downloaded once it is published",
                    Refusal.TEXT);
            return;
        }
        Optional<Path> file = kept(ballotId, election.get());
        if (file.isEmpty()) {
            response.setHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
            refuse(
                    response,
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "This ballot's record is being prepared for download: try again in a minute",
                    Refusal.TEXT);
            return;
        }
        response.setContentType("application/zip");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
        response.setContentLengthLong(Files.size(file.get()));
        Files.copy(file.get(), response.getOutputStream());
    }

    /**
     * The file a published ballot's record is kept in, written now if it is not yet; empty if it is being written for
     * another download or {@link #KEPT_AT_ONCE} others are. It is named by the ballot's election id, a random one no
     * other ballot of any database has, so a data directory used with another database never gives another ballot's
     * record.
     */
    private Optional<Path> kept(long ballotId, Election election) throws IOException {
        Path file = kept.resolve(ballotId + "-" + election.electionId().replaceAll("[^A-Za-z0-9-]", "_") + ".zip");
        if (Files.isRegularFile(file)) {
            return Optional.of(file);
        }
        if (!beingKept.add(file)) {
            return Optional.empty();
        }
        try {
            if (Files.isRegularFile(file)) {
                return Optional.of(file);
            }
            if (!keeping.tryAcquire()) {
                return Optional.empty();
            }
            try {
                keep(ballotId, file);
                return Optional.of(file);
            } finally {
                keeping.release();
            }
        } finally {
            beingKept.remove(file);
        }
    }

    /** Writes the record to a file of its own beside {@code file}, then puts it in place whole, or leaves none. */
    private void keep(long ballotId, Path file) throws IOException {
        OwnerOnly.directory(kept);
        removeAbandonedParts();
        OwnerOnly.writeWhole(file, ballotId + "-", ".part", out -> {
            try {
                write(ballotId, out);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        });
    }

    /**
     * Deletes the part-written files no write has touched for {@link #ABANDONED_AFTER}: left by a server stopped while
     * it wrote them, they would otherwise stay for ever. One being written now is written to as it goes, so is kept.
     */
    private void removeAbandonedParts() throws IOException {
        FileTime before = FileTime.from(Instant.now().minus(ABANDONED_AFTER));
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(kept, "*.part")) {
            for (Path part : parts) {
                try {
                    if (Files.getLastModifiedTime(part).compareTo(before) < 0) {
                        Files.deleteIfExists(part);
                    }
                } catch (NoSuchFileException goneMeanwhile) {
                    // Put in place or deleted by its own write meanwhile.
                }
            }
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
        write(ballotId, out, papersAtOnce, counts.state(ballotId));
    }

    private void write(long ballotId, OutputStream out, int papersAtOnce, DecryptionShares.CountState state) {
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
