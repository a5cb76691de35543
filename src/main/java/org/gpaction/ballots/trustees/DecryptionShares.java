package org.gpaction.ballots.trustees;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotLogEntries;
import org.gpaction.ballots.ballot.BallotNotFound;
import org.gpaction.ballots.ballot.BallotRepository;
import org.gpaction.ballots.crypto.DecryptionShare;
import org.gpaction.ballots.crypto.DecryptionShareJson;
import org.gpaction.ballots.crypto.Election;
import org.gpaction.ballots.crypto.EncryptedTally;
import org.gpaction.ballots.crypto.RecordJson;
import org.gpaction.common.database.SqlStates;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The trustees' decryption shares of a ballot's encrypted totals. Each share is checked as it arrives (its proof of
 * correct decryption must hold for this ballot's totals, from one of its trustees' keys) and refused whole otherwise.
 * With the last trustee's share, the shares are combined into the totals ({@link Decrypting}): the only thing ever
 * decrypted.
 */
@Service
public class DecryptionShares {

    /** Where a closed ballot's count stands: its trustees, whose shares are in, and the totals once decrypted. */
    public record CountState(EncryptedTally tally, List<TrusteeShare> trustees, long[] counts, Instant decryptedAt) {

        public boolean tallied() {
            return tally != null;
        }

        public boolean decrypted() {
            return counts != null;
        }

        public long sharesIn() {
            return trustees.stream().filter(TrusteeShare::uploaded).count();
        }
    }

    /** A trustee: who added their key and when, and who gave their share and when (null until given). */
    public record TrusteeShare(
            String name,
            String publicKey,
            String keyAddedBy,
            Instant keyAddedAt,
            String uploadedBy,
            Instant uploadedAt) {
        public boolean uploaded() {
            return uploadedAt != null;
        }
    }

    private final JdbcClient jdbc;
    private final BallotRepository ballots;
    private final BallotLogEntries logEntries;
    private final Elections elections;
    private final CountStates counts;
    private final Decrypting decrypting;
    private final TrusteeAudit audit;
    private final Clock clock;
    private final TransactionTemplate transactions;

