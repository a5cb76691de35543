package org.gpaction.ballots.roll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import org.gpaction.ballots.ReplacementFixtures;
import org.gpaction.ballots.ReplacementFixtures.Voter;
import org.gpaction.ballots.ballot.BallotLogEntries;
import org.gpaction.ballots.ballot.BallotNotChangeable;
import org.gpaction.ballots.ballot.BallotRepository;
import org.gpaction.ballots.ballot.LeftShut;
import org.gpaction.common.UkTime;
import org.gpaction.membership.Eligibility;
import org.gpaction.membership.MemberContacts;
import org.gpaction.notifications.Outbox;
import org.gpaction.practices.Practices;
import org.gpaction.support.GpActionTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Once a ballot's closing time has passed, its roll is not corrected, even in the moments before the clock job marks
 * it closed: a member added then could never vote, yet would be counted as eligible at the close.
 */
@GpActionTest
class RollCorrectionAfterTheCloseTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    BallotRepository ballots;

    @Autowired
    BallotLogEntries logEntries;

    @Autowired
    Eligibility eligibility;

    @Autowired
    MemberContacts contacts;

    @Autowired
    Outbox outbox;

    @Autowired
    Practices practices;

    @Autowired
    LeftShut leftShut;

    @Autowired
    Clock clock;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aCorrectionAfterTheClosingTimeIsRefusedWhileTheBallotIsStillMarkedOpen() {
        ReplacementFixtures fixtures = new ReplacementFixtures(jdbc);
        // The closing time is minutes off on the application's clock, so its clock job leaves the ballot open; the
        // scrutineer's request is read on a clock past it, as on an instance whose job has not yet run.
        long ballot = fixtures.openBallot(Duration.ofMinutes(5), Duration.ofMinutes(-1));
        Voter member = fixtures.member(null);
        Clock later = Clock.offset(clock, Duration.ofMinutes(10));
        RollKeeper pastTheClose = new RollKeeper(
                jdbc,
                ballots,
                logEntries,
                eligibility,
                new RollEnrolment(jdbc, contacts, outbox, practices, later),
                leftShut,
                later);
        Timestamp closes = jdbc.sql("select closes_at from ballots.ballot where id = :b")
                .param("b", ballot)
                .query(Timestamp.class)
                .single();

        assertThatThrownBy(() -> new TransactionTemplate(transactions)
                        .executeWithoutResult(status -> pastTheClose.addByScrutineer(
                                ballot, member.number(), "Left off the roll by mistake", "scrutineer@ballots.test")))
                .isInstanceOf(BallotNotChangeable.class)
                .hasMessage("Voting closed " + UkTime.onOrAt(closes.toInstant())
                        + " (UK time), so the roll can no longer be corrected: a member added now could not vote");

        assertThat(jdbc.sql("select status from ballots.ballot where id = :b")
                        .param("b", ballot)
                        .query(String.class)
                        .single())
                .as("still marked open")
                .isEqualTo("OPEN");
        assertThat(fixtures.count("select count(*) from ballots.roll_entry where ballot_id = :ballot", ballot))
                .isZero();
        assertThat(fixtures.count("select count(*) from ballots.credential where ballot_id = :ballot", ballot))
                .isZero();
        assertThat(fixtures.count(
                        "select count(*) from ballots.ballot_log where ballot_id = :ballot and action = 'ROLL_CORRECTED'",
                        ballot))
                .isZero();
    }
}
