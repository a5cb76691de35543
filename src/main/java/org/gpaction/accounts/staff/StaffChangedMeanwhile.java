package org.gpaction.accounts.staff;

import java.time.Instant;
import org.gpaction.common.UkTime;

/**
 * An account changed by someone else after the page asking to change it was opened: saving the page as it was would
 * undo their change (a practice they gave, and the person's emails about it), so nothing is saved.
 */
class StaffChangedMeanwhile extends RuntimeException {

    StaffChangedMeanwhile(Instant changedAt) {
        super("This account was changed " + UkTime.onOrAt(changedAt)
                + " (UK time) after you opened this page: check it and save again");
    }
}
