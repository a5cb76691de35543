package org.gpaction.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.insights.PublicationFixtures.areaCode;
import static org.gpaction.insights.PublicationFixtures.practiceCode;
import static org.gpaction.insights.PublicationFixtures.realFile;
import static org.gpaction.insights.PublicationFixtures.snapshot;
import static org.gpaction.insights.PublicationFixtures.unusedMonth;
import static org.gpaction.insights.PublicationFixtures.utf8;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.gpaction.insights.PublicationFixtures.Api;
import org.gpaction.insights.imports.FileProblems;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@GpActionTest
class WorkforceImportTests {

    static final String HEADER = "PRAC_CODE,PRAC_NAME,PCN_CODE,PCN_NAME,SUB_ICB_CODE,SUB_ICB_NAME,ICB_CODE,ICB_NAME,"
            + "REGION_CODE,REGION_NAME,TOTAL_PATIENTS,TOTAL_GP_HC,TOTAL_GP_FTE,TOTAL_GP_EXTGL_FTE,TOTAL_NURSES_FTE,"
            + "TOTAL_DPC_FTE,TOTAL_ADMIN_FTE\n";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Api api;

    @BeforeEach
    void signIn() {
        api = new Api(port);
    }

    static String row(String practice, String subIcb, String icb, String patients, String gpFte, String qualified) {
        return String.join(
                        ",",
                        practice,
                        "THE SURGERY",
                        "U00001",
                        "A PCN",
                        subIcb,
                        "\"NHS Test ICB - " + subIcb + "\"",
                        icb,
                        "NHS Test Integrated Care Board",
                        "Y60",
                        "MIDLANDS",
                        patients,
                        "7",
                        gpFte,
                        qualified,
                        "2.5",
                        "",
                        "6.1333333333")
                + "\n";
    }

    @Test
    void aMonthOfPracticesGivesEachSubIcbLocationItsPatientsAndQualifiedGps() {
        YearMonth month = unusedMonth();
        String area = areaCode();
        String icb = areaCode();
        String first = practiceCode();
        String second = practiceCode();
        String file = HEADER
                + row(first, area, icb, "10000", "5.3333333333", "4.1666666667")
                + row(second, area, icb, "6000", "3", "2.005");

        Http.Response imported = api.importWorkforce(month.toString(), "workforce.csv", utf8(file));

        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        assertThat(imported.json().get("rowsRead").asInt()).isEqualTo(2);
        assertThat(imported.json().get("format").asString()).isEqualTo("workforce");
        assertThat(jdbc.sql("""
                                select practices || ' ' || total_patients || ' ' || gp_fte || ' ' || qualified_fte
                                from insights.workforce_area where sub_icb_code = :area and month = :month
                                """)
                        .param("area", area)
                        .param("month", month.atDay(1))
                        .query(String.class)
                        .single())
                .isEqualTo("2 16000 8.33 6.18");
        assertThat(jdbc.sql("""
                                select coalesce(nurses_fte::text, '-') || ' ' || coalesce(dpc_fte::text, '-') || ' '
                                       || coalesce(admin_fte::text, '-') || ' ' || icb_code
                                from insights.workforce_practice where ods_code = :code
                                """).param("code", first).query(String.class).single())
                .isEqualTo("2.50 - 6.13 " + icb);
        assertThat(jdbc.sql(
                                "select kind || ' ' || name from insights.area_name where code in (:area, :icb) order by kind")
                        .param("area", area)
                        .param("icb", icb)
                        .query(String.class)
                        .list())
                .containsExactly("ICB NHS Test Integrated Care Board", "SUB_ICB NHS Test ICB - " + area);
    }

    @Test
    void aFileOfOneRowIsToldOnTheImportsPageInTheSingular() {
        String file = HEADER + row(practiceCode(), areaCode(), areaCode(), "6000", "3", "2.005");
        Http.Response imported = api.importWorkforce(unusedMonth().toString(), "workforce.csv", utf8(file));
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        String page = pages.get("/admin/insights/imports?imported="
                        + imported.json().get("id").asLong())
                .body();

        assertThat(page).contains(">1 row read<").contains(">0 figures from earlier imports replaced<");
    }

