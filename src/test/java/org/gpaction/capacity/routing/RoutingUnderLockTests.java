package org.gpaction.capacity.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.gpaction.capacity.CapacityTestData;
import org.gpaction.capacity.CapacityTestData.SafeWorkingPractice;
import org.gpaction.capacity.OnAWorkingMorning;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.capacity.setup.PracticeSetups;
import org.gpaction.practices.Practice;
import org.gpaction.practices.Practices;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
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

/**
 * A manager raises the urgent reserve just after a request has read the day and before it is decided: the request is
 * decided from the set-up as it is once the day is held, not as it was read. GP 1 works every day at a cap of 10 and
 * GP 2 every day but Wednesday; raising the reserve from 0 to 10 leaves the working Wednesday morning no routine room.
 * The save runs on another thread between the request's first read and its decision, and commits before it goes on.
 */
@GpActionTest
@Import(MovingClocks.class)
@ExtendWith(OnAWorkingMorning.class)
class RoutingUnderLockTests {

    static final int RAISED_RESERVE = 10;

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
    PlatformTransactionManager transactions;

    CapacityTestData data;
    ExecutorService manager;

    @BeforeEach
    void setUp() {
        data = new CapacityTestData(jdbc, new Http(port));
        manager = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void tearDown() {
        manager.shutdownNow();
    }

    /** The day's first request decides under the day's lock, which the manager's save opened the day with. */
    @Test
    void aReceptionRequestDecidedUnderTheLockIsWaitlistedOnceTheReserveRaisedSinceItsReadLeavesNoRoutineRoom()
            throws Exception {
        SafeWorkingPractice practice = setUpTheDayBefore();
        SaveAfterFirstRead reader = new SaveAfterFirstRead(practice);

        Routing.Routed routed = route(reader, practice, Channel.RECEPTION);

        assertThat(reader.saved)
                .as("the save ran between the read and the decision")
                .isTrue();
        LocalDate today = PracticeCalendar.dayOf(clock.instant());
        assertThat(routed.decision()).isEqualTo(new Router.Waitlisted(today.plusDays(1)));
        assertNothingBookedToday(practice, routed, "WAITLISTED");
    }

    @Test
    void anNhs111RequestDecidedUnderTheLockIsDivertedAsFullOnceTheReserveRaisedSinceItsReadLeavesNoRoutineRoom()
            throws Exception {
        SafeWorkingPractice practice = setUpTheDayBefore();
        SaveAfterFirstRead reader = new SaveAfterFirstRead(practice);

        Routing.Routed routed = route(reader, practice, Channel.NHS111);

        assertThat(reader.saved)
                .as("the save ran between the read and the decision")
                .isTrue();
        assertThat(routed.decision()).isEqualTo(new Router.Diverted(DiversionReason.FULL));
        assertNothingBookedToday(practice, routed, "DIVERTED");
    }

    /**
     * The day already open, the request books without the lock; the save counts a change to the day, so the booking
     * decided from the reserve read before it is not written, and the request is read and decided again.
     */
    @Test
    void aBookingDecidedWithoutTheLockIsNotWrittenOnceTheReserveWasRaisedSinceItsRead() throws Exception {
        SafeWorkingPractice practice = data.practiceTakingActionOne(settings(0));
        SaveAfterFirstRead reader = new SaveAfterFirstRead(practice);

        Routing.Routed routed = route(reader, practice, Channel.RECEPTION);

        assertThat(reader.saved)
                .as("the save ran between the read and the write")
                .isTrue();
        assertThat(reader.reads.get())
                .as("the day was read again after the write found it changed")
                .isEqualTo(2);
        LocalDate today = PracticeCalendar.dayOf(clock.instant());
        assertThat(routed.decision()).isEqualTo(new Router.Waitlisted(today.plusDays(1)));
        assertNothingBookedToday(practice, routed, "WAITLISTED");
    }

    /** Set up on Tuesday, so that Wednesday's first request is the one that finds the day not yet opened. */
    private SafeWorkingPractice setUpTheDayBefore() {
        clock.moveTo(CapacityTestData.A_WORKING_MORNING.minus(Duration.ofDays(1)));
        SafeWorkingPractice practice = data.practiceTakingActionOne(settings(0));
        clock.moveTo(CapacityTestData.A_WORKING_MORNING);
        return practice;
    }

    private Routing.Routed route(DayFactsReader reader, SafeWorkingPractice practice, Channel channel) {
        Routing routing = new Routing(setups, reader, days, writes, clinicians, requests, transactions);
        Practice found = practices.find(practice.ods()).orElseThrow();
        return routing.route(found, new Router.Request(channel, RequestKind.ROUTINE, null), "test", clock.instant());
    }

    private void assertNothingBookedToday(SafeWorkingPractice practice, Routing.Routed routed, String outcome) {
        assertThat(jdbc.sql("select outcome from capacity.contact_request where id = :id and ods_code = :ods")
                        .param("id", routed.id())
                        .param("ods", practice.ods())
                        .query(String.class)
                        .single())
                .isEqualTo(outcome);
        assertThat(jdbc.sql("""
                        select coalesce(sum(d.used), 0) from capacity.clinician_day d
                        join capacity.clinician c on c.id = d.clinician_id
                        where c.ods_code = :ods and d.day = :day
                        """)
                        .param("ods", practice.ods())
                        .param("day", Date.valueOf(PracticeCalendar.dayOf(clock.instant())))
                        .query(Integer.class)
                        .single())
                .as("no contact was booked into the urgent reserve")
                .isZero();
    }

    static Map<String, Object> settings(int reserve) {
        return CapacityTestData.settings(
                List.of(
                        CapacityTestData.clinician("GP 1", 10, CapacityTestData.EVERY_DAY),
                        CapacityTestData.clinician(
                                "GP 2", 10, List.of("MONDAY", "TUESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"))),
                CapacityTestData.allDay(),
                "CLOSE",
                reserve);
    }

    /**
     * Reads the day as routing does; after the first read, the practice manager saves the set-up with the urgent
     * reserve raised, on another thread, and the read is answered once that save has committed.
     */
    final class SaveAfterFirstRead extends DayFactsReader {

        final AtomicInteger reads = new AtomicInteger();
        private final SafeWorkingPractice practice;
        volatile boolean saved;

        SaveAfterFirstRead(SafeWorkingPractice practice) {
            super(jdbc, setups, waitingListDays);
            this.practice = practice;
        }

        @Override
        Optional<DayFacts> facts(String odsCode, LocalDate day, Instant at) {
            Optional<DayFacts> read = super.facts(odsCode, day, at);
            if (reads.incrementAndGet() == 1) {
                assertThat(read.orElseThrow().setup().urgentReserve()).isZero();
                Http.Response answer;
                try {
                    answer = manager.submit(() -> new Http(port)
                                    .putJson(
                                            "/api/practices/" + practice.ods() + "/capacity/settings",
                                            settings(RAISED_RESERVE),
                                            practice.managerToken()))
                            .get(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("The manager's save did not finish", e);
                }
                assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                saved = true;
            }
            return read;
        }
    }
}
