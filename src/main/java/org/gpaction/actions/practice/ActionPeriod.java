package org.gpaction.actions.practice;

import java.time.LocalDate;

/**
 * A time a practice had an action in force, from {@code from} up to the day before {@code to}. One withdrawn before
 * it started ends on its first day: it takes no day at all.
 *
 * @param to the day it stopped being in force, or null while it goes on
 */
public record ActionPeriod(long id, String odsCode, int actionNumber, LocalDate from, LocalDate to, EndedHow endedHow) {

    public boolean isInForceOn(LocalDate day) {
        return !from.isAfter(day) && (to == null || to.isAfter(day));
    }

    public boolean isOpen() {
        return to == null;
    }

    public boolean isWithdrawn() {
        return endedHow == EndedHow.WITHDRAWN;
    }
}
