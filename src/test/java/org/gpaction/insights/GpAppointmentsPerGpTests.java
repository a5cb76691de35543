package org.gpaction.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.insights.AppointmentsImportTests.PRACTICE_HEADER;
import static org.gpaction.insights.AppointmentsImportTests.SUB_ICB_HEADER;
import static org.gpaction.insights.AppointmentsImportTests.subIcbRow;
import static org.gpaction.insights.PressuresFixtures.gpAppointments;
import static org.gpaction.insights.PressuresFixtures.headline;
import static org.gpaction.insights.PublicationFixtures.areaCode;
import static org.gpaction.insights.PublicationFixtures.utf8;

import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** GP appointments per GP per working day of an area, set against the GPs of the places they come from. */
@GpActionTest
class GpAppointmentsPerGpTests {

    /**
     * A month whose bank holidays are shipped (June 2018 has none: 21 working days) and that no other test imports
     * practice-level appointments or a workforce file for, as each replaces every practice of its month.
     */
    static final YearMonth MONTH = YearMonth.of(2018, 6);

    /** Another such month: September 2018, with no bank holiday, has 20 working days. */
    static final YearMonth SEPTEMBER = YearMonth.of(2018, 9);

    /** Another such month: July 2018, with no bank holiday, has 22 working days. */
    static final YearMonth JULY = YearMonth.of(2018, 7);

    /** Another such month: October 2018, with no bank holiday, has 23 working days. */
    static final YearMonth OCTOBER = YearMonth.of(2018, 10);

    /** Another such month: November 2018, with no bank holiday, has 22 working days. */
    static final YearMonth NOVEMBER = YearMonth.of(2018, 11);

    /** Another such month: February 2018, with no bank holiday, has 20 working days. */
    static final YearMonth FEBRUARY = YearMonth.of(2018, 2);

    /** Another such month: August 2018, 23 weekdays less the summer bank holiday, has 22 working days. */
    static final YearMonth AUGUST = YearMonth.of(2018, 8);

    /** Another such month: January 2018, 23 weekdays less New Year's Day, has 22 working days. */
    static final YearMonth JANUARY = YearMonth.of(2018, 1);

    // The files a month's GP figures come from, named in the order a test imports them.
    private static final String WORKFORCE = "workforce";
    private static final String SUB_ICB_FILE = "sub-ICB appointments";
    private static final String PRACTICE_FILE = "practice-level appointments";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    /**
     * An ICB of two sub-ICB locations, one practice each: one with 4 GPs, one whose workforce row records no GP but
     * whose 300 GP appointments (by locums, say) were imported. Those 300 were added to the ICB's GP appointments
     * while its GPs added nothing, so the ICB showed 8.6 GP appointments per GP a day where its one practice with GPs
     * gives 5.0.
     */
    @Test
    void aPlaceWhoseWorkforceRecordsNoGpsAddsNoGpAppointmentsToItsAreasFigure() {
        String icb = areaCode();
        String withGpsArea = areaCode();
        String withoutGpsArea = areaCode();
        String withGps = TestPractices.addInArea(jdbc, icb, withGpsArea);
        String withoutGps = TestPractices.addInArea(jdbc, icb, withoutGpsArea);
        InsightsFixtures.Api api = new InsightsFixtures.Api(port);
        api.rebuildAreasWith(withGps);
        String appointments = PRACTICE_HEADER
                + gpAppointments(MONTH, withGps, withGpsArea, 420)
                + gpAppointments(MONTH, withoutGps, withoutGpsArea, 300);
        String workforce = WorkforceImportTests.HEADER
                + WorkforceImportTests.row(withGps, withGpsArea, icb, "6000", "4", "3")
                + WorkforceImportTests.row(withoutGps, withoutGpsArea, icb, "3000", "0", "0");
        // The workforce first here, the appointments first below: the figures are the same whichever comes first.
        for (Http.Response imported : List.of(
                api.importInsights("workforce", "workforce.csv", "month=" + MONTH, utf8(workforce)),
                api.importInsights("appointments", "practices.csv", "", utf8(appointments)))) {
            assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        }

        JsonNode practice = month(api.get("/api/insights/pressures/practice/" + withGps), MONTH);
        JsonNode area = month(api.get("/api/insights/pressures/icb/" + icb), MONTH);

        assertThat(practice.get("workingDays").asInt()).isEqualTo(21);
        assertThat(practice.get("gpAppointmentsPerGpPerDay").decimalValue()).isEqualByComparingTo("5.0");
        assertThat(area.get("gp").asLong())
                .as("the ICB's GP appointments are both places'")
                .isEqualTo(720);
        assertThat(area.get("gpAppointmentsPerGpPerDay").decimalValue())
                .as("set against GPs, only the GP appointments of the place that has some: 420 over 4 GPs and 21 days")
                .isEqualByComparingTo(practice.get("gpAppointmentsPerGpPerDay").decimalValue());
        String csvMonth = new Http(port)
                .get("/pressures/icb/" + icb + "/appointments.csv")
                .body()
                .lines()
                .filter(line -> line.startsWith(MONTH + ","))
                .findFirst()
                .orElseThrow();
        assertThat(csvMonth.split(",", -1)[10]).as(csvMonth).isEqualTo("5.0");
    }

