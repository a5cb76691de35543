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
 * day's list, shown), and once today's list no longer carries a request nobody is booked from a list for it nor is it
 * withdrawn ({@link #stillCarried}). One carried and then booked on the day or later stays on that day's list, shown
 * booked. Only reading a list carries anything: a routing decision neither reads nor writes more for it.
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
     * Whether a request put on {@code listedFor}'s list is still on a list worked on {@code today}: its day is on or
     * after the first day carried onto today's list (a later day's list carries no earlier days than today's). Only
     * then is it booked from the waiting list or withdrawn: once no list carries it, its day's evidence is closed.
     */
    boolean stillCarried(String odsCode, LocalDate listedFor, LocalDate today) {
        return !listedFor.isBefore(carriedFrom(odsCode, today));
    }

    /** Why a request put on {@code listedFor}'s list, carried onto today's no more, is refused: the start of it. */
    static String noLongerCarried(long id, LocalDate listedFor) {
        return "Request " + id + " was put on the waiting list of " + BoardController.DAY.format(listedFor)
                + ", which is no longer carried onto today's list (only the lists of the " + WORKING_DAYS
                + " working days before today are)";
    }

    /** The first day whose list is still carried onto {@code today}'s; {@code today} for a practice with no set-up. */
    private LocalDate carriedFrom(String odsCode, LocalDate today) {
        return setups.find(odsCode).map(setup -> carriedFrom(setup, today)).orElse(today);
    }

    LocalDate carriedFrom(PracticeSetup setup, LocalDate day) {
        return Router.waitingListCarriedFrom(setups.calendar(setup, day), day);
    }
}
