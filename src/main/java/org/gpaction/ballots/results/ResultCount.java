package org.gpaction.ballots.results;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotNotFound;
import org.gpaction.ballots.ballot.BallotRepository;
import org.gpaction.ballots.ballot.Certificates;
import org.gpaction.ballots.crypto.Tracker;
import org.gpaction.ballots.results.Results.OptionResult;
import org.gpaction.ballots.results.Results.Result;
import org.gpaction.ballots.results.Results.ResultsNotYetAvailable;
import org.gpaction.ballots.results.Results.SpoiltPaper;
import org.gpaction.ballots.results.Results.Thresholds;
import org.gpaction.ballots.roll.RollChecks;
import org.gpaction.ballots.trustees.DecryptionShares;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The count of a closed ballot: votes by option as the trustees' shares decrypted the encrypted totals, turnout and
 * the thresholds the committee reports against, and the papers spoilt. Option percentages are of valid votes (papers whose proofs held),
 * turnout of those entitled and counts spoilt papers too. Nothing can count votes by option before the trustees
 * decrypt the totals.
 */
@Component
class ResultCount {

    private final JdbcClient jdbc;
    private final BallotRepository ballots;
    private final Certificates certificates;
    private final IssuanceCount issuance;
    private final DecryptionShares shares;
    private final RollChecks rollChecks;

    ResultCount(
            JdbcClient jdbc,
            BallotRepository ballots,
            Certificates certificates,
            IssuanceCount issuance,
            DecryptionShares shares,
            RollChecks rollChecks) {
        this.shares = shares;
        this.rollChecks = rollChecks;
        this.jdbc = jdbc;
        this.ballots = ballots;
        this.certificates = certificates;
        this.issuance = issuance;
    }

    /** The ballot, or {@link ResultsNotYetAvailable} while it is still open. */
    static Ballot closedOrPublished(BallotRepository ballots, long ballotId) {
        Ballot ballot = ballots.find(ballotId).orElseThrow(() -> new BallotNotFound(ballotId));
        if (ballot.status() != BallotStatus.CLOSED && ballot.status() != BallotStatus.PUBLISHED) {
            throw new ResultsNotYetAvailable(ballot);
        }
        return ballot;
    }

    Result result(long ballotId) {
        Ballot ballot = closedOrPublished(ballots, ballotId);
        long eligible = count("select eligible from ballots.voter_count where ballot_id = :ballot", ballotId);
        long issued = count("select issued from ballots.voter_count where ballot_id = :ballot", ballotId);
        DecryptionShares.CountState count = shares.state(ballotId);
        if (!count.decrypted()) {
            throw new ResultsNotYetAvailable(
                    count.tallied()
                            ? "Voting has closed and the encrypted totals are made; the result is known once every"
                                    + " trustee has given their decryption share (" + count.sharesIn() + " of "
                                    + count.trustees().size() + " so far)"
                            : "Voting has closed; the encrypted totals are being made from the papers");
        }
        long[] votes = count.counts();
        long spoilt = count.tally().spoilt().size();
        long valid = 0;
        for (long v : votes) {
            valid += v;
        }
        List<OptionResult> options = new ArrayList<>();
        for (int i = 0; i < votes.length; i++) {
            options.add(new OptionResult(ballot.options().get(i), votes[i], Percent.of(votes[i], valid)));
        }
        // Empty only for a ballot closed by hand outside the clock, which stores the hash as it closes.
        String hash = jdbc.sql("select log_hash from ballots.ballot where id = :id")
                .param("id", ballotId)
                .query((rs, row) -> rs.getString(1))
                .list()
                .get(0);
        return new Result(
                ballotId,
                eligible,
                issued,
                valid + spoilt,
                Percent.of(valid + spoilt, eligible),
                spoilt,
                options,
                hash,
                thresholds(eligible, valid + spoilt, options),
                certificates.of(ballotId).orElse(null),
                issuance.of(ballotId, issued),
                rollChecks.counts(ballotId));
    }

    /**
     * The papers the count spoilt, in the order of the ballot record (as its tally.json lists them); none before. Read
     * from the stored tally in SQL, as the result page has already read and parsed the count once.
     */
    List<SpoiltPaper> spoiltPapers(long ballotId) {
        return jdbc.sql("""
                        select (s ->> 'position')::bigint as position, s ->> 'tracker' as tracker, s ->> 'reason' as reason
                        from ballots.ballot b, jsonb_array_elements(cast(b.tally as jsonb) -> 'spoilt') s
                        where b.id = :id and b.tally is not null
                        order by 1
                        """)
                .param("id", ballotId)
                .query((rs, row) -> new SpoiltPaper(
                        rs.getLong("position"),
                        Tracker.grouped(HexFormat.of().parseHex(rs.getString("tracker"))),
                        rs.getString("reason")))
                .list();
    }

    static Thresholds thresholds(long eligible, long returned, List<OptionResult> options) {
        boolean half = eligible > 0 && returned * 2 >= eligible;
        BigDecimal turnout = Percent.besideThreshold(returned, eligible, half);
        for (OptionResult option : options) {
            if (option.label().equalsIgnoreCase("Yes")) {
                boolean forty = eligible > 0 && option.votes() * 5 >= eligible * 2;
                return new Thresholds(half, turnout, forty, Percent.besideThreshold(option.votes(), eligible, forty));
            }
        }
        return new Thresholds(half, turnout, null, null);
    }

    private long count(String sql, long ballotId) {
        return jdbc.sql(sql).param("ballot", ballotId).query(Long.class).single();
    }
}