    /**
     * An ICB of two sub-ICB locations whose month is from the sub-ICB file: one with 4 GPs, one whose workforce records
     * none. As with practices, only the location with GPs adds its GP appointments: 440 over 4 GPs and 22 days, not the
     * 740 of both (8.4).
     */
    @Test
    void aLocationFromTheSubIcbFileWhoseWorkforceRecordsNoGpsAddsNoGpAppointmentsToItsIcbsFigure() {
        String icb = areaCode();
        String withGpsArea = areaCode();
        String withoutGpsArea = areaCode();
        String withGps = TestPractices.addInArea(jdbc, icb, withGpsArea);
        String withoutGps = TestPractices.addInArea(jdbc, icb, withoutGpsArea);
        InsightsFixtures.Api api = new InsightsFixtures.Api(port);
        api.rebuildAreasWith(withGps);
        String appointments = SUB_ICB_HEADER + subIcbRow(withGpsArea, JULY, 440) + subIcbRow(withoutGpsArea, JULY, 300);
        String workforce = WorkforceImportTests.HEADER
                + WorkforceImportTests.row(withGps, withGpsArea, icb, "6000", "4", "3")
                + WorkforceImportTests.row(withoutGps, withoutGpsArea, icb, "3000", "0", "0");
        for (Http.Response imported : List.of(
                api.importInsights("appointments", "sub-icb.csv", "", utf8(appointments)),
                api.importInsights("workforce", "workforce.csv", "month=" + JULY, utf8(workforce)))) {
            assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        }

        JsonNode location = month(api.get("/api/insights/pressures/sub-icb/" + withGpsArea), JULY);
        JsonNode area = month(api.get("/api/insights/pressures/icb/" + icb), JULY);

        assertThat(location.get("workingDays").asInt()).isEqualTo(22);
        assertThat(location.get("gpAppointmentsPerGpPerDay").decimalValue()).isEqualByComparingTo("5.0");
        assertThat(area.get("gp").asLong())
                .as("the ICB's GP appointments are both locations'")
                .isEqualTo(740);
        assertThat(area.get("gpAppointmentsPerGpPerDay").decimalValue())
                .as("set against GPs, only the GP appointments of the location that has some")
                .isEqualByComparingTo(location.get("gpAppointmentsPerGpPerDay").decimalValue());
    }

    /**
     * A month where one sub-ICB location is added up from the practice-level file and another kept from the sub-ICB
     * file, as the practice-level file has none of its practices; a practice the appointments file files under the
     * first and the workforce file under the second has its 2 GPs set against its 230 GP appointments in the first.
     * The second's 4 GPs of its own were counted with those 2 as well, so the second showed 3.3 GP appointments a GP a
     * day, and its ICB counted the 2 GPs twice, where each gives 5.0.
     */
    @Test
    void aPracticesGpsCountedWithItsAppointmentsInOneLocationAreNotCountedAgainInALocationFromTheSubIcbFile() {
        eachGpIsCountedOnce(OCTOBER, 23, List.of(WORKFORCE, SUB_ICB_FILE, PRACTICE_FILE));
    }

