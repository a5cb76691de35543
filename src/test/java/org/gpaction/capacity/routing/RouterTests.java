package org.gpaction.capacity.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.gpaction.capacity.setup.WhenFull;
import org.junit.jupiter.api.Test;

class RouterTests {

    static final LocalDate TOMORROW = LocalDate.parse("2026-12-01");
    static final Supplier<Optional<LocalDate>> WAITS_FOR_TOMORROW = () -> Optional.of(TOMORROW);

    static Router.Situation situation(List<ClinicianLoad> loads, int reserve, WhenFull whenFull) {
        return new Router.Situation(true, false, true, true, reserve, whenFull, loads, 0, 2, WAITS_FOR_TOMORROW);
    }

    static Router.Request request(Channel channel, RequestKind kind) {
        return new Router.Request(channel, kind, null);
    }

    @Test
    void aRoutineRequestIsBookedWithTheLeastLoadedClinicianWhoHasRoom() {
        var decision = Router.decide(
                situation(
                        List.of(new ClinicianLoad(1, "GP 1", 25, 10), new ClinicianLoad(2, "GP 2", 25, 4)),
                        0,
                        WhenFull.CLOSE),
                request(Channel.RECEPTION, RequestKind.ROUTINE));
        assertThat(decision).isEqualTo(new Router.Booked(new ClinicianLoad(2, "GP 2", 25, 4)));
    }

    @Test
    void theChosenClinicianIsBookedWhileTheyHaveRoomAndSomeoneElseOnceTheyAreFull() {
        var loads = List.of(new ClinicianLoad(1, "GP 1", 25, 10), new ClinicianLoad(2, "GP 2", 25, 25));
        assertThat(Router.decide(
                        situation(loads, 0, WhenFull.CLOSE),
                        new Router.Request(Channel.RECEPTION, RequestKind.ROUTINE, 1L)))
                .isEqualTo(new Router.Booked(loads.get(0)));
        assertThat(Router.decide(
                        situation(loads, 0, WhenFull.CLOSE),
                        new Router.Request(Channel.RECEPTION, RequestKind.ROUTINE, 2L)))
                .isEqualTo(new Router.Booked(loads.get(0)));
    }

    @Test
    void routineRequestsStopWhenOnlyTheUrgentReserveIsLeft() {
        var loads = List.of(new ClinicianLoad(1, "GP 1", 25, 22));
        assertThat(Router.decide(situation(loads, 3, WhenFull.CLOSE), request(Channel.RECEPTION, RequestKind.ROUTINE)))
                .isEqualTo(new Router.Waitlisted(TOMORROW));
        assertThat(Router.decide(situation(loads, 3, WhenFull.CLOSE), request(Channel.RECEPTION, RequestKind.URGENT)))
                .isInstanceOf(Router.Booked.class);
    }

    @Test
    void whenFullTheFrontDoorDivertsOrWaitlistsAsThePracticeChose() {
        var full = List.of(new ClinicianLoad(1, "GP 1", 25, 25));
        assertThat(Router.decide(situation(full, 0, WhenFull.CLOSE), request(Channel.ONLINE, RequestKind.ROUTINE)))
                .isEqualTo(new Router.Diverted(DiversionReason.FULL));
        assertThat(Router.decide(
                        situation(full, 0, WhenFull.STAY_OPEN_SIGNPOST), request(Channel.ONLINE, RequestKind.ROUTINE)))
                .isEqualTo(new Router.Waitlisted(TOMORROW));
        assertThat(Router.decide(
                        situation(full, 0, WhenFull.STAY_OPEN_SIGNPOST), request(Channel.ONLINE, RequestKind.URGENT)))
                .as("urgent need is never left for tomorrow")
                .isEqualTo(new Router.Diverted(DiversionReason.FULL));
    }