    @Test
    void importingAMonthAgainReplacesItsPractices() {
        YearMonth month = unusedMonth();
        String area = areaCode();
        String staying = practiceCode();
        api.importWorkforce(
                month.toString(),
                "first.csv",
                utf8(HEADER
                        + row(staying, area, "QT1", "100", "1", "1")
                        + row(practiceCode(), area, "QT1", "50", "1", "1")));

        Http.Response again = api.importWorkforce(
                month.toString(), "second.csv", utf8(HEADER + row(staying, area, "QT1", "120", "2", "1.5")));

        assertThat(again.status()).as(again.body()).isEqualTo(201);
        assertThat(again.json().get("replaced").asInt()).isEqualTo(2);
        assertThat(jdbc.sql(
                                "select practices || ' ' || total_patients || ' ' || qualified_fte from insights.workforce_area "
                                        + "where sub_icb_code = :area")
                        .param("area", area)
                        .query(String.class)
                        .single())
                .isEqualTo("1 120 1.50");
    }

    /**
     * NHS Digital publishes one practice-level file for all of England each month, but a file cut down to some areas
     * (an LMC's, say) is read as theirs: importing it leaves the month's other areas as they were, as a practice-level
     * appointments file does, and a practice it gives under another location than before has moved from that one.
     */
    @Test
    void aFileOfSomeAreasReplacesTheirPracticesAndLeavesTheMonthsOtherAreasAsTheyWere() {
        YearMonth month = unusedMonth();
        String north = areaCode();
        String south = areaCode();
        String moving = practiceCode();
        String staying = practiceCode();
        String southern = practiceCode();
        Http.Response first = api.importWorkforce(
                month.toString(),
                "north.csv",
                utf8(HEADER + row(moving, north, "QT1", "100", "1", "1") + row(staying, north, "QT1", "50", "1", "1")));
        assertThat(first.status()).as(first.body()).isEqualTo(201);

        Http.Response other = api.importWorkforce(
                month.toString(), "south.csv", utf8(HEADER + row(southern, south, "QT1", "30", "1", "1")));

        assertThat(other.status()).as(other.body()).isEqualTo(201);
        assertThat(other.json().get("replaced").asInt())
                .as("nothing of the north replaced")
                .isZero();
        assertThat(areas(month, north, south)).containsExactly(north + " 2 150", south + " 1 30");

        Http.Response moved = api.importWorkforce(
                month.toString(),
                "south-again.csv",
                utf8(HEADER
                        + row(southern, south, "QT1", "40", "1", "1")
                        + row(moving, south, "QT1", "110", "1", "1")));

        assertThat(moved.status()).as(moved.body()).isEqualTo(201);
        assertThat(moved.json().get("replaced").asInt())
                .as("the south's practice replaced, and the practice moved removed from the north")
                .isEqualTo(2);
        assertThat(areas(month, north, south)).containsExactly(north + " 1 50", south + " 2 150");
        assertThat(jdbc.sql("""
                                select count(*) from insights.workforce_practice
                                where month = :month and ods_code = :code
                                """)
                        .param("month", month.atDay(1))
                        .param("code", moving)
                        .query(Integer.class)
                        .single())
                .as("the practice that moved is counted once")
                .isOne();
    }

    /** The month's figures of each area named, as "code practices patients", in the order named. */
    private List<String> areas(YearMonth month, String... codes) {
        List<String> found = new ArrayList<>();
        for (String code : codes) {
            jdbc.sql("""
                            select sub_icb_code || ' ' || practices || ' ' || total_patients
                            from insights.workforce_area where month = :month and sub_icb_code = :code
                            """)
                    .param("month", month.atDay(1))
                    .param("code", code)
                    .query(String.class)
                    .optional()
                    .ifPresent(found::add);
        }
        return found;
    }

