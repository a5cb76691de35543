package org.gpaction.events.hosting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.events.EventsTestData;
import org.gpaction.events.TestHosting;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One host saving attendance while another cancels the event, for real: a test connection holds the event's row, both
 * hosts' requests are sent and seen waiting for it together, and then it is let go, so they meet at the event's lock,
 * in one order or the other. Either way the event ends cancelled with nobody attending it: ticks saved first are
 * forgotten by the cancellation, ticks sent after it are refused.
 */
@GpActionTest
class AttendanceRaceTests {

    private static final int RUNS = 6;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    FailedAttempts attempts;

    EventsTestData data;
    ExecutorService threads;

    @BeforeEach
    void setUp() {
        data = new EventsTestData(jdbc, port, attempts);
        threads = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
    }

    @Test
    void attendanceSavedAsAnotherHostCancelsEndsWithNobodyAttending_whicheverComesFirst() throws Exception {
        Http atTheDoor = data.signedInHost();
        Http cancelling = data.signedInHost();
        int savedThenCancelled = 0;
        int refusedAfterCancelling = 0;

        for (int run = 0; run < RUNS; run++) {
            long id = data.roadshowInTwoWeeks(5);
            long registration = TestHosting.placedAt(data, jdbc, id);
            Callable<Integer> tick =
                    () -> TestHosting.saveAttended(atTheDoor, id, registration).status();
            Callable<Integer> cancel = () -> cancelling
                    .postForm("/hosting/events/" + id + "/cancel", Map.of())
                    .status();
            // Each host has the event's page open, as at the door and at the desk.
            assertThat(atTheDoor.get("/hosting/events/" + id).status()).isEqualTo(200);
            assertThat(cancelling.get("/hosting/events/" + id + "/cancel").status())
                    .isEqualTo(200);
            boolean tickQueuedFirst = run % 2 == 0;

            Future<Integer> ticked;
            Future<Integer> cancelled;
            try (Connection holder = TestHosting.holdEvent(dataSource, id)) {
                if (tickQueuedFirst) {
                    ticked = threads.submit(tick);
                    awaitWaiting(1, 0);
                    cancelled = threads.submit(cancel);
                } else {
                    cancelled = threads.submit(cancel);
                    awaitWaiting(0, 1);
                    ticked = threads.submit(tick);
                }
                awaitWaiting(1, 1);
                holder.rollback();
            }
            int tickStatus = ticked.get(30, TimeUnit.SECONDS);
            int cancelStatus = cancelled.get(30, TimeUnit.SECONDS);

            assertThat(cancelStatus).as("run %d: the cancellation", run).isEqualTo(302);
            assertThat(tickStatus)
                    .as("run %d: the attendance, queued %s the cancellation", run, tickQueuedFirst ? "before" : "after")
                    .isEqualTo(tickQueuedFirst ? 302 : 409);
            if (tickStatus == 302) {
                savedThenCancelled++;
            } else {
                refusedAfterCancelling++;
            }
            assertThat(jdbc.sql("select status from events.event where id = :id")
                            .param("id", id)
                            .query(String.class)
                            .single())
                    .isEqualTo("CANCELLED");
            assertThat(TestHosting.attendanceSaved(jdbc, registration))
                    .as("run %d: nobody attended the cancelled event", run)
                    .isFalse();
            assertThat(TestHosting.attendedInTheApi(port, data.adminToken(), id))
                    .as("run %d: attended in the API", run)
                    .isZero();
        }

        assertThat(savedThenCancelled)
                .as("attendance saved before the cancellation took the lock (the race went that way)")
                .isPositive();
        assertThat(refusedAfterCancelling)
                .as("attendance refused after the cancellation took the lock (the race went the other way)")
                .isPositive();
    }

    /** Waits until that many attendance saves and cancellations are waiting for an event's row. */
    private void awaitWaiting(long ticks, long cancels) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> TestHosting.waitingForTheEvent(jdbc, "for share") == ticks
                        && TestHosting.waitingForTheEvent(jdbc, "for update") == cancels);
    }
}
