package org.gpaction.capacity.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.gpaction.capacity.CapacityTestData.EVERY_DAY;
import static org.gpaction.capacity.CapacityTestData.allDay;
import static org.gpaction.capacity.CapacityTestData.clinician;
import static org.gpaction.capacity.CapacityTestData.settings;

import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gpaction.capacity.CapacityTestData;
import org.gpaction.capacity.OnAWorkingMorning;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.LockWaits;
import org.gpaction.support.MovingClock;
import org.gpaction.support.MovingClocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * A set-up saved just before midnight (UK time) that waits for the day's lock until after it changes the day it
 * finally holds, the new one, and leaves the day that has ended as it was.
 */
@GpActionTest
@Import(MovingClocks.class)
@ExtendWith(OnAWorkingMorning.class)
class SaveAcrossMidnightTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    SaveSetup saveSetup;

    @Autowired
    SaveClinicians clinicians;

    @Autowired
    CapLimits limits;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    MovingClock clock;

    @Test
    void aSaveWaitingForTheDaysLockAcrossMidnightChangesTheNewDay_notTheOneThatEnded() throws Exception {
        // Wednesday 13 January 2027, two minutes to midnight (UK time is GMT in January).
        LocalDate ending = LocalDate.of(2027, 1, 13);
        LocalDate next = ending.plusDays(1);
        clock.moveTo(Instant.parse("2027-01-13T23:58:00Z"));
        Map<String, Object> gp = clinician("GP 1", 25, EVERY_DAY);
        String ods = new CapacityTestData(jdbc, new Http(port))
                .practiceSetUpWith(settings(List.of(gp), allDay(), "CLOSE", 0))
                .ods();
        long gpId = jdbc.sql("select id from capacity.clinician where ods_code = :ods")
                .param("ods", ods)
                .query(Long.class)
                .single();
        gp.put("id", gpId);
        gp.put("dailyCap", 20);
        SetupRequest lowered = json.convertValue(settings(List.of(gp), allDay(), "CLOSE", 0), SetupRequest.class);

        AtomicInteger holder = new AtomicInteger();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> holding =
                    threads.submit(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
                        holder.set(LockWaits.thisBackend(jdbc));
                        clinicians.holdToday(ods, ending);
                        held.countDown();
                        waitFor(release);
                    }));
            assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
            // The API's save, the limit read before midnight, as it reads it once before saving.
            CapLimit limit = limits.on(ending);
            Future<?> saving = threads.submit(() ->
                    saveSetup.save(ods, lowered, "manager@practice.test", null, SetupRules.Numbering.AS_SENT, limit));
            await().atMost(Duration.ofSeconds(30)).until(() -> LockWaits.blockedBy(jdbc, holder.get()) > 0);
            assertThat(saving.isDone()).as("the save waits for the day's lock").isFalse();

            clock.moveTo(Instant.parse("2027-01-14T00:00:30Z"));
            release.countDown();
            holding.get(30, TimeUnit.SECONDS);
            saving.get(30, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            threads.shutdownNow();
        }

        assertThat(cap(gpId, next)).as("the new day's cap").contains(20);
        assertThat(cap(gpId, ending)).as("the ended day's cap").contains(25);
    }

    private Optional<Integer> cap(long clinician, LocalDate day) {
        return jdbc.sql("select cap from capacity.clinician_day where clinician_id = :id and day = :day")
                .param("id", clinician)
                .param("day", Date.valueOf(day))
                .query(Integer.class)
                .optional();
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
