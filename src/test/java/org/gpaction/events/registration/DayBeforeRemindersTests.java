package org.gpaction.events.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.events.EventsTestData;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The reminder goes once to each confirmed registrant, even with several instances sending at once, and only it
 * carries a webinar's joining link.
 */
@GpActionTest
class DayBeforeRemindersTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FailedAttempts attempts;

    @Autowired
    Registering registering;

    @Autowired
    DayBeforeReminders reminders;

    EventsTestData data;

    @BeforeEach
    void setUp() {
        data = new EventsTestData(jdbc, port, attempts);
    }

    @Test
    void eachConfirmedRegistrantIsRemindedOnceWithTheJoiningLinkWhateverRunsAtOnce() throws Exception {
        String joiningLink = "https://meet.example.org/j/" + System.nanoTime() + "?pwd=secret";
        String title = EventsTestData.title("Webinar");
        long event = data.publish(data.webinar(title, Instant.now().plus(Duration.ofHours(3)), 1, joiningLink));
        String placed = TestMailbox.uniqueAddress("placed");
        String waiting = TestMailbox.uniqueAddress("waiting");
        registering.confirm(data.registerAndGetConfirmToken(event, placed), "127.0.0.1");
        registering.confirm(data.registerAndGetConfirmToken(event, waiting), "127.0.0.1");
        data.awaitSubject(placed, "Place confirmed");
        data.awaitSubject(waiting, "On the waiting list");

        ExecutorService instances = Executors.newFixedThreadPool(3);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runs.add(instances.submit(() -> {
                go.await();
                return reminders.sendDue();
            }));
        }
        go.countDown();
        for (Future<Integer> run : runs) {
            run.get(30, TimeUnit.SECONDS);
        }
        instances.shutdown();
        // A second round finds nothing more for this event.
        reminders.sendDue();

        TestMailbox.Message reminder = data.awaitSubject(placed, "Reminder: " + title);
        assertThat(reminder.body()).contains(joiningLink).contains("/events/cancel/");
        data.awaitAllSent(placed);
        data.awaitAllSent(waiting);
        List<TestMailbox.Message> toPlaced = TestMailbox.messagesTo(placed);
        assertThat(toPlaced).filteredOn(m -> m.subject().startsWith("Reminder")).hasSize(1);
        assertThat(toPlaced)
                .filteredOn(m -> !m.subject().startsWith("Reminder"))
                .allSatisfy(m -> assertThat(m.body()).doesNotContain(joiningLink));
        assertThat(TestMailbox.messagesTo(waiting))
                .allSatisfy(m -> assertThat(m.body()).doesNotContain(joiningLink))
                .noneMatch(m -> m.subject().startsWith("Reminder"));

        Http anyone = new Http(port);
        assertThat(anyone.get("/events/" + event).body()).doesNotContain("meet.example.org");
        assertThat(anyone.get("/api/events").body()).doesNotContain("meet.example.org");
        assertThat(anyone.get("/events/" + event + "/event.ics").body()).doesNotContain("meet.example.org");
    }

    @Test
    void someoneGivenAPlaceAfterTheRemindersWentOutIsRemindedToo() {
        String title = EventsTestData.title("Late roadshow");
        long event = data.publish(data.roadshow(title, Instant.now().plus(Duration.ofHours(3)), 1));
        String first = TestMailbox.uniqueAddress("first");
        String second = TestMailbox.uniqueAddress("second");
        registering.confirm(data.registerAndGetConfirmToken(event, first), "127.0.0.1");
        String firstCancel = EventsTestData.cancelToken(data.awaitSubject(first, "Place confirmed"));
        registering.confirm(data.registerAndGetConfirmToken(event, second), "127.0.0.1");
        data.awaitSubject(second, "On the waiting list");
        reminders.sendDue();
        data.awaitSubject(first, "Reminder: " + title);

        registering.cancel(firstCancel, "127.0.0.1");
        data.awaitSubject(second, "A place has come up");
        reminders.sendDue();
        assertThat(data.awaitSubject(second, "Reminder: " + title).body()).contains("Committee Room");
    }
}
