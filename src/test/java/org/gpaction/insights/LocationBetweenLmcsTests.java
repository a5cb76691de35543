package org.gpaction.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.insights.AppointmentsImportTests.PRACTICE_HEADER;
import static org.gpaction.insights.PressuresFixtures.gpAppointments;
import static org.gpaction.insights.PressuresFixtures.month;
import static org.gpaction.insights.PublicationFixtures.areaCode;
import static org.gpaction.insights.PublicationFixtures.randomText;
import static org.gpaction.insights.PublicationFixtures.unusedMonth;
import static org.gpaction.insights.PublicationFixtures.utf8;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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

/**
 * A sub-ICB location whose open practices are in two LMCs, as they are when the location has no LMC of its own and its
 * practices name two ICBs that do: each LMC's figures count its own practices of the location, not the whole location.
 */
@GpActionTest
class LocationBetweenLmcsTests {

    /**
     * A month no other test imports practice-level appointments or a workforce file for, as each replaces every
     * practice of its month.
     */
    static final YearMonth MONTH = YearMonth.of(2019, 8);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    /**
     * LMC A covers the ICB of practice A (in the shared location) and of practice C (a location of its own); LMC B the
     * ICB of practice B (in the shared location). Both LMCs counted the shared location whole: A's figures had B's
     * appointments and patients, B's had A's, and the two added up to more than the ICB the location is in.
     */
    @Test
    void aLocationSplitBetweenTwoLmcsCountsEachPracticeOnceInItsOwnLmc() {
        String firstIcb = areaCode();
        String secondIcb = areaCode();
        String shared = areaCode();
        String own = areaCode();
        String practiceA = TestPractices.addInArea(jdbc, firstIcb, shared);
        String practiceB = TestPractices.addInArea(jdbc, secondIcb, shared);
        String practiceC = TestPractices.addInArea(jdbc, firstIcb, own);
        String lmcA = "Split LMC A " + randomText(8);
        String lmcB = "Split LMC B " + randomText(8);
        InsightsFixtures.Api api = new InsightsFixtures.Api(port);
        mapLmcs(api, practiceA, lmcA, firstIcb, lmcB, secondIcb);
        String appointments = PRACTICE_HEADER
                + gpAppointments(MONTH, practiceA, shared, 400)
                + gpAppointments(MONTH, practiceB, shared, 200)
                + gpAppointments(MONTH, practiceC, own, 500);
        String workforce = WorkforceImportTests.HEADER
                + WorkforceImportTests.row(practiceA, shared, firstIcb, "6000", "4", "3")
                + WorkforceImportTests.row(practiceB, shared, secondIcb, "3000", "2", "2")
                + WorkforceImportTests.row(practiceC, own, firstIcb, "5000", "5", "5");
        api.importAppointments(appointments);
        api.importWorkforce(MONTH, workforce);

        JsonNode a = month(api.get(lmc(lmcA)), "appointments", MONTH);
        JsonNode b = month(api.get(lmc(lmcB)), "appointments", MONTH);
        JsonNode icb = month(api.get("/api/insights/pressures/icb/" + firstIcb), "appointments", MONTH);
        assertThat(a.get("appointments").asLong()).as("practices A and C").isEqualTo(900);
        assertThat(a.get("gp").asLong()).isEqualTo(900);
        assertThat(b.get("appointments").asLong()).as("practice B alone").isEqualTo(200);
        assertThat(icb.get("appointments").asLong())
                .as("the ICB the shared location is in has each practice once, as the two LMCs do between them")
                .isEqualTo(1_100);
        assertThat(a.get("subIcbLocationsImported").asInt()).isEqualTo(2);
        assertThat(a.get("subIcbLocationsInArea").asInt()).isEqualTo(2);
        assertThat(b.get("subIcbLocationsImported").asInt()).isEqualTo(1);
        assertThat(b.get("subIcbLocationsInArea").asInt()).isEqualTo(1);

        JsonNode workforceA = month(api.get(lmc(lmcA)), "workforce", MONTH);
        JsonNode workforceB = month(api.get(lmc(lmcB)), "workforce", MONTH);
        assertThat(workforceA.get("practices").asInt()).isEqualTo(2);
        assertThat(workforceA.get("registeredPatients").asLong()).isEqualTo(11_000);
        assertThat(workforceA.get("fullyQualifiedGpFte").decimalValue()).isEqualByComparingTo("8");
        assertThat(workforceB.get("practices").asInt()).isEqualTo(1);
        assertThat(workforceB.get("registeredPatients").asLong()).isEqualTo(3_000);
        assertThat(workforceB.get("fullyQualifiedGpFte").decimalValue()).isEqualByComparingTo("2");

        String csvMonth = new Http(port)
                .get(lmcPage(lmcB) + "/appointments.csv")
                .body()
                .lines()
                .filter(line -> line.startsWith(MONTH + ","))
                .findFirst()
                .orElseThrow();
        assertThat(csvMonth.split(",", -1)[1]).as(csvMonth).isEqualTo("200");
        String csvWorkforce = new Http(port)
                .get(lmcPage(lmcB) + "/workforce.csv")
                .body()
                .lines()
                .filter(line -> line.startsWith(MONTH + ","))
                .findFirst()
                .orElseThrow();
        assertThat(csvWorkforce.split(",", -1)[2]).as(csvWorkforce).isEqualTo("3000");
    }

