package org.gpaction.ballots.casting;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.ToIntFunction;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotBox;
import org.gpaction.ballots.ballot.BallotRepository;
import org.gpaction.ballots.casting.VoteRefused.Reason;
import org.gpaction.ballots.crypto.EncryptedBallot;
import org.gpaction.ballots.crypto.Tracker;
import org.gpaction.ballots.trustees.Elections;
import org.gpaction.ballots.trustees.ProofChecking;
import org.gpaction.common.SecretTokens;
import org.gpaction.common.UkTime;
import org.gpaction.common.database.SqlStates;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Casting a vote: the choice is encrypted to the ballot's trustees' keys with its proofs, then the credential is
 * burned, the member marked as having voted and the encrypted paper stored, all in one transaction; the receipt, the
 * paper's tracker, is shown only after it commits. So every receipt is a counted vote, no vote exists without a
 * burned credential, and no credential is burned without a vote. The choice itself is never stored.
 */
@Service
public class Casting {

    /** What a voter is given: their encrypted paper's tracker, as {@link Tracker#grouped} shows it. */
    public record Receipt(String code, long ballotId) {}

    /**
     * What a link leads to, for showing the right page without using it up; {@code replacedAt} is when a newer link
     * replaced it, if one did.
     */
    record LinkState(Ballot ballot, Optional<Reason> refusal, Instant replacedAt) {}

    private static final SecureRandom random = new SecureRandom();

    private final JdbcClient jdbc;
    private final BallotRepository ballots;
    private final BallotBox ballotBox;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final Elections elections;
    private final ProofChecking checking;
    private final RecordAtOnce recordAtOnce;
    private final KeptReceipts keptReceipts;

    Casting(
            JdbcClient jdbc,
            BallotRepository ballots,
            BallotBox ballotBox,
            Elections elections,
            ProofChecking checking,
            RecordAtOnce recordAtOnce,
            KeptReceipts keptReceipts,
            Clock clock,
            PlatformTransactionManager transactionManager) {
        this.elections = elections;
        this.checking = checking;
        this.recordAtOnce = recordAtOnce;
        this.keptReceipts = keptReceipts;
        this.transactions = new TransactionTemplate(transactionManager);
        this.jdbc = jdbc;
        this.ballots = ballots;
        this.ballotBox = ballotBox;
        this.clock = clock;
    }

    /** Looks a link up without changing anything: GET and mail scanners must never use a link up. */
    @Transactional(readOnly = true)
    Optional<LinkState> inspect(String token) {
        return credential(token, false).map(credential -> {
            Ballot ballot = ballots.find(credential.ballotId()).orElseThrow();
            return new LinkState(ballot, refusal(ballot, credential.state(), clock.instant()), credential.endedAt());
        });
    }

    /**
     * Casts a vote. Nearly every vote is one statement in a transaction of its own, rolled back if the ballot closed
     * meanwhile ({@link RecordAtOnce}); a link that statement cannot use is looked at step by step in a transaction, to
     * say why. Call it outside any transaction: the receipt it returns must stand for a vote already committed.
     */
    public Receipt cast(String token, int choice) {
        return cast(token, choice, Optional.empty());
    }

    /** Casts a vote, keeping its receipt with it for a second Confirm of the same page (see {@link KeptReceipts}). */
    Receipt cast(String token, int choice, Optional<ReceiptKeeping> keeping) {
        Receipt receipt = recordAtOnce
                .record(token, election -> choice, keeping)
                .orElseGet(() -> transactions.execute(status -> castChecked(token, ballot -> choice, keeping)));
        checking.voteCast();
        return receipt;
    }

    /**
     * Casts by the option's label, as API clients send it, keeping its receipt for a retry of the same vote if the
     * client gave a retry key (see {@link ReceiptKeeping#ofRetry}).
     */
    Receipt cast(String token, String choiceLabel, Optional<ReceiptKeeping> keeping) {
        Receipt receipt = recordAtOnce
                .record(token, election -> election.options().indexOf(choiceLabel), keeping)
                .orElseGet(() -> transactions.execute(
                        status -> castChecked(token, ballot -> ballot.options().indexOf(choiceLabel), keeping)));
        checking.voteCast();
        return receipt;
    }

    /**
     * The deadline is checked again as the last step before commit, after the ballot box was entered: a vote still
     * being written when the ballot closes is refused whole rather than counted late.
     */
    private void refuseIfClosedBeforeCommit(long ballotId, Instant closesAt) {
        if (!clock.instant().isBefore(closesAt)) {
            throw new VoteRefused(Reason.CLOSED, ballots.find(ballotId).orElseThrow(), null);
        }
    }

