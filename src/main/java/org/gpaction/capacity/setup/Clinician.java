package org.gpaction.capacity.setup;

import java.time.DayOfWeek;
import java.util.Set;

/** A clinician known only by the label the practice chose; their usual daily cap and working days. */
public record Clinician(long id, String label, ClinicianRole role, int dailyCap, Set<DayOfWeek> workingDays) {

    /** The most contacts a clinician's cap allows, usual or for one day: action 1's safe maximum. */
    public static final int SAFE_MAXIMUM = 25;

    public Clinician {
        workingDays = Set.copyOf(workingDays);
    }
}