    /**
     * A practice that moved between sub-ICB locations while its months were imported has its rows under each location
     * in turn. Practice M, of LMC B, is in the shared location today and its first month is under a location wholly
     * LMC A's; practice Q, of LMC A, is in that location today and its first month is under the shared one. LMC B
     * counted M's rows by its code in every month, so that its first month was counted both in A (with the whole
     * location it was under) and in B, and Q's first month in neither.
     */
    @Test
    void aPracticeThatMovedLocationCountsEachMonthOnceInTheLmcOfTheLocationItsRowIsUnder() {
        YearMonth first = unusedMonth();
        YearMonth second = unusedMonth();
        String firstIcb = areaCode();
        String secondIcb = areaCode();
        String shared = areaCode();
        String own = areaCode();
        String practiceA = TestPractices.addInArea(jdbc, firstIcb, shared);
        String practiceB = TestPractices.addInArea(jdbc, secondIcb, shared);
        String practiceC = TestPractices.addInArea(jdbc, firstIcb, own);
        String movedIn = TestPractices.addInArea(jdbc, secondIcb, shared);
        String movedOut = TestPractices.addInArea(jdbc, firstIcb, own);
        String lmcA = "Moved LMC A " + randomText(8);
        String lmcB = "Moved LMC B " + randomText(8);
        InsightsFixtures.Api api = new InsightsFixtures.Api(port);
        mapLmcs(api, practiceA, lmcA, firstIcb, lmcB, secondIcb);
        StringBuilder appointments = new StringBuilder(PRACTICE_HEADER);
        for (YearMonth month : List.of(first, second)) {
            boolean early = month.equals(first);
            appointments
                    .append(gpAppointments(month, practiceA, shared, 400))
                    .append(gpAppointments(month, practiceB, shared, 200))
                    .append(gpAppointments(month, practiceC, own, 500))
                    .append(gpAppointments(month, movedIn, early ? own : shared, 30))
                    .append(gpAppointments(month, movedOut, early ? shared : own, 7));
        }
        api.importAppointments(appointments);
        String workforce = WorkforceImportTests.HEADER
                + WorkforceImportTests.row(practiceA, shared, firstIcb, "6000", "4", "3")
                + WorkforceImportTests.row(practiceB, shared, secondIcb, "3000", "2", "2")
                + WorkforceImportTests.row(practiceC, own, firstIcb, "5000", "5", "5")
                + WorkforceImportTests.row(movedIn, own, firstIcb, "700", "1", "1")
                + WorkforceImportTests.row(movedOut, shared, firstIcb, "90", "1", "1");
        api.importWorkforce(first, workforce);

        Http.Response pressuresA = api.get(lmc(lmcA));
        Http.Response pressuresB = api.get(lmc(lmcB));
        Http.Response pressuresIcb = api.get("/api/insights/pressures/icb/" + firstIcb);
        for (YearMonth month : List.of(first, second)) {
            long a = appointments(pressuresA, month);
            long b = appointments(pressuresB, month);
            long icb = appointments(pressuresIcb, month);
            assertThat(icb).as("every practice once in the ICB, %s", month).isEqualTo(1_137);
            assertThat(a + b)
                    .as("the two LMCs between them, %s: A %s, B %s", month, a, b)
                    .isEqualTo(icb);
        }
        assertThat(appointments(pressuresA, first))
                .as("C and M under A's own location, A and Q under the shared one")
                .isEqualTo(937);
        assertThat(appointments(pressuresB, first))
                .as("B alone: M was not in the shared location yet")
                .isEqualTo(200);
        assertThat(appointments(pressuresB, second)).as("B and M").isEqualTo(230);
        JsonNode workforceA = month(pressuresA, "workforce", first);
        JsonNode workforceB = month(pressuresB, "workforce", first);
        assertThat(workforceA.get("registeredPatients").asLong())
                .as("A, C, M and Q as the workforce file places them")
                .isEqualTo(11_790);
        assertThat(workforceA.get("practices").asInt()).isEqualTo(4);
        assertThat(workforceB.get("registeredPatients").asLong()).isEqualTo(3_000);
        assertThat(workforceB.get("practices").asInt()).isEqualTo(1);
    }

