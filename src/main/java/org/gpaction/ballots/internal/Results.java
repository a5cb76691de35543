package org.gpaction.ballots.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.gpaction.ballots.BallotStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turnout at any time; results only once a ballot has closed. Option percentages are of valid votes, turnout of
 * those entitled, to one decimal place rounded half up.
 */
@Service
public class Results {

    public record Turnout(long eligible, long returned, BigDecimal turnoutPercent) {}

    public record OptionResult(String label, long votes, BigDecimal percent) {}

    public record Result(
            long ballotId,
            long eligible,
            long issued,
            long returned,
            BigDecimal turnoutPercent,
            long spoilt,
            List<OptionResult> options,
            String logHash) {}

    private final JdbcClient jdbc;
    private final BallotRepository ballots;

    Results(JdbcClient jdbc, BallotRepository ballots) {
        this.jdbc = jdbc;
        this.ballots = ballots;
    }

    @Transactional(readOnly = true)
    public Turnout turnout(long ballotId) {
        ballots.find(ballotId).orElseThrow(() -> new BallotNotFound(ballotId));
        return jdbc.sql("""
                        select count(*), count(*) filter (where has_voted)
                        from ballots.roll_entry where ballot_id = :ballot
                        """)
                .param("ballot", ballotId)
                .query((rs, row) -> new Turnout(rs.getLong(1), rs.getLong(2), percent(rs.getLong(2), rs.getLong(1))))
                .single();
    }

    /** The result, or {@link ResultsNotYetAvailable} while the ballot is still open. */
    @Transactional(readOnly = true)
    public Result result(long ballotId) {
        Ballot ballot = ballots.find(ballotId).orElseThrow(() -> new BallotNotFound(ballotId));
        if (ballot.status() != BallotStatus.CLOSED && ballot.status() != BallotStatus.PUBLISHED) {
            throw new ResultsNotYetAvailable(ballot);
        }
        long eligible = count("select count(*) from ballots.roll_entry where ballot_id = :ballot", ballotId);
        long issued = count(
                "select count(distinct membership_number) from ballots.credential where ballot_id = :ballot", ballotId);
        long[] votes = new long[ballot.options().size()];
        jdbc.sql("select choice, count(*) from ballots.ballot_paper where ballot_id = :ballot group by choice")
                .param("ballot", ballotId)
                .query(rs -> {
                    votes[rs.getInt(1)] = rs.getLong(2);
                });
        long valid = 0;
        for (long v : votes) {
            valid += v;
        }
        List<OptionResult> options = new ArrayList<>();
        for (int i = 0; i < votes.length; i++) {
            options.add(new OptionResult(ballot.options().get(i), votes[i], percent(votes[i], valid)));
        }
        String hash = jdbc.sql("select log_hash from ballots.ballot where id = :id")
                .param("id", ballotId)
                .query((rs, row) -> rs.getString(1))
                .single();
        return new Result(ballotId, eligible, issued, valid, percent(valid, eligible), 0, options, hash);
    }

    /**
     * A hash chain over every ballot paper in paper-id order: any later change to a paper, or one added or
     * removed, gives a different hash.
     */
    String logHash(long ballotId) {
        MessageDigest digest = sha256();
        byte[] chain = digest.digest(("GP Action ballot " + ballotId).getBytes(StandardCharsets.UTF_8));
        List<String> papers =
                jdbc.sql("""
                        select paper_id::text || '|' || choice || '|' || cast_on::text || '|' || encode(receipt_hash, 'hex')
                        from ballots.ballot_paper where ballot_id = :ballot order by paper_id
                        """).param("ballot", ballotId).query(String.class).list();
        for (String paper : papers) {
            digest.update(chain);
            digest.update(paper.getBytes(StandardCharsets.UTF_8));
            chain = digest.digest();
        }
        return HexFormat.of().formatHex(chain);
    }

    static BigDecimal percent(long part, long whole) {
        if (whole == 0) {
            return BigDecimal.ZERO.setScale(1);
        }
        return BigDecimal.valueOf(part)
                .multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP);
    }

    private long count(String sql, long ballotId) {
        return jdbc.sql(sql).param("ballot", ballotId).query(Long.class).single();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static class ResultsNotYetAvailable extends RuntimeException {
        public ResultsNotYetAvailable(Ballot ballot) {
            super("Results are available once the ballot closes (" + ballot.status() + ")");
        }
    }
}