    /** Step by step, with the reason for a refusal: for links the single statement could not use. */
    private Receipt castChecked(String token, ToIntFunction<Ballot> chosen, Optional<ReceiptKeeping> keeping) {
        Credential credential =
                credential(token, true).orElseThrow(() -> new VoteRefused(Reason.UNKNOWN_LINK, null, null));
        Ballot ballot = ballots.find(credential.ballotId()).orElseThrow();
        Optional<Reason> refusal = refusal(ballot, credential.state(), clock.instant());
        if (refusal.isPresent()) {
            throw new VoteRefused(refusal.get(), ballot, credential.endedAt());
        }
        int choice = chosen.applyAsInt(ballot);
        if (choice < 0 || choice >= ballot.options().size()) {
            throw new VoteRefused(Reason.INVALID_CHOICE, ballot, null);
        }
        // Only a vote that will be written enters the box, so refusals never queue behind a close.
        try {
            ballotBox.enter(credential.ballotId());
        } catch (DataAccessException e) {
            if (SqlStates.is(e, RecordAtOnce.CLOSED_STATE)) {
                throw new VoteRefused(Reason.CLOSED, ballot, null);
            }
            throw e;
        }
        int burned = jdbc.sql("""
                        update ballots.credential set state = 'USED'
                        where id = :id and state = 'ACTIVE'
                        """).param("id", credential.id()).update();
        if (burned != 1) {
            throw new VoteRefused(Reason.ALREADY_USED, ballot, null);
        }
        jdbc.sql("""
                        update ballots.roll_entry set has_voted = true
                        where ballot_id = :ballot and membership_number = :member
                        """)
                .param("ballot", ballot.id())
                .param("member", credential.membershipNumber())
                .update();
        EncryptedBallot paper = elections
                .of(ballot.id())
                .orElseThrow(() -> new VoteRefused(Reason.NOT_OPEN_YET, ballot, null))
                .encrypt(choice, random);
        byte[] tracker = paper.tracker();
        Instant now = clock.instant();
        jdbc.sql("""
                        insert into ballots.ballot_paper (paper_id, ballot_id, encrypted, tracker, cast_on)
                        values (gen_random_uuid(), :ballot, :encrypted, :tracker, :day)
                        """)
                .param("ballot", ballot.id())
                .param("encrypted", paper.encode())
                .param("tracker", tracker)
                .param("day", java.sql.Date.valueOf(LocalDate.ofInstant(now, UkTime.ZONE)))
                .update();
        String receipt = Tracker.grouped(tracker);
        keeping.ifPresent(kept -> keptReceipts.keep(kept, ballot.id(), receipt, ballot.closesAt()));
        refuseIfClosedBeforeCommit(ballot.id(), ballot.closesAt());
        return new Receipt(receipt, ballot.id());
    }

    private static Optional<Reason> refusal(Ballot ballot, String state, Instant now) {
        if (state.equals("USED")) {
            return Optional.of(Reason.ALREADY_USED);
        }
        if (now.isBefore(ballot.opensAt()) || ballot.status() == org.gpaction.ballots.BallotStatus.DRAFT) {
            return Optional.of(Reason.NOT_OPEN_YET);
        }
        if (!ballot.acceptsVotesAt(now)) {
            // Asked before whether the link was replaced: once voting has closed, the newer link cannot vote either,
            // so the voter is told that, not sent to find it.
            return Optional.of(Reason.CLOSED);
        }
        if (state.equals("REPLACED")) {
            return Optional.of(Reason.REPLACED);
        }
        return Optional.empty();
    }

    private record Credential(long id, long ballotId, String membershipNumber, String state, Instant endedAt) {}

    private static final String CREDENTIAL =
            "select id, ballot_id, membership_number, state, ended_at from ballots.credential where ";

    /**
     * The credential a link belongs to: the one whose latest link it is, or the one it was an earlier link of (a
     * reminder sent a newer link for the same credential, and the earlier one still works).
     */
    private Optional<Credential> credential(String token, boolean lock) {
        if (!SecretTokens.looksValid(token)) {
            return Optional.empty();
        }
        byte[] hash = SecretTokens.hash(token);
        String forUpdate = lock ? " for update" : "";
        Optional<Credential> latest = jdbc.sql(CREDENTIAL + "token_hash = :hash" + forUpdate)
                .param("hash", hash)
                .query(Casting::credential)
                .optional();
        if (latest.isPresent()) {
            return latest;
        }
        return jdbc.sql(CREDENTIAL
                        + "id = (select credential_id from ballots.earlier_link where token_hash = :hash)"
                        + forUpdate)
                .param("hash", hash)
                .query(Casting::credential)
                .optional();
    }

    private static Credential credential(java.sql.ResultSet rs, int row) throws SQLException {
        Timestamp ended = rs.getTimestamp(5);
        return new Credential(
                rs.getLong(1),
                rs.getLong(2),
                rs.getString(3),
                rs.getString(4),
                ended == null ? null : ended.toInstant());
    }
}
