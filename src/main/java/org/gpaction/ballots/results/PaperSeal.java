package org.gpaction.ballots.results;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.Semaphore;
import javax.sql.DataSource;
import org.gpaction.ballots.ballot.BallotRepository;
import org.gpaction.ballots.results.Results.SealCheck;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The seal on the ballot papers: a hash chain over every paper in paper-id order (its id, day, tracker and the hash
 * of its encrypted ballot), fixed at the close, so that any later change to a paper, or one added or removed, gives a
 * different hash. A check is made to find a paper changed after the close by someone with the database, so it reads
 * the papers again every time: an answer kept from an earlier check would hide the very change it looks for. Each
 * reads and hashes every paper of its ballot, so staff have {@link #AT_ONCE} checked at once, and a check asked for
 * beyond those is refused, to be asked again, rather than held waiting or let take the database from everyone else.
 */
@Component
class PaperSeal {

    /** Seal checks staff may have reading papers at once. */
    static final int AT_ONCE = 2;
    /** What a check refused because {@link #AT_ONCE} are reading papers is told to wait. */
    static final int RETRY_AFTER_SECONDS = 60;

    private final JdbcTemplate papers;
    private final TransactionTemplate readOnly;
    private final BallotRepository ballots;
    private final MeterRegistry registry;
    private final Semaphore checking = new Semaphore(AT_ONCE);

    PaperSeal(
            DataSource dataSource,
            PlatformTransactionManager transactions,
            BallotRepository ballots,
            MeterRegistry registry) {
        // Read a thousand papers at a time: a national ballot's 200,000 are never held together.
        this.papers = new JdbcTemplate(dataSource);
        this.papers.setFetchSize(1_000);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.ballots = ballots;
        this.registry = registry;
    }

    String hash(long ballotId) {
        Counter.builder("gpaction.ballots.seal.hashes")
                .description("Times a ballot's papers were read and hashed to check their seal")
                .tag("ballot", Long.toString(ballotId))
                .register(registry)
                .increment();
        MessageDigest digest = sha256();
        byte[][] chain = {digest.digest(("GP Action ballot " + ballotId).getBytes(StandardCharsets.UTF_8))};
        // A cursor (the fetch size) needs a transaction; one the caller holds is joined.
        readOnly.executeWithoutResult(status -> papers.query(
                """
                select paper_id::text || '|' || cast_on::text || '|' || encode(tracker, 'hex') || '|'
                    || encode(sha256(encrypted), 'hex')
                from ballots.ballot_paper where ballot_id = ? order by paper_id
                """,
                (RowCallbackHandler) row -> {
                    digest.update(chain[0]);
                    digest.update(row.getString(1).getBytes(StandardCharsets.UTF_8));
                    chain[0] = digest.digest();
                },
                ballotId));
        return HexFormat.of().formatHex(chain[0]);
    }

    /**
     * As {@link #check}, for staff: refused with {@link Results.SealChecksBusy} while {@link #AT_ONCE} are, once the
     * ballot is known to have closed (which reads no paper).
     */
    SealCheck checkAtMostAtOnce(long ballotId) {
        // A ballot still open is told so, as it would be alone, not that other checks are busy.
        ResultCount.closedOrPublished(ballots, ballotId);
        if (!checking.tryAcquire()) {
            throw new Results.SealChecksBusy(RETRY_AFTER_SECONDS);
        }
        try {
            return readOnly.execute(status -> check(ballotId));
        } finally {
            checking.release();
        }
    }

    SealCheck check(long ballotId) {
        ResultCount.closedOrPublished(ballots, ballotId);
        String sealed = ballots.logHash(ballotId).orElse(null);
        String now = hash(ballotId);
        return new SealCheck(ballotId, sealed, now, now.equals(sealed));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
