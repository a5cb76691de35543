package org.gpaction.insights.pressures;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Registered patients and GPs in an area in one month, from the workforce file. An area's patients and GPs are those of
 * its practices whose GPs the file gives (see LocationWorkforce); a practice's own are its own, its GPs not known where
 * the file does not give them.
 *
 * @param practices the practices with a workforce row that month
 * @param practicesWithGpsNotKnown of them, those whose GPs (all, or fully qualified) the file does not give, 'NA' or
 *     'ND': an area's figures leave them out
 * @param gpFte all GPs, full-time equivalent; null when not known
 * @param qualifiedFte fully qualified GPs (excluding trainees and locums), full-time equivalent; null when not known
 * @param englandPatientsPerGp the same figure for England that month, to compare with
 */
public record WorkforceMonth(
        YearMonth month,
        int practices,
        int practicesWithGpsNotKnown,
        long patients,
        BigDecimal gpFte,
        BigDecimal qualifiedFte,
        BigDecimal englandPatientsPerGp) {

    public static final int VISION = 1_000;

    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("MMM yyyy", Locale.UK);

    WorkforceMonth withEnglandPatientsPerGp(BigDecimal england) {
        return new WorkforceMonth(month, practices, practicesWithGpsNotKnown, patients, gpFte, qualifiedFte, england);
    }

    /** This month's workforce and another's of the same month, added up, with England's beside it as before. */
    WorkforceMonth plus(WorkforceMonth other) {
        return new WorkforceMonth(
                month,
                practices + other.practices,
                practicesWithGpsNotKnown + other.practicesWithGpsNotKnown,
                patients + other.patients,
                SharedLocations.sum(gpFte, other.gpFte),
                SharedLocations.sum(qualifiedFte, other.qualifiedFte),
                englandPatientsPerGp == null ? other.englandPatientsPerGp : englandPatientsPerGp);
    }

    public String label() {
        return month.format(LABEL);
    }

    /**
     * Null when the fully qualified GPs are not known that month, or none is recorded, or no registered patient: a list
     * of none is a row not filled in, not a practice with no patients for its GPs. An area's GPs are those of its
     * practices with patients: a practice whose list is counted elsewhere (merged into another) adds none.
     */
    public BigDecimal patientsPerGp() {
        return qualifiedFte == null || qualifiedFte.signum() == 0 || patients == 0
                ? null
                : BigDecimal.valueOf(patients).divide(qualifiedFte, 0, RoundingMode.HALF_UP);
    }

    /**
     * Whether the fully qualified GPs are not known: the file does not give a practice's own, or those of every one of
     * an area's practices.
     */
    public boolean gpsNotKnown() {
        return qualifiedFte == null;
    }

    /** Why {@link #patientsPerGp()} is not known, in a few words for the page; null when it is. */
    public String whyPatientsPerGpNotKnown() {
        PerGpNotKnown why = whyPerGpNotKnown();
        return why == null ? null : why.inBrief;
    }

    /** Why {@link #patientsPerGp()} is not known, in full for the latest figures; null when it is. */
    public String whyPatientsPerGpNotKnownInFull() {
        PerGpNotKnown why = whyPerGpNotKnown();
        return why == null ? null : "Not known: " + why.inFull.formatted(label());
    }

    /** The one choice of why {@link #patientsPerGp()} is not known, for the page to word; null when it is. */
    private PerGpNotKnown whyPerGpNotKnown() {
        if (patientsPerGp() != null) {
            return null;
        }
        if (gpsNotKnown()) {
            return PerGpNotKnown.GPS_NOT_GIVEN;
        }
        // Patients first: an area whose practices record no patients has their GPs left out, not none recorded.
        return patients == 0 ? PerGpNotKnown.NO_PATIENTS : PerGpNotKnown.NO_GP;
    }

    /**
     * Each reason patients per GP is not known, in a few words for a table and in full for the latest figures, where
     * the month goes in place of {@code %s}.
     */
    private enum PerGpNotKnown {
        GPS_NOT_GIVEN(
                "GPs not known (NA or ND in NHS Digital's file)",
                "NHS Digital's workforce file does not give the fully qualified GPs here in %s (it writes NA or ND)."),
        NO_PATIENTS("no patients recorded", "no registered patients are recorded here in %s."),
        NO_GP("no GP recorded", "no fully qualified GP is recorded here in %s.");

        final String inBrief;
        final String inFull;

        PerGpNotKnown(String inBrief, String inFull) {
            this.inBrief = inBrief;
            this.inFull = inFull;
        }
    }

    /** How many times the committee's vision of 1,000 patients per GP the area's list is. */
    public BigDecimal timesVision() {
        BigDecimal perGp = patientsPerGp();
        return perGp == null ? null : perGp.divide(BigDecimal.valueOf(VISION), 2, RoundingMode.HALF_UP);
    }
}
