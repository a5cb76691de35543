package org.gpaction.capacity.routing;

import java.sql.Date;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.gpaction.capacity.setup.CapLimit;
import org.gpaction.capacity.setup.CapLimits;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.capacity.setup.PracticeSetup;
import org.gpaction.capacity.setup.PracticeSetups;
import org.gpaction.capacity.setup.Signpost;
import org.gpaction.capacity.setup.WhenFull;
import org.gpaction.common.UkTime;
import org.gpaction.practices.Practice;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** A practice's day as the board, the API and the front door show it; reading only, never opening the day. */
@Service
class DayViews {

    /** @param off asked to take no new contacts that day (cap 0), whatever stays booked */
    record ClinicianView(long id, String label, int cap, int used, int remaining, CapacityStatus status, boolean off) {}

    /**
     * @param booked requests booked that day, those from the waiting list left out (they were counted when they came)
     * @param servedFromWaitingList patients booked from the waiting list that day
     * @param pause the front door's pause in force now, looked for only on today; null when there is none
     * @param waitingListDay full for routine need, the working day a routine request from reception (and online, when
     *     the practice stays open) waits for: the next with room beyond the places its list holds already (the
     *     requests listed for it and those carried onto it), which may be after the day it opens again; null when not
     *     full or none comes within a month
     * @param capLimit with action 1 in force, the daily contact limit every cap is held to; null otherwise
     * @param heldToLimit "GP 1's cap of 25 is held to 20" for each clinician at work whose cap for the day is above the
     *     limit, which the menu lowered since it was set
     */
    record DayView(
            String odsCode,
            LocalDate day,
            CapacityStatus status,
            boolean capEnforced,
            List<ClinicianView> clinicians,
            int booked,
            int diverted,
            int waitlisted,
            int servedFromWaitingList,
            int remaining,
            int urgentReserve,
            int reserveLeft,
            int nhs111Booked,
            int nhs111Allowance,
            Instant reopensAt,
            Suspensions.Suspension pause,
            LocalDate waitingListDay,
            CapLimit capLimit,
            List<String> heldToLimit) {

        /** The most any cap is on the day, as {@link #capLimit} says, for the days ahead to be held to it; or null. */
        Integer capsHeldTo() {
            return contacts(capLimit);
        }
    }

    /**
     * What the online front door shows now.
     *
     * @param roomToday not paused, it has room for requests of today (open or down to the last few)
     * @param takesRequests it shows its form (and the public JSON says open): with room today and, at a practice that
     *     stays open when full, while full too, for the waiting list of a day with room
     * @param urgentRoomLeft full for routine need, but a clinician at work still has room kept back for urgent need
     * @param signpostsOpenNow those of the signposts open at this moment, so a patient is told which are closed now
     * @param waitingListDay full, the day a routine request sent now would wait for ({@link DayView#waitingListDay})
     */
    record FrontDoor(
            String odsCode,
            boolean roomToday,
            boolean full,
            boolean urgentRoomLeft,
            boolean takesRequests,
            WhenFull whenFull,
            CapacityStatus status,
            Instant reopensAt,
            String pausedReason,
            List<Signpost> signposts,
            List<Signpost> signpostsOpenNow,
            String onlineConsultationUrl,
            LocalDate waitingListDay) {}

    private final PracticeSetups setups;
    private final ClinicianDays clinicians;
    private final ContactRequests requests;
    private final Suspensions suspensions;
    private final CapLimits limits;
    private final RoomAhead roomAhead;
    private final JdbcClient jdbc;
    private final Clock clock;

