package org.gpaction.ballots.results;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.gpaction.ballots.ballot.BallotRepository;
import org.gpaction.ballots.results.Results.SealCheck;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The seal on the ballot papers: a hash chain over every paper in paper-id order (its id, day, tracker and the hash
 * of its encrypted ballot), fixed at the close, so that any later change to a paper, or one added or removed, gives a
 * different hash.
 */
@Component
class PaperSeal {

    private final JdbcClient jdbc;
    private final BallotRepository ballots;

    PaperSeal(JdbcClient jdbc, BallotRepository ballots) {
        this.jdbc = jdbc;
        this.ballots = ballots;
    }

    String hash(long ballotId) {
        MessageDigest digest = sha256();
        byte[] chain = digest.digest(("GP Action ballot " + ballotId).getBytes(StandardCharsets.UTF_8));
        List<String> papers =
                jdbc.sql("""
                        select paper_id::text || '|' || cast_on::text || '|' || encode(tracker, 'hex') || '|'
                            || encode(sha256(encrypted), 'hex')
                        from ballots.ballot_paper where ballot_id = :ballot order by paper_id
                        """).param("ballot", ballotId).query(String.class).list();
        for (String paper : papers) {
            digest.update(chain);
            digest.update(paper.getBytes(StandardCharsets.UTF_8));
            chain = digest.digest();
        }
        return HexFormat.of().formatHex(chain);
    }

    SealCheck check(long ballotId) {
        ResultCount.closedOrPublished(ballots, ballotId);
        String sealed = jdbc.sql("select log_hash from ballots.ballot where id = :id")
                .param("id", ballotId)
                .query((rs, row) -> rs.getString(1))
                .single();
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
