package org.gpaction.actions.practice;

import java.time.LocalDate;
import java.util.Optional;
import org.gpaction.practices.Practice;

/**
 * A choice refused for the state the practice is in, not for what was typed: the directory has it closed, dormant or
 * not yet open on the start date. Uptake counts only practices open on the day, so an action it took from then would
 * be counted nowhere. Answered 409, naming the date to choose instead where there is one.
 */
final class PracticeNotOpen extends RuntimeException {

    private PracticeNotOpen(String message) {
        super(message);
    }

    /** Why the practice cannot take an action from the day, or empty when it was open then. */
    static Optional<PracticeNotOpen> from(Practice practice, LocalDate start) {
        return practice.notOpenOn(start)
                .map(why -> new PracticeNotOpen(practice.named() + " " + why + ", so it cannot take an action from "
                        + PracticeActions.DISPLAY.format(start) + ": " + whatToDo(practice, start)));
    }

    /**
     * Why the practice's pages offer no choice of actions, in a sentence naming its close date where it has one, or
     * empty when they offer it: the directory has it closed, dormant or only proposed today. One that opens on a day
     * to come is offered the form, to plan an action from that day.
     */
    static Optional<String> today(Practice practice, LocalDate today) {
        LocalDate opened = practice.openedOn();
        if (opened != null && opened.isAfter(today) && practice.isOpenOn(opened)) {
            return Optional.empty();
        }
        return practice.notOpenOn(today)
                .map(why -> practice.named() + " " + why + ", so the practice cannot choose actions.");
    }

    private static String whatToDo(Practice practice, LocalDate start) {
        LocalDate closed = practice.closedOn();
        if (closed != null && closed.isBefore(start) && practice.isOpenOn(closed)) {
            return "enter a start date on or before " + PracticeActions.DISPLAY.format(closed);
        }
        LocalDate opened = practice.openedOn();
        if (opened != null && opened.isAfter(start) && practice.isOpenOn(opened)) {
            return "enter a start date on or after " + PracticeActions.DISPLAY.format(opened);
        }
        return "if it is open, ask an administrator to check its status in the ODS practice file";
    }
}
