package org.gpaction.ballots.reminders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.gpaction.ballots.ReplacementFixtures;
import org.gpaction.ballots.ReplacementFixtures.Voter;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.LockWaits;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A scheduled point and a round by hand asked for together: whichever takes the ballot's reminder lock second sees
 * the other, so nobody who has not voted is sent two reminders at once.
 */
@GpActionTest
class ScheduledBesideByHandTests {

    @Autowired
    ScheduledReminders scheduled;

    @Autowired
    RemindersByHand remindersByHand;

    @Autowired
    ReminderRounds rounds;

    @Autowired
    ReminderHistory history;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aScheduledPointThatWaitedForARoundByHandIsSkipped_notSentStraightAfterIt() throws Exception {
        Instant now = Instant.now();
        // Two days before the close fell due six hours ago.
        ReplacementFixtures fixtures = new ReplacementFixtures(jdbc);
        long ballot = fixtures.ballot(
                now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(2)).minus(Duration.ofHours(6)), now);
        Voter waiting = fixtures.member(null);
        fixtures.enrol(ballot, waiting);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        AtomicReference<Future<Integer>> scheduledRun = new AtomicReference<>();
        try {
            new TransactionTemplate(transactions).executeWithoutResult(status -> {
                // An administrator's round holds the reminder lock; the scheduled run starts meanwhile and waits.
                rounds.hold(ballot);
                int holder = LockWaits.thisBackend(jdbc);
                scheduledRun.set(thread.submit(() -> scheduled.sendDue(ballot, List.of(2), Clock.systemUTC())));
                await("the scheduled run waiting for the round by hand")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> LockWaits.blockedBy(jdbc, holder) == 1);
                remindersByHand.send(ballot, TestAdmin.EMAIL);
            });
            assertThat(scheduledRun.get().get(30, TimeUnit.SECONDS))
                    .as("nobody reminded again straight after the round by hand")
                    .isZero();
        } finally {
            thread.shutdownNow();
        }

        assertThat(history.rounds(ballot))
                .extracting(Round::key, Round::sent)
                .containsExactlyInAnyOrder(
                        tuple(
                                jdbc.sql("select round_key from ballots.reminder_round where ballot_id = :b and went")
                                        .param("b", ballot)
                                        .query(String.class)
                                        .single(),
                                1),
                        tuple("scheduled-2d", 0));
        assertThat(jdbc.sql("select count(*) from notifications.outbox where recipient = :to")
                        .param("to", waiting.email())
                        .query(Long.class)
                        .single())
                .isOne();
    }
}
