package org.gpaction.membership;

import java.time.LocalDate;

/**
 * A role a member holds or held.
 *
 * @param practiceOds null for a locum without a practice
 * @param to the last day of the role, or null while it goes on
 */
public record RoleHeld(PracticeRole role, String practiceOds, LocalDate from, LocalDate to) {

    public boolean inForceOn(LocalDate day) {
        return !from.isAfter(day) && (to == null || !to.isBefore(day));
    }
}
