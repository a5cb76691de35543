package org.gpaction.capacity.routing;

import java.time.LocalDate;
import org.gpaction.capacity.setup.Clinician;

/**
 * What a change of one day's cap keeps, asked through the API or the board's page alike. A cap below what is already
 * booked is not refused: those patients keep their contacts, so the cap becomes the number booked and the clinician
 * takes no new ones ({@link PracticeDay#changeCap}).
 */
final class DayCapRules {

    static final String CAP_RANGE =
            "A day's cap is from 0 (no new contacts) to " + Clinician.SAFE_MAXIMUM + ", the safe maximum";
    static final String DAY_PASSED = "A day that has passed cannot be changed";

    private DayCapRules() {}

    /** From 0, a clinician who takes no new contacts that day, to the safe maximum of action 1. */
    static boolean isAllowedCap(Integer cap) {
        return cap != null && cap >= 0 && cap <= Clinician.SAFE_MAXIMUM;
    }

    /** Today or a day to come: a day that has passed is evidence, and its caps stay as they were. */
    static boolean mayChange(LocalDate day, LocalDate today) {
        return !day.isBefore(today);
    }
}