    DayViews(
            PracticeSetups setups,
            ClinicianDays clinicians,
            ContactRequests requests,
            Suspensions suspensions,
            CapLimits limits,
            RoomAhead roomAhead,
            JdbcClient jdbc,
            Clock clock) {
        this.setups = setups;
        this.clinicians = clinicians;
        this.requests = requests;
        this.suspensions = suspensions;
        this.limits = limits;
        this.roomAhead = roomAhead;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Instant now() {
        return clock.instant();
    }

    DayView day(Practice practice, PracticeSetup setup, LocalDate day) {
        return day(practice, setup, day, clock.instant());
    }

    private DayView day(Practice practice, PracticeSetup setup, LocalDate day, Instant now) {
        PracticeCalendar calendar = setups.calendar(setup, day);
        boolean working = calendar.isWorkingDay(day);
        // Whether action 1 is in force and the limit it holds caps to, in one statement: capacity.cap_limit decides.
        CapLimit limit = limits.inForce(practice.odsCode(), day).orElse(null);
        boolean enforced = limit != null;
        Integer capLimit = contacts(limit);
        List<ClinicianLoad> asSet = working
                ? clinicians.loadsWithoutOpening(practice.odsCode(), day, now)
                : clinicians.loads(practice.odsCode(), day);
        List<ClinicianLoad> loads =
                asSet.stream().map(load -> load.heldTo(capLimit)).toList();
        List<String> heldToLimit = limit == null
                ? List.of()
                : limit.holds(
                        asSet.stream().filter(load -> !load.off()).toList(), ClinicianLoad::label, ClinicianLoad::cap);
        Set<Long> off = clinicians.offOn(practice.odsCode(), day);
        int capacity = loads.stream().mapToInt(ClinicianLoad::cap).sum();
        int room = loads.stream().mapToInt(ClinicianLoad::room).sum();
        int routineRoom = Math.max(0, room - setup.urgentReserve());
        boolean today = day.equals(PracticeCalendar.dayOf(now));
        Optional<Suspensions.Suspension> pause =
                today ? suspensions.activeAt(practice.odsCode(), now) : Optional.empty();
        Optional<Instant> pausedUntil = pause.map(Suspensions.Suspension::endsAt);
        // Once a pause ends the door opens at the first moment in core hours of a day with room, as it would if closed.
        Optional<Instant> afterPause = pausedUntil.flatMap(until -> calendar.nextOpenAt(
                until, enforced ? roomAhead.from(setup, PracticeCalendar.dayOf(until), capLimit) : d -> true));
        CapacityStatus status;
        Instant reopensAt = null;
        LocalDate waitingListDay = null;
        if (today ? !calendar.isOpenAt(now) : !working) {
            status = CapacityStatus.CLOSED;
            reopensAt = today
                    ? calendar.nextOpenAt(now, enforced ? roomAhead.from(setup, day, capLimit) : d -> true)
                            .orElse(null)
                    : null;
        } else if (enforced && routineRoom == 0) {
            status = CapacityStatus.FULL;
            // One read of the days' caps for both the day the door opens again and the waiting list's day, which, as
            // the router promises it (WaitingListDays), passes over a day whose room is all promised already.
            ToIntFunction<LocalDate> roomByCaps = roomAhead.routineRoomFrom(setup, day, capLimit);
            reopensAt = calendar.openingAfter(day, on -> roomByCaps.applyAsInt(on) > 0)
                    .orElse(null);
            waitingListDay = reopensAt == null
                    ? null
                    : calendar.nextWorkingDayAfter(
                                    day, roomAhead.forWaitingList(roomByCaps, calendar, practice.odsCode(), day))
                            .orElse(null);
        } else if (pausedUntil.isPresent()) {
            status = CapacityStatus.SUSPENDED;
            reopensAt = afterPause.orElse(null);
        } else if (enforced && CapacityStatus.isLastFew(routineRoom, capacity)) {
            status = CapacityStatus.LAST_FEW;
        } else {
            status = CapacityStatus.OPEN;
        }
        if (pausedUntil.isPresent()) {
            // Closed or full, the online front door still stays shut until the pause ends and core hours come. When
            // either finds no working day with room within a month (null), the other's is no answer: a day before the
            // pause ends, today though full (the room ahead counts caps, not contacts booked), or one beyond the month
            // looked through; so nobody can say when it reopens.
            reopensAt = reopensAt == null || afterPause.isEmpty() ? null : later(reopensAt, afterPause.get());
        }
        ContactRequests.DayCounts counts = requests.counts(practice.odsCode(), day);
        return new DayView(
                practice.odsCode(),
                day,
                status,
                enforced,
                loads.stream()
                        .map(load -> new ClinicianView(
                                load.id(),
                                load.label(),
                                load.cap(),
                                load.used(),
                                load.room(),
                                clinicianStatus(load, enforced),
                                off.contains(load.id())))
                        .toList(),
                counts.booked(),
                counts.diverted(),
                counts.waitlisted(),
                counts.servedFromWaitingList(),
                room,
                setup.urgentReserve(),
                // What is kept for urgent need is what is left of the reserve: never more than the room left, and
                // nothing before action 1 is in force, when any contact can be booked for any need.
                enforced ? Math.min(room, setup.urgentReserve()) : 0,
                nhs111Booked(practice.odsCode(), day),
                Routing.nhs111Allowance(practice),
                reopensAt,
                pause.orElse(null),
                waitingListDay,
                limit,
                heldToLimit);
    }

    private static Integer contacts(CapLimit limit) {
        return limit == null ? null : limit.contacts();
    }

    FrontDoor frontDoor(Practice practice, PracticeSetup setup) {
        Instant now = clock.instant();
        DayView today = day(practice, setup, PracticeCalendar.dayOf(now), now);
        ZonedDateTime local = now.atZone(UkTime.ZONE);
        // A pause shuts the door whatever else the day says, and patients are told why.
        boolean paused = today.pause() != null;
        boolean full = today.status() == CapacityStatus.FULL;
        // Full means no routine room: what is left, if anything, is the urgent reserve, which the router still books.
        boolean urgentRoomLeft =
                full && today.clinicians().stream().anyMatch(c -> !c.off() && c.cap() > 0 && c.remaining() > 0);
        boolean roomToday =
                !paused && (today.status() == CapacityStatus.OPEN || today.status() == CapacityStatus.LAST_FEW);
        // Full, it takes requests only onto a waiting list of a day with room; with no such day, none.
        boolean takesRequests = roomToday
                || (!paused
                        && full
                        && setup.whenFull() == WhenFull.STAY_OPEN_SIGNPOST
                        && today.waitingListDay() != null);
        List<Signpost> signposts = setup.signpostsInOrderAt(local.getDayOfWeek(), local.toLocalTime());
        return new FrontDoor(
                practice.odsCode(),
                roomToday,
                full,
                urgentRoomLeft,
                takesRequests,
                setup.whenFull(),
                paused ? CapacityStatus.SUSPENDED : today.status(),
                today.reopensAt(),
                paused ? today.pause().reason() : null,
                signposts,
                signposts.stream()
                        .filter(place -> place.openUntil(local.getDayOfWeek(), local.toLocalTime())
                                .isPresent())
                        .toList(),
                setup.onlineConsultationUrl(),
                today.waitingListDay());
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static CapacityStatus clinicianStatus(ClinicianLoad load, boolean enforced) {
        if (!enforced) {
            return CapacityStatus.OPEN;
        }
        if (load.isFull()) {
            return CapacityStatus.FULL;
        }
        return CapacityStatus.isLastFew(load.room(), load.cap()) ? CapacityStatus.LAST_FEW : CapacityStatus.OPEN;
    }

    private int nhs111Booked(String odsCode, LocalDate day) {
        return jdbc.sql("select nhs111_booked from capacity.practice_day where ods_code = :ods and day = :day")
                .param("ods", odsCode)
                .param("day", Date.valueOf(day))
                .query(Integer.class)
                .optional()
                .orElse(0);
    }
}