    @Test
    void anAreaKeepsTheNameOfTheLatestMonthImported_notOfTheLastFileImported() {
        String area = areaCode();
        YearMonth older = unusedMonth();
        YearMonth newer = unusedMonth();
        Http.Response current = api.importWorkforce(
                newer.toString(), "newer.csv", utf8(HEADER + row(practiceCode(), area, "QT1", "100", "1", "1")));
        assertThat(current.status()).as(current.body()).isEqualTo(201);

        // The older publications name the place as the CCG it was then.
        Http.Response ccg = api.importFile(
                "appointments",
                "ccg.csv",
                utf8("CCG_CODE,CCG_NAME,Appointment_Month,APPT_STATUS,HCP_TYPE,APPT_MODE,TIME_BETWEEN_BOOK_AND_APPT,"
                        + "COUNT_OF_APPOINTMENTS\n"
                        + area + ",NHS Old CCG," + older.format(AppointmentsImportTests.FILE_MONTH)
                        + ",Attended,GP,Face-to-Face,Same Day,5\n"));
        assertThat(ccg.status()).as(ccg.body()).isEqualTo(201);
        Http.Response earlier = api.importWorkforce(
                older.toString(),
                "older.csv",
                utf8(HEADER
                        + row(practiceCode(), area, "QT1", "90", "1", "1")
                                .replace("NHS Test ICB - " + area, "NHS Old CCG")));
        assertThat(earlier.status()).as(earlier.body()).isEqualTo(201);

        assertThat(areaName(area)).isEqualTo("NHS Test ICB - " + area);

        Http.Response renamed = api.importFile(
                "appointments",
                "renamed.csv",
                utf8(AppointmentsImportTests.SUB_ICB_HEADER
                        + AppointmentsImportTests.subIcbRow(area, newer, 7)
                                .replace("NHS Test ICB - " + area, "NHS Renamed ICB - " + area)));
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(201);
        assertThat(areaName(area))
                .as("a file for the same month names it again")
                .isEqualTo("NHS Renamed ICB - " + area);
    }

    @Test
    void aFileOfSeveralMonthsNamesAnAreaAsItsLatestMonthDoes_whateverOrderItsRowsAreIn() {
        String area = areaCode();
        YearMonth older = unusedMonth();
        YearMonth newer = unusedMonth();
        Http.Response file = api.importFile(
                "appointments",
                "two-months.csv",
                utf8(AppointmentsImportTests.SUB_ICB_HEADER
                        + AppointmentsImportTests.subIcbRow(area, newer, 7)
                        + AppointmentsImportTests.subIcbRow(area, older, 5)
                                .replace("NHS Test ICB - " + area, "NHS Old CCG")));
        assertThat(file.status()).as(file.body()).isEqualTo(201);
        assertThat(areaName(area)).isEqualTo("NHS Test ICB - " + area);

        // Stamped with its own latest month (the older), not the file's, an area's name from a file's older rows
        // gives way to a file for a month between.
        String gone = areaCode();
        YearMonth first = unusedMonth();
        YearMonth between = unusedMonth();
        YearMonth last = unusedMonth();
        Http.Response span = api.importFile(
                "appointments",
                "span.csv",
                utf8(AppointmentsImportTests.SUB_ICB_HEADER
                        + AppointmentsImportTests.subIcbRow(gone, first, 3)
                                .replace("NHS Test ICB - " + gone, "NHS Old CCG")
                        + AppointmentsImportTests.subIcbRow(area, last, 4)));
        assertThat(span.status()).as(span.body()).isEqualTo(201);
        Http.Response workforce = api.importWorkforce(
                between.toString(), "between.csv", utf8(HEADER + row(practiceCode(), gone, "QT1", "100", "1", "1")));
        assertThat(workforce.status()).as(workforce.body()).isEqualTo(201);
        assertThat(areaName(gone)).isEqualTo("NHS Test ICB - " + gone);
    }

    private String areaName(String code) {
        return jdbc.sql("select name from insights.area_name where code = :code")
                .param("code", code)
                .query(String.class)
                .single();
    }