    /**
     * As above, with the sub-ICB file imported last: it rewrites the location's month, so the GPs counted with their
     * practices' appointments elsewhere must be worked out again then, or the location counts them again (3.3).
     */
    @Test
    void aPracticesGpsAreNotCountedAgainWhenTheSubIcbFileIsImportedLast() {
        eachGpIsCountedOnce(NOVEMBER, 22, List.of(WORKFORCE, PRACTICE_FILE, SUB_ICB_FILE));
    }

    /** As above, with the workforce file imported last, after both appointments files. */
    @Test
    void aPracticesGpsAreNotCountedAgainWhenTheWorkforceFileIsImportedLast() {
        eachGpIsCountedOnce(FEBRUARY, 20, List.of(SUB_ICB_FILE, PRACTICE_FILE, WORKFORCE));
    }

    /**
     * Imports, in the order given, a month's workforce and both appointments files for an ICB of two sub-ICB
     * locations, one added up from the practice-level file and one kept from the sub-ICB file, whose one moved
     * practice (2 GPs) the workforce file files under the second; each location and the ICB give 5.0 GP appointments
     * a GP a day, each GP counted once.
     */
    private void eachGpIsCountedOnce(YearMonth month, int workingDays, List<String> order) {
        String icb = areaCode();
        String practicesLocation = areaCode();
        String subIcbLocation = areaCode();
        String moved = TestPractices.addInArea(jdbc, icb, practicesLocation);
        String stayed = TestPractices.addInArea(jdbc, icb, subIcbLocation);
        InsightsFixtures.Api api = new InsightsFixtures.Api(port);
        api.rebuildAreasWith(moved);
        long movedGpAppointments = 2 * 5 * workingDays;
        long stayedGpAppointments = 4 * 5 * workingDays;
        String subIcbFile = SUB_ICB_HEADER
                + subIcbRow(practicesLocation, month, 999)
                + subIcbRow(subIcbLocation, month, stayedGpAppointments);
        String practiceFile = PRACTICE_HEADER + gpAppointments(month, moved, practicesLocation, movedGpAppointments);
        String workforce = WorkforceImportTests.HEADER
                + WorkforceImportTests.row(moved, subIcbLocation, icb, "3000", "2", "2")
                + WorkforceImportTests.row(stayed, subIcbLocation, icb, "6000", "4", "4");
        for (String file : order) {
            Http.Response imported = switch (file) {
                case WORKFORCE -> api.importInsights("workforce", "workforce.csv", "month=" + month, utf8(workforce));
                case SUB_ICB_FILE -> api.importInsights("appointments", "sub-icb.csv", "", utf8(subIcbFile));
                case PRACTICE_FILE -> api.importInsights("appointments", "practices.csv", "", utf8(practiceFile));
                default -> throw new IllegalArgumentException(file);
            };
            assertThat(imported.status()).as(file + ": " + imported.body()).isEqualTo(201);
        }

        JsonNode fromPractices = month(api.get("/api/insights/pressures/sub-icb/" + practicesLocation), month);
        JsonNode fromSubIcbFile = month(api.get("/api/insights/pressures/sub-icb/" + subIcbLocation), month);
        JsonNode area = month(api.get("/api/insights/pressures/icb/" + icb), month);

        assertThat(fromPractices.get("workingDays").asInt()).isEqualTo(workingDays);
        assertThat(fromPractices.get("gp").asLong()).isEqualTo(movedGpAppointments);
        assertThat(fromPractices.get("gpAppointmentsPerGpPerDay").decimalValue())
                .as("the moved practice's GP appointments over its 2 GPs, imported " + order)
                .isEqualByComparingTo("5.0");
        assertThat(fromSubIcbFile.get("gp").asLong()).isEqualTo(stayedGpAppointments);
        assertThat(fromSubIcbFile.get("gpAppointmentsPerGpPerDay").decimalValue())
                .as("over its own 4 GPs, the moved practice's counted where its appointments are, imported " + order)
                .isEqualByComparingTo("5.0");
        assertThat(area.get("gpAppointmentsPerGpPerDay").decimalValue())
                .as("over 6 GPs, each GP counted once, imported " + order)
                .isEqualByComparingTo("5.0");
    }

