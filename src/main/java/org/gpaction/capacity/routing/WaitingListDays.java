package org.gpaction.capacity.routing;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.capacity.setup.PracticeSetup;
import org.springframework.stereotype.Component;

/**
 * The day a request beyond today's room waits for: the next working day with room for routine need ({@link
 * RoomAhead}), the day the board and the front door say the practice opens again. Finding it reads the caps of the
 * days ahead, so each practice's is kept while everything it depends on is as the day's facts found it, and found
 * again only when one of them moves: a routing decision's one statement reads them all, so a decision that puts
 * nobody on the waiting list reads nothing more, and one that does mostly reads nothing more either.
 */
@Component
class WaitingListDays {

    /**
     * What the day depends on, as the decision's facts read it: the day the request came, the set-up (clinicians'
     * usual caps and days, the reserve, core hours) by its version, the changes made to days' caps ahead of them by
     * their count, and the bank holidays around the day.
     */
    record DependsOn(LocalDate today, long setupVersion, long dayCapsChanges, Set<LocalDate> bankHolidays) {}

    private record Found(DependsOn dependsOn, Optional<LocalDate> day) {}

    private final RoomAhead roomAhead;
    /** By ODS code: one small entry per practice that has put someone on its waiting list, at most. */
    private final Map<String, Found> found = new ConcurrentHashMap<>();

    WaitingListDays(RoomAhead roomAhead) {
        this.roomAhead = roomAhead;
    }

    /** The next working day after {@code dependsOn.today()} with room, or empty when none comes within a month. */
    Optional<LocalDate> after(PracticeSetup setup, PracticeCalendar calendar, DependsOn dependsOn) {
        Found known = found.get(setup.odsCode());
        if (known != null && known.dependsOn().equals(dependsOn)) {
            return known.day();
        }
        LocalDate today = dependsOn.today();
        Optional<LocalDate> day = calendar.nextWorkingDayAfter(today, roomAhead.from(setup, today.plusDays(1)));
        // Two decisions finding it at once both keep theirs, the later one winning: each is keyed by what it read, so
        // one kept from older facts is only found again, never taken for newer ones.
        found.put(setup.odsCode(), new Found(dependsOn, day));
        return day;
    }
}
