package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import org.gpaction.ballots.casting.Casting;
import org.gpaction.ballots.trustees.ProofChecking;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.util.AopTestUtils;

/**
 * The background checking of proofs gives way while votes are coming in. On a database of its own: on the shared one
 * every other test context's checker, told of no votes, is quiet and checks any open ballot's papers every few
 * seconds, so a paper checked there while this instance gave way would look like this instance's doing.
 */
class CheckingGivesWayTests extends OwnBallotDatabase {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Casting casting;

    @Autowired
    ProofChecking checking;

    @Test
    void checkingGivesWayWhileVotesAreComingIn() {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        int votes = 5;
        // Holding the checker's monitor (its looks are synchronized) keeps its scheduled spells from looking or
        // checking meanwhile, so its look below counts every vote it is told of here, however slowly they are cast.
        synchronized (AopTestUtils.getUltimateTargetObject(checking)) {
            for (int i = 0; i < votes; i++) {
                casting.cast(fixtures.credential(ballot, "BUSY-" + UUID.randomUUID()), i % 2);
            }
            // Told of votes as casting tells it, more than the quiet mark (10 a second) allows over any time since
            // its last look: this machine's rate of casting has no part in whether votes are coming in.
            for (int i = 0; i < 1_000_000; i++) {
                checking.voteCast();
            }
            assertThat(checking.checkWhileQuiet())
                    .as("a look while votes are coming in checks nothing")
                    .isZero();
            assertThat(checked(ballot))
                    .as("no paper is checked while votes keep coming in")
                    .isZero();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> checked(ballot) == votes);
        assertThat(checked(ballot))
                .as("once the votes stop, every paper is checked")
                .isEqualTo(count("select count(*) from ballots.ballot_paper where ballot_id = :b", ballot));
    }

    private long checked(long ballot) {
        return count("select count(*) from ballots.checked_paper where ballot_id = :b", ballot);
    }

    private long count(String sql, long ballot) {
        return jdbc.sql(sql).param("b", ballot).query(Long.class).single();
    }
}
