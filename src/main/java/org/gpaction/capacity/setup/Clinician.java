package org.gpaction.capacity.setup;

import java.time.DayOfWeek;
import java.util.Set;

/** A clinician known only by the label the practice chose; their usual daily cap and working days. */
public record Clinician(long id, String label, ClinicianRole role, int dailyCap, Set<DayOfWeek> workingDays) {

    /**
     * The most contacts any cap allows, usual or for one day, whatever the menu says (the schema holds every cap to it):
     * the UEMO safe maximum, which action 1's daily contact limit on the menu may lower ({@link CapLimit}).
     */
    public static final int SAFE_MAXIMUM = 25;

    public Clinician {
        workingDays = Set.copyOf(workingDays);
    }
}