    /**
     * A sub-ICB location whose month is added up from the practice-level file, of four practices: one with 4 GPs, one
     * whose workforce row records none, one with no workforce row, and one whose workforce row, its GP with it, is
     * filed under another location. The location's 1,151 GP appointments were set against the 4 GPs the workforce
     * file gives it, 14.4 a GP a day, though 500 of them came from practices without a GP there and the moved
     * practice's GP was left out. Each practice's GP appointments are now set against its own GPs: 651 over 5 GPs.
     */
    @Test
    void aLocationAddedUpFromItsPracticesSetsEachPracticesGpAppointmentsAgainstItsOwnGps() {
        String icb = areaCode();
        String location = areaCode();
        String movedTo = areaCode();
        String withGps = TestPractices.addInArea(jdbc, icb, location);
        String noGps = TestPractices.addInArea(jdbc, icb, location);
        String noWorkforce = TestPractices.addInArea(jdbc, icb, location);
        String moved = TestPractices.addInArea(jdbc, icb, location);
        InsightsFixtures.Api api = new InsightsFixtures.Api(port);
        api.rebuildAreasWith(withGps);
        String appointments = PRACTICE_HEADER
                + gpAppointments(SEPTEMBER, withGps, location, 420)
                + gpAppointments(SEPTEMBER, noGps, location, 300)
                + gpAppointments(SEPTEMBER, noWorkforce, location, 200)
                + gpAppointments(SEPTEMBER, moved, location, 231);
        String workforce = WorkforceImportTests.HEADER
                + WorkforceImportTests.row(withGps, location, icb, "6000", "4", "3")
                + WorkforceImportTests.row(noGps, location, icb, "3000", "0", "0")
                + WorkforceImportTests.row(moved, movedTo, icb, "2000", "1", "1");
        for (Http.Response imported : List.of(
                api.importInsights("appointments", "practices.csv", "", utf8(appointments)),
                api.importInsights("workforce", "workforce.csv", "month=" + SEPTEMBER, utf8(workforce)))) {
            assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        }

        JsonNode subIcb = month(api.get("/api/insights/pressures/sub-icb/" + location), SEPTEMBER);
        JsonNode movedPractice = month(api.get("/api/insights/pressures/practice/" + moved), SEPTEMBER);

        assertThat(subIcb.get("workingDays").asInt()).isEqualTo(20);
        assertThat(subIcb.get("gp").asLong()).isEqualTo(1_151);
        assertThat(subIcb.get("gpAppointmentsPerGpPerDay").decimalValue())
                .as("651 GP appointments of the practices with GPs, over their 5 GPs and 20 days")
                .isEqualByComparingTo("6.5");
        assertThat(month(api.get("/api/insights/pressures/icb/" + icb), SEPTEMBER)
                        .get("gpAppointmentsPerGpPerDay")
                        .decimalValue())
                .isEqualByComparingTo("6.5");
        assertThat(movedPractice.get("gpAppointmentsPerGpPerDay").decimalValue())
                .as("231 over its 1 GP and 20 days")
                .isEqualByComparingTo("11.6");
    }

