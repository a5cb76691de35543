package org.gpaction.capacity.evidence;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.gpaction.capacity.routing.Channel;
import org.gpaction.capacity.routing.ClinicianLoad;
import org.gpaction.capacity.routing.DiversionReason;
import org.gpaction.capacity.routing.RequestKind;
import org.gpaction.capacity.routing.Router;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.capacity.setup.WhenFull;
import org.gpaction.common.UkTime;

/**
 * Feeds a practice's real online demand (counts per quarter hour) through the {@link Router}, as if the practice had
 * run safe working with a chosen set-up, and reports each day's booked, signposted and waitlisted requests and the
 * minutes the front door would have closed. As live, a request put on the waiting list is promised the next working day
 * with room beyond the places its list holds already (its own requests and those still waiting from earlier lists
 * carried onto it, oldest first), and no room is kept for the list. Live, reception may book from
 * the list whenever the day has room; the replay assumes it books the list last: each day's new requests take room as
 * they come, and the list (the day's own and those carried from the days before, oldest first) is served from the room
 * they leave. As the live list, a request put on it more than {@value Router#WAITING_LIST_CARRIED_WORKING_DAYS}
 * working days back is carried no further: counted unmet on its own day, it is never booked from the list. Nothing is
 * written anywhere: it is a what-if.
 */
public final class DemandReplay {

    /** One quarter hour's submissions of one type. */
    public record Submissions(LocalDate day, LocalTime startsAt, RequestKind kind, int count) {}

    /**
     * @param clinicians how many clinicians consult each working day
     * @param cap each clinician's daily cap
     */
    public record SetUp(
            int clinicians,
            int cap,
            boolean countAdmin,
            int urgentReserve,
            WhenFull whenFull,
            PracticeCalendar calendar) {}

    public record DayResult(
            LocalDate day,
            int requests,
            int booked,
            int diverted,
            int waitlisted,
            int fromWaitingList,
            int noLongerCarried,
            long frontDoorClosedMinutes,
            Map<DiversionReason, Integer> divertedBecause) {

        /**
         * Requests not met on the day: signposted elsewhere or put on the waiting list, except those that came outside
         * core hours, which no capacity would have met; counted as the evidence pages count them.
         */
        public int unmet() {
            return diverted - divertedBecause.getOrDefault(DiversionReason.OUTSIDE_CORE_HOURS, 0) + waitlisted;
        }

        /** Requests made in core hours: all but those turned away as outside them, as the evidence pages count them. */
        public int inCoreHours() {
            return requests - divertedBecause.getOrDefault(DiversionReason.OUTSIDE_CORE_HOURS, 0);
        }
    }

    /** @param stillListed requests still on the waiting list after the last day, neither booked from it nor dropped */
    public record Result(List<DayResult> days, int stillListed) {

        public int requests() {
            return days.stream().mapToInt(DayResult::requests).sum();
        }

        public int booked() {
            return days.stream().mapToInt(DayResult::booked).sum();
        }

        public int diverted() {
            return days.stream().mapToInt(DayResult::diverted).sum();
        }

        public int waitlisted() {
            return days.stream().mapToInt(DayResult::waitlisted).sum();
        }

        public int unmet() {
            return days.stream().mapToInt(DayResult::unmet).sum();
        }

        public int inCoreHours() {
            return days.stream().mapToInt(DayResult::inCoreHours).sum();
        }

        public UnmetShare unmetShare() {
            return new UnmetShare(unmet(), inCoreHours());
        }

        /** Requests left on the waiting list until it carried them no further, never booked from it. */
        public int noLongerCarried() {
            return days.stream().mapToInt(DayResult::noLongerCarried).sum();
        }

        public long frontDoorClosedMinutes() {
            return days.stream().mapToLong(DayResult::frontDoorClosedMinutes).sum();
        }
    }

    private DemandReplay() {}

    public static Result replay(List<Submissions> demand, SetUp setUp) {
        Map<LocalDate, List<Submissions>> byDay = new TreeMap<>();
        demand.forEach(
                s -> byDay.computeIfAbsent(s.day(), d -> new ArrayList<>()).add(s));
        List<DayResult> results = new ArrayList<>();
        List<LocalDate> waitingList = new ArrayList<>();
        for (Map.Entry<LocalDate, List<Submissions>> entry : byDay.entrySet()) {
            results.add(replayDay(entry.getKey(), entry.getValue(), setUp, waitingList));
        }
        return new Result(results, waitingList.size());
    }

