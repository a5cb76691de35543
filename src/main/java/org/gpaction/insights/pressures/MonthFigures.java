package org.gpaction.insights.pressures;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One month of appointments in an area, with the workforce of that month where it is known.
 *
 * @param workingDays Monday to Friday less England bank holidays; null when the bank holidays of that year are not
 *     known
 * @param gpWithWorkforce the GP appointments of the places (practices, or sub-ICB locations where a month is from the
 *     sub-ICB file) whose workforce row that month gives their GPs, by LocationWorkforce's one rule, and records some;
 *     a location whose month is from the sub-ICB file and which has a practice whose GPs the file does not give ('NA'
 *     or 'ND') adds none
 * @param gpFte the GPs' full-time equivalents of only those places whose workforce row that month gives their GPs, by
 *     the same rule (all GPs give appointments), such a location's month from the sub-ICB file adding none; null when
 *     no place's does
 * @param gpsNotKnown how many of the places have their GP appointments left out of those set against GPs, as the
 *     workforce file does not give their GPs ('NA' or 'ND'): the practice itself, or sub-ICB locations whose month is
 *     from the sub-ICB file and which have such a practice, whose appointments that file does not give apart
 * @param places how many of the area's sub-ICB locations of today have appointments that month in these figures,
 *     which are of those locations only (England's too: a code no longer in use adds nothing); null for a practice
 * @param placesInArea how many sub-ICB locations the area takes in today; null for a practice
 */
public record MonthFigures(
        YearMonth month,
        long appointments,
        long attended,
        long dna,
        long gp,
        long faceToFace,
        long sameDay,
        long overTwoWeeks,
        long statusKnown,
        long hcpKnown,
        long modeKnown,
        long waitKnown,
        Integer workingDays,
        long gpWithWorkforce,
        BigDecimal gpFte,
        int gpsNotKnown,
        Integer places,
        Integer placesInArea) {

    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("MMM yyyy", Locale.UK);

    private static final String NOT_GIVEN = " (NA or ND in NHS Digital's file)";

    MonthFigures withWorkingDays(Integer days) {
        return with(days, places, placesInArea);
    }

    /** The same figures, said to be of {@code places} of the area's {@code placesInArea} places. */
    MonthFigures inPlaces(Integer places, Integer placesInArea) {
        return with(workingDays, places, placesInArea);
    }

    /** The same counts, with the working days and places given. */
    private MonthFigures with(Integer workingDays, Integer places, Integer placesInArea) {
        return new MonthFigures(
                month,
                appointments,
                attended,
                dna,
                gp,
                faceToFace,
                sameDay,
                overTwoWeeks,
                statusKnown,
                hcpKnown,
                modeKnown,
                waitKnown,
                workingDays,
                gpWithWorkforce,
                gpFte,
                gpsNotKnown,
                places,
                placesInArea);
    }

    /** This month's figures and another place's of the same month, added up; their places too. */
    MonthFigures plus(MonthFigures other) {
        return new MonthFigures(
                month,
                appointments + other.appointments,
                attended + other.attended,
                dna + other.dna,
                gp + other.gp,
                faceToFace + other.faceToFace,
                sameDay + other.sameDay,
                overTwoWeeks + other.overTwoWeeks,
                statusKnown + other.statusKnown,
                hcpKnown + other.hcpKnown,
                modeKnown + other.modeKnown,
                waitKnown + other.waitKnown,
                workingDays,
                gpWithWorkforce + other.gpWithWorkforce,
                SharedLocations.sum(gpFte, other.gpFte),
                gpsNotKnown + other.gpsNotKnown,
                places == null ? other.places : other.places == null ? places : places + other.places,
                placesInArea);
    }

    /**
     * Whether some of the area's sub-ICB locations have no appointments imported for the month, so that the figures
     * are those of part of the area only.
     */
    public boolean partial() {
        return places != null && placesInArea != null && places < placesInArea;
    }

    /**
     * Whether none of the area's sub-ICB locations of today has appointments in these figures, though they are there: a
     * month of an LMC's practices' rows filed only under locations none of its own today, where a practice was before
     * it moved. Said as a count of its locations, it read as no figures at all.
     */
    public boolean noneOfItsPlaces() {
        return places != null && places == 0;
    }

    public String label() {
        return month.format(LABEL);
    }

    public String iso() {
        return month.toString();
    }

    public BigDecimal perWorkingDay() {
        return workingDays == null || workingDays == 0 ? null : ratio(appointments, workingDays, 0);
    }

    /** GP appointments per GP (full-time equivalent) per working day: compare with 25 contacts a day. */
    public BigDecimal gpAppointmentsPerGpPerDay() {
        if (workingDays == null || workingDays == 0 || gpFte == null || gpFte.signum() == 0) {
            return null;
        }
        return BigDecimal.valueOf(gpWithWorkforce)
                .divide(gpFte.multiply(BigDecimal.valueOf(workingDays)), 1, RoundingMode.HALF_UP);
    }

    /**
     * How many of an area's sub-ICB locations {@link #gpAppointmentsPerGpPerDay()} leaves out, their month being from
     * the sub-ICB file and a practice of theirs having GPs the workforce file does not give; null for a practice, whose
     * figure is then not known.
     */
    public Integer subIcbLocationsWithGpsNotKnown() {
        return placesInArea == null ? null : gpsNotKnown;
    }

    /**
     * Of a known {@link #gpAppointmentsPerGpPerDay()}, the sub-ICB locations it leaves out, in a few words for the page;
     * null when it is not known or leaves none out.
     */
    public String whatGpAppointmentsPerGpLeavesOut() {
        if (gpAppointmentsPerGpPerDay() == null || placesInArea == null || gpsNotKnown == 0) {
            return null;
        }
        return gpsNotKnown + (gpsNotKnown == 1 ? " sub-ICB location" : " sub-ICB locations")
                + " left out: GPs of some practices not known";
    }

    /** What {@link #whatGpAppointmentsPerGpLeavesOut()} says, in full for the latest figures; null when that is null. */
    public String whatGpAppointmentsPerGpLeavesOutInFull() {
        if (whatGpAppointmentsPerGpLeavesOut() == null) {
            return null;
        }
        return gpsNotKnown == 1
                ? "It leaves out 1 sub-ICB location: NHS Digital's workforce file does not give the GPs of some of its"
                        + " practices that month (it writes NA or ND), and the sub-ICB appointments file does not give"
                        + " their appointments apart."
                : "It leaves out " + gpsNotKnown + " sub-ICB locations: NHS Digital's workforce file does not give the"
                        + " GPs of some of their practices that month (it writes NA or ND), and the sub-ICB"
                        + " appointments file does not give their appointments apart.";
    }

    /** Why {@link #gpAppointmentsPerGpPerDay()} is not known, in a few words for the page; null when it is. */
    public String whyGpAppointmentsPerGpNotKnown() {
        PerGpNotKnown why = whyPerGpNotKnown();
        return why == null ? null : why.inBrief;
    }

    /** Why {@link #gpAppointmentsPerGpPerDay()} is not known, in full for the latest figures; null when it is. */
    public String whyGpAppointmentsPerGpNotKnownInFull() {
        PerGpNotKnown why = whyPerGpNotKnown();
        return why == null ? null : "Not known for " + label() + ": " + why.inFull;
    }

    /** The one choice of why {@link #gpAppointmentsPerGpPerDay()} is not known, for the page to word; null when it is. */
    private PerGpNotKnown whyPerGpNotKnown() {
        if (gpAppointmentsPerGpPerDay() != null) {
            return null;
        }
        if (workingDays == null) {
            return PerGpNotKnown.WORKING_DAYS;
        }
        if (gpFte == null && gpsNotKnown > 0) {
            return placesInArea == null ? PerGpNotKnown.PRACTICE_GPS_NOT_GIVEN : PerGpNotKnown.LOCATION_GPS_NOT_GIVEN;
        }
        return gpFte == null ? PerGpNotKnown.NO_WORKFORCE : PerGpNotKnown.NO_GPS;
    }

    /** Each reason GP appointments per GP is not known, in a few words for a table and in full for the latest figures. */
    private enum PerGpNotKnown {
        WORKING_DAYS(
                "working days not known", "England's bank holidays that year, and so its working days, are not known."),
        PRACTICE_GPS_NOT_GIVEN(
                "GPs not known" + NOT_GIVEN,
                "NHS Digital's workforce file does not give this practice's GPs that month, all of them or its fully"
                        + " qualified ones (it writes NA or ND)."),
        LOCATION_GPS_NOT_GIVEN(
                "GPs of some practices not known" + NOT_GIVEN,
                "NHS Digital's workforce file does not give the GPs of some practices that month (it writes NA or"
                        + " ND), and the sub-ICB appointments file does not give their appointments apart from their"
                        + " sub-ICB location's."),
        NO_WORKFORCE(
                "no workforce data",
                "no GP workforce figure that month for the places whose appointments are imported."),
        NO_GPS(
                "workforce records no GPs",
                "the GP workforce figures that month record no GPs at the places whose appointments are imported.");

        final String inBrief;
        final String inFull;

        PerGpNotKnown(String inBrief, String inFull) {
            this.inBrief = inBrief;
            this.inFull = inFull;
        }
    }

    public BigDecimal gpShare() {
        return percent(gp, hcpKnown);
    }

    public BigDecimal faceToFaceShare() {
        return percent(faceToFace, modeKnown);
    }

    /** Did not attend, of appointments whose outcome is known. */
    public BigDecimal dnaRate() {
        return percent(dna, statusKnown);
    }

    public BigDecimal sameDayShare() {
        return percent(sameDay, waitKnown);
    }

    public BigDecimal overTwoWeeksShare() {
        return percent(overTwoWeeks, waitKnown);
    }

    static BigDecimal percent(long part, long whole) {
        return whole == 0 ? null : ratio(part * 100, whole, 1);
    }

    static BigDecimal ratio(long part, long whole, int scale) {
        return BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), scale, RoundingMode.HALF_UP);
    }
}
