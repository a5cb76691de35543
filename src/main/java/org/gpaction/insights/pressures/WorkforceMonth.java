package org.gpaction.insights.pressures;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Registered patients and GPs in an area in one month, from the workforce file.
 *
 * @param qualifiedFte fully qualified GPs (excluding trainees and locums), full-time equivalent
 * @param englandPatientsPerGp the same figure for England that month, to compare with
 */
public record WorkforceMonth(
        YearMonth month,
        int practices,
        long patients,
        BigDecimal gpFte,
        BigDecimal qualifiedFte,
        BigDecimal englandPatientsPerGp) {

    public static final int VISION = 1_000;

    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("MMM yyyy", Locale.UK);

    WorkforceMonth withEnglandPatientsPerGp(BigDecimal england) {
        return new WorkforceMonth(month, practices, patients, gpFte, qualifiedFte, england);
    }

    /** This month's workforce and another's of the same month, added up, with England's beside it as before. */
    WorkforceMonth plus(WorkforceMonth other) {
        return new WorkforceMonth(
                month,
                practices + other.practices,
                patients + other.patients,
                SharedLocations.sum(gpFte, other.gpFte),
                SharedLocations.sum(qualifiedFte, other.qualifiedFte),
                englandPatientsPerGp == null ? other.englandPatientsPerGp : englandPatientsPerGp);
    }

    public String label() {
        return month.format(LABEL);
    }

    /**
     * Null when the area has no fully qualified GP recorded that month, or no registered patient: a list of none is a
     * row not filled in, not a practice with no patients for its GPs. An area's GPs are those of its practices with
     * patients: a practice whose list is counted elsewhere (merged into another) adds none.
     */
    public BigDecimal patientsPerGp() {
        return qualifiedFte.signum() == 0 || patients == 0
                ? null
                : BigDecimal.valueOf(patients).divide(qualifiedFte, 0, RoundingMode.HALF_UP);
    }

    /** Why {@link #patientsPerGp()} is not known, in a few words for the page; null when it is. */
    public String whyPatientsPerGpNotKnown() {
        // Patients first: an area whose practices record no patients has their GPs left out, not none recorded.
        if (patients == 0) {
            return "no patients recorded";
        }
        return qualifiedFte.signum() == 0 ? "no GP recorded" : null;
    }

    /** How many times the committee's vision of 1,000 patients per GP the area's list is. */
    public BigDecimal timesVision() {
        BigDecimal perGp = patientsPerGp();
        return perGp == null ? null : perGp.divide(BigDecimal.valueOf(VISION), 2, RoundingMode.HALF_UP);
    }
}
