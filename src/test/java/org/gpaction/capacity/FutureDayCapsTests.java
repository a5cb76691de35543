package org.gpaction.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.gpaction.capacity.CapacityTestData.EVERY_DAY;
import static org.gpaction.capacity.CapacityTestData.allDay;
import static org.gpaction.capacity.CapacityTestData.clinician;
import static org.gpaction.capacity.CapacityTestData.settings;
import static org.gpaction.support.HeldLocks.holding;

import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.gpaction.capacity.CapacityTestData.SafeWorkingPractice;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.LockWaits;
import org.gpaction.support.MovingClocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Caps changed for a day to come take the practice's clinicians, in the order the change lists them, and a save of
 * the set-up takes every clinician: the change holds the set-up first, as the save does, so the two never deadlock.
 * Each test runs on a working morning, whatever day it runs: the day a week ahead whose caps change, Wednesday 20
 * January 2027, is then a working day too, never a bank holiday or a weekend that the set-up refuses.
 */
@GpActionTest
@Import(MovingClocks.class)
@ExtendWith(OnAWorkingMorning.class)
class FutureDayCapsTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Test
    void capsForADayToComeWaitForASaveOfTheSetUpBeforeTakingAnyClinician() throws Exception {
        Http http = new Http(port);
        CapacityTestData data = new CapacityTestData(jdbc, http);
        SafeWorkingPractice practice = data.practiceSetUpWith(settings(
                List.of(clinician("GP 1", 25, EVERY_DAY), clinician("GP 2", 25, EVERY_DAY)), allDay(), "CLOSE", 0));
        String ods = practice.ods();
        String manager = practice.managerToken();
        long first = practice.clinicianId(0);
        long second = practice.clinicianId(1);
        String today = http.get("/api/practices/" + ods + "/capacity", manager)
                .json()
                .get("day")
                .asString();
        String nextWeek = LocalDate.parse(today).plusDays(7).toString();
        ExecutorService thread = Executors.newSingleThreadExecutor();
        // A save of the set-up has begun: it holds the set-up, and takes every clinician next.
        try (Connection saving = holding(
                dataSource, "select ods_code from capacity.practice_setup where ods_code = ? for update", ods)) {
            Future<Http.Response> changed = thread.submit(() -> http.putJson(
                    "/api/practices/" + ods + "/capacity/days/" + nextWeek,
                    Map.of("clinicians", List.of(Map.of("id", second, "cap", 10), Map.of("id", first, "cap", 12))),
                    manager));
            await("the change waiting for the save")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> LockWaits.waiting(jdbc, "select ods_code from capacity.practice_setup") == 1);
            saving.commit();

            Http.Response response = changed.get(30, TimeUnit.SECONDS);
            assertThat(response.status()).as(response.body()).isEqualTo(200);
        } finally {
            thread.shutdownNow();
        }
        assertThat(jdbc.sql("select cap from capacity.clinician_day where clinician_id = :id and day = :day")
                        .param("id", second)
                        .param("day", LocalDate.parse(nextWeek))
                        .query(Integer.class)
                        .single())
                .isEqualTo(10);
    }
}