    /**
     * A practice whose workforce row records GPs and no list (a merged practice, its list counted under the practice it
     * joined) adds no fully qualified GPs to its location's patients per GP, nor to its ICB's or England's. Of a
     * location an LMC shares, its own practices' rows were added up with every practice's GPs: practice D of LMC B, with
     * no patients and 3 GPs beside practice B's 3,000 patients and 2 GPs, gave LMC B 5 GPs and 600 patients per GP.
     */
    @Test
    void aPracticeWithGpsButNoPatientsInASharedLocationAddsNoGpsToItsLmcsPatientsPerGp() {
        YearMonth month = unusedMonth();
        String firstIcb = areaCode();
        String secondIcb = areaCode();
        String shared = areaCode();
        String practiceA = TestPractices.addInArea(jdbc, firstIcb, shared);
        String practiceB = TestPractices.addInArea(jdbc, secondIcb, shared);
        String merged = TestPractices.addInArea(jdbc, secondIcb, shared);
        String lmcA = "Merged LMC A " + randomText(8);
        String lmcB = "Merged LMC B " + randomText(8);
        InsightsFixtures.Api api = new InsightsFixtures.Api(port);
        mapLmcs(api, practiceA, lmcA, firstIcb, lmcB, secondIcb);
        String workforce = WorkforceImportTests.HEADER
                + WorkforceImportTests.row(practiceA, shared, firstIcb, "6000", "4", "3")
                + WorkforceImportTests.row(practiceB, shared, secondIcb, "3000", "2", "2")
                + WorkforceImportTests.row(merged, shared, secondIcb, "0", "3", "3");
        api.importWorkforce(month, workforce);

        JsonNode location = month(api.get("/api/insights/pressures/sub-icb/" + shared), "workforce", month);
        assertThat(location.get("fullyQualifiedGpFte").decimalValue())
                .as("the location's GPs set against its patients: A's and B's")
                .isEqualByComparingTo("5");
        JsonNode b = month(api.get(lmc(lmcB)), "workforce", month);
        assertThat(b.get("registeredPatients").asLong()).isEqualTo(3_000);
        assertThat(b.get("fullyQualifiedGpFte").decimalValue())
                .as("B's GPs alone, D's set against no patients")
                .isEqualByComparingTo("2");
        assertThat(b.get("patientsPerFullyQualifiedGp").asLong()).isEqualTo(1_500);
        JsonNode a = month(api.get(lmc(lmcA)), "workforce", month);
        assertThat(a.get("fullyQualifiedGpFte").decimalValue()).isEqualByComparingTo("3");
        assertThat(a.get("patientsPerFullyQualifiedGp").asLong()).isEqualTo(2_000);
    }