    /**
     * A sub-ICB location whose month is from the sub-ICB file has a practice whose GPs the workforce file does not give
     * (NA): the location's 800 GP appointments, that practice's among them, were set against the 4 GPs of its other
     * practice alone, 9.1 a GP a day, and its ICB showed 6.4 (1,680 over 12 GPs and 22 days) where its other locations
     * give 5.0. The file cannot tell
     * that practice's appointments apart, so the location's figure is not given, the page saying why, and the ICB's is
     * its other location's. Of a location added up from the practice-level file, such a practice's GP appointments
     * alone are left out, and its own page says its GPs are not known, not that it has no workforce figure. The ICB's
     * figure from two of its three locations said nothing of the one left out; its API, CSV and page now count it.
     */
    @Test
    void aLocationFromTheSubIcbFileWithAPracticeWhoseGpsAreNotKnownGivesNoGpAppointmentsPerGp() {
        String icb = areaCode();
        String known = areaCode();
        String withNotKnown = areaCode();
        String fromPractices = areaCode();
        String practiceOfKnown = TestPractices.addInArea(jdbc, icb, known);
        String practiceWithGps = TestPractices.addInArea(jdbc, icb, withNotKnown);
        String practiceNotKnown = TestPractices.addInArea(jdbc, icb, withNotKnown);
        String listedWithGps = TestPractices.addInArea(jdbc, icb, fromPractices);
        String listedNotKnown = TestPractices.addInArea(jdbc, icb, fromPractices);
        InsightsFixtures.Api api = new InsightsFixtures.Api(port);
        api.rebuildAreasWith(practiceOfKnown);
        String subIcbFile = SUB_ICB_HEADER + subIcbRow(known, AUGUST, 440) + subIcbRow(withNotKnown, AUGUST, 800);
        String practiceFile = PRACTICE_HEADER
                + gpAppointments(AUGUST, listedWithGps, fromPractices, 440)
                + gpAppointments(AUGUST, listedNotKnown, fromPractices, 360);
        String workforce = WorkforceImportTests.HEADER
                + WorkforceImportTests.row(practiceOfKnown, known, icb, "6000", "4", "3")
                + WorkforceImportTests.row(practiceWithGps, withNotKnown, icb, "6000", "4", "3")
                + WorkforceImportTests.row(practiceNotKnown, withNotKnown, icb, "5000", "NA", "NA")
                + WorkforceImportTests.row(listedWithGps, fromPractices, icb, "6000", "4", "3")
                + WorkforceImportTests.row(listedNotKnown, fromPractices, icb, "5000", "NA", "NA");
        for (Http.Response imported : List.of(
                api.importInsights("appointments", "sub-icb.csv", "", utf8(subIcbFile)),
                api.importInsights("appointments", "practices.csv", "", utf8(practiceFile)),
                api.importInsights("workforce", "workforce.csv", "month=" + AUGUST, utf8(workforce)))) {
            assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        }

        JsonNode location = month(api.get("/api/insights/pressures/sub-icb/" + withNotKnown), AUGUST);
        assertThat(location.get("workingDays").asInt()).isEqualTo(22);
        assertThat(location.get("gp").asLong()).isEqualTo(800);
        assertThat(location.get("gpAppointmentsPerGpPerDay").isNull())
                .as("800 GP appointments, some of a practice whose GPs are not known: " + location)
                .isTrue();
        assertThat(month(api.get("/api/insights/pressures/sub-icb/" + known), AUGUST)
                        .get("gpAppointmentsPerGpPerDay")
                        .decimalValue())
                .isEqualByComparingTo("5.0");
        assertThat(month(api.get("/api/insights/pressures/sub-icb/" + fromPractices), AUGUST)
                        .get("gpAppointmentsPerGpPerDay")
                        .decimalValue())
                .as("440 of the practice with GPs over its 4 GPs; the other's 360 left out")
                .isEqualByComparingTo("5.0");
        JsonNode area = month(api.get("/api/insights/pressures/icb/" + icb), AUGUST);
        assertThat(area.get("gp").asLong()).isEqualTo(2_040);
        assertThat(area.get("gpAppointmentsPerGpPerDay").decimalValue())
                .as("880 GP appointments over 8 GPs and 22 days: the location with a practice whose GPs are not known"
                        + " adds neither")
                .isEqualByComparingTo("5.0");
        assertThat(locationsLeftOut(area))
                .as("the ICB's figure leaves out one of its locations")
                .isEqualTo(1);
        assertThat(locationsLeftOut(location)).isEqualTo(1);
        assertThat(locationsLeftOut(month(api.get("/api/insights/pressures/sub-icb/" + fromPractices), AUGUST)))
                .as("of a practice-level month the practice alone is left out, not its location")
                .isZero();
        JsonNode practice = month(api.get("/api/insights/pressures/practice/" + listedNotKnown), AUGUST);
        assertThat(practice.has("subIcbLocationsWithGpsNotKnown"))
                .as(practice.toString())
                .isTrue();
        assertThat(practice.get("subIcbLocationsWithGpsNotKnown").isNull())
                .as("a practice counts no locations")
                .isTrue();
        String[] icbCsv = csvMonth("/pressures/icb/" + icb, AUGUST);
        assertThat(icbCsv[10]).as(String.join(",", icbCsv)).isEqualTo("5.0");
        assertThat(icbCsv[icbCsv.length - 1]).as(String.join(",", icbCsv)).isEqualTo("1");
        String[] practiceCsv = csvMonth("/pressures/practice/" + listedNotKnown, AUGUST);
        assertThat(practiceCsv[practiceCsv.length - 1])
                .as("a practice counts no locations: " + String.join(",", practiceCsv))
                .isEmpty();

        Http visitor = new Http(port);
        String page = visitor.get("/pressures/sub-icb/" + withNotKnown).body();
        assertThat(page)
                .contains(">GPs of some practices not known (NA or ND in NHS Digital&#39;s file)<")
                .doesNotContain(">no workforce data<");
        assertThat(headline(page, "per-gp-per-day"))
                .isEqualTo("Not known for Aug 2018: NHS Digital&#39;s workforce file does not give the GPs of some"
                        + " practices that month (it writes NA or ND), and the sub-ICB appointments file does not give"
                        + " their appointments apart from their sub-ICB location&#39;s.");
        String practicePage =
                visitor.get("/pressures/practice/" + listedNotKnown).body();
        assertThat(practicePage)
                .contains(">GPs not known (NA or ND in NHS Digital&#39;s file)<")
                .doesNotContain(">no workforce data<");
        assertThat(headline(practicePage, "per-gp-per-day"))
                .isEqualTo("Not known for Aug 2018: NHS Digital&#39;s workforce file does not give this practice&#39;s"
                        + " GPs that month, all of them or its fully qualified ones (it writes NA or ND).");
        String icbPage = visitor.get("/pressures/icb/" + icb).body();
        assertThat(headline(icbPage, "per-gp-per-day"))
                .startsWith("5.0 in Aug 2018, against 25")
                .contains("It leaves out 1 sub-ICB location: NHS Digital&#39;s workforce file does not give the GPs of"
                        + " some of its practices that month (it writes NA or ND), and the sub-ICB appointments file"
                        + " does not give their appointments apart.");
        assertThat(appointmentsRow(icbPage, AUGUST))
                .contains(">5.0 (1 sub-ICB location left out: GPs of some practices not known)<");
    }

