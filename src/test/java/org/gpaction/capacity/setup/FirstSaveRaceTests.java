package org.gpaction.capacity.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.gpaction.capacity.CapacityTestData.EVERY_DAY;
import static org.gpaction.capacity.CapacityTestData.allDay;
import static org.gpaction.capacity.CapacityTestData.clinician;
import static org.gpaction.capacity.CapacityTestData.settings;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.LockWaits;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two managers save the set-up page of a practice not yet set up, both pages opened before either saved: there is no
 * row for the second to lock, so the first save's lock on the practice's code makes the second wait, find the first's
 * set-up and refuse to overwrite it, rather than retire the clinicians it added.
 */
@GpActionTest
class FirstSaveRaceTests {

    @Autowired
    SaveSetup saveSetup;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    CapLimits limits;

    @Test
    void theSecondOfTwoFirstSavesWaitsForTheFirstAndIsRefused_andTheFirstsCliniciansStay() throws Exception {
        String ods = TestPractices.add(jdbc);
        SetupRequest first = request("GP First");
        SetupRequest second = request("GP Second");
        CountDownLatch firstSaved = new CountDownLatch(1);
        CountDownLatch commitFirst = new CountDownLatch(1);
        ExecutorService managers = Executors.newFixedThreadPool(2);
        try {
            Future<?> a = managers.submit(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
                save(ods, first, "first@practice.test");
                firstSaved.countDown();
                waitFor(commitFirst);
            }));
            assertThat(firstSaved.await(30, TimeUnit.SECONDS)).isTrue();
            Future<Throwable> b = managers.submit(() -> {
                try {
                    new TransactionTemplate(transactions)
                            .executeWithoutResult(status -> save(ods, second, "second@practice.test"));
                    return null;
                } catch (Throwable refused) {
                    return refused;
                }
            });
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> LockWaits.waiting(jdbc, "select pg_advisory_xact_lock") > 0);
            assertThat(b.isDone())
                    .as("the second save waits while the first is not committed")
                    .isFalse();
            commitFirst.countDown();
            a.get(30, TimeUnit.SECONDS);

            assertThat(b.get(30, TimeUnit.SECONDS))
                    .as("the second save, from a page opened before the first was saved")
                    .isInstanceOf(SaveSetup.ChangedSince.class);
        } finally {
            commitFirst.countDown();
            managers.shutdownNow();
        }
        assertThat(jdbc.sql("select label from capacity.clinician where ods_code = :ods and retired_at is null")
                        .param("ods", ods)
                        .query(String.class)
                        .list())
                .containsExactly("GP First");
    }

    /** A save from a set-up page opened before the practice was set up. */
    private void save(String ods, SetupRequest request, String by) {
        saveSetup.save(ods, request, by, SaveSetup.NOT_SET_UP, SetupRules.Numbering.AS_SENT, limits.today());
    }

    private SetupRequest request(String clinician) {
        return json.convertValue(
                settings(List.of(clinician(clinician, 25, EVERY_DAY)), allDay(), "CLOSE", 0), SetupRequest.class);
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
