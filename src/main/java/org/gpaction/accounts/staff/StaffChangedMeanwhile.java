package org.gpaction.accounts.staff;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.gpaction.common.UkTime;

/**
 * An account changed by someone else after the page asking to change it was opened: saving the page as it was would
 * undo their change (a practice they gave, and the person's emails about it), so nothing is saved.
 */
class StaffChangedMeanwhile extends RuntimeException {

    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm", Locale.UK).withZone(UkTime.ZONE);

    StaffChangedMeanwhile(Instant changedAt) {
        super("This account was changed at " + CLOCK.format(changedAt)
                + " after you opened this page: check it and save again");
    }
}