    DecryptionShares(
            JdbcClient jdbc,
            BallotRepository ballots,
            BallotLogEntries logEntries,
            Elections elections,
            CountStates counts,
            Decrypting decrypting,
            TrusteeAudit audit,
            Clock clock,
            PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.ballots = ballots;
        this.logEntries = logEntries;
        this.elections = elections;
        this.counts = counts;
        this.decrypting = decrypting;
        this.audit = audit;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    public CountState state(long ballotId) {
        return counts.state(ballotId);
    }

    /**
     * The ballot, locked. The count at the close holds it for as long as it takes (seconds; minutes when many papers
     * came in since the background check last passed): a share sent meanwhile waits a few seconds, then is told to
     * come back rather than left hanging.
     */
    private Ballot lockUnlessBeingCounted(long ballotId) {
        jdbc.sql("set local lock_timeout = '3s'").update();
        Ballot ballot;
        try {
            ballot = ballots.lock(ballotId).orElseThrow(() -> new BallotNotFound(ballotId));
        } catch (DataAccessException e) {
            if (SqlStates.is(e, SqlStates.LOCK_NOT_AVAILABLE)) {
                throw new NotDecryptable(
                        "The encrypted totals are being made: try again in a minute. Nothing was stored");
            }
            throw e;
        }
        jdbc.sql("set local lock_timeout = 0").update();
        return ballot;
    }

    /**
     * Takes one trustee's share, given as the whole of the {@code share.json} that {@code trustee decrypt} wrote. When
     * it is the last one needed, the shares are combined and the totals stored, in the same transaction.
     */
    public CountState accept(long ballotId, String shareFile, String actor) {
        // Before anything else: whatever the ballot's stage, a trustee who pasted their private key must be told.
        if (ShareFiles.isPrivateKey(shareFile)) {
            audit.privateKeyExposed(ballotId, actor, shareFile, "as a decryption share");
            throw new ShareRefused(ShareFiles.PRIVATE_KEY_PASTED);
        }
        // A refusal is written down once its transaction has rolled back, or it would go with it.
        try {
            return transactions.execute(status -> take(ballotId, shareFile, actor));
        } catch (ShareRefused refused) {
            recordRefusal(ballotId, actor, refused.refusal);
            throw refused;
        } catch (NotDecryptable refused) {
            recordRefusal(ballotId, actor, refused.refusal);
            throw refused;
        }
    }

    /** A share the API refused unread as too big: written down as every refused share is. */
    void refusedAsTooLong(long ballotId, String actor) {
        audit.shareRefused(ballotId, actor, null, ShareFiles.TOO_LONG);
    }

    /** A share the API refused unread as sent as neither JSON nor text: written down as every refused share is. */
    void refusedAsUnsupportedType(long ballotId, String actor) {
        audit.shareRefused(ballotId, actor, null, "it was sent as neither application/json nor text/plain");
    }

    private void recordRefusal(long ballotId, String actor, Refusal refusal) {
        if (refusal != null) {
            audit.shareRefused(ballotId, actor, refusal.trusteeKey(), refusal.reason());
        }
    }

    private CountState take(long ballotId, String shareFile, String actor) {
        Ballot ballot = lockUnlessBeingCounted(ballotId);
        if (ballot.status() != BallotStatus.CLOSED && ballot.status() != BallotStatus.PUBLISHED) {
            throw new NotDecryptable(
                    "Decryption shares are taken once voting has closed; this ballot is " + ballot.status());
        }
        CountState state = counts.state(ballotId);
        if (!state.tallied()) {
            throw new NotDecryptable("The encrypted totals are still being made: try again in a minute");
        }
        if (state.decrypted()) {
            throw new NotDecryptable("Every trustee's share is in and the totals are decrypted already");
        }
        DecryptionShare share = ShareFiles.read(shareFile);
        Election election = elections.of(ballotId).orElseThrow();
        String key = RecordJson.point(share.trusteeKey());
        Optional<TrusteeShare> trustee =
                state.trustees().stream().filter(t -> t.publicKey().equals(key)).findFirst();
        if (trustee.isEmpty()) {
            throw new ShareRefused(
                    "This share was made with a key that is not one of this ballot's trustees' keys (" + key
                            + "): decrypt with the private key whose public key was given for this ballot",
                    new Refusal(key, "it was made with a key that is not one of this ballot's trustees' keys"));
        }
        if (trustee.get().uploaded()) {
            throw new NotDecryptable(trustee.get().name() + "'s share is in already");
        }
        int options = state.tally().totals().size();
        if (share.parts().size() != options) {
            throw new ShareRefused(
                    "This share has " + share.parts().size() + " parts and this ballot has " + options
                            + " options: was it made from another ballot's record? Nothing was stored",
                    new Refusal(
                            key, "it has " + share.parts().size() + " parts, and the ballot " + options + " options"));
        }
        List<Integer> failures =
                share.failures(election.extendedBaseHash(), state.tally().totals());
        if (!failures.isEmpty()) {
            throw new ShareRefused(
                    "The proof of correct decryption fails for option "
                            + (failures.get(0) + 1) + " ("
                            + ballot.options().get(failures.get(0))
                            + "): this share does not decrypt this ballot's totals. Was it made from another ballot's"
                            + " record, or changed since? Nothing was stored",
                    new Refusal(
                            key,
                            "its proof of correct decryption fails for option " + (failures.get(0) + 1)
                                    + ", so it does not decrypt this ballot's totals"));
        }
        Instant now = clock.instant();
        jdbc.sql("""
                        insert into ballots.decryption_share (ballot_id, public_key, share, uploaded_by, uploaded_at)
                        values (:ballot, :key, :share, :actor, :now)
                        """)
                .param("ballot", ballotId)
                .param("key", key)
                .param(
                        "share",
                        new String(
                                RecordJson.write(DecryptionShareJson.share(election.extendedBaseHash(), share)),
                                StandardCharsets.UTF_8))
                .param("actor", actor)
                .param("now", Timestamp.from(now))
                .update();
        logEntries.add(
                ballotId,
                actor,
                "SHARE_ADDED",
                "Decryption share of " + trustee.get().name() + " checked and added (" + (state.sharesIn() + 1) + " of "
                        + state.trustees().size() + ")",
                now);
        if (state.sharesIn() + 1 == state.trustees().size()) {
            decrypting.decrypt(ballotId, election, state.tally(), key, now);
        }
        return counts.state(ballotId);
    }

    /**
     * What the ballot log says of a refused share: the key it was made with (null if the file could not be read) and
     * why, in words that never repeat what was sent.
     */
    record Refusal(String trusteeKey, String reason) {}

    /**
     * The ballot is not at the stage of taking this share (not closed, not tallied, or the share is in), or the
     * shares hold but do not decrypt the totals.
     */
    public static class NotDecryptable extends RuntimeException {
        /** Null for a share that only came at the wrong time, which the ballot log need not record. */
        private final transient Refusal refusal;

        NotDecryptable(String message) {
            this(message, null);
        }

        NotDecryptable(String message, Refusal refusal) {
            super(message);
            this.refusal = refusal;
        }
    }

    /** A share that is not taken, with why; nothing was stored. */
    public static class ShareRefused extends RuntimeException {
        /** Null for a form sent empty, which the ballot log need not record. */
        private final transient Refusal refusal;

        ShareRefused(String message) {
            this(message, null);
        }

        ShareRefused(String message, Refusal refusal) {
            super(message);
            this.refusal = refusal;
        }
    }
}
