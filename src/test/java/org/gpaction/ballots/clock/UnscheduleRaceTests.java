package org.gpaction.ballots.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gpaction.ballots.HeldClock;
import org.gpaction.ballots.OwnBallotDatabase;
import org.gpaction.ballots.TestTrustee;
import org.gpaction.ballots.ballot.BallotAdministration;
import org.gpaction.ballots.ballot.BallotNotChangeable;
import org.gpaction.support.LockWaits;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Unscheduling raced against the clock opening the same ballot, for real: exactly one of them happens, every time,
 * and across the rounds each wins some.
 */
class UnscheduleRaceTests extends OwnBallotDatabase {

    static final int ROUNDS = 30;

    @Autowired
    BallotAdministration administration;

    @Autowired
    BallotClock ballotClock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clock clock;

    @Autowired
    HeldClock heldClock;

    @Autowired
    PlatformTransactionManager transactions;

    /**
     * Each round the unscheduling reads the clock before the opening time, its reading held back (see
     * {@link HeldClock}) until a moment within a few milliseconds either side of it, when the clock starts on the
     * ballot: which of them wins depends only on which reaches the row first, never on whether a loaded machine let the
     * unscheduling read the clock in the few milliseconds before the opening.
     */
    @Test
    void unschedulingRacingTheOpeningEndsWithExactlyOneOfThemAndEachWinsSomeRounds() throws Exception {
        Random random = new Random();
        ExecutorService unscheduler = Executors.newSingleThreadExecutor();
        ExecutorService opener = Executors.newSingleThreadExecutor();
        int unscheduled = 0;
        int opened = 0;
        try {
            Thread unschedulingThread =
                    unscheduler.submit(Thread::currentThread).get();
            for (int round = 0; round < ROUNDS; round++) {
                Instant opens = clock.instant().plusMillis(300);
                long id = scheduled(opens);
                CountDownLatch release = new CountDownLatch(1);
                heldClock.holdNextReadingOf(unschedulingThread, release);
                Future<Object> unscheduling = unscheduler.submit(() -> {
                    try {
                        return administration.unschedule(id, "racer");
                    } catch (BallotNotChangeable refused) {
                        return refused;
                    }
                });
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> heldClock.heldReading().isPresent());
                assertThat(heldClock.heldReading().get())
                        .as("round %d: the unscheduling read the clock before the opening time", round)
                        .isBefore(opens);
                // Let go from 5 ms before the clock starts to 15 ms after: the clock has more to do before its claim.
                Instant releaseAt = opens.plusNanos((random.nextInt(21) - 5) * 1_000_000L);
                Future<?> opening = opener.submit(() -> {
                    waitUntil(opens);
                    ballotClock.tick();
                    return null;
                });
                waitUntil(releaseAt);
                release.countDown();
                Object outcome = unscheduling.get();
                opening.get();
                if (outcome instanceof BallotNotChangeable refused) {
                    opened++;
                    assertThat(refused.getMessage()).contains("can no longer be unscheduled");
                    // The scheduler's own tick may hold it, opening it, while the test's tick skips it.
                    await().atMost(Duration.ofSeconds(60))
                            .until(() -> status(id).equals("OPEN"));
                    assertThat(log(id, "UNSCHEDULED")).as("round %d", round).isZero();
                    assertThat(log(id, "OPENED")).as("round %d", round).isEqualTo(1);
                } else {
                    unscheduled++;
                    assertThat(status(id)).as("round %d", round).isEqualTo("DRAFT");
                    assertThat(log(id, "UNSCHEDULED")).as("round %d", round).isEqualTo(1);
                    ballotClock.tick();
                    assertThat(status(id)).as("a draft never opens").isEqualTo("DRAFT");
                    assertThat(log(id, "OPENED")).as("round %d", round).isZero();
                }
            }
        } finally {
            unscheduler.shutdownNow();
            opener.shutdownNow();
        }
        assertThat(unscheduled + opened).isEqualTo(ROUNDS);
        assertThat(unscheduled).as("rounds the unscheduling won").isPositive();
        assertThat(opened).as("rounds the opening won").isPositive();
    }

    /**
     * The interleaving the conditional update exists for, made to happen: the unscheduling reads the clock before the
     * opening time, then the clock job opens the ballot and holds it while the unscheduling's update waits for it.
     */
    @Test
    void anUnschedulingThatReadTheClockBeforeTheOpeningButWritesAfterItChangesNothing() throws Exception {
        Instant opens = clock.instant().plusMillis(300);
        long id = scheduled(opens);
        CountDownLatch opening = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Object> unscheduling = pool.submit(() -> {
                heldClock.holdNextReadingOf(Thread.currentThread(), opening);
                try {
                    return administration.unschedule(id, "racer");
                } catch (BallotNotChangeable refused) {
                    return refused;
                }
            });
            Future<?> opened = pool.submit(() -> new TransactionTemplate(transactions).executeWithoutResult(tx -> {
                waitUntil(opens);
                ballotClock.tick();
                opening.countDown();
                await().atMost(Duration.ofSeconds(10)).until(() -> unscheduling.isDone() || anUpdateIsWaiting());
            }));
            opened.get();
            Object outcome = unscheduling.get();

            assertThat(outcome).isInstanceOf(BallotNotChangeable.class);
            assertThat(((BallotNotChangeable) outcome).getMessage()).contains("can no longer be unscheduled");
            assertThat(status(id)).isEqualTo("OPEN");
            assertThat(log(id, "OPENED")).isEqualTo(1);
            assertThat(log(id, "UNSCHEDULED")).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Whether the unscheduling's update is waiting for a lock. Any lock waited on would do on a quiet server, but the
     * application's scheduled jobs (the clock, checking proofs and counting other tests' ballots, the outbox) wait for
     * locks of their own now and then, which would let the opening commit before the unscheduling ever wrote.
     */
    private boolean anUpdateIsWaiting() {
        return LockWaits.waiting(jdbc, "update ballots.ballot set status = 'DRAFT'") > 0;
    }

    @Test
    void aBallotWhoseOpeningTimeHasPassedCannotBeUnscheduledEvenBeforeTheClockHasOpenedIt() {
        long id = scheduled(clock.instant().minusSeconds(1));

        assertThat(refusal(id))
                .containsPattern("Voting opened (on \\d{1,2} [A-Z][a-z]+ \\d{4} at |at midnight)")
                .contains("can no longer be unscheduled");

        assertThat(log(id, "UNSCHEDULED")).isZero();
        // Opened by the scheduler's tick, which opens other tests' due ballots too, emailing their rolls.
        await().atMost(Duration.ofSeconds(60)).until(() -> status(id).equals("OPEN"));
    }

    private String refusal(long id) {
        try {
            administration.unschedule(id, "late");
            return "unscheduled";
        } catch (BallotNotChangeable refused) {
            return refused.getMessage();
        }
    }

    private void waitUntil(Instant at) {
        while (clock.instant().isBefore(at)) {
            Thread.onSpinWait();
        }
    }

    /** A scheduled ballot whose roll is made at its opening, as the clock finds one that is due. */
    private long scheduled(Instant opens) {
        long id = ScheduledBallots.insert(
                jdbc, "Race to open", opens, opens.plus(Duration.ofDays(7)), opens.plus(Duration.ofDays(7)));
        TestTrustee.addTo(jdbc, id);
        return id;
    }

    private String status(long id) {
        return jdbc.sql("select status from ballots.ballot where id = :id")
                .param("id", id)
                .query(String.class)
                .single();
    }

    private long log(long id, String action) {
        return jdbc.sql("select count(*) from ballots.ballot_log where ballot_id = :id and action = :action")
                .param("id", id)
                .param("action", action)
                .query(Long.class)
                .single();
    }
}
