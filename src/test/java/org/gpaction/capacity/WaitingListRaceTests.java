package org.gpaction.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.gpaction.capacity.CapacityTestData.EVERY_DAY;
import static org.gpaction.capacity.CapacityTestData.allDay;
import static org.gpaction.capacity.CapacityTestData.clinician;
import static org.gpaction.capacity.CapacityTestData.settings;
import static org.gpaction.support.HeldLocks.holding;

import java.sql.Connection;
import java.sql.Date;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.gpaction.capacity.CapacityTestData.SafeWorkingPractice;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.LockWaits;
import org.gpaction.support.MovingClock;
import org.gpaction.support.MovingClocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two receptionists book the same patient from the waiting list at the same moment: one books them, the other is told
 * they are already booked, and a booking from the waiting list racing new requests for the last contact never passes
 * the cap. Each round shows the race really ran.
 */
@GpActionTest
@Import(MovingClocks.class)
@ExtendWith(OnAWorkingMorning.class)
class WaitingListRaceTests {

    static final int ROUNDS = 3;
    /** The day's lock is taken by a statement beginning so (PracticeDay.lock). */
    static final String TAKING_THE_DAYS_LOCK = "with locked as";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MovingClock clock;

    @Autowired
    DataSource dataSource;

    Http http;
    CapacityTestData data;
    ExecutorService clients;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        data = new CapacityTestData(jdbc, http);
        clients = Executors.newFixedThreadPool(16);
    }

    @AfterEach
    void tearDown() {
        clients.shutdownNow();
    }

    record Waiting(String ods, String manager, long gp, long request) {}

    /** One clinician, full at cap 1, one patient on the waiting list, and then the cap raised to {@code raisedTo}. */
    Waiting oneWaiting(int raisedTo) {
        SafeWorkingPractice practice =
                data.practiceTakingActionOne(settings(List.of(clinician("GP 1", 1, EVERY_DAY)), allDay(), "CLOSE", 0));
        String ods = practice.ods();
        String manager = practice.managerToken();
        long gp = practice.clinicianId(0);
        data.contact(ods, "RECEPTION", "ROUTINE", manager);
        long request =
                data.contact(ods, "RECEPTION", "ROUTINE", manager).get("id").asLong();
        LocalDate today = PracticeCalendar.dayOf(clock.instant());
        Http.Response raised = http.putJson(
                "/api/practices/" + ods + "/capacity/days/" + today,
                Map.of("clinicians", List.of(Map.of("id", gp, "cap", raisedTo))),
                manager);
        assertThat(raised.status()).as(raised.body()).isEqualTo(200);
        return new Waiting(ods, manager, gp, request);
    }

    @Test
    void twoReceptionistsBookingOnePatientFromTheWaitingListAtOnceBookThemOnce() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            // Room for both, so only the rule that a request is served once can refuse the second.
            Waiting waiting = oneWaiting(3);
            List<String> receptionists =
                    List.of(data.receptionistToken(waiting.ods()), data.receptionistToken(waiting.ods()));
            List<Future<Http.Response>> answers = new ArrayList<>();
            // The test holds the day's row while both are sent, and lets it go only once both wait on it: then they
            // were in flight together, past every check made before the day's lock, and decide in turn.
            try (Connection holder = holding(
                    dataSource,
                    "select 1 from capacity.practice_day where ods_code = ? and day = ? for update",
                    waiting.ods(),
                    // The day the bookings lock, read now rather than carried from the set-up.
                    Date.valueOf(PracticeCalendar.dayOf(clock.instant())))) {
                CountDownLatch go = new CountDownLatch(1);
                for (String receptionist : receptionists) {
                    answers.add(clients.submit(() -> {
                        go.await();
                        return http.postJson(
                                "/api/practices/" + waiting.ods() + "/waiting-list/" + waiting.request() + "/booking",
                                Map.of(),
                                receptionist);
                    }));
                }
                go.countDown();
                await("round " + round + ": both bookings waiting on the day's lock together")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> LockWaits.waiting(jdbc, TAKING_THE_DAYS_LOCK) == 2);
                holder.commit();
            }

            List<Http.Response> responses = new ArrayList<>();
            for (Future<Http.Response> answer : answers) {
                responses.add(answer.get(60, TimeUnit.SECONDS));
            }
            assertThat(responses).extracting(Http.Response::status).containsExactlyInAnyOrder(201, 409);
            Http.Response refused = responses.stream()
                    .filter(r -> r.status() == 409)
                    .findFirst()
                    .orElseThrow();
            assertThat(refused.json().get("detail").asString()).contains("already booked from the waiting list");
            assertThat(servings(waiting.request())).as("round %d", round).isOne();
            assertThat(used(waiting.ods()))
                    .as("round %d: one contact booked before, one from the list", round)
                    .isEqualTo(2);
        }
    }

    @Test
    void aBookingFromTheWaitingListRacingNewRequestsForTheLastContactNeverPassesTheCap() throws Exception {
        int clientsPerRound = 9;
        for (int round = 0; round < ROUNDS * 2; round++) {
            Waiting waiting = oneWaiting(2);
            CountDownLatch ready = new CountDownLatch(clientsPerRound);
            CountDownLatch go = new CountDownLatch(1);
            AtomicInteger inFlight = new AtomicInteger();
            AtomicInteger mostInFlight = new AtomicInteger();
            List<Future<Http.Response>> answers = new ArrayList<>();
            for (int i = 0; i < clientsPerRound; i++) {
                boolean fromTheList = i == clientsPerRound / 2;
                answers.add(clients.submit(() -> {
                    ready.countDown();
                    go.await();
                    mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                    try {
                        return fromTheList
                                ? http.postJson(
                                        "/api/practices/" + waiting.ods() + "/waiting-list/" + waiting.request()
                                                + "/booking",
                                        Map.of(),
                                        waiting.manager())
                                : http.postJson(
                                        "/api/practices/" + waiting.ods() + "/contacts",
                                        Map.of("channel", "RECEPTION", "kind", "ROUTINE"),
                                        waiting.manager());
                    } finally {
                        inFlight.decrementAndGet();
                    }
                }));
            }
            ready.await();
            go.countDown();
            int booked = 0;
            for (Future<Http.Response> answer : answers) {
                Http.Response response = answer.get(60, TimeUnit.SECONDS);
                if (response.status() == 201
                        && response.json().get("outcome").asString().equals("BOOKED")) {
                    booked++;
                } else if (response.status() != 201) {
                    assertThat(response.status()).as(response.body()).isEqualTo(409);
                }
            }
            assertThat(mostInFlight.get())
                    .as("round %d: requests overlapped in flight", round)
                    .isGreaterThan(1);
            assertThat(booked).as("round %d: one contact was left", round).isOne();
            assertThat(used(waiting.ods())).as("round %d", round).isEqualTo(2);
            assertThat(jdbc.sql("""
                            select count(*) from capacity.clinician_day d join capacity.clinician c on c.id = d.clinician_id
                            where c.ods_code = :ods and (d.used > d.cap or d.used <> (
                                select count(*) from capacity.contact_request r
                                where r.clinician_id = d.clinician_id and r.day = d.day and r.outcome = 'BOOKED'
                                  and r.undone_at is null))
                            """)
                            .param("ods", waiting.ods())
                            .query(Integer.class)
                            .single())
                    .as("round %d: clinician days over their cap or miscounted", round)
                    .isZero();
            assertThat(servings(waiting.request())).isBetween(0, 1);
        }
    }

    private int servings(long request) {
        return jdbc.sql("""
                        select count(*) from capacity.contact_request
                        where served_from = :id and undone_at is null and from_waiting_list
                        """).param("id", request).query(Integer.class).single();
    }

    private int used(String ods) {
        return jdbc.sql("""
                        select coalesce(sum(d.used), 0) from capacity.clinician_day d
                        join capacity.clinician c on c.id = d.clinician_id where c.ods_code = :ods
                        """).param("ods", ods).query(Integer.class).single();
    }
}
