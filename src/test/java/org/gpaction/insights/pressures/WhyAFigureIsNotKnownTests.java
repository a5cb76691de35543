package org.gpaction.insights.pressures;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

/**
 * Each reason the pressures page gives for a figure it cannot work out, chosen in Java and worded there, in a few words
 * for the tables and in full for the latest figures (the sentences the page's template wrote before it only showed
 * them).
 */
class WhyAFigureIsNotKnownTests {

    private static final YearMonth AUGUST = YearMonth.of(2018, 8);

    private static final BigDecimal EIGHT = new BigDecimal("8");

    /** An area of 3 sub-ICB locations; null for a practice's own figures. */
    private static final Integer AREA = 3;

    private static final Integer PRACTICE = null;

    @Test
    void gpAppointmentsPerGpKnownHasNoReason() {
        MonthFigures known = appointments(22, 880, EIGHT, 0, AREA);

        assertThat(known.gpAppointmentsPerGpPerDay()).isEqualByComparingTo("5.0");
        assertThat(known.whyGpAppointmentsPerGpNotKnown()).isNull();
        assertThat(known.whyGpAppointmentsPerGpNotKnownInFull()).isNull();
    }

    @Test
    void gpAppointmentsPerGpWithoutTheYearsBankHolidaysSaysItsWorkingDaysAreNotKnown() {
        MonthFigures month = appointments(null, 880, EIGHT, 0, AREA);

        assertThat(month.whyGpAppointmentsPerGpNotKnown()).isEqualTo("working days not known");
        assertThat(month.whyGpAppointmentsPerGpNotKnownInFull())
                .isEqualTo("Not known for Aug 2018: England's bank holidays that year, and so its working days, are"
                        + " not known.");
    }

    @Test
    void gpAppointmentsPerGpOfAPracticeWhoseGpsTheFileDoesNotGiveSaysThisPracticesGps() {
        MonthFigures month = appointments(22, 0, null, 1, PRACTICE);

        assertThat(month.whyGpAppointmentsPerGpNotKnown()).isEqualTo("GPs not known (NA or ND in NHS Digital's file)");
        assertThat(month.whyGpAppointmentsPerGpNotKnownInFull())
                .isEqualTo("Not known for Aug 2018: NHS Digital's workforce file does not give this practice's GPs"
                        + " that month, all of them or its fully qualified ones (it writes NA or ND).");
    }

    @Test
    void gpAppointmentsPerGpOfAnAreaWithSuchPracticesSaysTheGpsOfSomePractices() {
        MonthFigures month = appointments(22, 0, null, 2, AREA);

        assertThat(month.whyGpAppointmentsPerGpNotKnown())
                .isEqualTo("GPs of some practices not known (NA or ND in NHS Digital's file)");
        assertThat(month.whyGpAppointmentsPerGpNotKnownInFull())
                .isEqualTo("Not known for Aug 2018: NHS Digital's workforce file does not give the GPs of some"
                        + " practices that month (it writes NA or ND), and the sub-ICB appointments file does not give"
                        + " their appointments apart from their sub-ICB location's.");
    }

    @Test
    void gpAppointmentsPerGpWithNoWorkforceFigureSaysSo() {
        MonthFigures month = appointments(22, 0, null, 0, AREA);

        assertThat(month.whyGpAppointmentsPerGpNotKnown()).isEqualTo("no workforce data");
        assertThat(month.whyGpAppointmentsPerGpNotKnownInFull())
                .isEqualTo("Not known for Aug 2018: no GP workforce figure that month for the places whose"
                        + " appointments are imported.");
    }

    @Test
    void gpAppointmentsPerGpWhereTheWorkforceRecordsNoGpsSaysSo() {
        MonthFigures month = appointments(22, 0, BigDecimal.ZERO, 1, AREA);

        assertThat(month.whyGpAppointmentsPerGpNotKnown()).isEqualTo("workforce records no GPs");
        assertThat(month.whyGpAppointmentsPerGpNotKnownInFull())
                .isEqualTo("Not known for Aug 2018: the GP workforce figures that month record no GPs at the places"
                        + " whose appointments are imported.");
    }

