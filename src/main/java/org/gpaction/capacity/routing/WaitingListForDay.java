package org.gpaction.capacity.routing;

import java.time.LocalDate;
import java.util.List;
import org.gpaction.capacity.setup.PracticeSetup;
import org.gpaction.capacity.setup.PracticeSetups;
import org.springframework.stereotype.Component;

/**
 * A day's waiting list as reception works from it: the requests put on it and, before them, oldest first, those put on
 * the lists of the {@value #WORKING_DAYS} working days before it that were neither booked from a list nor undone, so a
 * patient not reached on their own day is not forgotten. Older ones are no longer carried (they stay on their own
 * day's list). One carried and then booked on the day or later stays on that day's list, shown booked. Only reading a list
 * carries anything: a routing decision neither reads nor writes more for it.
 */
@Component
class WaitingListForDay {

    /** How many working days back requests not yet booked are carried onto a day's list. */
    static final int WORKING_DAYS = Router.WAITING_LIST_CARRIED_WORKING_DAYS;

    /** @param carriedFrom the first day whose requests are carried; {@code day} itself when none is */
    record Listed(LocalDate carriedFrom, List<WaitingList.Entry> entries) {}

    private final PracticeSetups setups;
    private final WaitingList waitingList;

    WaitingListForDay(PracticeSetups setups, WaitingList waitingList) {
        this.setups = setups;
        this.waitingList = waitingList;
    }

    /** The list of a practice with no set-up: nothing is carried, as it has no working days. */
    Listed read(String odsCode, LocalDate day) {
        return setups.find(odsCode)
                .map(setup -> read(setup, day))
                .orElseGet(() -> new Listed(day, waitingList.waitingFor(odsCode, day, day)));
    }

    Listed read(PracticeSetup setup, LocalDate day) {
        LocalDate carriedFrom = carriedFrom(setup, day);
        return new Listed(carriedFrom, waitingList.waitingFor(setup.odsCode(), day, carriedFrom));
    }

    /**
     * The first day whose list is still carried onto {@code today}'s: a request put on an earlier day's list is on no
     * list that is still worked (a later day's list carries no earlier days than today's), so it is evidence closed.
     * {@code today} itself for a practice with no set-up.
     */
    LocalDate carriedFrom(String odsCode, LocalDate today) {
        return setups.find(odsCode).map(setup -> carriedFrom(setup, today)).orElse(today);
    }

    LocalDate carriedFrom(PracticeSetup setup, LocalDate day) {
        return Router.waitingListCarriedFrom(setups.calendar(setup, day), day);
    }
}