    @Test
    void aFormatThatIsNoneOfThePublicationsIsRefusedListingThem() {
        Http.Response response = api.importFile("spreadsheet", "x.csv", utf8("a,b\n"));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("format");
        assertThat(response.json().get("errors").get(0).get("message").asString())
                .isEqualTo("Say what the file holds: format=payments, appointments or workforce");
    }

    @Test
    void aWorkforceFileWithoutItsMonthOrWithBadRowsChangesNothing() {
        YearMonth month = unusedMonth();
        String area = areaCode();
        String practice = practiceCode();
        String good = HEADER + row(practice, area, "QT1", "100", "1", "1");
        String before = snapshot(jdbc);

        assertThat(problems(api.importWorkforce("", "w.csv", utf8(good)))).containsExactly("1 month");
        assertThat(problems(api.importWorkforce("March 2024", "w.csv", utf8(good))))
                .containsExactly("1 month");
        assertThat(problems(api.importWorkforce(YearMonth.now().plusMonths(2).toString(), "w.csv", utf8(good))))
                .containsExactly("1 month");
        assertThat(problems(api.importWorkforce(
                        month.toString(),
                        "w.csv",
                        utf8(HEADER
                                + row(practice, area, "QT1", "100", "1", "1")
                                + row(practice, area, "QT1", "many", "-1", "\"1,5\"")
                                + row(practiceCode(), "", "QT1", "100", "1", "x")))))
                .containsExactly(
                        "3 PRAC_CODE",
                        "3 TOTAL_PATIENTS",
                        "3 TOTAL_GP_FTE",
                        "3 TOTAL_GP_EXTGL_FTE",
                        "4 SUB_ICB_CODE",
                        "4 TOTAL_GP_EXTGL_FTE");
        assertThat(problems(api.importWorkforce(
                        month.toString(), "w.csv", utf8(HEADER.replace(",TOTAL_GP_FTE", ",GP_FTE") + "\n"))))
                .containsExactly("1 header");
        assertThat(problems(api.importWorkforce(month.toString(), "w.csv", utf8(HEADER))))
                .containsExactly("2 file");
        Http.Response payments = api.importWorkforce(month.toString(), "p.csv", realFile("payments-2018-19.csv"));
        assertThat(problems(payments)).containsExactly("1 file");
        assertThat(payments.json().get("problems").get(0).get("message").asString())
                .startsWith("This looks like NHS Payments to General Practice, not General Practice Workforce");

        assertThat(snapshot(jdbc)).isEqualTo(before);
    }

    /** 'NA' and 'ND' are read only as NHS Digital writes them: any other text is still no number. */
    @Test
    void notAvailableIsReadOnlyAsPublished_otherTextIsStillRefused() {
        YearMonth month = unusedMonth();
        String area = areaCode();
        String before = snapshot(jdbc);

        Http.Response refused = api.importWorkforce(
                month.toString(),
                "w.csv",
                utf8(HEADER
                        + row(practiceCode(), area, "QT1", "100", "NA", "ND")
                        + row(practiceCode(), area, "QT1", "100", "na", "N/A")));

        assertThat(problems(refused)).containsExactly("3 TOTAL_GP_FTE", "3 TOTAL_GP_EXTGL_FTE");
        assertThat(refused.body()).contains("\\\"na\\\" is not a number of full-time equivalents");
        assertThat(snapshot(jdbc)).isEqualTo(before);
    }

    @Test
    void fullTimeEquivalentsMoreThanAnAreaCanAddUpAreRefusedNamingTheirLineAndColumn() {
        YearMonth month = unusedMonth();
        String area = areaCode();
        String before = snapshot(jdbc);

        Http.Response refused = api.importWorkforce(
                month.toString(),
                "w.csv",
                utf8(HEADER
                        + row(practiceCode(), area, "QT1", "100", "9999.99", "1")
                        + row(practiceCode(), area, "QT1", "100", "10000", "999999.5")));

        assertThat(problems(refused)).containsExactly("3 TOTAL_GP_FTE", "3 TOTAL_GP_EXTGL_FTE");
        assertThat(refused.body()).contains("less than 10000");
        assertThat(snapshot(jdbc)).isEqualTo(before);
    }