    @Test
    void gpAppointmentsPerGpLeavingOutOneLocationSaysItsPractices() {
        MonthFigures month = appointments(22, 880, EIGHT, 1, AREA);

        assertThat(month.whatGpAppointmentsPerGpLeavesOut())
                .isEqualTo("1 sub-ICB location left out: GPs of some practices not known");
        assertThat(month.whatGpAppointmentsPerGpLeavesOutInFull())
                .isEqualTo("It leaves out 1 sub-ICB location: NHS Digital's workforce file does not give the GPs of"
                        + " some of its practices that month (it writes NA or ND), and the sub-ICB appointments file"
                        + " does not give their appointments apart.");
    }

    @Test
    void gpAppointmentsPerGpLeavingOutSeveralLocationsSaysTheirPractices() {
        MonthFigures month = appointments(22, 880, EIGHT, 2, AREA);

        assertThat(month.whatGpAppointmentsPerGpLeavesOut())
                .isEqualTo("2 sub-ICB locations left out: GPs of some practices not known");
        assertThat(month.whatGpAppointmentsPerGpLeavesOutInFull())
                .isEqualTo("It leaves out 2 sub-ICB locations: NHS Digital's workforce file does not give the GPs of"
                        + " some of their practices that month (it writes NA or ND), and the sub-ICB appointments file"
                        + " does not give their appointments apart.");
    }

    @Test
    void gpAppointmentsPerGpLeavesNothingOutOfAPracticeOrWhenNotKnown() {
        assertThat(appointments(22, 880, EIGHT, 0, AREA).whatGpAppointmentsPerGpLeavesOutInFull())
                .as("no location left out")
                .isNull();
        assertThat(appointments(22, 880, EIGHT, 1, PRACTICE).whatGpAppointmentsPerGpLeavesOutInFull())
                .as("a practice counts no locations")
                .isNull();
        assertThat(appointments(22, 0, null, 1, AREA).whatGpAppointmentsPerGpLeavesOutInFull())
                .as("a figure not known leaves nothing out")
                .isNull();
    }

    @Test
    void patientsPerGpKnownHasNoReason() {
        WorkforceMonth known = workforce(9_000, new BigDecimal("4.5"));

        assertThat(known.patientsPerGp()).isEqualByComparingTo("2000");
        assertThat(known.whyPatientsPerGpNotKnown()).isNull();
        assertThat(known.whyPatientsPerGpNotKnownInFull()).isNull();
    }

    @Test
    void patientsPerGpWhoseGpsTheFileDoesNotGiveSaysSoEvenWithNoPatients() {
        WorkforceMonth month = workforce(0, null);

        assertThat(month.whyPatientsPerGpNotKnown()).isEqualTo("GPs not known (NA or ND in NHS Digital's file)");
        assertThat(month.whyPatientsPerGpNotKnownInFull())
                .isEqualTo("Not known: NHS Digital's workforce file does not give the fully qualified GPs here in"
                        + " Aug 2018 (it writes NA or ND).");
    }

    @Test
    void patientsPerGpWithNoPatientsSaysSoBeforeNoGp() {
        WorkforceMonth month = workforce(0, BigDecimal.ZERO);

        assertThat(month.whyPatientsPerGpNotKnown()).isEqualTo("no patients recorded");
        assertThat(month.whyPatientsPerGpNotKnownInFull())
                .isEqualTo("Not known: no registered patients are recorded here in Aug 2018.");
    }

    @Test
    void patientsPerGpWithNoGpRecordedSaysSo() {
        WorkforceMonth month = workforce(9_000, BigDecimal.ZERO);

        assertThat(month.whyPatientsPerGpNotKnown()).isEqualTo("no GP recorded");
        assertThat(month.whyPatientsPerGpNotKnownInFull())
                .isEqualTo("Not known: no fully qualified GP is recorded here in Aug 2018.");
    }

    private static MonthFigures appointments(
            Integer workingDays, long gpWithWorkforce, BigDecimal gpFte, int gpsNotKnown, Integer placesInArea) {
        return new MonthFigures(
                AUGUST,
                10_000,
                9_000,
                500,
                gpWithWorkforce,
                6_000,
                4_000,
                1_000,
                9_500,
                10_000,
                10_000,
                10_000,
                workingDays,
                gpWithWorkforce,
                gpFte,
                gpsNotKnown,
                placesInArea,
                placesInArea);
    }

    private static WorkforceMonth workforce(long patients, BigDecimal qualifiedFte) {
        return new WorkforceMonth(AUGUST, 2, 0, patients, qualifiedFte, qualifiedFte, null);
    }
}
