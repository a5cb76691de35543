package org.gpaction.capacity.routing;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.capacity.setup.PracticeSetup;
import org.springframework.stereotype.Component;

/**
 * The day a request beyond today's room waits for: the next working day with room for routine need left beyond the
 * places its list holds already, the requests listed for it and those still waiting from earlier lists carried onto it
 * ({@link RoomAhead}), so no day is promised to more patients than it has room for.
 * Each day's room by its caps is kept per practice while everything it depends on is as the day's facts found it, and
 * read again only when one of them moves: a routing decision's one statement reads them all. The requests listed for
 * the days ahead are read once for each decision, or each batch of requests decided together, that puts someone on the
 * waiting list, as every request put on a list, undone or booked from one changes them, on any instance; a decision
 * that puts nobody on the waiting list reads nothing more. A place is written without looking at the count of changes
 * to days ahead again: a change made between the read and the write neither reads nor moves places on a list, so the
 * place is as it would be had it been written just before the change, which leaves the places listed as they are.
 */
@Component
class WaitingListDays {

    /**
     * What the day depends on, as the decision's facts read it: the day the request came, the set-up (clinicians'
     * usual caps and days, the reserve, core hours) by its version, the changes made to days' caps ahead of them by
     * their count, the bank holidays around the day, and the limit every cap is held to ({@link DayFacts#capLimit}).
     */
    record DependsOn(
            LocalDate today, long setupVersion, long dayCapsChanges, Set<LocalDate> bankHolidays, Integer capLimit) {}

    private record Found(DependsOn dependsOn, ToIntFunction<LocalDate> routineRoom) {}

    private final RoomAhead roomAhead;
    /** By ODS code: one small entry per practice that has put someone on its waiting list, at most. */
    private final Map<String, Found> found = new ConcurrentHashMap<>();

    WaitingListDays(RoomAhead roomAhead) {
        this.roomAhead = roomAhead;
    }

    /**
     * The days one decision, or one batch of requests decided together, promises: each ask gives the next working day
     * after {@code dependsOn.today()} with room beyond the places its list holds, or empty when none comes within a
     * month, and counts the day given as held, so a batch promises no day more places than it has though none of its
     * requests is written yet. Nothing is read until the first ask.
     *
     * <p>The requests listed are read without a lock. On one instance that is enough: a practice's requests are decided
     * one decision or batch at a time ({@link PracticeQueues}), each after the one before is written. Two instances
     * deciding at once each count only what the other has written, so both may promise a day's last place, as may a
     * decision made while a booking from the list is undone.
     */
    Supplier<Optional<LocalDate>> promising(PracticeSetup setup, PracticeCalendar calendar, DependsOn dependsOn) {
        return new Promises(setup, calendar, dependsOn);
    }

    private ToIntFunction<LocalDate> routineRoom(PracticeSetup setup, DependsOn dependsOn) {
        Found known = found.get(setup.odsCode());
        if (known != null && known.dependsOn().equals(dependsOn)) {
            return known.routineRoom();
        }
        ToIntFunction<LocalDate> room =
                roomAhead.routineRoomFrom(setup, dependsOn.today().plusDays(1), dependsOn.capLimit());
        // Two decisions finding it at once both keep theirs, the later one winning: each is keyed by what it read,
        // so one kept from older facts is only found again, never taken for newer ones.
        found.put(setup.odsCode(), new Found(dependsOn, room));
        return room;
    }

    /** The days promised by one decision or batch, asked from one thread. */
    private final class Promises implements Supplier<Optional<LocalDate>> {

        private final PracticeSetup setup;
        private final PracticeCalendar calendar;
        private final DependsOn dependsOn;
        private ToIntFunction<LocalDate> room;
        /**
         * By day: the places held when first asked (the requests listed for it, and those carried onto it from earlier
         * lists), and those promised since.
         */
        private Map<LocalDate, Integer> held;

        Promises(PracticeSetup setup, PracticeCalendar calendar, DependsOn dependsOn) {
            this.setup = setup;
            this.calendar = calendar;
            this.dependsOn = dependsOn;
        }

        @Override
        public Optional<LocalDate> get() {
            LocalDate today = dependsOn.today();
            if (held == null) {
                room = routineRoom(setup, dependsOn);
                held = new HashMap<>(roomAhead.placesHeldAfter(room, calendar, setup.odsCode(), today));
            }
            Optional<LocalDate> promised =
                    calendar.nextWorkingDayAfter(today, on -> room.applyAsInt(on) > held.getOrDefault(on, 0));
            promised.ifPresent(on -> held.merge(on, 1, Integer::sum));
            return promised;
        }
    }
}
