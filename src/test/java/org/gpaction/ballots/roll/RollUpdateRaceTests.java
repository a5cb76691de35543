package org.gpaction.ballots.roll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.gpaction.ballots.OwnBallotDatabase;
import org.gpaction.ballots.ReplacementFixtures;
import org.gpaction.ballots.ReplacementFixtures.Voter;
import org.gpaction.ballots.ballot.BallotRepository;
import org.gpaction.support.LockWaits;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Before the roll's cut-off, an import's pass over the members and a member's own change each add whoever has become
 * eligible, both holding the ballot shared: they can both find the same member missing. The pass that finds the
 * member already added by the other then adds everyone else it found and leaves that member as they are. On a
 * database of its own: the pass puts every eligible member there on the ballot's roll.
 */
class RollUpdateRaceTests extends OwnBallotDatabase {

    @Autowired
    RollKeeper rolls;

    @Autowired
    BallotRepository ballots;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    Clock clock;

    @Autowired
    PlatformTransactionManager transactionManager;

    private String practice;

    /** Tests sharing this database count its eligible members: this test's are partners nowhere once it ends. */
    @AfterEach
    void noLongerEligible() {
        new ReplacementFixtures(jdbc).partnersNowhere(practice);
    }

    @Test
    void aPassThatFindsAMemberJustAddedByAnotherAddsEveryoneElse() throws Exception {
        practice = TestPractices.add(jdbc);
        ReplacementFixtures fixtures = new ReplacementFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofDays(7), Duration.ofDays(2));
        Voter both = fixtures.member(practice);
        List<Voter> others = List.of(fixtures.member(practice), fixtures.member(practice));
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (Connection memberChange = dataSource.getConnection()) {
            // A member's own change is adding them, and has not yet committed.
            memberChange.setAutoCommit(false);
            try (PreparedStatement enrol = memberChange.prepareStatement("""
                    insert into ballots.roll_entry (ballot_id, membership_number, added_at, added_by, evidence)
                    values (?, ?, now(), 'roll update before the cut-off', 'their own change')
                    """)) {
                enrol.setLong(1, ballot);
                enrol.setString(2, both.number());
                enrol.executeUpdate();
            }
            Future<Integer> pass = thread.submit(() -> new TransactionTemplate(transactionManager)
                    .execute(status -> rolls.addEligible(
                            ballots.findForVoting(ballot).orElseThrow(),
                            clock.instant(),
                            "roll update before the cut-off")));
            await("the pass waiting on the member being added")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> LockWaits.waiting(jdbc, "insert into ballots.roll_entry") == 1);
            memberChange.commit();

            assertThat(pass.get(30, TimeUnit.SECONDS))
                    .as("the two others added (with any other member eligible here); the member added meanwhile left"
                            + " as they are")
                    .isGreaterThanOrEqualTo(2);
        } finally {
            thread.shutdownNow();
        }
        for (Voter other : others) {
            assertThat(fixtures.addedBy(ballot, other.number())).hasSize(1);
            assertThat(credentials(ballot, other)).isEqualTo(1);
        }
        assertThat(fixtures.addedBy(ballot, both.number())).hasSize(1);
        assertThat(jdbc.sql("select evidence from ballots.roll_entry where ballot_id = :b and membership_number = :m")
                        .param("b", ballot)
                        .param("m", both.number())
                        .query(String.class)
                        .single())
                .isEqualTo("their own change");
        assertThat(credentials(ballot, both))
                .as("no second link for the member added meanwhile")
                .isZero();
    }

    private long credentials(long ballot, Voter voter) {
        return jdbc.sql("select count(*) from ballots.credential where ballot_id = :b and membership_number = :m")
                .param("b", ballot)
                .param("m", voter.number())
                .query(Long.class)
                .single();
    }
}
