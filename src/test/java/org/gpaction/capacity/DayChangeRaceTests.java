package org.gpaction.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.gpaction.capacity.CapacityTestData.EVERY_DAY;
import static org.gpaction.capacity.CapacityTestData.allDay;
import static org.gpaction.capacity.CapacityTestData.clinician;
import static org.gpaction.capacity.CapacityTestData.settings;
import static org.gpaction.capacity.StoredClinicianDays.assertCountsAreTheBookingsStored;
import static org.gpaction.capacity.StoredClinicianDays.clinicianDay;
import static org.gpaction.support.HeldLocks.holding;

import java.sql.Connection;
import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.gpaction.capacity.CapacityTestData.SafeWorkingPractice;
import org.gpaction.capacity.StoredClinicianDays.ClinicianDay;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.common.UkTime;
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
 * A manager changes a clinician's cap for the day (0: off sick) while a booking of that clinician, decided from the day
 * as read before the change, waits to be written. The test holds the day's row, which the booking's write and the
 * change both take, and sends one and then the other, letting the row go once both wait on it. Queued first, the
 * booking is written and the change keeps it (the cap becomes what is booked); queued second, it finds the day changed
 * since its read and is decided again, with the other clinician. Rounds take turns at the order, and each outcome is
 * asserted in its rounds. Before action 1 is in force a booking's write checks no cap, so the day's count of changes
 * is all that keeps a clinician asked off from being booked after it.
 */
@GpActionTest
@Import(MovingClocks.class)
@ExtendWith(OnAWorkingMorning.class)
class DayChangeRaceTests {

    static final int ROUNDS = 4;
    /** Receptionists booking at once in the race without a lock held. */
    static final int CLIENTS = 24;
    /** A booking's write begins so (DayWrites.bookIfUnchanged). */
    static final String WRITING_A_BOOKING = "with changed as";
    /** A change to today takes the day's lock with a statement beginning so (PracticeDay.lock). */
    static final String TAKING_THE_DAYS_LOCK = "with locked as";
    /** A change to a day to come holds the practice's set-up first (PracticeSetups.hold). */
    static final String HOLDING_THE_SET_UP = "select ods_code from capacity.practice_setup";
    /** A change to a day to come holds that day too if it has begun since the caller looked (PracticeDay). */
    static final String HOLDING_A_DAY_BEGUN = "update capacity.practice_day set changes";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    MovingClock clock;

    Http http;
    CapacityTestData data;
    ExecutorService clients;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        data = new CapacityTestData(jdbc, http);
        clients = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void tearDown() {
        clients.shutdownNow();
    }

    @Test
    void aClinicianAskedOffWhileTheirBookingWaitsIsBookedBeforeTheChangeOrNotAtAll_beforeActionOneToo()
            throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            boolean bookingFirst = round % 2 == 0;
            SafeWorkingPractice practice = data.practiceSetUpWith(twoGps());
            long gp1 = practice.clinicianId(0);
            long gp2 = practice.clinicianId(1);
            LocalDate today = PracticeCalendar.dayOf(clock.instant());

            List<Http.Response> answers = inTurn(
                    practice.ods(),
                    today,
                    bookingFirst,
                    () -> bookWith(practice, gp1),
                    () -> changeCap(practice, today, gp1, 0));