    @Test
    void fullTimeEquivalentsAreReadToAsManyDecimalsAsTheFileWritesAndInExponentForm() {
        // NHS Digital writes floating-point values to 15 significant digits; statistics software writes very small
        // ones with an exponent. Each is rounded half up to two places, from the third decimal.
        YearMonth month = unusedMonth();
        String area = areaCode();
        String icb = areaCode();
        String first = practiceCode();
        String second = practiceCode();
        String third = practiceCode();
        String file = HEADER
                + row(first, area, icb, "5903", "12.2666666666667", "0.933333333333333")
                + row(second, area, icb, "100", "1E-3", "1.2345678901234567E1")
                + row(third, area, icb, "100", "0.994999999999999", "3.1234567890123456789012345678901234567890")
                        .replace(",6.1333333333", ",2.5e-001");

        Http.Response imported = api.importWorkforce(month.toString(), "workforce.csv", utf8(file));

        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        assertThat(jdbc.sql("""
                                select ods_code || ' ' || gp_fte || ' ' || qualified_fte || ' ' || admin_fte
                                from insights.workforce_practice where ods_code in (:codes) order by ods_code
                                """)
                        .param("codes", List.of(first, second, third))
                        .query(String.class)
                        .list())
                .containsExactlyInAnyOrder(
                        first + " 12.27 0.93 6.13", second + " 0.00 12.35 6.13", third + " 0.99 3.12 0.25");
        assertThat(jdbc.sql("""
                                select gp_fte || ' ' || qualified_fte from insights.workforce_area
                                where sub_icb_code = :area and month = :month
                                """)
                        .param("area", area)
                        .param("month", month.atDay(1))
                        .query(String.class)
                        .single())
                .isEqualTo("13.26 16.40");

        String before = snapshot(jdbc);
        Http.Response refused = api.importWorkforce(
                month.toString(),
                "w.csv",
                utf8(HEADER
                        + row(practiceCode(), area, icb, "100", "-1E-3", "1E4")
                        + row(practiceCode(), area, icb, "100", "1.00000E4", "1e-4000")
                        + row(practiceCode(), area, icb, "100", "00012345.6", "1.5.")
                        + row(practiceCode(), area, icb, "100", "NaN", "0x10")));
        assertThat(problems(refused))
                .containsExactly(
                        "2 TOTAL_GP_FTE",
                        "2 TOTAL_GP_EXTGL_FTE",
                        "3 TOTAL_GP_FTE",
                        "3 TOTAL_GP_EXTGL_FTE",
                        "4 TOTAL_GP_FTE",
                        "4 TOTAL_GP_EXTGL_FTE",
                        "5 TOTAL_GP_FTE",
                        "5 TOTAL_GP_EXTGL_FTE");
        assertThat(refused.body())
                .contains("\\\"-1E-3\\\" is not a number of full-time equivalents", "less than 10000");
        assertThat(snapshot(jdbc)).isEqualTo(before);
    }

    @Test
    void aFileWithMoreRowsThanEnglandHasPracticesIsRefusedAsItIsRead() {
        YearMonth month = unusedMonth();
        String area = areaCode();
        StringBuilder file = new StringBuilder(HEADER);
        for (int i = 0; i <= FileProblems.MOST_PRACTICE_ROWS; i++) {
            file.append(row(String.format("Y%05d", i), area, "QT1", "100", "1", "1"));
        }
        String before = snapshot(jdbc);

        Http.Response refused = api.importWorkforce(month.toString(), "w.csv", utf8(file.toString()));

        assertThat(problems(refused)).containsExactly((FileProblems.MOST_PRACTICE_ROWS + 2) + " file");
        assertThat(refused.json().get("problems").get(0).get("message").asString())
                .contains("more than 50,000 rows");
        assertThat(snapshot(jdbc)).isEqualTo(before);
    }

    private static List<String> problems(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        List<String> problems = new ArrayList<>();
        response.json()
                .get("problems")
                .forEach(problem -> problems.add(
                        problem.get("line").asInt() + " " + problem.get("field").asString()));
        return problems;
    }
}
