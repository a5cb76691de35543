package org.gpaction.capacity.routing;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.capacity.setup.PracticeSetup;
import org.springframework.stereotype.Component;

/**
 * The day a request beyond today's room waits for: the next working day with room for routine need left beyond the
 * requests already listed for it ({@link RoomAhead}), so no day is promised to more patients than it has room for.
 * Each day's room by its caps is kept per practice while everything it depends on is as the day's facts found it, and
 * read again only when one of them moves: a routing decision's one statement reads them all. The requests listed for
 * the days ahead are read each time, as every request put on a list, undone or booked from one changes them, on any
 * instance; a decision that puts nobody on the waiting list reads nothing more.
 */
@Component
class WaitingListDays {

    /**
     * What the day depends on, as the decision's facts read it: the day the request came, the set-up (clinicians'
     * usual caps and days, the reserve, core hours) by its version, the changes made to days' caps ahead of them by
     * their count, and the bank holidays around the day.
     */
    record DependsOn(LocalDate today, long setupVersion, long dayCapsChanges, Set<LocalDate> bankHolidays) {}

    private record Found(DependsOn dependsOn, ToIntFunction<LocalDate> routineRoom) {}

    private final RoomAhead roomAhead;
    /** By ODS code: one small entry per practice that has put someone on its waiting list, at most. */
    private final Map<String, Found> found = new ConcurrentHashMap<>();

    WaitingListDays(RoomAhead roomAhead) {
        this.roomAhead = roomAhead;
    }

    /**
     * The next working day after {@code dependsOn.today()} with room beyond those listed for it, or empty when none
     * comes within a month. Asked while the decision holds the practice's day lock, so the requests listed are those of
     * every decision before it.
     */
    Optional<LocalDate> after(PracticeSetup setup, PracticeCalendar calendar, DependsOn dependsOn) {
        LocalDate today = dependsOn.today();
        Found known = found.get(setup.odsCode());
        ToIntFunction<LocalDate> room;
        if (known != null && known.dependsOn().equals(dependsOn)) {
            room = known.routineRoom();
        } else {
            room = roomAhead.routineRoomFrom(setup, today.plusDays(1));
            // Two decisions finding it at once both keep theirs, the later one winning: each is keyed by what it read,
            // so one kept from older facts is only found again, never taken for newer ones.
            found.put(setup.odsCode(), new Found(dependsOn, room));
        }
        Map<LocalDate, Integer> listed = roomAhead.listed(setup.odsCode(), today.plusDays(1));
        return calendar.nextWorkingDayAfter(today, on -> room.applyAsInt(on) > listed.getOrDefault(on, 0));
    }
}