            Http.Response booked = answers.get(0);
            assertThat(booked.status()).as("round %d: %s", round, booked.body()).isEqualTo(201);
            assertThat(answers.get(1).status()).as(answers.get(1).body()).isEqualTo(200);
            ClinicianDay gp1Day = clinicianDay(jdbc, gp1, today);
            assertThat(gp1Day.asked()).isZero();
            assertThat(gp1Day.used())
                    .as(
                            "round %d: GP 1, asked off, is booked no contact after the change (cap %d)",
                            round, gp1Day.cap())
                    .isLessThanOrEqualTo(gp1Day.cap());
            assertCountsAreTheBookingsStored(jdbc, practice.ods());
            if (bookingFirst) {
                assertThat(booked.json().get("clinician").get("id").asLong())
                        .as("round %d: written before the change, the booking of GP 1 stands", round)
                        .isEqualTo(gp1);
                assertThat(gp1Day).isEqualTo(new ClinicianDay(1, 0, 1));
            } else {
                assertThat(booked.json().get("clinician").get("id").asLong())
                        .as("round %d: decided before the change, the booking was decided again after it", round)
                        .isEqualTo(gp2);
                assertThat(gp1Day).isEqualTo(new ClinicianDay(0, 0, 0));
            }
        }
    }

    /**
     * The same with no lock held: {@link #CLIENTS} receptionists book GP 1 at once while the manager asks GP 1 off,
     * started together, round after round. Whatever the order, GP 1 is booked no contact after the change, and each
     * request is booked (before action 1 nobody is turned away), GP 1 before the change, GP 2 after it; a round in which
     * both were booked shows the change came among the bookings.
     */
    @Test
    void receptionistsBookingAClinicianAsTheyAreAskedOffBookNoneOfThemAfterTheChange_beforeActionOneToo()
            throws Exception {
        ExecutorService many = Executors.newFixedThreadPool(CLIENTS + 1);
        try {
            int changedAmongBookings = 0;
            List<String> gp1ThenGp2 = new ArrayList<>();
            for (int round = 0; round < ROUNDS * 2; round++) {
                SafeWorkingPractice practice = data.practiceSetUpWith(twoGps());
                long gp1 = practice.clinicianId(0);
                long gp2 = practice.clinicianId(1);
                LocalDate today = PracticeCalendar.dayOf(clock.instant());
                CountDownLatch ready = new CountDownLatch(CLIENTS + 1);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Http.Response>> bookings = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    bookings.add(many.submit(() -> {
                        ready.countDown();
                        go.await();
                        return bookWith(practice, gp1);
                    }));
                }
                Future<Http.Response> change = many.submit(() -> {
                    ready.countDown();
                    go.await();
                    return changeCap(practice, today, gp1, 0);
                });
                ready.await();
                go.countDown();
                assertThat(change.get(60, TimeUnit.SECONDS).status()).isEqualTo(200);
                int withGp1 = 0;
                int withGp2 = 0;
                for (Future<Http.Response> booking : bookings) {
                    Http.Response booked = booking.get(60, TimeUnit.SECONDS);
                    assertThat(booked.status())
                            .as("round %d: %s", round, booked.body())
                            .isEqualTo(201);
                    long with = booked.json().get("clinician").get("id").asLong();
                    if (with == gp1) {
                        withGp1++;
                    } else {
                        assertThat(with).isEqualTo(gp2);
                        withGp2++;
                    }
                }
                ClinicianDay gp1Day = clinicianDay(jdbc, gp1, today);
                assertThat(gp1Day)
                        .as(
                                "round %d: GP 1, asked off, keeps what was booked before and is booked nothing after",
                                round)
                        .isEqualTo(new ClinicianDay(withGp1, 0, withGp1));
                assertCountsAreTheBookingsStored(jdbc, practice.ods());
                gp1ThenGp2.add(withGp1 + "+" + withGp2);
                if (withGp1 > 0 && withGp2 > 0) {
                    changedAmongBookings++;
                }
            }
            assertThat(changedAmongBookings)
                    .as(
                            "rounds in which GP 1 was booked before the change and GP 2 after it (GP 1 + GP 2 by round: %s)",
                            gp1ThenGp2)
                    .isPositive();
        } finally {
            many.shutdownNow();
        }
    }

    /**
     * With action 1 in force: GP 1 has one contact booked and a cap of 25, lowered to 1 while a booking of them waits.
     * Queued first, the booking makes two and the cap stays at what is booked; queued second, the booking finds GP 1
     * full and books GP 2. Either way each contact counted is a booking stored, with its number. (A change that took
     * no lock on the day would leave the booking's write counting nothing, which the database refuses: a server error.)
     */
    @Test
    void aCapLoweredWhileABookingWaitsIsNeverPassed_andEveryBookingIsCountedWithItsNumber() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            boolean bookingFirst = round % 2 == 0;
            SafeWorkingPractice practice = data.practiceTakingActionOne(twoGps());
            long gp1 = practice.clinicianId(0);
            long gp2 = practice.clinicianId(1);
            LocalDate today = PracticeCalendar.dayOf(clock.instant());
            assertThat(bookWith(practice, gp1).json().get("contactNumber").asInt())
                    .isOne();

            List<Http.Response> answers = inTurn(
                    practice.ods(),
                    today,
                    bookingFirst,
                    () -> bookWith(practice, gp1),
                    () -> changeCap(practice, today, gp1, 1));

            Http.Response booked = answers.get(0);
            assertThat(booked.status()).as("round %d: %s", round, booked.body()).isEqualTo(201);
            assertThat(answers.get(1).status()).as(answers.get(1).body()).isEqualTo(200);
            ClinicianDay gp1Day = clinicianDay(jdbc, gp1, today);
            assertThat(gp1Day.used()).as("round %d", round).isLessThanOrEqualTo(gp1Day.cap());
            assertCountsAreTheBookingsStored(jdbc, practice.ods());
            if (bookingFirst) {
                assertThat(booked.json().get("clinician").get("id").asLong()).isEqualTo(gp1);
                assertThat(booked.json().get("contactNumber").asInt()).isEqualTo(2);
                assertThat(gp1Day)
                        .as("round %d: the cap lowered after the booking is what is booked", round)
                        .isEqualTo(new ClinicianDay(2, 1, 2));
            } else {
                assertThat(booked.json().get("clinician").get("id").asLong())
                        .as("round %d: decided before the change, the booking found GP 1 full after it", round)
                        .isEqualTo(gp2);
                assertThat(gp1Day).isEqualTo(new ClinicianDay(1, 1, 1));
            }
        }
    }

    /**
     * A change for tomorrow sent as midnight passes: the API takes the day it names as a day to come, as it was when it
     * looked, but by the time the change is made that day has begun, and a booking of GP 1 on it, read before the
     * change, waits to be written. The change holds the day it finds begun as a change to today does: the booking is
     * written before it, or found the day changed and decided again; GP 1 is never booked after being asked off. The
     * test holds the set-up, which a change to a day to come takes first, while the clock passes midnight and the new
     * day's first request opens it, and then the new day's row, as above. Only the booking-first rounds can catch the
     * change holding no begun day: without that hold the change-first rounds' change does not wait on the row, so it
     * is made before the booking is sent, which then reads the day as changed and books GP 2 as asserted.
     */
    @Test
    void aClinicianAskedOffForTomorrowAsMidnightPassesIsBookedBeforeTheChangeOrNotAtAll() throws Exception {
        LocalDate today = PracticeCalendar.dayOf(clock.instant());
        LocalDate tomorrow = today.plusDays(1);
        for (int round = 0; round < ROUNDS; round++) {
            boolean bookingFirst = round % 2 == 0;
            clock.moveTo(tomorrow.atStartOfDay(UkTime.ZONE).minusSeconds(30).toInstant());
            SafeWorkingPractice practice = data.practiceSetUpWith(twoGps());
            long gp1 = practice.clinicianId(0);
            long gp2 = practice.clinicianId(1);
            Future<Http.Response> booked;
            Future<Http.Response> changed;
            try (Connection setUp = holding(
                    dataSource,
                    "select 1 from capacity.practice_setup where ods_code = ? for update",
                    practice.ods())) {
                changed = clients.submit(() -> changeCap(practice, tomorrow, gp1, 0));
                awaitUntil("the change for tomorrow waiting on the set-up", () -> waiting(HOLDING_THE_SET_UP) == 1);
                clock.moveTo(tomorrow.atStartOfDay(UkTime.ZONE).plusSeconds(30).toInstant());
                assertThat(bookWith(practice, gp2).status())
                        .as("the new day's first request opens it")
                        .isEqualTo(201);
                try (Connection day = holding(
                        dataSource,
                        "select 1 from capacity.practice_day where ods_code = ? and day = ? for update",
                        practice.ods(),
                        Date.valueOf(tomorrow))) {
                    Future<Http.Response> sent = changed;
                    BooleanSupplier changeWaitsOnTheDay = () -> waiting(HOLDING_A_DAY_BEGUN) == 1 || sent.isDone();
                    if (bookingFirst) {
                        booked = clients.submit(() -> bookWith(practice, gp1));
                        awaitUntil("the booking waiting to be written", () -> waiting(WRITING_A_BOOKING) == 1);
                        setUp.commit();
                        awaitUntil("the change waiting on the day behind the booking", changeWaitsOnTheDay);
                    } else {
                        setUp.commit();
                        awaitUntil("the change waiting on the day", changeWaitsOnTheDay);
                        booked = clients.submit(() -> bookWith(practice, gp1));
                        awaitUntil("the booking waiting to be written", () -> waiting(WRITING_A_BOOKING) == 1);
                    }
                    assertThat(booked.isDone())
                            .as("the booking not answered while the day is held")
                            .isFalse();
                    day.commit();
                }
            }
            Http.Response booking = booked.get(60, TimeUnit.SECONDS);
            Http.Response change = changed.get(60, TimeUnit.SECONDS);
            assertThat(booking.status())
                    .as("round %d: %s", round, booking.body())
                    .isEqualTo(201);
            assertThat(change.status()).as(change.body()).isEqualTo(200);
            ClinicianDay gp1Day = clinicianDay(jdbc, gp1, tomorrow);
            assertThat(gp1Day.asked()).isZero();
            assertThat(gp1Day.used())
                    .as(
                            "round %d: GP 1, asked off, is booked no contact after the change (cap %d)",
                            round, gp1Day.cap())
                    .isLessThanOrEqualTo(gp1Day.cap());
            assertCountsAreTheBookingsStored(jdbc, practice.ods());
            assertThat(booking.json().get("clinician").get("id").asLong())
                    .as(
                            "round %d: the booking of GP 1 %s",
                            round,
                            bookingFirst ? "stands, written before the change" : "was decided again after the change")
                    .isEqualTo(bookingFirst ? gp1 : gp2);
            assertThat(gp1Day).isEqualTo(bookingFirst ? new ClinicianDay(1, 0, 1) : new ClinicianDay(0, 0, 0));
        }
    }

    /**
     * With action 1 in force, a change for tomorrow sent as midnight passes and made once the day has begun, which
     * takes the last of its routine room (both GPs asked off, GP 2's one contact staying), is the moment the practice
     * became full that day, as a change to today is: the day-filled row is recorded, timed while the change held the
     * day. (Recorded only for a day taken as begun: one still to come has no room to take.)
     */
    @Test
    void aChangeForTomorrowAsMidnightPassesThatTakesTheLastRoomIsWhenTheDayBecameFull() throws Exception {
        LocalDate tomorrow = PracticeCalendar.dayOf(clock.instant()).plusDays(1);
        clock.moveTo(tomorrow.atStartOfDay(UkTime.ZONE).minusSeconds(30).toInstant());
        SafeWorkingPractice practice = data.practiceTakingActionOne(twoGps());
        long gp1 = practice.clinicianId(0);
        long gp2 = practice.clinicianId(1);
        Future<Http.Response> changed;
        Instant letGo;
        try (Connection setUp = holding(
                dataSource, "select 1 from capacity.practice_setup where ods_code = ? for update", practice.ods())) {
            changed = clients.submit(() ->
                    changeCaps(practice, tomorrow, List.of(Map.of("id", gp1, "cap", 0), Map.of("id", gp2, "cap", 0))));
            awaitUntil("the change for tomorrow waiting on the set-up", () -> waiting(HOLDING_THE_SET_UP) == 1);
            clock.moveTo(tomorrow.atStartOfDay(UkTime.ZONE).plusSeconds(30).toInstant());
            assertThat(bookWith(practice, gp2).status())
                    .as("the new day's first request opens it")
                    .isEqualTo(201);
            assertThat(filledAt(practice.ods()))
                    .as("room left after the booking")
                    .isEmpty();
            letGo = clock.instant();
            setUp.commit();
        }
        Http.Response change = changed.get(60, TimeUnit.SECONDS);
        Instant answered = clock.instant();
        assertThat(change.status()).as(change.body()).isEqualTo(200);
        assertThat(clinicianDay(jdbc, gp2, tomorrow)).isEqualTo(new ClinicianDay(1, 0, 1));
        List<Instant> filled = filledAt(practice.ods());
        assertThat(filled)
                .as("the change that took the last of the begun day's room is when it became full")
                .hasSize(1);
        assertThat(filled.get(0)).isBetween(letGo, answered);
    }

    /**
     * Holds the day's row, sends the booking and the change in the order asked, each once the one before waits on the
     * row (the booking at its write, having read the day and decided; the change at the day's lock), and lets the row
     * go. A change that took no lock on the day would not wait: it is then let finish before the row is let go, and
     * the booking is written after it. Answers the booking's answer, then the change's.
     */
    private List<Http.Response> inTurn(
            String ods,
            LocalDate day,
            boolean bookingFirst,
            Callable<Http.Response> booking,
            Callable<Http.Response> change)
            throws Exception {
        Future<Http.Response> booked;
        Future<Http.Response> changed;
        try (Connection holder = holding(
                dataSource,
                "select 1 from capacity.practice_day where ods_code = ? and day = ? for update",
                ods,
                Date.valueOf(day))) {
            if (bookingFirst) {
                booked = clients.submit(booking);
                awaitUntil("the booking waiting to be written", () -> waiting(WRITING_A_BOOKING) == 1);
                changed = clients.submit(change);
                Future<Http.Response> sent = changed;
                awaitUntil(
                        "the change waiting on the day's lock behind the booking",
                        () -> waiting(TAKING_THE_DAYS_LOCK) == 1 || sent.isDone());
            } else {
                changed = clients.submit(change);
                awaitUntil("the change waiting on the day's lock", () -> waiting(TAKING_THE_DAYS_LOCK) == 1);
                booked = clients.submit(booking);
                awaitUntil("the booking waiting to be written", () -> waiting(WRITING_A_BOOKING) == 1);
            }
            assertThat(booked.isDone())
                    .as("the booking not answered while the day is held")
                    .isFalse();
            holder.commit();
        }
        return List.of(booked.get(60, TimeUnit.SECONDS), changed.get(60, TimeUnit.SECONDS));
    }

    private static void awaitUntil(String what, BooleanSupplier condition) {
        await(what).atMost(Duration.ofSeconds(30)).until(condition::getAsBoolean);
    }

    private long waiting(String statement) {
        return LockWaits.waiting(jdbc, statement);
    }

    private Http.Response bookWith(SafeWorkingPractice practice, long clinician) {
        return http.postJson(
                "/api/practices/" + practice.ods() + "/contacts",
                Map.of("channel", "RECEPTION", "kind", "ROUTINE", "clinician", clinician),
                practice.managerToken());
    }

    private Http.Response changeCap(SafeWorkingPractice practice, LocalDate day, long clinician, int cap) {
        return http.putJson(
                "/api/practices/" + practice.ods() + "/capacity/days/" + day,
                Map.of("clinicians", List.of(Map.of("id", clinician, "cap", cap))),
                practice.managerToken());
    }

    private Http.Response changeCaps(SafeWorkingPractice practice, LocalDate day, List<Map<String, Object>> caps) {
        return http.putJson(
                "/api/practices/" + practice.ods() + "/capacity/days/" + day,
                Map.of("clinicians", caps),
                practice.managerToken());
    }

    private List<Instant> filledAt(String ods) {
        return jdbc.sql("select filled_at from capacity.day_filled where ods_code = :ods")
                .param("ods", ods)
                .query((rs, row) -> rs.getTimestamp(1).toInstant())
                .list();
    }

    private static Map<String, Object> twoGps() {
        return settings(
                List.of(clinician("GP 1", 25, EVERY_DAY), clinician("GP 2", 25, EVERY_DAY)), allDay(), "CLOSE", 0);
    }
}