    /**
     * Of a location an LMC shares, its own practices' rows are added up on the page as a location's are at import: a
     * practice whose GPs the workforce file does not give (NA), or only one of its two GP counts, adds neither its
     * patients nor any of its GPs. LMC B's practices N (6,000 patients, NA) and G (1,000 patients, all GPs NA beside 1
     * fully qualified) gave it 4,000 patients over 3 fully qualified GPs and 2 GPs in all, fewer than its fully
     * qualified; it now has B's 3,000 over 2, and its practices count says two of its three are left out.
     */
    @Test
    void practicesWhoseGpsAreNotKnownInASharedLocationAddNothingToTheirLmcsPatientsPerGp() {
        YearMonth month = unusedMonth();
        String firstIcb = areaCode();
        String secondIcb = areaCode();
        String shared = areaCode();
        String practiceA = TestPractices.addInArea(jdbc, firstIcb, shared);
        String practiceB = TestPractices.addInArea(jdbc, secondIcb, shared);
        String notKnown = TestPractices.addInArea(jdbc, secondIcb, shared);
        String qualifiedOnly = TestPractices.addInArea(jdbc, secondIcb, shared);
        String lmcA = "Not known LMC A " + randomText(8);
        String lmcB = "Not known LMC B " + randomText(8);
        InsightsFixtures.Api api = new InsightsFixtures.Api(port);
        mapLmcs(api, practiceA, lmcA, firstIcb, lmcB, secondIcb);
        String workforce = WorkforceImportTests.HEADER
                + WorkforceImportTests.row(practiceA, shared, firstIcb, "6000", "4", "3")
                + WorkforceImportTests.row(practiceB, shared, secondIcb, "3000", "2", "2")
                + WorkforceImportTests.row(notKnown, shared, secondIcb, "6000", "NA", "NA")
                + WorkforceImportTests.row(qualifiedOnly, shared, secondIcb, "1000", "NA", "1");
        api.importWorkforce(month, workforce);

        JsonNode b = month(api.get(lmc(lmcB)), "workforce", month);
        assertThat(b.get("registeredPatients").asLong()).as(b.toString()).isEqualTo(3_000);
        assertThat(b.get("gpFte").decimalValue()).as(b.toString()).isEqualByComparingTo("2");
        assertThat(b.get("fullyQualifiedGpFte").decimalValue()).as(b.toString()).isEqualByComparingTo("2");
        assertThat(b.get("patientsPerFullyQualifiedGp").asLong()).isEqualTo(1_500);
        assertThat(b.get("practices").asInt()).isEqualTo(3);
        assertThat(b.get("practicesWithGpsNotKnown").asInt()).isEqualTo(2);
        JsonNode location = month(api.get("/api/insights/pressures/sub-icb/" + shared), "workforce", month);
        assertThat(location.get("registeredPatients").asLong()).isEqualTo(9_000);
        assertThat(location.get("fullyQualifiedGpFte").decimalValue()).isEqualByComparingTo("5");
        assertThat(location.get("practicesWithGpsNotKnown").asInt()).isEqualTo(2);
        JsonNode a = month(api.get(lmc(lmcA)), "workforce", month);
        assertThat(a.get("practicesWithGpsNotKnown").asInt()).isZero();
        assertThat(a.get("patientsPerFullyQualifiedGp").asLong()).isEqualTo(2_000);
    }

