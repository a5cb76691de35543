package org.gpaction.capacity.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.gpaction.capacity.StoredClinicianDays.assertCountsAreTheBookingsStored;
import static org.gpaction.capacity.StoredClinicianDays.clinicianDay;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.gpaction.capacity.CapacityTestData;
import org.gpaction.capacity.CapacityTestData.SafeWorkingPractice;
import org.gpaction.capacity.OnAWorkingMorning;
import org.gpaction.capacity.StoredClinicianDays.ClinicianDay;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.capacity.setup.PracticeSetups;
import org.gpaction.practices.Practice;
import org.gpaction.practices.Practices;
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
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A manager asks GP 1 off for tomorrow as midnight passes: the change was sent for a day to come, and is made while
 * that day's first request has opened it (its row inserted, not yet committed). A booking of GP 1 read after the day
 * was opened waits to be written. GP 1 is booked before the change or not at all, whichever of the change and the
 * booking gets the day first. Before action 1 a booking's write checks no cap, so only the day's lock and its count of
 * changes keep GP 1 from being booked after the change.
 *
 * <p>The day's first request is held, by its read under the day's lock, until the test lets it go; the change runs in
 * a transaction whose commit the test holds, so a booking can read the day after the change is made and before it is
 * committed, as it can between the change's last statement and its commit. Rounds take turns: the booking waiting on
 * the day's opening before the change is sent, or the change waiting on it before the booking is.
 *
 * <p>A change for a day not begun holds the day's opening lock until it commits, so the day's first request waits and
 * reads the change; and the lock's key is the same whatever the time zone of the instance taking it.
 */
@GpActionTest
@Import(MovingClocks.class)
@ExtendWith(OnAWorkingMorning.class)
class DayBeingOpenedRaceTests {

    static final int ROUNDS = 4;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MovingClock clock;

    @Autowired
    Practices practices;

    @Autowired
    PracticeSetups setups;

    @Autowired
    WaitingListDays waitingListDays;

    @Autowired
    PracticeDay days;

    @Autowired
    DayWrites writes;

    @Autowired
    ClinicianDays clinicians;

    @Autowired
    ContactRequests requests;

    @Autowired
    Routing routing;

    @Autowired
    DayCorrections corrections;

    @Autowired
    PlatformTransactionManager transactions;

    CapacityTestData data;
    ExecutorService threads;

