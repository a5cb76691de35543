package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.support.HeldLocks.holding;

import java.sql.Connection;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.gpaction.ballots.casting.Casting;
import org.gpaction.ballots.trustees.DecryptionShares;
import org.gpaction.ballots.trustees.Tallying;
import org.gpaction.support.GpActionTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A trustee's share sent while the count holds the ballot is told to come back, rather than left hanging. */
@GpActionTest
class ShareDuringCountTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    Casting casting;

    @Autowired
    Tallying tallying;

    @Autowired
    DecryptionShares shares;

    @Test
    void aShareSentWhileTheBallotIsHeldByItsCountIsToldToComeBackAndTakenAfterwards() throws Exception {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        casting.cast(fixtures.credential(ballot, "SHARE-" + UUID.randomUUID()), 0);
        fixtures.closeNow(ballot);
        tallying.tally(ballot);
        String share = TestTrustee.share(jdbc, ballot);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        // The count holds the ballot's row for as long as it takes, as a long one would.
        try (Connection count = holding(dataSource, "select id from ballots.ballot where id = ? for update", ballot)) {
            Future<?> sent = thread.submit(() -> shares.accept(ballot, share, "trustee@test.example"));

            assertThat(org.junit.jupiter.api.Assertions.assertThrows(
                            java.util.concurrent.ExecutionException.class, () -> sent.get(20, TimeUnit.SECONDS)))
                    .cause()
                    .isInstanceOf(DecryptionShares.NotDecryptable.class)
                    .hasMessageContaining("try again in a minute");
            count.commit();
        } finally {
            thread.shutdownNow();
        }
        assertThat(shares.state(ballot).decrypted()).isFalse();

        assertThat(shares.accept(ballot, share, "trustee@test.example").decrypted())
                .as("taken once the count lets the ballot go")
                .isTrue();
    }
}