    private static DayResult replayDay(
            LocalDate day, List<Submissions> submissions, SetUp setUp, List<LocalDate> waitingList) {
        PracticeCalendar calendar = setUp.calendar();
        boolean working = calendar.isWorkingDay(day);
        List<ClinicianLoad> loads = new ArrayList<>();
        for (int i = 0; i < (working ? setUp.clinicians() : 0); i++) {
            loads.add(new ClinicianLoad(i + 1, "Clinician " + (i + 1), setUp.cap(), 0));
        }
        // Each entry is the day whose list the request was put on, the oldest request first.
        int noLongerCarried = 0;
        if (working) {
            LocalDate carriedFrom = Router.waitingListCarriedFrom(calendar, day);
            int listed = waitingList.size();
            waitingList.removeIf(forDay -> forDay.isBefore(carriedFrom));
            noLongerCarried = listed - waitingList.size();
        }
        // The live router's rule (WaitingListDays): the next working day with room for routine need beyond the places
        // its list holds already (its own requests and those carried onto it, the day's own and earlier lists' still
        // waiting first), none if none comes. Every working day of a replay has the same clinicians and caps.
        int caps = setUp.clinicians() * setUp.cap();
        int dayRoom = Router.hasRoutineRoom(caps, setUp.urgentReserve()) ? caps - setUp.urgentReserve() : 0;
        NavigableMap<LocalDate, Integer> waitingByDay = new TreeMap<>();
        waitingList.forEach(forDay -> waitingByDay.merge(forDay, 1, Integer::sum));
        Map<LocalDate, Integer> held = Router.placesHeldAfter(calendar, day, next -> dayRoom, waitingByDay);
        Supplier<Optional<LocalDate>> waitingListDay = () -> {
            Optional<LocalDate> promised =
                    calendar.nextWorkingDayAfter(day, next -> dayRoom > held.getOrDefault(next, 0));
            promised.ifPresent(on -> held.merge(on, 1, Integer::sum));
            return promised;
        };
        int booked = 0;
        int diverted = 0;
        int waitlisted = 0;
        Instant closedFrom = null;
        Map<DiversionReason, Integer> because = new EnumMap<>(DiversionReason.class);
        List<Submissions> ordered = submissions.stream()
                .sorted(Comparator.comparing(Submissions::startsAt))
                .toList();
        int requests = 0;
        for (Submissions quarter : ordered) {
            for (int i = 0; i < quarter.count(); i++) {
                requests++;
                Instant at = day.atTime(quarter.startsAt())
                        .plus(Duration.ofMinutes(15).multipliedBy(i).dividedBy(quarter.count()))
                        .atZone(UkTime.ZONE)
                        .toInstant();
                Router.Situation situation = new Router.Situation(
                        calendar.isOpenAt(at),
                        false,
                        true,
                        setUp.countAdmin(),
                        setUp.urgentReserve(),
                        setUp.whenFull(),
                        loads,
                        0,
                        1,
                        waitingListDay);
                Router.Decision decision =
                        Router.decide(situation, new Router.Request(Channel.ONLINE, quarter.kind(), null));
                if (decision instanceof Router.Booked b) {
                    booked++;
                    if (b.clinician() != null) {
                        book(loads, b.clinician());
                    }
                } else if (decision instanceof Router.Waitlisted w) {
                    waitlisted++;
                    waitingList.add(w.forDay());
                } else {
                    diverted++;
                    because.merge(((Router.Diverted) decision).reason(), 1, Integer::sum);
                }
                if (closedFrom == null && working && calendar.isOpenAt(at) && roomFor(loads, setUp) == 0) {
                    closedFrom = at;
                }
            }
        }
        // The live system keeps no room for the list: reception books from it what the day's requests leave.
        int fromWaitingList = 0;
        Iterator<LocalDate> waiting = waitingList.iterator();
        while (working && waiting.hasNext() && roomFor(loads, setUp) > 0) {
            if (!waiting.next().isAfter(day)) {
                waiting.remove();
                book(loads, mostRoom(loads));
                fromWaitingList++;
            }
        }
        long closedMinutes = 0;
        if (closedFrom != null && setUp.whenFull() == WhenFull.CLOSE) {
            LocalTime closes = calendar.coreHours().get(day.getDayOfWeek()).closes();
            closedMinutes = Duration.between(
                            closedFrom, day.atTime(closes).atZone(UkTime.ZONE).toInstant())
                    .toMinutes();
        }
        return new DayResult(
                day, requests, booked, diverted, waitlisted, fromWaitingList, noLongerCarried, closedMinutes, because);
    }

    private static int roomFor(List<ClinicianLoad> loads, SetUp setUp) {
        return Math.max(0, loads.stream().mapToInt(ClinicianLoad::room).sum() - setUp.urgentReserve());
    }

    /** The live waiting list's booking with nobody chosen: whoever has most room. */
    private static ClinicianLoad mostRoom(List<ClinicianLoad> loads) {
        return loads.stream()
                .filter(c -> c.room() > 0)
                .min(Router.MOST_ROOM_FIRST)
                .orElseThrow();
    }

    private static void book(List<ClinicianLoad> loads, ClinicianLoad clinician) {
        for (int i = 0; i < loads.size(); i++) {
            if (loads.get(i).id() == clinician.id()) {
                ClinicianLoad was = loads.get(i);
                loads.set(i, was.withOneMore());
            }
        }
    }

    static List<DayOfWeek> weekdays() {
        return List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
    }
}
