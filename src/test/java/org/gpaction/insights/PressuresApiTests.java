package org.gpaction.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.insights.InsightsFixtures.realFile;
import static org.gpaction.insights.InsightsFixtures.rows;
import static org.gpaction.insights.PressuresFixtures.headline;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.gpaction.insights.areas.Area;
import org.gpaction.insights.areas.AreaKind;
import org.gpaction.insights.areas.Areas;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The pressures on an area, checked against figures worked out in the test from the real files: Somerset's
 * appointments (sub-ICB 11X, the only sub-ICB location of ICB QSL), a workforce month for some of its practices, an
 * LMC covering it, and the ODS close dates.
 */
@GpActionTest
class PressuresApiTests {

    static final String SOMERSET = "11X";
    static final String SOMERSET_ICB = "QSL";
    /** A month of the Somerset file that no other test gives workforce figures for. */
    static final YearMonth MONTH = YearMonth.of(2020, 11);

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Areas areas;

    @LocalServerPort
    int port;

    InsightsFixtures.Api api;
    List<String[]> epraccur;

    @BeforeEach
    void importTheRealFiles() {
        api = new InsightsFixtures.Api(port);
        byte[] ods = realFile("epraccur.csv");
        epraccur = new String(ods, StandardCharsets.UTF_8)
                .lines()
                .map(line -> line.substring(1, line.length() - 1).split("\",\"", -1))
                .toList();
        for (Http.Response imported : List.of(
                api.importPractices("epraccur", "epraccur.csv", ods),
                api.importPractices("lmcs", "lmcs.csv", "lmc_name,area_code\nSomerset LMC,11X\n".getBytes()),
                api.importInsights(
                        "appointments", "somerset.csv", "", realFile("appointments-ccg-monthly-somerset.csv")))) {
            assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        }
    }

    @Test
    void aSubIcbLocationsMonthsAddUpAsTheFileDoesWithItsWorkingDays() {
        List<Map<String, String>> file = rows(realFile("appointments-ccg-monthly-somerset.csv"));
        JsonNode pressures =
                api.get("/api/insights/pressures/sub-icb/" + SOMERSET).json();

        assertThat(pressures.get("area").get("name").asString()).containsIgnoringCase("Somerset");
        JsonNode months = pressures.get("appointments");
        assertThat(months).hasSize(30);
        JsonNode march = find(months, "2021-03");
        List<Map<String, String>> inMarch = file.stream()
                .filter(row -> row.get("Appointment_Month").equals("MAR2021"))
                .toList();
        long total = sum(inMarch, row -> true);
        long attended = sum(inMarch, row -> row.get("APPT_STATUS").equals("Attended"));
        long dna = sum(inMarch, row -> row.get("APPT_STATUS").equals("DNA"));
        long sameDay = sum(inMarch, row -> row.get("TIME_BETWEEN_BOOK_AND_APPT").equals("Same Day"));
        int workingDays = weekdays(YearMonth.of(2021, 3));
        assertThat(march.get("appointments").asLong()).isEqualTo(total);
        assertThat(march.get("attended").asLong()).isEqualTo(attended);
        assertThat(march.get("dna").asLong()).isEqualTo(dna);
        assertThat(march.get("sameDay").asLong()).isEqualTo(sameDay);
        assertThat(march.get("workingDays").asInt()).isEqualTo(workingDays);
        assertThat(march.get("appointmentsPerWorkingDay").asLong()).isEqualTo(Math.round((double) total / workingDays));
        assertThat(march.get("dnaRatePercent").asDouble())
                .isEqualTo(Math.round(1000.0 * dna / (attended + dna)) / 10.0);
        // April 2020 had Good Friday and Easter Monday: two weekdays fewer.
        assertThat(find(months, "2020-04").get("workingDays").asInt()).isEqualTo(weekdays(YearMonth.of(2020, 4)) - 2);
        assertThat(march.get("gpAppointmentsPerGpPerDay").isNull()).isTrue();
    }

    @Test
    void anIcbAndAnLmcThatCoverOnlyThatLocationShowTheSameMonths() {
        JsonNode subIcb =
                api.get("/api/insights/pressures/sub-icb/" + SOMERSET).json().get("appointments");
        JsonNode icb =
                api.get("/api/insights/pressures/icb/" + SOMERSET_ICB).json().get("appointments");
        JsonNode lmc =
                api.get("/api/insights/pressures/lmc/Somerset%20LMC").json().get("appointments");

        assertThat(icb).isEqualTo(subIcb);
        assertThat(lmc).isEqualTo(subIcb);
    }

    @Test
    void englandsMonthsSayHowFewOfItsSubIcbLocationsHaveAppointmentsImported() {
        JsonNode england = api.get("/api/insights/pressures").json();
        JsonNode somerset = find(
                api.get("/api/insights/pressures/sub-icb/" + SOMERSET).json().get("appointments"), "2021-03");
        JsonNode march = find(england.get("appointments"), "2021-03");

        int inEngland = england.get("area").get("subIcbCodes").size();
        assertThat(inEngland).isGreaterThan(100);
        assertThat(march.get("subIcbLocationsInArea").asInt()).isEqualTo(inEngland);
        // Other tests share the database and may import another location's file; none imports them all.
        assertThat(march.get("subIcbLocationsImported").asInt()).isBetween(1, inEngland - 1);
        assertThat(somerset.get("subIcbLocationsImported").asInt()).isEqualTo(1);
        assertThat(somerset.get("subIcbLocationsInArea").asInt()).isEqualTo(1);

        List<String> csv =
                new Http(port).get("/pressures/appointments.csv").body().lines().toList();
        assertThat(csv.get(0))
                .endsWith(",sub_icb_locations_imported,sub_icb_locations_in_area,sub_icb_locations_with_gps_not_known");
        assertThat(csv.stream()
                        .filter(line -> line.startsWith("2021-03,"))
                        .findFirst()
                        .orElseThrow())
                .endsWith("," + march.get("subIcbLocationsImported").asInt() + "," + inEngland + ","
                        + march.get("subIcbLocationsWithGpsNotKnown").asInt());
    }

    /**
     * A sub-ICB file published before Nottingham's CCGs merged into 52R gives their appointments under their own codes,
     * such as 04K (Nottingham City), which in the real epraccur only closed practices still carry. England's page says
     * its figures are for so many of its sub-ICB locations of today and counted only those, yet added up 04K's
     * appointments too, so the figures were more than those of the locations they were said to be for.
     */
    @Test
    void englandsAppointmentsAreThoseOfTheSubIcbLocationsItSaysTheyAreFor() {
        String retired = "04K";
        assertThat(epraccur.stream().filter(row -> row[14].equals(retired) && row[25].equals("4")))
                .as("04K is a code only closed practices carry")
                .isNotEmpty()
                .allMatch(row -> row[12].equals("C"));
        String location = PublicationFixtures.areaCode();
        api.rebuildAreasWith(TestPractices.addInArea(jdbc, PublicationFixtures.areaCode(), location));
        YearMonth month = PublicationFixtures.unusedMonth();
        Http.Response imported = api.importInsights(
                "appointments",
                "sub-icb.csv",
                "",
                PublicationFixtures.utf8(AppointmentsImportTests.SUB_ICB_HEADER
                        + AppointmentsImportTests.subIcbRow(location, month, 1_000)
                        + AppointmentsImportTests.subIcbRow(retired, month, 300)));
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);

