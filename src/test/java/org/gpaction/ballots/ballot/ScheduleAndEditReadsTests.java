package org.gpaction.ballots.ballot;

import static org.assertj.core.api.Assertions.assertThat;

import org.gpaction.ballots.BallotStatus;
import org.gpaction.ballots.VotingFixtures;
import org.gpaction.ballots.ballot.BallotAdministration.CreateBallotCommand;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.RowsRead;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Scheduling a draft, and changing a draft's sender address, read the ballot once after the change, for the notice to
 * the sender address and for the answer, as {@link UnschedulingReadsTests} shows unscheduling does.
 */
@GpActionTest
class ScheduleAndEditReadsTests {

    @Autowired
    BallotAdministration administration;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aSchedulingReadsTheBallotOnceAfterItsUpdateForItsNoticeAndItsAnswer() {
        long id = new VotingFixtures(jdbc).draft();

        long scans = new TransactionTemplate(transactions).execute(status -> {
            long before = RowsRead.scansInTransaction(jdbc, "ballots", "ballot");
            assertThat(administration.schedule(id, "test").status()).isEqualTo(BallotStatus.SCHEDULED);
            return RowsRead.scansInTransaction(jdbc, "ballots", "ballot") - before;
        });

        assertThat(notice(id, "Scheduled: Race"))
                .as("the notice names the ballot by its title")
                .contains("\"Race\" (ballot " + id + ") was scheduled by test to open ");
        assertThat(scans)
                .as("reads of ballots.ballot by the scheduling: the draft locked, its update, the ballot log's check"
                        + " that the ballot is there, and the ballot read once for the notice and the answer (reading"
                        + " it again for the answer would be 5)")
                .isEqualTo(4);
    }

    @Test
    void aNewSenderAddressReadsTheBallotOnceAfterTheChangeForItsNoticeAndItsAnswer() {
        long id = new VotingFixtures(jdbc).draft();
        Ballot draft = administration.find(id);
        CreateBallotCommand moved = new CreateBallotCommand(
                draft.title(),
                draft.question(),
                draft.options(),
                draft.ruleSet().name(),
                draft.opensAt(),
                draft.closesAt(),
                draft.rollCutoff(),
                draft.scrutineerName(),
                "moved@scrutineer.example");

        long scans = new TransactionTemplate(transactions).execute(status -> {
            long before = RowsRead.scansInTransaction(jdbc, "ballots", "ballot");
            assertThat(administration
                            .edit(id, moved, "test", DraftVersion.Expected.ANY)
                            .ballot()
                            .senderAddress())
                    .isEqualTo("moved@scrutineer.example");
            return RowsRead.scansInTransaction(jdbc, "ballots", "ballot") - before;
        });

        assertThat(notice(id, "Sender address changed: Race"))
                .as("the notice, to the address the notices went to until now, names the ballot by its title")
                .contains("\"Race\" (ballot " + id + ")")
                .contains("from ballots@scrutineer.example to moved@scrutineer.example");
        assertThat(scans)
                .as("reads of ballots.ballot by the change: the draft locked, its update, the ballot log's check that"
                        + " the ballot is there, the ballot read once for the notice and the answer, and its version"
                        + " for the answer (reading it again for the notice would be 6)")
                .isEqualTo(5);
    }

    private String notice(long id, String subject) {
        return jdbc.sql("select body from notifications.outbox where about = :about and subject = :subject")
                .param("about", BallotEmails.about(id))
                .param("subject", subject)
                .query(String.class)
                .single();
    }
}