    /**
     * A sub-ICB location added up from the practice-level file has a practice whose file gives all its GPs (2) but
     * not its fully qualified GPs (NA). The workforce leaves that practice out of the location's GPs and patients
     * alike, but its 360 GP appointments were still set against its 2 GPs: the location showed 6.1 GP appointments a
     * GP a day (800 over 6 GPs and 22 days) where its practice whose GPs are known gives 5.0, and the practice's own
     * page 8.2, though it says its GPs are not known. One rule now says whose GPs are known, for both.
     */
    @Test
    void aPracticeWhoseFullyQualifiedGpsAreNotKnownAddsNoneOfItsGpAppointmentsInAPracticeLevelMonth() {
        String icb = areaCode();
        String location = areaCode();
        String withGps = TestPractices.addInArea(jdbc, icb, location);
        String qualifiedNotKnown = TestPractices.addInArea(jdbc, icb, location);
        InsightsFixtures.Api api = new InsightsFixtures.Api(port);
        api.rebuildAreasWith(withGps);
        String appointments = PRACTICE_HEADER
                + gpAppointments(JANUARY, withGps, location, 440)
                + gpAppointments(JANUARY, qualifiedNotKnown, location, 360);
        String workforce = WorkforceImportTests.HEADER
                + WorkforceImportTests.row(withGps, location, icb, "6000", "4", "3")
                + WorkforceImportTests.row(qualifiedNotKnown, location, icb, "5000", "2", "NA");
        for (Http.Response imported : List.of(
                api.importInsights("appointments", "practices.csv", "", utf8(appointments)),
                api.importInsights("workforce", "workforce.csv", "month=" + JANUARY, utf8(workforce)))) {
            assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        }

        JsonNode subIcb = month(api.get("/api/insights/pressures/sub-icb/" + location), JANUARY);
        JsonNode subIcbWorkforce =
                PressuresFixtures.month(api.get("/api/insights/pressures/sub-icb/" + location), "workforce", JANUARY);
        assertThat(subIcbWorkforce.get("gpFte").decimalValue())
                .as("the workforce leaves the practice out: " + subIcbWorkforce)
                .isEqualByComparingTo("4");
        assertThat(subIcb.get("workingDays").asInt()).isEqualTo(22);
        assertThat(subIcb.get("gp").asLong()).isEqualTo(800);
        assertThat(subIcb.get("gpAppointmentsPerGpPerDay").decimalValue())
                .as("440 of the practice whose GPs are known over its 4 GPs and 22 days; the other's 360 left out")
                .isEqualByComparingTo("5.0");
        assertThat(month(api.get("/api/insights/pressures/icb/" + icb), JANUARY)
                        .get("gpAppointmentsPerGpPerDay")
                        .decimalValue())
                .isEqualByComparingTo("5.0");
        JsonNode practice = month(api.get("/api/insights/pressures/practice/" + qualifiedNotKnown), JANUARY);
        assertThat(practice.get("gpAppointmentsPerGpPerDay").isNull())
                .as("its GPs are not known, as its workforce says: " + practice)
                .isTrue();

        String page =
                new Http(port).get("/pressures/practice/" + qualifiedNotKnown).body();
        assertThat(appointmentsRow(page, JANUARY)).contains(">GPs not known (NA or ND in NHS Digital&#39;s file)<");
        assertThat(headline(page, "per-gp-per-day"))
                .isEqualTo("Not known for Jan 2018: NHS Digital&#39;s workforce file does not give this practice&#39;s"
                        + " GPs that month, all of them or its fully qualified ones (it writes NA or ND).");
    }

