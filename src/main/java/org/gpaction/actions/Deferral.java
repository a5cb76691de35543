package org.gpaction.actions;

import java.time.LocalDate;

/**
 * Something an action asks a practice to put off until a review date, like signing a declaration.
 *
 * @param subject what is deferred, short enough for a heading
 */
public record Deferral(String subject, String detail, LocalDate reviewOn) {

    public boolean isDueForReview(LocalDate today) {
        return !reviewOn.isAfter(today);
    }
}
