package org.gpaction.events.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.events.EventsTestData;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * People confirming and cancelling at the same moment, for real: threads started together, each in its own
 * transaction. The confirmed never outnumber the places, and the waiting list moves up in order.
 */
@GpActionTest
class PlacesRaceTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FailedAttempts attempts;

    @Autowired
    Registering registering;

    EventsTestData data;

    @BeforeEach
    void setUp() {
        data = new EventsTestData(jdbc, port, attempts);
    }

    @RepeatedTest(3)
    void concurrentConfirmationsForTheLastPlacesNeverExceedTheCapacity() throws Exception {
        long event = data.roadshowInTwoWeeks(3);
        String early = TestMailbox.uniqueAddress("early");
        confirmNow(event, early);
        List<String> emails = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String email = TestMailbox.uniqueAddress("racer");
            emails.add(email);
            tokens.add(data.registerAndGetConfirmToken(event, email));
        }

        List<Callable<Object>> racers = new ArrayList<>();
        for (String token : tokens) {
            racers.add(
                    () -> registering.confirm(token, "127.0.0.1").orElseThrow().status());
        }
        List<Object> outcomes = together(racers);

        assertThat(outcomes).containsOnly(RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING);
        assertThat(outcomes).filteredOn(RegistrationStatus.CONFIRMED::equals).hasSize(2);
        assertThat(outcomes).filteredOn(RegistrationStatus.WAITING::equals).hasSize(4);
        assertThat(data.count(event, "CONFIRMED")).isEqualTo(3);
        assertThat(data.count(event, "WAITING")).isEqualTo(4);
    }

    @RepeatedTest(3)
    void twoCancellingAndThreeConfirmingAtOnceNeverOverfillAndTheListMovesUpInOrder() throws Exception {
        long event = data.roadshowInTwoWeeks(3);
        String a = TestMailbox.uniqueAddress("a");
        String b = TestMailbox.uniqueAddress("b");
        String c = TestMailbox.uniqueAddress("c");
        String d = TestMailbox.uniqueAddress("d");
        String cancelA = confirmNow(event, a);
        String cancelB = confirmNow(event, b);
        confirmNow(event, c);
        assertThat(confirmNow(event, d, "On the waiting list")).isNotEmpty();
        List<String> newcomers =
                List.of(TestMailbox.uniqueAddress("e"), TestMailbox.uniqueAddress("f"), TestMailbox.uniqueAddress("g"));
        List<String> tokens = new ArrayList<>();
        for (String email : newcomers) {
            tokens.add(data.registerAndGetConfirmToken(event, email));
        }

        List<Callable<Object>> racers = new ArrayList<>();
        racers.add(() -> registering.cancel(cancelA, "127.0.0.1").isPresent());
        racers.add(() -> registering.cancel(cancelB, "127.0.0.1").isPresent());
        for (String token : tokens) {
            racers.add(
                    () -> registering.confirm(token, "127.0.0.1").orElseThrow().status());
        }
        List<Object> outcomes = together(racers);

        assertThat(outcomes.subList(0, 2)).containsOnly(true);
        assertThat(data.count(event, "CONFIRMED")).isEqualTo(3);
        assertThat(data.count(event, "WAITING")).isEqualTo(2);
        // D was waiting first, so D moved up whatever the order; of the three newcomers exactly one holds a place.
        assertThat(data.status(event, d)).isEqualTo("CONFIRMED");
        List<String> newcomerStatuses =
                newcomers.stream().map(email -> data.status(event, email)).toList();
        assertThat(newcomerStatuses).containsOnly("CONFIRMED", "WAITING");
        assertThat(newcomerStatuses).filteredOn("CONFIRMED"::equals).hasSize(1);
        data.awaitSubject(d, "A place has come up");
    }

    private String confirmNow(long event, String email) {
        return confirmNow(event, email, "Place confirmed");
    }

    /** Registers and confirms; returns the cancel token from the email that follows. */
    private String confirmNow(long event, String email, String subject) {
        assertThat(registering.confirm(data.registerAndGetConfirmToken(event, email), "127.0.0.1"))
                .as("confirmation of %s", email)
                .isPresent();
        return EventsTestData.cancelToken(data.awaitSubject(email, subject));
    }

    /** Runs every task at the same moment, each on its own thread, and returns their results in order. */
    private static List<Object> together(List<Callable<Object>> tasks) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch ready = new CountDownLatch(tasks.size());
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Object>> futures = new ArrayList<>();
            for (Callable<Object> task : tasks) {
                futures.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    return task.call();
                }));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<Object> results = new ArrayList<>();
            for (Future<Object> future : futures) {
                results.add(future.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }
}
