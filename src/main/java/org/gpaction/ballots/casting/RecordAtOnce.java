package org.gpaction.ballots.casting;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.ToIntFunction;
import org.gpaction.ballots.casting.Casting.Receipt;
import org.gpaction.ballots.crypto.Election;
import org.gpaction.ballots.crypto.EncryptedBallot;
import org.gpaction.ballots.crypto.Tracker;
import org.gpaction.ballots.trustees.Elections;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.UkTime;
import org.gpaction.common.database.SqlStates;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The whole vote in one statement, as nearly every vote is: the credential burned only if it is active and its ballot
 * inside the window; then the roll marked and the encrypted paper stored. The vote then enters the ballot box, where
 * it is refused whole if the ballot closed meanwhile. A link that cannot vote changes nothing here and is left to
 * {@link Casting}'s step-by-step path, which says why. The statement may wait (for a connection, or for the link's
 * row while a replacement or a reminder's link holds it) after the clock was read for it, so the clock is read again
 * once the vote is written and the vote is rolled back whole if the ballot closed meanwhile: a vote counts only if it
 * is recorded before the close, whether or not the clock job has closed the ballot yet.
 */
@Component
class RecordAtOnce {

    /** What ballots.enter_ballot_box raises when the ballot closed while the vote was being written. */
    static final String CLOSED_STATE = "GPA01";

    private static final String RECORD_AT_ONCE = """
            with burned as (
                update ballots.credential c set state = 'USED'
                from ballots.ballot b
                where c.token_hash = :hash and c.state = 'ACTIVE' and b.id = c.ballot_id and b.id = :ballot
                  and b.status in ('SCHEDULED', 'OPEN') and b.opens_at <= :now and b.closes_at > :now
                returning c.ballot_id, c.membership_number, b.closes_at
            ), box as (
                select ballots.enter_ballot_box(ballot_id) as ballot_id from burned
            ), voted as (
                update ballots.roll_entry r set has_voted = true
                from burned
                where r.ballot_id = burned.ballot_id and r.membership_number = burned.membership_number
            ), paper as (
                insert into ballots.ballot_paper (paper_id, ballot_id, encrypted, tracker, cast_on)
                select gen_random_uuid(), ballot_id, :encrypted, :tracker, :day from burned
            )
            """;

    /** The receipt kept with the vote, for a second Confirm of the same page: see {@link KeptReceipts}. */
    private static final String KEPT = """
            , kept as (
                insert into ballots.kept_receipt (slot, ballot_id, sealed, kept_until)
                select :slot, ballot_id, :sealed, least(:keptUntil, closes_at) from burned
            )
            """;

    private static final String RECORDED = "select ballot_id, closes_at from box join burned using (ballot_id)";

    private static final SecureRandom random = new SecureRandom();

    private final JdbcClient jdbc;
    private final Elections elections;
    private final OpenBallots openBallots;
    private final Clock clock;
    private final TransactionTemplate transactions;

    RecordAtOnce(
            JdbcClient jdbc,
            Elections elections,
            OpenBallots openBallots,
            Clock clock,
            PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.elections = elections;
        this.openBallots = openBallots;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /**
     * The choice is encrypted before the statement runs, so it never reaches the database. While just one ballot is
     * open, as on nearly every voting day, the vote is encrypted for it at once and the statement itself checks that
     * the link is that ballot's; otherwise, or if it is not, the link's ballot is looked up first. Empty: nothing was
     * recorded, and the careful path must say why.
     */
    Optional<Receipt> record(String token, ToIntFunction<Election> chosen, Optional<ReceiptKeeping> keeping) {
        if (!SecretTokens.looksValid(token)) {
            return Optional.empty();
        }
        byte[] hash = SecretTokens.hash(token);
        Optional<Long> guess = openBallots.onlyOne();
        if (guess.isPresent()) {
            Optional<Receipt> recorded = record(hash, guess.get(), chosen, keeping);
            if (recorded.isPresent()) {
                return recorded;
            }
        }
        Optional<Long> ballotId = jdbc.sql("select ballot_id from ballots.credential where token_hash = :hash")
                .param("hash", hash)
                .query(Long.class)
                .optional();
        if (ballotId.isEmpty() || ballotId.equals(guess)) {
            // No such link, or its ballot could not take it: the careful path says why.
            return Optional.empty();
        }
        return record(hash, ballotId.get(), chosen, keeping);
    }

    private Optional<Receipt> record(
            byte[] hash, long ballotId, ToIntFunction<Election> chosen, Optional<ReceiptKeeping> keeping) {
        Optional<Election> election = elections.of(ballotId);
        if (election.isEmpty()) {
            return Optional.empty();
        }
        int choice = chosen.applyAsInt(election.get());
        if (choice < 0 || choice >= election.get().options().size()) {
            return Optional.empty();
        }
        EncryptedBallot paper = election.get().encrypt(choice, random);
        byte[] tracker = paper.tracker();
        Instant now = clock.instant();
        String receipt = Tracker.grouped(tracker);
        boolean recorded;
        try {
            JdbcClient.StatementSpec statement = jdbc.sql(RECORD_AT_ONCE + (keeping.isPresent() ? KEPT : "") + RECORDED)
                    .param("hash", hash)
                    .param("ballot", ballotId)
                    .param("now", Timestamp.from(now))
                    .param("encrypted", paper.encode())
                    .param("tracker", tracker)
                    .param("day", java.sql.Date.valueOf(LocalDate.ofInstant(now, UkTime.ZONE)));
            keeping.ifPresent(kept -> statement
                    .param("slot", kept.slot())
                    .param("sealed", kept.seal(receipt))
                    .param("keptUntil", Timestamp.from(now.plus(KeptReceipts.KEPT_FOR))));
            recorded = Boolean.TRUE.equals(transactions.execute(status -> {
                Optional<Instant> closesAt = statement
                        .query((rs, row) -> rs.getTimestamp(2).toInstant())
                        .optional();
                if (closesAt.isEmpty()) {
                    return false;
                }
                if (!clock.instant().isBefore(closesAt.get())) {
                    // Written after the close: the step-by-step path then says the ballot closed.
                    status.setRollbackOnly();
                    return false;
                }
                return true;
            }));
        } catch (DataAccessException e) {
            if (SqlStates.is(e, CLOSED_STATE)) {
                return Optional.empty();
            }
            throw e;
        }
        return recorded ? Optional.of(new Receipt(receipt, ballotId)) : Optional.empty();
    }
}
