package org.gpaction.ballots.trustees;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.gpaction.ballots.TestTrustee;
import org.gpaction.ballots.VotingFixtures;
import org.gpaction.ballots.ballot.BallotAdministration;
import org.gpaction.ballots.ballot.InvalidBallot;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.LockWaits;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A draft scheduled while one of its trustees' keys is found exposed, each held open at the point where it meets the
 * other, for real: whichever commits first, the ballot never stays scheduled with the exposed key.
 */
@GpActionTest
class ExposureRaceTests {

    @Autowired
    BallotAdministration administration;

    @Autowired
    ExposedKeys exposedKeys;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aKeyExposedWhileItsBallotIsBeingScheduledWaitsForTheSchedulingAndMakesItADraftAgain() throws Exception {
        long ballot = new VotingFixtures(jdbc).draft();
        String key = carelessKey(ballot);
        CountDownLatch scheduled = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> scheduling = pool.submit(() -> inTransaction(() -> {
                administration.schedule(ballot, "racer");
                scheduled.countDown();
                release.await(30, TimeUnit.SECONDS);
            }));
            assertThat(scheduled.await(30, TimeUnit.SECONDS)).isTrue();
            Future<?> exposing = pool.submit(() -> inTransaction(() -> exposedKeys.record(key, Instant.now())));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> exposing.isDone() || LockWaits.waiting(jdbc, "select t.ballot_id") > 0);
            boolean waited = !exposing.isDone();
            release.countDown();
            scheduling.get();
            exposing.get();

            assertThat(status(ballot)).isEqualTo("DRAFT");
            assertThat(log(ballot, "SCHEDULED")).isEqualTo(1);
            assertThat(log(ballot, "RETURNED_TO_DRAFT")).isEqualTo(1);
            assertThat(waited)
                    .as("the exposure waited for the scheduling's lock on the ballot")
                    .isTrue();
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aBallotScheduledWhileItsKeyIsBeingFoundExposedWaitsForTheExposureAndIsRefused() throws Exception {
        long ballot = new VotingFixtures(jdbc).draft();
        String key = carelessKey(ballot);
        CountDownLatch exposed = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> exposing = pool.submit(() -> inTransaction(() -> {
                exposedKeys.record(key, Instant.now());
                exposed.countDown();
                release.await(30, TimeUnit.SECONDS);
            }));
            assertThat(exposed.await(30, TimeUnit.SECONDS)).isTrue();
            Future<Object> scheduling = pool.submit(() -> {
                try {
                    return administration.schedule(ballot, "racer");
                } catch (InvalidBallot refused) {
                    return refused;
                }
            });
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> scheduling.isDone() || LockWaits.waiting(jdbc, "select id, title, question") > 0);
            boolean waited = !scheduling.isDone();
            release.countDown();
            exposing.get();
            Object outcome = scheduling.get();

            assertThat(status(ballot)).isEqualTo("DRAFT");
            assertThat(outcome).isInstanceOf(InvalidBallot.class);
            assertThat(log(ballot, "SCHEDULED")).isZero();
            assertThat(waited)
                    .as("the scheduling waited for the exposure's lock on the ballot")
                    .isTrue();
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private Object inTransaction(Step step) {
        new TransactionTemplate(transactions).executeWithoutResult(tx -> {
            try {
                step.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return null;
    }

    /** A second trustee's key, made for this test alone so that exposing it touches no other test's ballots. */
    private String carelessKey(long ballot) {
        return TestTrustee.addKey(jdbc, ballot, "Careless trustee", "test");
    }

    private String status(long ballot) {
        return jdbc.sql("select status from ballots.ballot where id = :id")
                .param("id", ballot)
                .query(String.class)
                .single();
    }

    private long log(long ballot, String action) {
        return jdbc.sql("select count(*) from ballots.ballot_log where ballot_id = :id and action = :action")
                .param("id", ballot)
                .param("action", action)
                .query(Long.class)
                .single();
    }
}