    @Test
    void nhs111BooksOnlyForTodayAndOnlyWithinItsAllowance() {
        var loads = List.of(new ClinicianLoad(1, "GP 1", 25, 0));
        var used = new Router.Situation(true, false, true, true, 0, WhenFull.CLOSE, loads, 2, 2, WAITS_FOR_TOMORROW);
        assertThat(Router.decide(used, request(Channel.NHS111, RequestKind.URGENT)))
                .isEqualTo(new Router.Diverted(DiversionReason.NHS111_ALLOWANCE_USED));
        var notInForce =
                new Router.Situation(true, false, false, true, 0, WhenFull.CLOSE, loads, 2, 2, WAITS_FOR_TOMORROW);
        assertThat(Router.decide(notInForce, request(Channel.NHS111, RequestKind.URGENT)))
                .as("before action 1 is in force, the allowance is counted but diverts nobody")
                .isEqualTo(new Router.Booked(loads.get(0)));
        var full = List.of(new ClinicianLoad(1, "GP 1", 25, 25));
        assertThat(Router.decide(
                        situation(full, 0, WhenFull.STAY_OPEN_SIGNPOST), request(Channel.NHS111, RequestKind.ROUTINE)))
                .isEqualTo(new Router.Diverted(DiversionReason.FULL));
    }

    @Test
    void outsideCoreHoursEveryRequestIsSignpostedElsewhere() {
        var closed = new Router.Situation(
                false,
                false,
                true,
                true,
                0,
                WhenFull.CLOSE,
                List.of(new ClinicianLoad(1, "GP 1", 25, 0)),
                0,
                2,
                WAITS_FOR_TOMORROW);
        for (Channel channel : Channel.values()) {
            assertThat(Router.decide(closed, request(channel, RequestKind.URGENT)))
                    .isEqualTo(new Router.Diverted(DiversionReason.OUTSIDE_CORE_HOURS));
        }
    }

    @Test
    void aPausedFrontDoorDivertsOnlineRequestsButNotReception() {
        var paused = new Router.Situation(
                true,
                true,
                true,
                true,
                0,
                WhenFull.CLOSE,
                List.of(new ClinicianLoad(1, "GP 1", 25, 0)),
                0,
                2,
                WAITS_FOR_TOMORROW);
        assertThat(Router.decide(paused, request(Channel.ONLINE, RequestKind.ROUTINE)))
                .isEqualTo(new Router.Diverted(DiversionReason.SUSPENDED));
        assertThat(Router.decide(paused, request(Channel.RECEPTION, RequestKind.ROUTINE)))
                .isInstanceOf(Router.Booked.class);
    }

    @Test
    void adminRequestsUseNoCapacityUnlessThePracticeCountsThem() {
        var notCounted = new Router.Situation(
                true,
                false,
                true,
                false,
                0,
                WhenFull.CLOSE,
                List.of(new ClinicianLoad(1, "GP 1", 25, 25)),
                0,
                2,
                WAITS_FOR_TOMORROW);
        assertThat(Router.decide(notCounted, request(Channel.RECEPTION, RequestKind.ADMIN)))
                .isEqualTo(new Router.Booked(null));
    }

    @Test
    void beforeActionOneIsInForceNobodyIsDivertedForBeingFull() {
        var notEnforced = new Router.Situation(
                true,
                false,
                false,
                true,
                0,
                WhenFull.CLOSE,
                List.of(new ClinicianLoad(1, "GP 1", 25, 30)),
                0,
                2,
                WAITS_FOR_TOMORROW);
        assertThat(Router.decide(notEnforced, request(Channel.ONLINE, RequestKind.ROUTINE)))
                .isEqualTo(new Router.Booked(new ClinicianLoad(1, "GP 1", 25, 30)));
    }

    @Test
    void theWaitingListDayIsLookedForOnlyWhenARequestIsPutOnTheWaitingList() {
        AtomicInteger lookedFor = new AtomicInteger();
        Supplier<Optional<LocalDate>> counted = () -> {
            lookedFor.incrementAndGet();
            return Optional.of(TOMORROW);
        };
        var room = List.of(new ClinicianLoad(1, "GP 1", 25, 3));
        var withRoom = new Router.Situation(true, false, true, true, 0, WhenFull.CLOSE, room, 0, 2, counted);
        for (Channel channel : Channel.values()) {
            Router.decide(withRoom, request(channel, RequestKind.ROUTINE));
        }
        assertThat(lookedFor).as("decisions with room look nothing up").hasValue(0);

        var full = List.of(new ClinicianLoad(1, "GP 1", 25, 25));
        var noRoom = new Router.Situation(true, false, true, true, 0, WhenFull.CLOSE, full, 0, 2, counted);
        assertThat(Router.decide(noRoom, request(Channel.RECEPTION, RequestKind.ROUTINE)))
                .isEqualTo(new Router.Waitlisted(TOMORROW));
        assertThat(lookedFor).hasValue(1);
    }