    @BeforeEach
    void setUp() {
        data = new CapacityTestData(jdbc, new Http(port));
        threads = Executors.newFixedThreadPool(3);
    }

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
    }

    @Test
    void aClinicianAskedOffForADayBeingOpenedIsBookedBeforeTheChangeOrNotAtAll() throws Exception {
        LocalDate today = PracticeCalendar.dayOf(clock.instant());
        LocalDate tomorrow = today.plusDays(1);
        Instant tomorrowMorning = clock.instant().plus(Duration.ofDays(1));
        for (int round = 0; round < ROUNDS; round++) {
            boolean bookingFirst = round % 2 == 0;
            SafeWorkingPractice set = data.practiceSetUpWith(twoGps());
            Practice practice = practices.find(set.ods()).orElseThrow();
            long gp1 = set.clinicianId(0);
            long gp2 = set.clinicianId(1);

            HeldUnderTheLock opening = new HeldUnderTheLock();
            Routing opener = new Routing(setups, opening, days, writes, clinicians, requests, transactions);
            Future<Routing.Routed> opened = threads.submit(() -> opener.route(
                    practice,
                    new Router.Request(Channel.RECEPTION, RequestKind.ROUTINE, gp2),
                    "reception",
                    tomorrowMorning));
            assertThat(opening.held.await(30, TimeUnit.SECONDS))
                    .as("round %d: tomorrow's first request holding the day it opened", round)
                    .isTrue();
            int openerBackend = opening.backend;

            HeldCommit change = new HeldCommit();
            Future<Routing.Routed> booked;
            Future<List<DayCorrections.ChangedCap>> changed;
            if (bookingFirst) {
                booked = threads.submit(() -> bookGp1(practice, gp1, tomorrowMorning));
                awaitUntil("the booking waiting on the day's opening", () -> blockedBy(openerBackend) == 1);
                changed = threads.submit(() -> change.make(practice, tomorrow, today, gp1, set.managerEmail()));
                awaitUntil("the change waiting on the day's opening too", () -> blockedBy(openerBackend) == 2);
                opening.letGo.countDown();
                assertThat(change.made.await(30, TimeUnit.SECONDS)).isTrue();
            } else {
                changed = threads.submit(() -> change.make(practice, tomorrow, today, gp1, set.managerEmail()));
                awaitUntil("the change waiting on the day's opening", () -> blockedBy(openerBackend) == 1);
                opening.letGo.countDown();
                assertThat(change.made.await(30, TimeUnit.SECONDS))
                        .as("round %d: the change made once the day was opened", round)
                        .isTrue();
                booked = threads.submit(() -> bookGp1(practice, gp1, tomorrowMorning));
                awaitUntil("the booking waiting on the change", () -> blockedBy(change.backend) == 1);
                assertThat(booked.isDone())
                        .as("the booking not answered while the change is uncommitted")
                        .isFalse();
            }
            change.letGo.countDown();

            assertThat(opened.get(60, TimeUnit.SECONDS).clinician().id()).isEqualTo(gp2);
            Routing.Routed booking = booked.get(60, TimeUnit.SECONDS);
            assertThat(changed.get(60, TimeUnit.SECONDS)).hasSize(1);
            ClinicianDay gp1Day = clinicianDay(jdbc, gp1, tomorrow);
            assertThat(gp1Day.asked()).isZero();
            assertThat(gp1Day.used())
                    .as(
                            "round %d: GP 1, asked off, is booked no contact after the change (cap %d)",
                            round, gp1Day.cap())
                    .isLessThanOrEqualTo(gp1Day.cap());
            assertCountsAreTheBookingsStored(jdbc, set.ods());
            assertThat(booking.clinician().id())
                    .as(
                            "round %d: the booking of GP 1 %s",
                            round,
                            bookingFirst ? "stands, written before the change" : "was decided again after the change")
                    .isEqualTo(bookingFirst ? gp1 : gp2);
            assertThat(gp1Day).isEqualTo(bookingFirst ? new ClinicianDay(1, 0, 1) : new ClinicianDay(0, 0, 0));
        }
    }

    @Test
    void aDayNotBegunIsOpenedOnlyOnceAChangeToItCommitsAndItsFirstRequestReadsTheChange() throws Exception {
        LocalDate today = PracticeCalendar.dayOf(clock.instant());
        LocalDate tomorrow = today.plusDays(1);
        SafeWorkingPractice set = data.practiceSetUpWith(twoGps());
        Practice practice = practices.find(set.ods()).orElseThrow();
        long gp1 = set.clinicianId(0);
        long gp2 = set.clinicianId(1);

        HeldCommit change = new HeldCommit();
        Future<List<DayCorrections.ChangedCap>> changed =
                threads.submit(() -> change.make(practice, tomorrow, today, gp1, set.managerEmail()));
        assertThat(change.made.await(30, TimeUnit.SECONDS)).isTrue();
        Future<Routing.Routed> booked =
                threads.submit(() -> bookGp1(practice, gp1, clock.instant().plus(Duration.ofDays(1))));
        awaitUntil("tomorrow's first request waiting on the change", () -> blockedBy(change.backend) == 1);
        // Without the opening lock the request still waits, on the change's new row for GP 1, but not for the day.
        assertThat(waitsOf(change.backend))
                .as("what tomorrow's first request waits on: the day's opening lock the change holds")
                .containsExactly("advisory");
        assertThat(booked.isDone())
                .as("tomorrow not opened while the change is uncommitted")
                .isFalse();
        change.letGo.countDown();

        assertThat(changed.get(60, TimeUnit.SECONDS)).hasSize(1);
        assertThat(booked.get(60, TimeUnit.SECONDS).clinician().id())
                .as("the first request, opening the day after the change, finds GP 1 off")
                .isEqualTo(gp2);
        assertThat(clinicianDay(jdbc, gp1, tomorrow)).isEqualTo(new ClinicianDay(0, 0, 0));
        assertCountsAreTheBookingsStored(jdbc, set.ods());
    }

    /**
     * The driver sends a {@code java.sql.Date} as its day with the JVM's UTC offset after it ("2027-07-14 +01" in
     * London's summer, "2027-07-14 -04" in New York's): the key is the same for each, so instances in different zones
     * take one lock. Bound here as those texts rather than by changing the JVM's zone under the shared context.
     */
    @Test
    void aDaysOpeningLockIsTheSameWhateverTheTimeZoneOfTheInstanceTakingIt() {
        Map<String, Long> keys = new LinkedHashMap<>();
        for (String sent : List.of("2027-07-14 +00", "2027-07-14 +01", "2027-07-14 -04", "2027-07-14 +12")) {
            keys.put(
                    sent,
                    jdbc.sql("select " + PracticeDay.OPENING_KEY)
                            .param("ods", "A81001")
                            .param("day", sent)
                            .query(Long.class)
                            .single());
        }
        assertThat(Set.copyOf(keys.values()))
                .as("the opening lock's key for A81001 on 2027-07-14, by the offset the day is sent with: %s", keys)
                .hasSize(1);
    }

    /** What the backends waiting on {@code holder} wait for ({@code advisory}, {@code transactionid}, …). */
    private List<String> waitsOf(int holder) {
        return jdbc.sql("""
                        select wait_event from pg_stat_activity
                        where datname = current_database() and :holder = any(pg_blocking_pids(pid))
                        """).param("holder", holder).query(String.class).list();
    }

    private Routing.Routed bookGp1(Practice practice, long gp1, Instant at) {
        return routing.route(
                practice, new Router.Request(Channel.RECEPTION, RequestKind.ROUTINE, gp1), "reception", at);
    }

    /**
     * Reads the day as routing does, and holds the read taken under the day's lock (the second: the first finds the day
     * not opened) until let go: the day's row is then inserted and not committed.
     */
    final class HeldUnderTheLock extends DayFactsReader {

        final CountDownLatch held = new CountDownLatch(1);
        final CountDownLatch letGo = new CountDownLatch(1);
        private final AtomicInteger reads = new AtomicInteger();
        volatile int backend;

        HeldUnderTheLock() {
            super(jdbc, setups, waitingListDays);
        }

        @Override
        Optional<DayFacts> facts(String odsCode, LocalDate day, Instant at) {
            if (reads.incrementAndGet() == 2) {
                backend = LockWaits.thisBackend(jdbc);
                held.countDown();
                awaitLatch(letGo);
            }
            return super.facts(odsCode, day, at);
        }
    }

    /** A change of one day's caps whose transaction commits only once let go. */
    final class HeldCommit {

        final CountDownLatch made = new CountDownLatch(1);
        final CountDownLatch letGo = new CountDownLatch(1);
        volatile int backend;

        List<DayCorrections.ChangedCap> make(Practice practice, LocalDate day, LocalDate today, long gp, String by) {
            return new TransactionTemplate(transactions).execute(status -> {
                List<DayCorrections.ChangedCap> changed = corrections.changeDay(
                        practice, day, today, List.of(new ContactsApiController.DayChange(gp, 0)), by);
                backend = LockWaits.thisBackend(jdbc);
                made.countDown();
                awaitLatch(letGo);
                return changed;
            });
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The test never let go");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitUntil(String what, BooleanSupplier condition) {
        await(what).atMost(Duration.ofSeconds(30)).until(condition::getAsBoolean);
    }

    private long blockedBy(int backend) {
        return LockWaits.blockedBy(jdbc, backend);
    }

    private static Map<String, Object> twoGps() {
        return CapacityTestData.settings(
                List.of(
                        CapacityTestData.clinician("GP 1", 25, CapacityTestData.EVERY_DAY),
                        CapacityTestData.clinician("GP 2", 25, CapacityTestData.EVERY_DAY)),
                CapacityTestData.allDay(),
                "CLOSE",
                0);
    }
}
