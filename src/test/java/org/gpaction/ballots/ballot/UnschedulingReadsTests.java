package org.gpaction.ballots.ballot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.gpaction.ballots.BallotStatus;
import org.gpaction.ballots.VotingFixtures;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.RowsRead;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Unscheduling reads the ballot it unscheduled once, for its notice to the sender address and for its answer. */
@GpActionTest
class UnschedulingReadsTests {

    @Autowired
    BallotAdministration administration;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void anUnschedulingReadsTheBallotOnceForItsNoticesTitleAndItsAnswer() {
        Instant opens = Instant.now().plus(Duration.ofDays(30));
        long id = new VotingFixtures(jdbc).ballotWithWindow(opens, opens.plus(Duration.ofDays(7)));

        long scans = new TransactionTemplate(transactions).execute(status -> {
            long before = RowsRead.scansInTransaction(jdbc, "ballots", "ballot");
            assertThat(administration.unschedule(id, "test").status()).isEqualTo(BallotStatus.DRAFT);
            return RowsRead.scansInTransaction(jdbc, "ballots", "ballot") - before;
        });

        assertThat(jdbc.sql("select body from notifications.outbox where about = :about and subject = :subject")
                        .param("about", BallotEmails.about(id))
                        .param("subject", "Unscheduled: Race")
                        .query(String.class)
                        .single())
                .as("the notice names the ballot by its title")
                .contains("\"Race\" (ballot " + id + ") was unscheduled by test");
        assertThat(scans)
                .as("reads of ballots.ballot by the unscheduling: its update, the ballot log's check that the ballot"
                        + " is there, the ballot read once for the notice's title and the answer, and its version for"
                        + " the answer (reading it again for the notice, and again for its title, would be 6)")
                .isEqualTo(4);
    }
}
