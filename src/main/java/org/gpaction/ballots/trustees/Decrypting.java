package org.gpaction.ballots.trustees;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import org.gpaction.ballots.ballot.BallotLogEntries;
import org.gpaction.ballots.crypto.DecryptionShare;
import org.gpaction.ballots.crypto.Election;
import org.gpaction.ballots.crypto.EncryptedTally;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Decrypts a ballot's encrypted totals once every trustee's share is in, in the transaction that took the last one:
 * the shares combined give the count for each option, the only thing ever decrypted.
 */
@Component
class Decrypting {

    private static final Logger log = LoggerFactory.getLogger(Decrypting.class);

    private final JdbcClient jdbc;
    private final BallotLogEntries logEntries;
    private final CountStates states;

    Decrypting(JdbcClient jdbc, BallotLogEntries logEntries, CountStates states) {
        this.jdbc = jdbc;
        this.logEntries = logEntries;
        this.states = states;
    }

    void decrypt(long ballotId, Election election, EncryptedTally tally, String lastKey, Instant now) {
        long[] counts;
        try {
            counts = DecryptionShare.combine(election, tally.totals(), states.shares(ballotId), tally.counted());
        } catch (IllegalArgumentException e) {
            // Every share's proof held against the stored totals, yet they do not decrypt to a count of the papers
            // counted: the stored totals are not those the count made. Nothing is stored, so the scrutineer can look.
            log.error("Ballot {}: the shares hold but do not decrypt the totals: {}", ballotId, e.getMessage());
            throw new DecryptionShares.NotDecryptable(
                    "Every share's proof holds, but the totals do not decrypt to between 0 and " + tally.counted()
                            + " votes for each option: the stored encrypted totals are not what the count made. Stop"
                            + " and investigate before anything is published; this last share was not stored",
                    new DecryptionShares.Refusal(
                            lastKey,
                            "with it every share's proof holds, but the totals do not decrypt to between 0 and "
                                    + tally.counted() + " votes for each option: the stored encrypted totals are not"
                                    + " what the count made"));
        }
        jdbc.sql("update ballots.ballot set counts = :counts, decrypted_at = :now where id = :id")
                .param("counts", Arrays.stream(counts).boxed().toArray(Long[]::new))
                .param("now", Timestamp.from(now))
                .param("id", ballotId)
                .update();
        StringBuilder totals = new StringBuilder();
        for (int i = 0; i < counts.length; i++) {
            totals.append(i == 0 ? "" : ", ")
                    .append(election.options().get(i))
                    .append(' ')
                    .append(counts[i]);
        }
        logEntries.add(
                ballotId,
                "system",
                "DECRYPTED",
                "Every trustee's share combined; the encrypted totals decrypt to " + totals,
                now);
    }
}