    /**
     * Practice X of LMC A has its first month's rows under a location shared by LMCs B and C, where LMC A has no open
     * practice today, and its second month's under LMC A's own location. An LMC took the locations it shares only from
     * its open practices' locations, so the shared one was none of LMC A's: B and C each counted only their own
     * practices there, and X's first month counted in no LMC.
     */
    @Test
    void aPracticesRowsUnderALocationItsLmcNoLongerSharesCountInItsOwnLmc() {
        YearMonth first = unusedMonth();
        YearMonth second = unusedMonth();
        String firstIcb = areaCode();
        String secondIcb = areaCode();
        String thirdIcb = areaCode();
        String shared = areaCode();
        String own = areaCode();
        String practiceB = TestPractices.addInArea(jdbc, secondIcb, shared);
        String practiceC = TestPractices.addInArea(jdbc, thirdIcb, shared);
        String stayed = TestPractices.addInArea(jdbc, firstIcb, own);
        String movedOut = TestPractices.addInArea(jdbc, firstIcb, own);
        String lmcA = "Left LMC A " + randomText(8);
        String lmcB = "Left LMC B " + randomText(8);
        String lmcC = "Left LMC C " + randomText(8);
        InsightsFixtures.Api api = new InsightsFixtures.Api(port);
        mapLmcs(api, practiceB, lmcA, firstIcb, lmcB, secondIcb, lmcC, thirdIcb);
        StringBuilder appointments = new StringBuilder(PRACTICE_HEADER);
        for (YearMonth month : List.of(first, second)) {
            appointments
                    .append(gpAppointments(month, practiceB, shared, 200))
                    .append(gpAppointments(month, practiceC, shared, 300))
                    .append(gpAppointments(month, stayed, own, 500))
                    .append(gpAppointments(month, movedOut, month.equals(first) ? shared : own, 40));
        }
        api.importAppointments(appointments);
        String workforce = WorkforceImportTests.HEADER
                + WorkforceImportTests.row(practiceB, shared, secondIcb, "3000", "2", "2")
                + WorkforceImportTests.row(practiceC, shared, thirdIcb, "4000", "2", "2")
                + WorkforceImportTests.row(stayed, own, firstIcb, "5000", "5", "5")
                + WorkforceImportTests.row(movedOut, shared, secondIcb, "800", "1", "1");
        api.importWorkforce(first, workforce);

        Http.Response pressuresA = api.get(lmc(lmcA));
        Http.Response pressuresB = api.get(lmc(lmcB));
        Http.Response pressuresC = api.get(lmc(lmcC));
        for (YearMonth month : List.of(first, second)) {
            long a = appointments(pressuresA, month);
            long b = appointments(pressuresB, month);
            long c = appointments(pressuresC, month);
            assertThat(a + b + c)
                    .as("the three LMCs between them, %s: A %s, B %s, C %s", month, a, b, c)
                    .isEqualTo(1_040);
            assertThat(a).as("X and the practice that stayed, %s", month).isEqualTo(540);
            assertThat(b).as("B alone, %s", month).isEqualTo(200);
            assertThat(c).as("C alone, %s", month).isEqualTo(300);
        }
        JsonNode firstOfA = month(pressuresA, "appointments", first);
        assertThat(firstOfA.get("subIcbLocationsImported").asInt())
                .as("the shared location is none of A's locations")
                .isEqualTo(1);
        assertThat(firstOfA.get("subIcbLocationsInArea").asInt()).isEqualTo(1);
        JsonNode workforceA = month(pressuresA, "workforce", first);
        assertThat(workforceA.get("registeredPatients").asLong())
                .as("X under the shared location and the practice that stayed")
                .isEqualTo(5_800);
        assertThat(workforceA.get("practices").asInt()).isEqualTo(2);
        assertThat(month(pressuresB, "workforce", first)
                        .get("registeredPatients")
                        .asLong())
                .isEqualTo(3_000);
        assertThat(month(pressuresC, "workforce", first)
                        .get("registeredPatients")
                        .asLong())
                .isEqualTo(4_000);
    }