    /** How many sub-ICB locations a month's GP appointments per GP leave out, as the API gives it. */
    private static int locationsLeftOut(JsonNode month) {
        assertThat(month.has("subIcbLocationsWithGpsNotKnown"))
                .as(month.toString())
                .isTrue();
        return month.get("subIcbLocationsWithGpsNotKnown").asInt();
    }

    /** The cells of a month's row of an area's appointments CSV. */
    private String[] csvMonth(String area, YearMonth which) {
        return new Http(port)
                .get(area + "/appointments.csv")
                .body()
                .lines()
                .filter(line -> line.startsWith(which + ","))
                .findFirst()
                .orElseThrow()
                .split(",", -1);
    }

    /** A month's row of a page's appointments table. */
    private static String appointmentsRow(String page, YearMonth which) {
        String label = which.format(DateTimeFormatter.ofPattern("MMM yyyy", Locale.UK));
        int row = page.indexOf(">" + label + "</th>", page.indexOf("id=\"appointments-table\""));
        assertThat(row).as("the page has an appointments row for " + label).isNotNegative();
        return page.substring(row, page.indexOf("</tr>", row));
    }

    private static JsonNode month(Http.Response pressures, YearMonth which) {
        return PressuresFixtures.month(pressures, "appointments", which);
    }
}