    @Test
    void routineNeedWithNoDayWithRoomAheadIsSignpostedRatherThanWaitlisted() {
        var full = List.of(new ClinicianLoad(1, "GP 1", 25, 25));
        var noDayAhead = new Router.Situation(
                true, false, true, true, 0, WhenFull.STAY_OPEN_SIGNPOST, full, 0, 2, Optional::empty);
        assertThat(Router.decide(noDayAhead, request(Channel.RECEPTION, RequestKind.ROUTINE)))
                .isEqualTo(new Router.Diverted(DiversionReason.FULL));
        assertThat(Router.decide(noDayAhead, request(Channel.ONLINE, RequestKind.ROUTINE)))
                .isEqualTo(new Router.Diverted(DiversionReason.FULL));
    }

    @Test
    void whoeverHasMostRoomIsBooked_soASmallCapDoesNotFillFirst() {
        var loads = List.of(new ClinicianLoad(1, "GP 1", 25, 10), new ClinicianLoad(2, "ANP", 10, 9));
        assertThat(Router.decide(situation(loads, 0, WhenFull.CLOSE), request(Channel.RECEPTION, RequestKind.ROUTINE)))
                .isEqualTo(new Router.Booked(loads.get(0)));
        var notEnforced =
                new Router.Situation(true, false, false, true, 0, WhenFull.CLOSE, loads, 0, 2, WAITS_FOR_TOMORROW);
        assertThat(Router.decide(notEnforced, request(Channel.RECEPTION, RequestKind.ROUTINE)))
                .as("the same rule before action 1 is in force")
                .isEqualTo(new Router.Booked(loads.get(0)));
    }

    @Test
    void withTheSameRoomTheClinicianWithFewerBookedIsBooked_andThenTheFirstInTheSetUp() {
        var loads = List.of(
                new ClinicianLoad(1, "GP 1", 25, 20),
                new ClinicianLoad(2, "GP 2", 10, 5),
                new ClinicianLoad(3, "GP 3", 10, 5));
        assertThat(Router.decide(situation(loads, 0, WhenFull.CLOSE), request(Channel.RECEPTION, RequestKind.ROUTINE)))
                .isEqualTo(new Router.Booked(loads.get(1)));
    }

    @Test
    void beforeActionOneIsInForceAClinicianOffTodayIsNeverBooked() {
        var loads = List.of(new ClinicianLoad(1, "GP 1", 0, 0), new ClinicianLoad(2, "GP 2", 25, 3));
        var notEnforced =
                new Router.Situation(true, false, false, true, 0, WhenFull.CLOSE, loads, 0, 2, WAITS_FOR_TOMORROW);
        assertThat(Router.decide(notEnforced, request(Channel.RECEPTION, RequestKind.ROUTINE)))
                .isEqualTo(new Router.Booked(loads.get(1)));
        assertThat(Router.decide(notEnforced, new Router.Request(Channel.RECEPTION, RequestKind.URGENT, 1L)))
                .as("not even when reception chooses them")
                .isEqualTo(new Router.Booked(loads.get(1)));

        var sentHomeAfterBooking =
                List.of(new ClinicianLoad(1, "GP 1", 1, 1, true), new ClinicianLoad(2, "GP 2", 2, 3));
        var pastTheirCaps = new Router.Situation(
                true, false, false, true, 0, WhenFull.CLOSE, sentHomeAfterBooking, 0, 2, WAITS_FOR_TOMORROW);
        assertThat(Router.decide(pastTheirCaps, request(Channel.RECEPTION, RequestKind.ROUTINE)))
                .as("off with one booked: their cap in force is 1, yet they take nothing new")
                .isEqualTo(new Router.Booked(sentHomeAfterBooking.get(1)));

        var everyoneOff = new Router.Situation(
                true,
                false,
                false,
                true,
                0,
                WhenFull.CLOSE,
                List.of(new ClinicianLoad(1, "GP 1", 0, 0)),
                0,
                2,
                WAITS_FOR_TOMORROW);
        assertThat(Router.decide(everyoneOff, request(Channel.RECEPTION, RequestKind.ROUTINE)))
                .as("counted, as with no clinician working that day, and turned away by nobody")
                .isEqualTo(new Router.Booked(null));
    }
}
