package org.gpaction.capacity.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.gpaction.capacity.CapacityTestData;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.practices.Practice;
import org.gpaction.practices.Practices;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Requests that wait for one practice are decided together, under one hold of the day's lock: held here in another
 * transaction while they queue, so they really do wait together, then let go.
 */
@GpActionTest
class DecidingTogetherTests {

    static final int WAITING = 30;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Routing routing;

    @Autowired
    Practices practices;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void requestsDecidedTogetherNumberEachClinician_sContactsOnceAndStopAtTheCap() throws Exception {
        Practice practice = practiceWithTwoCliniciansAtFive();
        Instant now = CapacityTestData.A_WORKING_MORNING;
        Routing.Routed first = route(practice, RequestKind.ROUTINE, now);
        assertThat(first.decision()).isInstanceOf(Router.Booked.class);
        long before = routing.decidedTogether();

        List<Routing.Routed> answers = new ArrayList<>();
        List<Thread> clientThreads = new CopyOnWriteArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(WAITING, task -> {
            Thread thread = new Thread(task);
            clientThreads.add(thread);
            return thread;
        });
        try {
            new TransactionTemplate(transactions).executeWithoutResult(status -> {
                jdbc.sql("select 1 from capacity.practice_day where ods_code = :ods for update")
                        .param("ods", practice.odsCode())
                        .query(Integer.class)
                        .list();
                List<Future<Routing.Routed>> waiting = IntStream.range(0, WAITING)
                        .mapToObj(i -> clients.submit(() -> route(
                                practice,
                                i % 3 == 0 ? RequestKind.URGENT : RequestKind.ROUTINE,
                                now.plusSeconds(1 + i))))
                        .toList();
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> clientThreads.size() == WAITING
                                && clientThreads.stream().allMatch(DecidingTogetherTests::queued));
                assertThat(waiting)
                        .as("every request waits while the day is locked")
                        .noneMatch(Future::isDone);
                clients.submit(() -> {
                    for (Future<Routing.Routed> answer : waiting) {
                        answers.add(answer.get());
                    }
                    return null;
                });
            });
            clients.shutdown();
            assertThat(clients.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS))
                    .isTrue();
        } finally {
            clients.shutdownNow();
        }

        assertThat(routing.decidedTogether() - before)
                .as("the requests queued behind the first were decided together")
                .isGreaterThan(1);
        List<Routing.Routed> booked = answers.stream()
                .filter(a -> a.decision() instanceof Router.Booked)
                .toList();
        assertThat(booked).hasSize(9);
        List<String> numbered = new ArrayList<>(booked.stream()
                .map(a -> a.clinician().label() + " #" + a.contactNumber())
                .toList());
        numbered.add(first.clinician().label() + " #" + first.contactNumber());
        assertThat(numbered)
                .containsExactlyInAnyOrder(
                        "GP 1 #1", "GP 1 #2", "GP 1 #3", "GP 1 #4", "GP 1 #5", "GP 2 #1", "GP 2 #2", "GP 2 #3",
                        "GP 2 #4", "GP 2 #5");
        for (Routing.Routed answer : answers) {
            Map<String, Object> stored = jdbc.sql("""
                            select outcome, contact_number from capacity.contact_request
                            where id = :id and ods_code = :ods
                            """)
                    .param("id", answer.id())
                    .param("ods", practice.odsCode())
                    .query()
                    .singleRow();
            assertThat(stored.get("outcome"))
                    .isEqualTo(
                            answer.decision() instanceof Router.Booked
                                    ? "BOOKED"
                                    : answer.decision() instanceof Router.Waitlisted ? "WAITLISTED" : "DIVERTED");
            assertThat(stored.get("contact_number")).isEqualTo(answer.contactNumber());
        }
        assertThat(answers.stream().map(Routing.Routed::id).distinct()).hasSize(WAITING);
        List<Integer> used = jdbc.sql("""
                        select d.used from capacity.clinician_day d join capacity.clinician c on c.id = d.clinician_id
                        where c.ods_code = :ods and d.day = :day order by c.position
                        """)
                .param("ods", practice.odsCode())
                .param("day", Date.valueOf(PracticeCalendar.dayOf(now)))
                .query(Integer.class)
                .list();
        assertThat(used).containsExactly(5, 5);
    }

    /**
     * Three routine places a day, one kept for urgent need; today's two taken and one patient already promised
     * tomorrow, which leaves tomorrow one place. Three routine requests decided together, while an urgent one holds the
     * day's lock, are promised one tomorrow and two the day after: each counts the places promised before it in the
     * batch, not only those written.
     */
    @Test
    void requestsWaitlistedTogetherArePromisedNoMorePlacesOnADayThanItHas() throws Exception {
        Practice practice = practiceStayingOpen(3, 1);
        Instant now = CapacityTestData.A_WORKING_MORNING;
        LocalDate tomorrow = PracticeCalendar.dayOf(now).plusDays(1);
        for (int i = 0; i < 2; i++) {
            assertThat(route(practice, RequestKind.ROUTINE, now.plusSeconds(i)).decision())
                    .isInstanceOf(Router.Booked.class);
        }
        assertThat(route(practice, RequestKind.ROUTINE, now.plusSeconds(2)).decision())
                .isEqualTo(new Router.Waitlisted(tomorrow));
        long before = routing.decidedTogether();

        List<Thread> clientThreads = new CopyOnWriteArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(4, task -> {
            Thread thread = new Thread(task);
            clientThreads.add(thread);
            return thread;
        });
        List<Future<Routing.Routed>> waitlisted;
        Future<Routing.Routed> urgent;
        try {
            List<Future<Routing.Routed>> submitted = new ArrayList<>();
            urgent = new TransactionTemplate(transactions).execute(status -> {
                jdbc.sql("select 1 from capacity.practice_day where ods_code = :ods for update")
                        .param("ods", practice.odsCode())
                        .query(Integer.class)
                        .list();
                Future<Routing.Routed> holding =
                        clients.submit(() -> route(practice, RequestKind.URGENT, now.plusSeconds(3)));
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> clientThreads.size() == 1 && queued(clientThreads.get(0)));
                for (int i = 0; i < 3; i++) {
                    int second = 4 + i;
                    submitted.add(clients.submit(() -> route(practice, RequestKind.ROUTINE, now.plusSeconds(second))));
                }
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> clientThreads.size() == 4
                                && clientThreads.stream().allMatch(DecidingTogetherTests::queued));
                assertThat(holding.isDone())
                        .as("the urgent request waits while the day is locked")
                        .isFalse();
                return holding;
            });
            waitlisted = submitted;
            assertThat(urgent.get(30, TimeUnit.SECONDS).decision()).isInstanceOf(Router.Booked.class);
            List<LocalDate> promised = new ArrayList<>();
            for (Future<Routing.Routed> answer : waitlisted) {
                Router.Decision decision = answer.get(30, TimeUnit.SECONDS).decision();
                assertThat(decision).isInstanceOf(Router.Waitlisted.class);
                promised.add(((Router.Waitlisted) decision).forDay());
            }
            assertThat(routing.decidedTogether() - before)
                    .as("the three routine requests were decided together")
                    .isEqualTo(3);
            assertThat(promised)
                    .as("%s has one place left", tomorrow)
                    .containsExactlyInAnyOrder(tomorrow, tomorrow.plusDays(1), tomorrow.plusDays(1));
        } finally {
            clients.shutdownNow();
        }
        assertThat(jdbc.sql("""
                        select waitlisted_for from capacity.contact_request
                        where ods_code = :ods and outcome = 'WAITLISTED' order by waitlisted_for
                        """)
                        .param("ods", practice.odsCode())
                        .query((rs, row) -> rs.getDate(1).toLocalDate())
                        .list())
                .containsExactly(tomorrow, tomorrow, tomorrow.plusDays(1), tomorrow.plusDays(1));
    }

    Routing.Routed route(Practice practice, RequestKind kind, Instant at) {
        return routing.route(practice, new Router.Request(Channel.RECEPTION, kind, null), "test", at);
    }

    Practice practiceStayingOpen(int cap, int urgentReserve) {
        CapacityTestData data = new CapacityTestData(jdbc, new Http(port));
        String ods = data.practiceTakingActionOne(CapacityTestData.settings(
                        List.of(CapacityTestData.clinician("GP 1", cap, CapacityTestData.EVERY_DAY)),
                        CapacityTestData.allDay(),
                        "STAY_OPEN_SIGNPOST",
                        urgentReserve))
                .ods();
        return practices.find(ods).orElseThrow();
    }

    Practice practiceWithTwoCliniciansAtFive() {
        Http http = new Http(port);
        CapacityTestData data = new CapacityTestData(jdbc, http);
        String ods = data.practiceTakingActionOne(CapacityTestData.settings(
                        List.of(
                                CapacityTestData.clinician("GP 1", 5, CapacityTestData.EVERY_DAY),
                                CapacityTestData.clinician("GP 2", 5, CapacityTestData.EVERY_DAY)),
                        CapacityTestData.allDay(),
                        "CLOSE",
                        0))
                .ods();
        return practices.find(ods).orElseThrow();
    }

    /** In the practice's queue: deciding the requests taken from it (held at the day's lock), or parked in it. */
    private static boolean queued(Thread thread) {
        List<String> frames = Arrays.stream(thread.getStackTrace())
                .map(frame -> frame.getClassName() + "." + frame.getMethodName())
                .toList();
        String queues = PracticeQueues.class.getName();
        return frames.contains(queues + ".decideWaiting")
                || (frames.contains(queues + ".route") && frames.contains(LockSupport.class.getName() + ".parkNanos"));
    }
}
