package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.gpaction.ballots.casting.Casting;
import org.gpaction.ballots.casting.VoteRefused;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * With just one ballot open, as on nearly every voting day, a vote is encrypted for that ballot at once and the
 * statement recording it checks the link is that ballot's: every link is still counted once or refused saying why,
 * a link of another ballot included. On a database of its own, where no other test's ballot is open.
 */
class OneOpenBallotVotingTests extends OwnBallotDatabase {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Casting casting;

    VotingFixtures fixtures;

    @BeforeEach
    @AfterEach
    void noOtherBallotOpen() throws InterruptedException {
        jdbc.sql("update ballots.ballot set status = 'CLOSED', closes_at = now() where status = 'OPEN'")
                .update();
        fixtures = new VotingFixtures(jdbc);
        // The ballots open now are read at most once a second.
        Thread.sleep(1_100);
    }

    @Test
    void eachLinkIsCountedOnceOrRefusedSayingWhy() throws Exception {
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        long closed = fixtures.ballotWithWindow(
                Instant.now().minusSeconds(7200), Instant.now().minusSeconds(1));
        jdbc.sql("update ballots.ballot set status = 'CLOSED' where id = :b")
                .param("b", closed)
                .update();
        assertThat(jdbc.sql("select count(*) from ballots.ballot where status = 'OPEN'")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);

        Casting.Receipt receipt = casting.cast(fixtures.credential(ballot, "ONE-" + UUID.randomUUID()), 0);
        assertThat(receipt.ballotId()).isEqualTo(ballot);

        String token = fixtures.credential(ballot, "ONE-" + UUID.randomUUID());
        List<Object> outcomes = VotingFixtures.race(() -> casting.cast(token, 1));
        assertThat(outcomes).filteredOn(Casting.Receipt.class::isInstance).hasSize(1);
        assertThat(outcomes)
                .filteredOn(VoteRefused.class::isInstance)
                .hasSize(VotingFixtures.THREADS - 1)
                .allMatch(o -> ((VoteRefused) o).reason() == VoteRefused.Reason.ALREADY_USED);

        String otherBallots = fixtures.credential(closed, "ONE-" + UUID.randomUUID());
        assertThat(VotingFixtures.refusal(() -> casting.cast(otherBallots, 0)))
                .as("a link of a closed ballot, tried first against the open one")
                .isEqualTo(VoteRefused.Reason.CLOSED);
        assertThat(VotingFixtures.refusal(() -> casting.cast("A".repeat(43), 0)))
                .isEqualTo(VoteRefused.Reason.UNKNOWN_LINK);

        assertThat(fixtures.papers(ballot)).isEqualTo(2);
        assertThat(fixtures.papers(closed)).isZero();
        assertThat(jdbc.sql("select count(*) from ballots.credential where ballot_id = :b and state = 'USED'")
                        .param("b", ballot)
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
    }
}
