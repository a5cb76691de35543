package org.gpaction.ballots.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.gpaction.support.HeldLocks.holding;

import java.sql.Connection;
import java.time.Duration;
import javax.sql.DataSource;
import org.gpaction.ballots.VotingFixtures;
import org.gpaction.ballots.trustees.ProofChecking;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.LockWaits;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The ballot clock shares the scheduler with jobs that can take minutes (a count at the close, a reminder round to a
 * national roll): it closes ballots on time while one of them is kept waiting.
 */
@GpActionTest
class ClockBesideLongJobsTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Test
    void aBallotClosesOnTimeWhileTheCountOfAnotherIsKeptWaiting() throws Exception {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long counted = fixtures.openBallot(Duration.ofHours(1));
        long closing = fixtures.openBallot(Duration.ofHours(1));
        // The count of the first ballot waits, on the scheduler's thread, for a batch of checks this holds open.
        try (Connection checking = holding(dataSource, ProofChecking.LOCK, counted)) {
            fixtures.closeNow(counted);
            await("the scheduled count of the first ballot waiting")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> LockWaits.waiting(jdbc, VotingFixtures.CHECKING_LOCK) == 1);

            fixtures.closeNow(closing);

            assertThat(tallied(counted))
                    .as("the first ballot's count was still waiting as the second closed")
                    .isFalse();
            assertThat(LockWaits.waiting(jdbc, VotingFixtures.CHECKING_LOCK)).isEqualTo(1);
            checking.commit();
        }
        await("the first ballot counted once let go")
                .atMost(Duration.ofSeconds(30))
                .until(() -> tallied(counted));
    }

    private boolean tallied(long ballot) {
        return jdbc.sql("select tally is not null from ballots.ballot where id = :b")
                .param("b", ballot)
                .query(Boolean.class)
                .single();
    }
}