    /**
     * Practice X of LMC A, in A's own location today, has its only month's rows under a location shared by LMCs B and C,
     * none of A's: A's month is those rows alone. Its page said the figures were for 0 of its 1 sub-ICB locations and
     * that the others had no appointments imported, a fraction that reads as no figures at all beside the figures.
     */
    @Test
    void anLmcMonthOfOnlyItsPracticesRowsUnderAnotherLocationSaysSoRatherThanNoneOfItsLocations() {
        YearMonth month = unusedMonth();
        String firstIcb = areaCode();
        String secondIcb = areaCode();
        String thirdIcb = areaCode();
        String shared = areaCode();
        String own = areaCode();
        String practiceB = TestPractices.addInArea(jdbc, secondIcb, shared);
        String practiceC = TestPractices.addInArea(jdbc, thirdIcb, shared);
        String movedOut = TestPractices.addInArea(jdbc, firstIcb, own);
        String lmcA = "Elsewhere LMC A " + randomText(8);
        String lmcB = "Elsewhere LMC B " + randomText(8);
        String lmcC = "Elsewhere LMC C " + randomText(8);
        InsightsFixtures.Api api = new InsightsFixtures.Api(port);
        mapLmcs(api, practiceB, lmcA, firstIcb, lmcB, secondIcb, lmcC, thirdIcb);
        api.importAppointments(PRACTICE_HEADER
                + gpAppointments(month, practiceB, shared, 200)
                + gpAppointments(month, practiceC, shared, 300)
                + gpAppointments(month, movedOut, shared, 40));

        Http.Response pressuresA = api.get(lmc(lmcA));
        assertThat(appointments(pressuresA, month))
                .as("X's rows under the shared location")
                .isEqualTo(40);
        assertThat(month(pressuresA, "appointments", month)
                        .get("subIcbLocationsImported")
                        .asInt())
                .as("the shared location is none of A's")
                .isZero();
        String page = new Http(port).get(lmcPage(lmcA)).body();
        assertThat(page)
                .doesNotContain(">0 of 1<")
                .doesNotContain("for 0 of the 1 sub-ICB locations")
                .contains("none: its practices&#39; rows are filed under other sub-ICB locations")
                .contains(
                        "None of the sub-ICB locations of " + lmcA + " has appointments of its practices imported for "
                                + month.format(DateTimeFormatter.ofPattern("MMM yyyy", Locale.UK))
                                + ": these figures are only of its practices&#39; appointments filed that month under other"
                                + " sub-ICB locations, none of them " + lmcA + "&#39;s today.");
    }

    /**
     * Maps each LMC to its ICB, given in pairs (the LMC's name, then the ICB's code), and draws the areas again with a
     * list size of the practice given, as an import of the directory does.
     */
    private static void mapLmcs(InsightsFixtures.Api api, String practice, String... lmcsAndIcbs) {
        StringBuilder csv = new StringBuilder("lmc_name,area_code\n");
        for (int i = 0; i < lmcsAndIcbs.length; i += 2) {
            csv.append(lmcsAndIcbs[i]).append(',').append(lmcsAndIcbs[i + 1]).append('\n');
        }
        Http.Response mapped = api.importPractices("lmcs", "lmcs.csv", utf8(csv.toString()));
        assertThat(mapped.status()).as(mapped.body()).isEqualTo(201);
        api.rebuildAreasWith(practice);
    }

    /** An LMC's pressures page. */
    private static String lmcPage(String name) {
        return lmc(name).replace("/api/insights", "");
    }

    /** The appointments of one month of an area's pressures. */
    private static long appointments(Http.Response pressures, YearMonth month) {
        return month(pressures, "appointments", month).get("appointments").asLong();
    }

    /** An LMC's pressures through the API. */
    private static String lmc(String name) {
        return "/api/insights/pressures/lmc/"
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