        JsonNode england = api.get("/api/insights/pressures").json();
        JsonNode figures = find(england.get("appointments"), month.toString());
        int inEngland = england.get("area").get("subIcbCodes").size();
        assertThat(figures.get("subIcbLocationsImported").asInt()).isEqualTo(1);
        assertThat(figures.get("appointments").asLong())
                .as("the appointments of the one location counted, not 04K's beside them")
                .isEqualTo(1_000);
        assertThat(new Http(port)
                        .get("/pressures/appointments.csv")
                        .body()
                        .lines()
                        .filter(line -> line.startsWith(month + ","))
                        .findFirst()
                        .orElseThrow())
                .startsWith(month + ",1000,")
                .endsWith(",1," + inEngland + ",0");
    }

    /**
     * England's appointments are those of its sub-ICB locations of today only, so its workforce, and the patients per
     * GP every area's page sets beside its own, are too: a workforce file giving a month's practices under 04K, a CCG
     * merged into 52R that only closed practices carry in the real epraccur, adds nothing to England's figures.
     */
    @Test
    void englandsWorkforceIsThatOfTheSubIcbLocationsItsAppointmentsAreOf() {
        String retired = "04K";
        assertThat(epraccur.stream().filter(row -> row[14].equals(retired) && row[25].equals("4")))
                .as("04K is a code only closed practices carry")
                .isNotEmpty()
                .allMatch(row -> row[12].equals("C"));
        String location = PublicationFixtures.areaCode();
        api.rebuildAreasWith(TestPractices.addInArea(jdbc, PublicationFixtures.areaCode(), location));
        YearMonth month = PublicationFixtures.unusedMonth();
        api.importWorkforce(
                month,
                WorkforceImportTests.HEADER
                        + WorkforceImportTests.row(
                                PublicationFixtures.practiceCode(), location, "QT1", "10000", "8", "6.5")
                        + WorkforceImportTests.row(
                                PublicationFixtures.practiceCode(), retired, "QT1", "3000", "3", "2"));

        JsonNode place = find(
                api.get("/api/insights/pressures/sub-icb/" + location).json().get("workforce"), month.toString());
        JsonNode england = find(api.get("/api/insights/pressures").json().get("workforce"), month.toString());
        assertThat(england.get("practices").asInt()).isEqualTo(1);
        assertThat(england.get("registeredPatients").asLong())
                .as("the one location's patients, not 04K's beside them")
                .isEqualTo(10_000);
        assertThat(england.get("gpFte").decimalValue()).isEqualByComparingTo("8");
        assertThat(england.get("fullyQualifiedGpFte").decimalValue()).isEqualByComparingTo("6.5");
        assertThat(england.get("patientsPerFullyQualifiedGp").decimalValue())
                .isEqualByComparingTo(place.get("patientsPerFullyQualifiedGp").decimalValue());
        assertThat(place.get("englandPatientsPerFullyQualifiedGp").decimalValue())
                .as("England's beside the location's page")
                .isEqualByComparingTo(england.get("patientsPerFullyQualifiedGp").decimalValue());
    }

    @Test
    void areasTakeInOnlyTheSubIcbLocationsAndIcbsThatStillHaveAnOpenPractice() {
        Set<String> openSubIcbs = new TreeSet<>();
        Set<String> openIcbs = new TreeSet<>();
        Set<String> subIcbsOfClosed = new TreeSet<>();
        Set<String> icbsOfClosed = new TreeSet<>();
        for (String[] row : epraccur) {
            if (!row[25].equals("4") || !row[2].matches("Y[56][0-9]")) {
                continue;
            }
            if (row[12].equals("A")) {
                openSubIcbs.add(row[14]);
                openIcbs.add(row[3]);
            } else if (row[12].equals("C")) {
                subIcbsOfClosed.add(row[14]);
                icbsOfClosed.add(row[3]);
            }
        }
        Set<String> defunctSubIcbs = new TreeSet<>(subIcbsOfClosed);
        defunctSubIcbs.removeAll(openSubIcbs);
        Set<String> defunctIcbs = new TreeSet<>(icbsOfClosed);
        defunctIcbs.removeAll(openIcbs);
        // The May 2025 file: its closed practices still carry the CCG and area team codes of their day.
        assertThat(openSubIcbs).hasSize(106);
        assertThat(defunctSubIcbs).hasSize(131);
        assertThat(openIcbs).hasSize(42);
        assertThat(defunctIcbs).hasSize(40).contains("Q44", "Q88");
        String closedUnderADefunctSubIcb = epraccur.stream()
                .filter(row -> row[12].equals("C") && row[25].equals("4") && defunctSubIcbs.contains(row[14]))
                .map(row -> row[0])
                .findFirst()
                .orElseThrow();
        // Other tests add practices in areas of their own, so England's places are counted in the directory too.
        List<String> openInDirectory = jdbc.sql("""
                        select distinct sub_icb_code from practices.practice_directory
                        where nation = 'ENGLAND' and status = 'ACTIVE'
                        """).query(String.class).list();

        JsonNode england = api.get("/api/insights/pressures").json();
        List<String> englandsSubIcbs = new ArrayList<>();
        england.get("area").get("subIcbCodes").forEach(code -> englandsSubIcbs.add(code.asString()));
        assertThat(englandsSubIcbs)
                .containsAll(openSubIcbs)
                .doesNotContainAnyElementsOf(defunctSubIcbs)
                .containsExactlyInAnyOrderElementsOf(openInDirectory);
        assertThat(find(england.get("appointments"), "2021-03")
                        .get("subIcbLocationsInArea")
                        .asInt())
                .as("England is as many places as there are sub-ICB locations with an open practice")
                .isEqualTo(openInDirectory.size());

        List<String> icbs = areas.all(AreaKind.ICB).stream().map(Area::code).toList();
        assertThat(icbs).containsAll(openIcbs).doesNotContainAnyElementsOf(defunctIcbs);
        // Other tests' made-up ICBs have codes such as Q4496, so the code must end where it is named.
        assertThat(new Http(port).get("/pressures").body())
                .doesNotContainPattern("ICB Q44(?![A-Z0-9])")
                .doesNotContain("(Q88)");
        assertThat(api.get("/api/insights/pressures/icb/Q44").status()).isEqualTo(404);
        assertThat(api.get("/api/insights/pressures/sub-icb/10K").status()).isEqualTo(404);

        // QRL's closed practices carry four old CCG codes; only 10R and D9Y0V have open practices.
        JsonNode qrl = api.get("/api/insights/pressures/icb/QRL").json().get("area");
        assertThat(qrl.get("subIcbCodes").toString()).isEqualTo("[\"10R\",\"D9Y0V\"]");
        // 10R's first practice by code is a closed one still filed under the area team Q87.
        assertThat(areas.find(AreaKind.SUB_ICB, "10R").orElseThrow().parents())
                .extracting(Area::code)
                .containsExactly("E92000001", "QRL");
        for (Area subIcb : areas.all(AreaKind.SUB_ICB)) {
            assertThat(subIcb.parents().get(1).code()).as(subIcb.code()).isNotIn(defunctIcbs);
        }

        // A practice that closed under a CCG long gone still has its page.
        Http.Response closed = api.get("/api/insights/pressures/practice/" + closedUnderADefunctSubIcb);
        assertThat(closed.status()).as(closed.body()).isEqualTo(200);
    }

    @Test
    void theWorkforceGivesPatientsPerGpAndAppointmentsPerGpPerDay() {
        List<String> practices = epraccur.stream()
                .filter(row -> row[14].equals(SOMERSET) && row[12].equals("A") && row[25].equals("4"))
                .map(row -> row[0])
                .limit(3)
                .toList();
        // And a practice elsewhere whose sub-ICB location has no appointments imported for the month.
        String[] elsewhere = epraccur.stream()
                .filter(row -> !row[14].equals(SOMERSET) && row[12].equals("A") && row[25].equals("4"))
                .filter(row -> jdbc.sql("""
                                select count(*) from insights.appointments_area
                                where sub_icb_code = :code and month = :month
                                """)
                                .param("code", row[14])
                                .param("month", java.sql.Date.valueOf(MONTH.atDay(1)))
                                .query(Integer.class)
                                .single()
                        == 0)
                .findFirst()
                .orElseThrow();
        String workforce =
                "PRAC_CODE,PRAC_NAME,SUB_ICB_CODE,SUB_ICB_NAME,ICB_CODE,ICB_NAME,TOTAL_PATIENTS,TOTAL_GP_FTE,"
                        + "TOTAL_GP_EXTGL_FTE\n"
                        + practices.get(0) + ",ONE,11X,SOMERSET,QSL,SOMERSET ICB,9000,6.5,4.25\n"
                        + practices.get(1) + ",TWO,11X,SOMERSET,QSL,SOMERSET ICB,12000,7,5.75\n"
                        + practices.get(2) + ",THREE,11X,SOMERSET,QSL,SOMERSET ICB,5000,3.5,2\n"
                        + elsewhere[0] + ",FOUR," + elsewhere[14] + ",ELSEWHERE," + elsewhere[3]
                        + ",ELSEWHERE ICB,60000,50,40\n";
        Http.Response imported = api.importInsights(
                "workforce", "workforce.csv", "month=" + MONTH, workforce.getBytes(StandardCharsets.UTF_8));
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);

        JsonNode pressures =
                api.get("/api/insights/pressures/sub-icb/" + SOMERSET).json();
        JsonNode month = find(pressures.get("workforce"), MONTH.toString());
        assertThat(month.get("registeredPatients").asLong()).isEqualTo(26_000);
        assertThat(month.get("fullyQualifiedGpFte").decimalValue()).isEqualByComparingTo("12.00");
        assertThat(month.get("patientsPerFullyQualifiedGp").asLong()).isEqualTo(Math.round(26_000 / 12.0));
        assertThat(month.get("vision").asInt()).isEqualTo(1_000);
        assertThat(month.get("englandPatientsPerFullyQualifiedGp").asLong())
                .as("England's that month: the four practices' 86,000 patients over their 52 fully qualified GPs")
                .isEqualTo(Math.round(86_000 / 52.0))
                .isEqualTo(find(api.get("/api/insights/pressures").json().get("workforce"), MONTH.toString())
                        .get("patientsPerFullyQualifiedGp")
                        .asLong());

        List<Map<String, String>> file = rows(realFile("appointments-ccg-monthly-somerset.csv"));
        long gp = sum(
                file.stream()
                        .filter(row -> row.get("Appointment_Month").equals("NOV2020"))
                        .toList(),
                row -> row.get("HCP_TYPE").equals("GP"));
        JsonNode november = find(pressures.get("appointments"), MONTH.toString());
        assertThat(november.get("gpAppointmentsPerGpPerDay").asDouble())
                .isEqualTo(Math.round(10.0 * gp / (17.0 * weekdays(MONTH))) / 10.0);
        JsonNode england = find(api.get("/api/insights/pressures").json().get("appointments"), MONTH.toString());
        assertThat(england.get("gpAppointmentsPerGpPerDay").asDouble())
                .as("England's appointments are set against the GPs of the places they come from, not the 50 GPs"
                        + " elsewhere whose appointments are not imported")
                .isEqualTo(november.get("gpAppointmentsPerGpPerDay").asDouble());

        Http.Response practiceAnswer = api.get("/api/insights/pressures/practice/" + practices.get(1));
        assertThat(practiceAnswer.status()).as(practiceAnswer.body()).isEqualTo(200);
        JsonNode practice = practiceAnswer.json();
        assertThat(find(practice.get("workforce"), MONTH.toString())
                        .get("patientsPerFullyQualifiedGp")
                        .asLong())
                .isEqualTo(Math.round(12_000 / 5.75));
    }

    /**
     * A practice whose workforce row gives GPs but no registered patients showed "0" patients per GP, "0.00 times the
     * committee's safe vision", on its page, in its CSV and in the API, where a month with no GP says it is not known.
     */
    @Test
    void aMonthWithGpsButNoRegisteredPatientsGivesNoFigureOfPatientsPerGp() {
        String practice = epraccur.stream()
                .filter(row -> row[14].equals(SOMERSET) && row[12].equals("A") && row[25].equals("4"))
                .map(row -> row[0])
                .skip(3)
                .findFirst()
                .orElseThrow();
        YearMonth month = PublicationFixtures.unusedMonth();
        String workforce =
                "PRAC_CODE,PRAC_NAME,SUB_ICB_CODE,SUB_ICB_NAME,ICB_CODE,ICB_NAME,TOTAL_PATIENTS,TOTAL_GP_FTE,"
                        + "TOTAL_GP_EXTGL_FTE\n"
                        + practice + ",EMPTY LIST,11X,SOMERSET,QSL,SOMERSET ICB,0,4,3\n";
        Http.Response imported = api.importInsights(
                "workforce", "workforce.csv", "month=" + month, workforce.getBytes(StandardCharsets.UTF_8));
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);

        JsonNode row = find(
                api.get("/api/insights/pressures/practice/" + practice).json().get("workforce"), month.toString());
        assertThat(row.get("registeredPatients").asLong()).isZero();
        assertThat(row.get("fullyQualifiedGpFte").decimalValue()).isEqualByComparingTo("3");
        assertThat(row.get("patientsPerFullyQualifiedGp").isNull())
                .as(row.toString())
                .isTrue();

        Http anonymous = new Http(port);
        List<String> csv = anonymous
                .get("/pressures/practice/" + practice + "/workforce.csv")
                .body()
                .lines()
                .toList();
        assertThat(csv.get(0).split(",", -1)[5]).isEqualTo("patients_per_fully_qualified_gp");
        String[] cells = csv.stream()
                .filter(line -> line.startsWith(month.toString()))
                .findFirst()
                .orElseThrow()
                .split(",", -1);
        assertThat(cells[5]).as(String.join(",", cells)).isEmpty();

        String page = anonymous.get("/pressures/practice/" + practice).body();
        assertThat(headline(page, "patients-per-gp"))
                .isEqualTo("Not known: no registered patients are recorded here in "
                        + month.format(java.time.format.DateTimeFormatter.ofPattern("MMM yyyy", java.util.Locale.UK))
                        + ".");
        assertThat(page).contains("no patients recorded").doesNotContain("times the committee's safe vision");
    }

    /**
     * A practice whose workforce row gives GPs but no registered patients (its list counted under another code, as a
     * merged practice's is) added its GPs to its area's and England's patients per GP and none of their patients: 9,000
     * patients over 4.5 GPs and the 3 of a list of none showed 1,200 patients per GP where the practice with the list
     * gives 2,000. Such a practice is now left out of both.
     */
    @Test
    void aPracticeWithGpsButNoRegisteredPatientsAddsNoGpsToItsAreasPatientsPerGp() {
        List<String> practices = epraccur.stream()
                .filter(row -> row[14].equals(SOMERSET) && row[12].equals("A") && row[25].equals("4"))
                .map(row -> row[0])
                .skip(5)
                .limit(2)
                .toList();
        // And the only practice in the file of a location elsewhere, recording GPs and no list either.
        String[] elsewhere = epraccur.stream()
                .filter(row -> !row[14].equals(SOMERSET) && row[12].equals("A") && row[25].equals("4"))
                .findFirst()
                .orElseThrow();
        YearMonth month = PublicationFixtures.unusedMonth();
        String workforce =
                "PRAC_CODE,PRAC_NAME,SUB_ICB_CODE,SUB_ICB_NAME,ICB_CODE,ICB_NAME,TOTAL_PATIENTS,TOTAL_GP_FTE,"
                        + "TOTAL_GP_EXTGL_FTE\n"
                        + practices.get(0) + ",THE LIST,11X,SOMERSET,QSL,SOMERSET ICB,9000,5,4.5\n"
                        + practices.get(1) + ",EMPTY LIST,11X,SOMERSET,QSL,SOMERSET ICB,0,4,3\n"
                        + elsewhere[0] + ",EMPTY TOO," + elsewhere[14] + ",ELSEWHERE," + elsewhere[3]
                        + ",ELSEWHERE ICB,0,2,2\n";
        Http.Response imported = api.importInsights(
                "workforce", "workforce.csv", "month=" + month, workforce.getBytes(StandardCharsets.UTF_8));
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);

        for (String address : List.of(
                "/api/insights/pressures/sub-icb/" + SOMERSET,
                "/api/insights/pressures/icb/" + SOMERSET_ICB,
                "/api/insights/pressures/lmc/Somerset%20LMC",
                "/api/insights/pressures")) {
            Http.Response answer = api.get(address);
            assertThat(answer.status()).as(address + ": " + answer.body()).isEqualTo(200);
            JsonNode row = find(answer.json().get("workforce"), month.toString());
            assertThat(row.get("registeredPatients").asLong()).as(address).isEqualTo(9_000);
            assertThat(row.get("fullyQualifiedGpFte").decimalValue())
                    .as(address + ": the GPs set against the patients")
                    .isEqualByComparingTo("4.5");
            assertThat(row.get("patientsPerFullyQualifiedGp").asLong())
                    .as(address)
                    .isEqualTo(2_000);
            assertThat(row.get("englandPatientsPerFullyQualifiedGp").asLong())
                    .as(address)
                    .isEqualTo(2_000);
        }
        String page = new Http(port).get("/pressures/sub-icb/" + elsewhere[14]).body();
        String label = month.format(java.time.format.DateTimeFormatter.ofPattern("MMM yyyy", java.util.Locale.UK));
        int monthRow = page.indexOf(">" + label + "</th>");
        assertThat(monthRow).as("the page has a workforce row for " + label).isNotNegative();
        assertThat(page.substring(monthRow, page.indexOf("</tr>", monthRow)))
                .as("its GPs left out for want of patients, the location still says it records none, not no GP")
                .contains("no patients recorded")
                .doesNotContain("no GP recorded");
    }

    /**
     * Since February 2023 the practice-level workforce file writes 'NA' (and before it 'ND') where a practice's staff
     * group has no data. A recent national file with one such practice was refused whole; it is now imported, the
     * practice's figures not known (not 0 GPs, which would inflate patients per GP), and its patients left out of its
     * area's and England's patients per GP: 9,000 patients over 4.5 GPs give 2,000, whatever the lists of the others.
     * A practice whose file gives one of its two GP counts and not the other is left out of both and of its patients:
     * its GPs set against its patients (1,500 over 1.5 fully qualified GPs, all GPs not known) showed 1,833 patients per
     * GP, and the area's GPs (7, of 5 and 2) fewer than it had beside 6 fully qualified. The practices column counts
     * every practice with a workforce row, and says how many of them are left out.
     */
    @Test
    void practicesWhoseGpsAreNotAvailableAreLeftOutOfPatientsPerGp_notCountedAsNoGps() {
        List<String> practices = epraccur.stream()
                .filter(row -> row[14].equals(SOMERSET) && row[12].equals("A") && row[25].equals("4"))
                .map(row -> row[0])
                .skip(7)
                .limit(5)
                .toList();
        YearMonth month = PublicationFixtures.unusedMonth();
        String workforce =
                "PRAC_CODE,PRAC_NAME,SUB_ICB_CODE,SUB_ICB_NAME,ICB_CODE,ICB_NAME,TOTAL_PATIENTS,TOTAL_GP_FTE,"
                        + "TOTAL_GP_EXTGL_FTE,TOTAL_NURSES_FTE\n"
                        + practices.get(0) + ",KNOWN,11X,SOMERSET,QSL,SOMERSET ICB,9000,5,4.5,NA\n"
                        + practices.get(1) + ",NOT AVAILABLE,11X,SOMERSET,QSL,SOMERSET ICB,6000,NA,NA,2\n"
                        + practices.get(2) + ",NO DATA,11X,SOMERSET,QSL,SOMERSET ICB,3000,ND,ND,ND\n"
                        + practices.get(3) + ",ALL GPS NA,11X,SOMERSET,QSL,SOMERSET ICB,1500,NA,1.5,1\n"
                        + practices.get(4) + ",QUALIFIED NA,11X,SOMERSET,QSL,SOMERSET ICB,1000,2,NA,1\n";
        Http.Response imported = api.importInsights(
                "workforce", "workforce.csv", "month=" + month, workforce.getBytes(StandardCharsets.UTF_8));
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);

        assertThat(jdbc.sql("""
                                select coalesce(gp_fte::text, '-') || ' ' || coalesce(qualified_fte::text, '-') || ' '
                                       || coalesce(nurses_fte::text, '-')
                                from insights.workforce_practice where month = :month order by total_patients desc
                                """)
                        .param("month", month.atDay(1))
                        .query(String.class)
                        .list())
                .as("not available is not known, not 0")
                .containsExactly("5.00 4.50 -", "- - 2.00", "- - -", "- 1.50 1.00", "2.00 - 1.00");
        for (String address : List.of(
                "/api/insights/pressures/sub-icb/" + SOMERSET,
                "/api/insights/pressures/icb/" + SOMERSET_ICB,
                "/api/insights/pressures/lmc/Somerset%20LMC",
                "/api/insights/pressures")) {
            JsonNode row = find(api.get(address).json().get("workforce"), month.toString());
            assertThat(row.get("registeredPatients").asLong())
                    .as(address + ": only the practice whose GPs are known")
                    .isEqualTo(9_000);
            assertThat(row.get("gpFte").decimalValue())
                    .as(address + ": all GPs of the same practices as the fully qualified")
                    .isEqualByComparingTo("5");
            assertThat(row.get("fullyQualifiedGpFte").decimalValue())
                    .as(address)
                    .isEqualByComparingTo("4.5");
            assertThat(row.get("patientsPerFullyQualifiedGp").asLong())
                    .as(address + ": the patients of practices with no GP data are left out")
                    .isEqualTo(2_000);
            assertThat(row.get("englandPatientsPerFullyQualifiedGp").asLong())
                    .as(address)
                    .isEqualTo(2_000);
            assertThat(row.get("practices").asInt()).as(address).isEqualTo(5);
            assertThat(row.get("practicesWithGpsNotKnown").asInt()).as(address).isEqualTo(4);
        }
        String label = month.format(java.time.format.DateTimeFormatter.ofPattern("MMM yyyy", java.util.Locale.UK));
        String page = new Http(port).get("/pressures/sub-icb/" + SOMERSET).body();
        int monthRow = page.indexOf(">" + label + "</th>", page.indexOf("id=\"workforce-table\""));
        assertThat(monthRow).as("the page has a workforce row for " + label).isNotNegative();
        assertThat(page.substring(monthRow, page.indexOf("</tr>", monthRow)))
                .contains(">5 (4 with GPs not known, left out)<")
                .contains(">9,000<")
                .contains(">2,000<");
        String[] cells = new Http(port)
                .get("/pressures/sub-icb/" + SOMERSET + "/workforce.csv")
                .body()
                .lines()
                .filter(line -> line.startsWith(month + ","))
                .findFirst()
                .orElseThrow()
                .split(",", -1);
        assertThat(cells).as(String.join(",", cells)).startsWith(month.toString(), "5", "9000", "5.00", "4.50", "2000");
        assertThat(cells[cells.length - 1]).as(String.join(",", cells)).isEqualTo("4");
    }

    /**
     * A practice's own page, CSV and API read its own row: one whose GPs the workforce file does not give showed 0
     * patients, 0.00 GPs and "no patients recorded", its 6,000 patients left out as they are of its area's. Its
     * patients are now as recorded, its GPs not known, and the page says why patients per GP is not known. One whose
     * file gives its fully qualified GPs but not all its GPs has its own patients per GP.
     */
    @Test
    void aPracticeWhoseGpsAreNotAvailableShowsItsPatientsAndItsGpsAsNotKnown_notZeros() {
        List<String> practices = epraccur.stream()
                .filter(row -> row[14].equals(SOMERSET) && row[12].equals("A") && row[25].equals("4"))
                .map(row -> row[0])
                .skip(12)
                .limit(2)
                .toList();
        String notAvailable = practices.get(0);
        String qualifiedOnly = practices.get(1);
        YearMonth month = PublicationFixtures.unusedMonth();
        String workforce =
                "PRAC_CODE,PRAC_NAME,SUB_ICB_CODE,SUB_ICB_NAME,ICB_CODE,ICB_NAME,TOTAL_PATIENTS,TOTAL_GP_FTE,"
                        + "TOTAL_GP_EXTGL_FTE\n"
                        + notAvailable + ",NOT AVAILABLE,11X,SOMERSET,QSL,SOMERSET ICB,6000,NA,NA\n"
                        + qualifiedOnly + ",ALL GPS NA,11X,SOMERSET,QSL,SOMERSET ICB,3000,NA,2\n";
        Http.Response imported = api.importInsights(
                "workforce", "workforce.csv", "month=" + month, workforce.getBytes(StandardCharsets.UTF_8));
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);

        JsonNode row = find(
                api.get("/api/insights/pressures/practice/" + notAvailable)
                        .json()
                        .get("workforce"),
                month.toString());
        assertThat(row.get("registeredPatients").asLong()).as(row.toString()).isEqualTo(6_000);
        assertThat(row.get("gpFte").isNull()).as(row.toString()).isTrue();
        assertThat(row.get("fullyQualifiedGpFte").isNull()).as(row.toString()).isTrue();
        assertThat(row.get("patientsPerFullyQualifiedGp").isNull())
                .as(row.toString())
                .isTrue();
        assertThat(row.get("practices").asInt()).as(row.toString()).isEqualTo(1);
        assertThat(row.get("practicesWithGpsNotKnown").asInt())
                .as(row.toString())
                .isEqualTo(1);

        Http anonymous = new Http(port);
        String[] cells = anonymous
                .get("/pressures/practice/" + notAvailable + "/workforce.csv")
                .body()
                .lines()
                .filter(line -> line.startsWith(month + ","))
                .findFirst()
                .orElseThrow()
                .split(",", -1);
        assertThat(cells)
                .as("patients as recorded; GPs, and so patients per GP, empty: not known")
                .startsWith(month.toString(), "1", "6000", "", "", "");
        assertThat(cells[cells.length - 1]).as(String.join(",", cells)).isEqualTo("1");

        String label = month.format(java.time.format.DateTimeFormatter.ofPattern("MMM yyyy", java.util.Locale.UK));
        String page = anonymous.get("/pressures/practice/" + notAvailable).body();
        assertThat(headline(page, "patients-per-gp"))
                .isEqualTo("Not known: NHS Digital&#39;s workforce file does not give the fully qualified GPs here in "
                        + label + " (it writes NA or ND).");
        int monthRow = page.indexOf(">" + label + "</th>", page.indexOf("id=\"workforce-table\""));
        assertThat(monthRow).as("the page has a workforce row for " + label).isNotNegative();
        assertThat(page.substring(monthRow, page.indexOf("</tr>", monthRow)))
                .contains(">6,000<")
                .contains(">not known<")
                .contains(">GPs not known (NA or ND in NHS Digital&#39;s file)<")
                .doesNotContain("no patients recorded")
                .doesNotContain("0.00");

        JsonNode own = find(
                api.get("/api/insights/pressures/practice/" + qualifiedOnly)
                        .json()
                        .get("workforce"),
                month.toString());
        assertThat(own.get("gpFte").isNull()).as(own.toString()).isTrue();
        assertThat(own.get("fullyQualifiedGpFte").decimalValue()).isEqualByComparingTo("2");
        assertThat(own.get("patientsPerFullyQualifiedGp").asLong())
                .as("its own patients over its own fully qualified GPs")
                .isEqualTo(1_500);
    }

    /**
     * A month whose workforce figure gives its places no GPs said GP appointments per GP per day were not known for want
     * of a workforce figure ("no workforce data"), though there is one: it now says the figure records no GPs.
     */
    @Test
    void aMonthWhoseWorkforceFigureRecordsNoGpsSaysSo_notThatThereIsNoWorkforceFigure() {
        String practice = epraccur.stream()
                .filter(row -> row[14].equals(SOMERSET) && row[12].equals("A") && row[25].equals("4"))
                .map(row -> row[0])
                .skip(4)
                .findFirst()
                .orElseThrow();
        JsonNode months =
                api.get("/api/insights/pressures/sub-icb/" + SOMERSET).json().get("appointments");
        // The file's last month, which the page's latest figures are of; no other test gives it workforce figures.
        YearMonth latest =
                YearMonth.parse(months.get(months.size() - 1).get("month").asString());
        assertThat(latest).isEqualTo(YearMonth.of(2021, 8));
        String workforce =
                "PRAC_CODE,PRAC_NAME,SUB_ICB_CODE,SUB_ICB_NAME,ICB_CODE,ICB_NAME,TOTAL_PATIENTS,TOTAL_GP_FTE,"
                        + "TOTAL_GP_EXTGL_FTE\n"
                        + practice + ",NO GPS,11X,SOMERSET,QSL,SOMERSET ICB,5000,0,0\n";
        Http.Response imported = api.importInsights(
                "workforce", "workforce.csv", "month=" + latest, workforce.getBytes(StandardCharsets.UTF_8));
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);

        JsonNode month = find(
                api.get("/api/insights/pressures/sub-icb/" + SOMERSET).json().get("appointments"), latest.toString());
        assertThat(month.get("gpAppointmentsPerGpPerDay").isNull())
                .as(month.toString())
                .isTrue();
        String page = new Http(port).get("/pressures/sub-icb/" + SOMERSET).body();
        assertThat(headline(page, "per-gp-per-day"))
                .isEqualTo("Not known for Aug 2021: the GP workforce figures that month record no GPs at the places"
                        + " whose appointments are imported.");
        assertThat(page).contains(">workforce records no GPs<");
    }

    @Test
    void practicesClosedAreCountedByTheYearTheyClosed_inTheIcbTheirSubIcbLocationIsInToday() {
        Set<String> openSubIcbs = new TreeSet<>();
        Set<String> somersetSubIcbs = new TreeSet<>();
        epraccur.stream()
                .filter(row -> row[12].equals("A") && row[25].equals("4"))
                .forEach(row -> {
                    openSubIcbs.add(row[14]);
                    if (row[3].equals(SOMERSET_ICB)) {
                        somersetSubIcbs.add(row[14]);
                    }
                });
        Map<String, Integer> expected = new TreeMap<>();
        // A closed practice keeps the area team code of its day (Q65, Q80, Q85 for some of Somerset's), so it is in
        // the ICB by its sub-ICB location where that is an area today, by its own code only where it is not.
        epraccur.stream()
                .filter(row -> row[12].equals("C") && row[25].equals("4") && !row[11].isEmpty())
                .filter(row -> somersetSubIcbs.contains(row[14])
                        || (row[3].equals(SOMERSET_ICB) && !openSubIcbs.contains(row[14])))
                .forEach(row -> expected.merge(row[11].substring(0, 4), 1, Integer::sum));

        JsonNode closures =
                api.get("/api/insights/pressures/icb/" + SOMERSET_ICB).json().get("closedOrMergedByYear");

        assertThat(somersetSubIcbs).containsExactly(SOMERSET);
        assertThat(expected).containsEntry("2014", 1).containsEntry("2019", 3);
        Map<String, Integer> actual = new TreeMap<>();
        closures.properties()
                .forEach(entry -> actual.put(entry.getKey(), entry.getValue().asInt()));
        assertThat(actual).isEqualTo(expected);
        // The ICB takes in Somerset alone, so it has Somerset's closures, not fewer.
        assertThat(closures)
                .isEqualTo(api.get("/api/insights/pressures/sub-icb/" + SOMERSET)
                        .json()
                        .get("closedOrMergedByYear"));
    }

    @Test
    void closedPracticesAreNoPracticeOfTheirAreaTodayAndAreListedApart() {
        List<String> closedInFile = epraccur.stream()
                .filter(row -> row[14].equals(SOMERSET) && row[12].equals("C") && row[25].equals("4"))
                .map(row -> row[0])
                .toList();
        // The May 2025 file has Somerset practices closed under 11X; other tests may add practices of their own.
        assertThat(closedInFile).isNotEmpty();
        List<String> open = directory("sub_icb_code = '11X' and status = 'ACTIVE'");
        List<String> closed = directory("sub_icb_code = '11X' and status = 'CLOSED'");
        assertThat(closed).containsAll(closedInFile);

        JsonNode subIcb =
                api.get("/api/insights/pressures/sub-icb/" + SOMERSET).json().get("area");
        assertThat(subIcb.get("practices").asInt()).isEqualTo(open.size());
        assertThat(subIcb.get("closedPractices").asInt()).isEqualTo(closed.size());
        JsonNode icb =
                api.get("/api/insights/pressures/icb/" + SOMERSET_ICB).json().get("area");
        assertThat(icb.get("practices").asInt())
                .isEqualTo(directory("icb_code = 'QSL' and status = 'ACTIVE'").size());
        assertThat(icb.get("closedPractices").asInt())
                .isEqualTo(directory(
                                "status = 'CLOSED' and (sub_icb_code = '11X' or (icb_code = 'QSL' and sub_icb_code"
                                        + " not in (select sub_icb_code from practices.practice_directory where status = 'ACTIVE')))")
                        .size());
        JsonNode england = api.get("/api/insights/pressures").json().get("area");
        assertThat(england.get("practices").asInt())
                .isEqualTo(directory("status = 'ACTIVE'").size());
        assertThat(england.get("closedPractices").asInt())
                .isEqualTo(directory("status = 'CLOSED'").size());
        // Closures still count the closed practices, as history.
        assertThat(api.get("/api/insights/pressures/sub-icb/" + SOMERSET).json().get("closedOrMergedByYear"))
                .isNotEmpty();

        String page = new Http(port).get("/pressures/sub-icb/" + SOMERSET).body();
        String listed = list(page, "within-list");
        String listedClosed = list(page, "closed-list");
        for (String code : closed) {
            assertThat(listed).as("open practices").doesNotContain("(" + code + ")");
            assertThat(listedClosed).as("closed practices").contains("(" + code + ")");
        }
        for (String code : open) {
            assertThat(listed).as("open practices").contains("(" + code + ")");
            assertThat(listedClosed).as("closed practices").doesNotContain("(" + code + ")");
        }
        assertThat(page)
                .containsPattern("id=\"practices\"[^>]*>" + open.size()
                        + " open in the ODS practice file imported on [^;<]+; " + closed.size() + " closed");
    }

    /**
     * The Practices row counts the practices the ODS file imported last marks open, which may be months old: as the
     * other figures name their month or extract, it names the day that file was imported, not "today".
     */
    @Test
    void thePracticesRowNamesTheDayTheOdsFileItCountsFromWasImported() {
        java.time.Instant importedAt =
                jdbc.sql("""
                        select imported_at from practices.import_run
                        where format = 'EPRACCUR' and problems = 0
                        order by imported_at desc, id desc
                        limit 1
                        """).query(java.sql.Timestamp.class).single().toInstant();
        String day = org.gpaction.common.UkTime.day(
                java.time.LocalDate.ofInstant(importedAt, org.gpaction.common.UkTime.ZONE));
        int open = directory("status = 'ACTIVE'").size();

        assertThat(new Http(port).get("/pressures").body())
                .containsPattern("id=\"practices\"[^>]*>"
                        + String.format(java.util.Locale.UK, "%,d", open)
                        + " open in the ODS practice file imported on " + day + "; ");
    }

    @Test
    void dormantAndProposedPracticesAreNotOpenToday_andAreCountedAndListedApart() {
        // Nottingham and Nottinghamshire (52R) has active practices and, in the May 2025 file, dormant ones too.
        String nottingham = "52R";
        List<String> dormantInFile = epraccur.stream()
                .filter(row -> row[14].equals(nottingham)
                        && (row[12].equals("D") || row[12].equals("P"))
                        && row[25].equals("4"))
                .map(row -> row[0])
                .toList();
        assertThat(dormantInFile).isNotEmpty();
        List<String> open = directory("sub_icb_code = '52R' and status = 'ACTIVE'");
        List<String> dormant = directory("sub_icb_code = '52R' and status in ('DORMANT', 'PROPOSED')");
        List<String> closed = directory("sub_icb_code = '52R' and status = 'CLOSED'");
        assertThat(dormant).containsAll(dormantInFile);

        JsonNode subIcb =
                api.get("/api/insights/pressures/sub-icb/" + nottingham).json().get("area");
        assertThat(subIcb.get("practices").asInt()).isEqualTo(open.size());
        assertThat(subIcb.get("closedPractices").asInt()).isEqualTo(closed.size());
        assertThat(subIcb.get("dormantOrProposedPractices").asInt()).isEqualTo(dormant.size());
        JsonNode england = api.get("/api/insights/pressures").json().get("area");
        assertThat(england.get("practices").asInt())
                .isEqualTo(directory("status = 'ACTIVE'").size());
        assertThat(england.get("dormantOrProposedPractices").asInt())
                .isEqualTo(directory("status in ('DORMANT', 'PROPOSED')").size());

        String page = new Http(port).get("/pressures/sub-icb/" + nottingham).body();
        String listed = list(page, "within-list");
        String listedDormant = list(page, "dormant-list");
        for (String code : dormant) {
            assertThat(listed).as("open practices").doesNotContain("(" + code + ")");
            assertThat(listedDormant).as("dormant or proposed practices").contains("(" + code + ")");
        }
        for (String code : open) {
            assertThat(listed).as("open practices").contains("(" + code + ")");
            assertThat(listedDormant).as("dormant or proposed practices").doesNotContain("(" + code + ")");
        }
        assertThat(page)
                .containsPattern(
                        "id=\"practices\"[^>]*>" + open.size() + " open in the ODS practice file imported on [^;<]+; "
                                + closed.size() + " closed, [^<;]*; " + dormant.size() + " dormant or proposed");
    }

    private List<String> directory(String where) {
        return jdbc.sql("select ods_code from practices.practice_directory where nation = 'ENGLAND' and " + where)
                .query(String.class)
                .list();
    }

    /** The items of a page's list, by the list's id. */
    private static String list(String page, String id) {
        int start = page.indexOf("id=\"" + id + "\"");
        assertThat(start).as("the page has a list " + id).isNotNegative();
        return page.substring(start, page.indexOf("</ul>", start));
    }

    @Test
    void unknownAreasAreNotFoundAndTheMonthsDownloadAsCsv() {
        assertThat(api.get("/api/insights/pressures/icb/ZZZ").status()).isEqualTo(404);
        assertThat(api.get("/api/insights/pressures/county/11X").status()).isEqualTo(404);
        Http anonymous = new Http(port);
        assertThat(anonymous.get("/pressures/icb/ZZZ").status()).isEqualTo(404);
        assertThat(anonymous.get("/api/insights/pressures/icb/" + SOMERSET_ICB).status())
                .isEqualTo(200);

        Http.Response csv = anonymous.get("/pressures/sub-icb/" + SOMERSET + "/appointments.csv");

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Disposition")).contains("pressures-sub-icb-11X-appointments.csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines).hasSize(31);
        assertThat(lines.get(1)).startsWith("2019-03,");
    }

    @Test
    void aDownloadForAnAreaThatIsNoneSaysWhichAreaIsUnknown() {
        Http anonymous = new Http(port);

        Http.Response appointments = anonymous.get("/pressures/sub-icb/ZZZ/appointments.csv");
        Http.Response workforce = anonymous.get("/pressures/lmc/No%20Such%20LMC/workforce.csv");

        assertThat(appointments.status()).isEqualTo(404);
        assertThat(appointments.body())
                .contains("There is no sub-ICB location ZZZ in England in the practices directory");
        assertThat(workforce.status()).isEqualTo(404);
        assertThat(workforce.body())
                .contains("There is no local medical committee No Such LMC in England in the practices directory");
    }

    @Test
    void eachShareOnThePageSaysItIsOfTheAppointmentsWhereThatIsRecorded() {
        List<Map<String, String>> august = rows(realFile("appointments-ccg-monthly-somerset.csv")).stream()
                .filter(row -> row.get("Appointment_Month").equals("AUG2021"))
                .toList();
        long gp = sum(august, row -> row.get("HCP_TYPE").equals("GP"));
        long staffKnown = sum(august, row -> !row.get("HCP_TYPE").equals("Unknown"));
        long all = sum(august, row -> true);
        JsonNode months =
                api.get("/api/insights/pressures/sub-icb/" + SOMERSET).json().get("appointments");
        // The file leaves 4,010 of August 2021's appointments without a staff type: 47.7% of the rest were with a GP,
        // 46.8% of them all.
        assertThat(find(months, "2021-08").get("gpSharePercent").asDouble())
                .isEqualTo(Math.round(1000.0 * gp / staffKnown) / 10.0)
                .isNotEqualTo(Math.round(1000.0 * gp / all) / 10.0);
        JsonNode latest = months.get(months.size() - 1);

        String page = new Http(port).get("/pressures/sub-icb/" + SOMERSET).body();
        // Each share is of the latest month, as the figures above it are, and says so.
        String in = " in "
                + YearMonth.parse(latest.get("month").asString())
                        .format(java.time.format.DateTimeFormatter.ofPattern("MMM yyyy", java.util.Locale.UK));

        assertThat(headline(page, "gp-share"))
                .isEqualTo(latest.get("gpSharePercent").decimalValue().toPlainString() + "% of appointments" + in
                        + " whose staff type is recorded");
        assertThat(headline(page, "face-to-face-share"))
                .isEqualTo(latest.get("faceToFaceSharePercent").decimalValue().toPlainString() + "% of appointments"
                        + in + " whose mode is recorded");
        assertThat(headline(page, "dna-rate"))
                .isEqualTo(latest.get("dnaRatePercent").decimalValue().toPlainString() + "% of appointments" + in
                        + " whose outcome is known");
        assertThat(headline(page, "same-day-share"))
                .isEqualTo(latest.get("sameDaySharePercent").decimalValue().toPlainString() + "% of appointments" + in
                        + " whose time from booking is recorded");
        assertThat(headline(page, "over-two-weeks-share"))
                .isEqualTo(latest.get("overTwoWeeksSharePercent").decimalValue().toPlainString() + "% of appointments"
                        + in + " whose time from booking is recorded");
    }

    @Test
    void aShareNotKnownOnThePageSaysWhichMonthItIsNotKnownFor() {
        String location = PublicationFixtures.areaCode();
        api.rebuildAreasWith(TestPractices.addInArea(jdbc, PublicationFixtures.areaCode(), location));
        YearMonth month = PublicationFixtures.unusedMonth();
        Http.Response imported = api.importInsights(
                "appointments",
                "sub-icb.csv",
                "",
                PublicationFixtures.utf8(AppointmentsImportTests.SUB_ICB_HEADER
                        + location + ",NHS Test ICB - " + location + ","
                        + month.format(AppointmentsImportTests.FILE_MONTH).toUpperCase(java.util.Locale.ROOT)
                        + ",Unknown,Unknown,Unknown,Unknown / Data Issue,120\n"));
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);

        String page = new Http(port).get("/pressures/sub-icb/" + location).body();
        String of = "Not known for "
                + month.format(java.time.format.DateTimeFormatter.ofPattern("MMM yyyy", java.util.Locale.UK)) + ": ";

        assertThat(headline(page, "gp-share")).isEqualTo(of + "no staff type recorded");
        assertThat(headline(page, "face-to-face-share")).isEqualTo(of + "no mode recorded");
        assertThat(headline(page, "dna-rate")).isEqualTo(of + "no outcome recorded");
        assertThat(headline(page, "same-day-share")).isEqualTo(of + "no time from booking recorded");
        assertThat(headline(page, "over-two-weeks-share")).isEqualTo(of + "no time from booking recorded");
    }

    /**
     * The registered patients and closures tables had no download beside them, while the appointments and workforce
     * tables had: every table the page shows downloads as CSV, with the figures the API gives.
     */
    @Test
    void everyTableOnAnAreasPageDownloadsAsCsvWithTheFiguresTheApiGives() {
        Http visitor = new Http(port);
        for (String path : List.of("/pressures", "/pressures/sub-icb/" + SOMERSET, "/pressures/icb/" + SOMERSET_ICB)) {
            String page = visitor.get(path).body();
            int tables = page.split("<table", -1).length - 1;
            assertThat(tables).as(path).isGreaterThanOrEqualTo(2);
            assertThat(java.util.regex.Pattern.compile("href=\"[^\"]*\\.csv\"")
                            .matcher(page)
                            .results()
                            .count())
                    .as("a download beside each of the tables on " + path)
                    .isEqualTo(tables);
        }
        String somerset = visitor.get("/pressures/sub-icb/" + SOMERSET).body();
        assertThat(somerset)
                .contains("href=\"/pressures/sub-icb/11X/closures.csv\"")
                .contains("id=\"closures-table\"");
        JsonNode pressures =
                api.get("/api/insights/pressures/sub-icb/" + SOMERSET).json();

        Http.Response closures = visitor.get("/pressures/sub-icb/" + SOMERSET + "/closures.csv");
        assertThat(closures.status()).as(closures.body()).isEqualTo(200);
        assertThat(closures.header("Content-Disposition")).contains("pressures-sub-icb-11X-closures.csv");
        List<String> expected = new ArrayList<>();
        expected.add("year,practices_closed_or_merged");
        pressures
                .get("closedOrMergedByYear")
                .properties()
                .forEach(year ->
                        expected.add(year.getKey() + "," + year.getValue().asInt()));
        assertThat(expected).hasSizeGreaterThan(1);
        // Each download starts with a byte order mark, so that spreadsheets read it as UTF-8.
        assertThat(closures.body().replace("\uFEFF", "").lines().toList()).isEqualTo(expected);

        Http.Response registered = visitor.get("/pressures/sub-icb/" + SOMERSET + "/registered.csv");
        assertThat(registered.status()).as(registered.body()).isEqualTo(200);
        List<String> extracts = new ArrayList<>();
        extracts.add("extracted_on,practices,patients");
        pressures
                .get("registered")
                .forEach(extract -> extracts.add(extract.get("extractedOn").asString() + ","
                        + extract.get("practices").asInt() + ","
                        + extract.get("patients").asLong()));
        assertThat(registered.body().replace("\uFEFF", "").lines().toList()).isEqualTo(extracts);

        assertThat(visitor.get("/pressures/closures.csv").status()).isEqualTo(200);
        assertThat(visitor.get("/pressures/registered.csv").status()).isEqualTo(200);
        Http.Response unknown = visitor.get("/pressures/sub-icb/ZZZ/registered.csv");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).contains("There is no sub-ICB location ZZZ in England in the practices directory");
    }

    private static JsonNode find(JsonNode months, String month) {
        for (JsonNode node : months) {
            if (node.get("month").asString().equals(month)) {
                return node;
            }
        }
        throw new AssertionError("No " + month + " in " + months);
    }

    private static long sum(List<Map<String, String>> rows, java.util.function.Predicate<Map<String, String>> which) {
        return rows.stream()
                .filter(which)
                .mapToLong(row -> Long.parseLong(row.get("COUNT_OF_APPOINTMENTS")))
                .sum();
    }

    /** Monday to Friday; bank holidays are taken off by the caller where the month has them. */
    private static int weekdays(YearMonth month) {
        int days = 0;
        for (LocalDate day = month.atDay(1); !day.isAfter(month.atEndOfMonth()); day = day.plusDays(1)) {
            if (day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY) {
                days++;
            }
        }
        return days;
    }
}
