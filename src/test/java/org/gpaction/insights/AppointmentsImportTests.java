package org.gpaction.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.insights.PublicationFixtures.areaCode;
import static org.gpaction.insights.PublicationFixtures.practiceCode;
import static org.gpaction.insights.PublicationFixtures.realFile;
import static org.gpaction.insights.PublicationFixtures.snapshot;
import static org.gpaction.insights.PublicationFixtures.unusedMonth;
import static org.gpaction.insights.PublicationFixtures.utf8;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gpaction.insights.PublicationFixtures.Api;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@GpActionTest
class AppointmentsImportTests {

    static final String NOTTINGHAM = "appointments-ccg-monthly-nottingham.csv";
    static final String SOMERSET = "appointments-ccg-monthly-somerset.csv";
    static final int MONTHS_IN_REAL_FILES = 30;
    static final String PRACTICE_HEADER = "APPOINTMENT_MONTH_START_DATE,GP_CODE,GP_NAME,SUPPLIER,PCN_CODE,PCN_NAME,"
            + "SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_NAME,HCP_TYPE,APPT_MODE,NATIONAL_CATEGORY,"
            + "TIME_BETWEEN_BOOK_AND_APPT,COUNT_OF_APPOINTMENTS,APPT_STATUS\r\n";
    static final String SUB_ICB_HEADER = "SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_NAME,Appointment_Month,APPT_STATUS,"
            + "HCP_TYPE,APPT_MODE,TIME_BETWEEN_BOOK_AND_APPT,COUNT_OF_APPOINTMENTS\n";
    static final DateTimeFormatter FILE_MONTH = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("MMMuuuu")
            .toFormatter(Locale.ENGLISH);
    static final DateTimeFormatter MONTH_START = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("'01'MMMuuuu")
            .toFormatter(Locale.ENGLISH);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Api api;

    @BeforeEach
    void signIn() {
        api = new Api(port);
    }

    @Test
    void theRealSubIcbFilesGiveTheFiguresTheirRowsAddUpTo() {
        for (String name : List.of(NOTTINGHAM, SOMERSET)) {
            byte[] file = realFile(name);
            Http.Response imported = api.importFile("appointments", name, file);
            assertThat(imported.status()).as(imported.body()).isEqualTo(201);
            assertThat(imported.json().get("period").asString()).isEqualTo("March 2019 to August 2021");
            int rows = (int) new String(file, StandardCharsets.UTF_8).lines().count() - 1;
            assertThat(imported.json().get("rowsRead").asInt()).isEqualTo(rows);
            assertThat(imported.json().get("rowsKept").asInt()).isEqualTo(rows);

            Map<YearMonth, long[]> expected = sumsOfRows(file);
            assertThat(expected).hasSize(MONTHS_IN_REAL_FILES);
            String subIcb = name.equals(NOTTINGHAM) ? "52R" : "11X";
            for (YearMonth month : List.of(
                    YearMonth.of(2019, 3), YearMonth.of(2020, 4), YearMonth.of(2021, 3), YearMonth.of(2021, 8))) {
                assertThat(figures(api.getPublic("/api/insights/appointments?subIcb=" + subIcb + "&month=" + month)))
                        .as(subIcb + " " + month)
                        .containsExactly(expected.get(month));
            }
        }
        assertThat(jdbc.sql("select name from insights.area_name where code = '52R' and kind = 'SUB_ICB'")
                        .query(String.class)
                        .single())
                .isEqualTo("NHS Nottingham and Nottinghamshire CCG");
        assertThat(jdbc.sql("select count(*) from insights.appointments_area where sub_icb_code in ('52R', '11X') "
                                + "and source = 'SUB_ICB'")
                        .query(Integer.class)
                        .single())
                .isEqualTo(2 * MONTHS_IN_REAL_FILES);
    }

    @Test
    void importingAFileAgainReplacesItsFiguresRatherThanAddingToThem() {
        byte[] file = realFile(NOTTINGHAM);
        assertThat(api.importFile("appointments", NOTTINGHAM, file).status()).isEqualTo(201);

        Http.Response again = api.importFile("appointments", NOTTINGHAM, file);

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("replaced").asInt()).isEqualTo(MONTHS_IN_REAL_FILES);
        assertThat(figures(api.getPublic("/api/insights/appointments?subIcb=52r&month=2020-01")))
                .containsExactly(sumsOfRows(file).get(YearMonth.of(2020, 1)));
        assertThat(jdbc.sql("select sum(appointments) from insights.appointments_area where sub_icb_code = '52R'")
                        .query(Long.class)
                        .single())
                .isEqualTo(sumsOfRows(file).values().stream()
                        .mapToLong(sums -> sums[0])
                        .sum());
    }

    @Test
    void aPracticeLevelFileGivesEachPracticeAndItsSubIcbLocationTheirFigures() {
        YearMonth month = unusedMonth();
        String area = areaCode();
        String first = practiceCode();
        String second = practiceCode();
        String file = PRACTICE_HEADER
                + practiceRow(
                        month,
                        first,
                        area,
                        "GP",
                        "Face-to-Face",
                        "General Consultation Routine",
                        "Same Day",
                        40,
                        "Attended")
                + practiceRow(
                        month,
                        first,
                        area,
                        "GP",
                        "Telephone",
                        "General Consultation Routine",
                        "15  to 21 Days",
                        7,
                        "DNA")
                + practiceRow(
                        month,
                        first,
                        area,
                        "Other Practice staff",
                        "Video Conference/Online",
                        "Clinical Triage",
                        "Unknown / Data Issue",
                        5,
                        "Unknown")
                + practiceRow(
                        month,
                        second,
                        area,
                        "GP",
                        "Face-to-Face",
                        "General Consultation Routine",
                        "8  to 14 Days",
                        11,
                        "Attended")
                + practiceRow(month, second, area, "Unknown", "Home Visit", "Home Visit", "Same Day", 2, "Attended");

        Http.Response imported = api.importFile("appointments", "practices.csv", utf8(file));

        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        assertThat(imported.json().get("period").asString())
                .isEqualTo(month.format(DateTimeFormatter.ofPattern("MMMM uuuu", Locale.UK)));
        assertThat(imported.json().get("rowsRead").asInt()).isEqualTo(5);
        JsonNode practice = api.getPublic("/api/insights/appointments?practice=" + first + "&month=" + month)
                .json();
        assertThat(fieldNames(practice))
                .containsExactly("practice", "month", "appointments", "attended", "dna", "gp", "faceToFace", "sameDay");
        assertThat(practice.get("practice").asString()).isEqualTo(first);
        assertThat(practice.get("month").asString()).isEqualTo(month.toString());
        assertThat(figures(practice)).containsExactly(52, 40, 7, 47, 40, 40);
        assertThat(figures(api.getPublic("/api/insights/appointments?subIcb=" + area + "&month=" + month)))
                .containsExactly(65, 53, 7, 58, 51, 42);
        assertThat(jdbc.sql("""
                                select source || ' ' || over_two_weeks || ' ' || wait_unknown
                                from insights.appointments_area where sub_icb_code = :area
                                """).param("area", area).query(String.class).single())
                .isEqualTo("PRACTICE 7 5");
    }

    @Test
    void aPracticeLevelFileReplacesEveryPracticeOfItsMonthsOfASubIcbLocation() {
        YearMonth month = unusedMonth();
        String area = areaCode();
        String staying = practiceCode();
        String leaving = practiceCode();
        String row = practiceRow(month, staying, area, "GP", "Telephone", "Triage", "1 Day", 10, "Attended");
        assertThat(api.importFile(
                                "appointments",
                                "first.csv",
                                utf8(PRACTICE_HEADER
                                        + row
                                        + practiceRow(
                                                month,
                                                leaving,
                                                area,
                                                "GP",
                                                "Telephone",
                                                "Triage",
                                                "1 Day",
                                                4,
                                                "Attended")))
                        .status())
                .isEqualTo(201);

        Http.Response again = api.importFile("appointments", "second.csv", utf8(PRACTICE_HEADER + row));

        assertThat(again.json().get("replaced").asInt()).isEqualTo(2);
        assertThat(api.getPublic("/api/insights/appointments?practice=" + leaving + "&month=" + month)
                        .status())
                .isEqualTo(404);
        assertThat(figures(api.getPublic("/api/insights/appointments?subIcb=" + area + "&month=" + month)))
                .containsExactly(10, 10, 0, 10, 0, 0);
    }

    @Test
    void practiceLevelFilesOfTwoSubIcbLocationsForOneMonthKeepBothLocationsPractices() {
        YearMonth month = unusedMonth();
        RealPractices somerset = RealPractices.dealt(SOMERSET, "MAR2021", month, areaCode(), 3);
        RealPractices nottingham = RealPractices.dealt(NOTTINGHAM, "MAR2021", month, areaCode(), 4);

        Http.Response first = api.importFile("appointments", "somerset-practices.csv", somerset.file());
        Http.Response second = api.importFile("appointments", "nottingham-practices.csv", nottingham.file());

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(second.status()).as(second.body()).isEqualTo(201);
        for (RealPractices location : List.of(somerset, nottingham)) {
            assertThatTheFiguresAreThoseOf(location, month);
        }
        assertThat(second.json().get("replaced").asInt()).isZero();
        assertThat(jdbc.sql("""
                                select sub_icb_code || ' ' || source from insights.appointments_area
                                where month = :month order by sub_icb_code
                                """)
                        .param("month", month.atDay(1))
                        .query(String.class)
                        .list())
                .containsExactlyInAnyOrder(somerset.area() + " PRACTICE", nottingham.area() + " PRACTICE");
    }

    @Test
    void aPracticeLevelFileOfOneSubIcbLocationImportedAgainReplacesThatLocationsPracticesOnly() {
        YearMonth month = unusedMonth();
        String somersetArea = areaCode();
        RealPractices somerset = RealPractices.dealt(SOMERSET, "MAR2021", month, somersetArea, 3);
        RealPractices nottingham = RealPractices.dealt(NOTTINGHAM, "MAR2021", month, areaCode(), 4);
        for (RealPractices location : List.of(somerset, nottingham)) {
            Http.Response imported = api.importFile("appointments", "practices.csv", location.file());
            assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        }
        // Somerset's file again, of another real month's rows, without the last of its practices, which left.
        List<String> staying = somerset.practices().subList(0, 2);
        String leaving = somerset.practices().get(2);
        RealPractices again = RealPractices.dealt(SOMERSET, "APR2020", month, somersetArea, staying);

        Http.Response replaced = api.importFile("appointments", "somerset-again.csv", again.file());

        assertThat(replaced.status()).as(replaced.body()).isEqualTo(201);
        assertThat(replaced.json().get("replaced").asInt()).isEqualTo(3);
        assertThat(api.getPublic("/api/insights/appointments?practice=" + leaving + "&month=" + month)
                        .status())
                .isEqualTo(404);
        assertThatTheFiguresAreThoseOf(again, month);
        assertThatTheFiguresAreThoseOf(nottingham, month);
        assertThat(jdbc.sql("select count(*) from insights.appointments_practice where month = :month")
                        .param("month", month.atDay(1))
                        .query(Integer.class)
                        .single())
                .isEqualTo(2 + 4);
    }

    @Test
    void aPracticeThatMovedSubIcbLocationIsCountedOnlyInTheOneTheLaterFileGives() {
        YearMonth month = unusedMonth();
        String left = areaCode();
        String joined = areaCode();
        String moving = practiceCode();
        String staying = practiceCode();
        assertThat(api.importFile(
                                "appointments",
                                "before.csv",
                                utf8(PRACTICE_HEADER
                                        + practiceRow(
                                                month,
                                                moving,
                                                left,
                                                "GP",
                                                "Telephone",
                                                "Triage",
                                                "1 Day",
                                                30,
                                                "Attended")
                                        + practiceRow(
                                                month,
                                                staying,
                                                left,
                                                "GP",
                                                "Telephone",
                                                "Triage",
                                                "1 Day",
                                                5,
                                                "Attended")))
                        .status())
                .isEqualTo(201);

        Http.Response moved = api.importFile(
                "appointments",
                "after.csv",
                utf8(PRACTICE_HEADER
                        + practiceRow(month, moving, joined, "GP", "Telephone", "Triage", "1 Day", 40, "Attended")));

        assertThat(moved.status()).as(moved.body()).isEqualTo(201);
        assertThat(moved.json().get("replaced").asInt()).isEqualTo(1);
        assertThat(areaRows(month)).containsExactly(left + " PRACTICE 5", joined + " PRACTICE 40");
    }

    @Test
    void aPracticeLevelFileOfSeveralMonthsReplacesEachMonthsLocationsOnly_notEveryLocationOfEveryMonth() {
        YearMonth first = unusedMonth();
        YearMonth second = unusedMonth();
        String a = areaCode();
        String b = areaCode();
        String inA = practiceCode();
        String inB = practiceCode();
        Http.Response earlier = api.importFile(
                "appointments",
                "earlier.csv",
                utf8(PRACTICE_HEADER
                        + practiceRow(first, inA, a, "GP", "Telephone", "Triage", "1 Day", 10, "Attended")
                        + practiceRow(first, inB, b, "GP", "Telephone", "Triage", "1 Day", 20, "Attended")
                        + practiceRow(second, inA, a, "GP", "Telephone", "Triage", "1 Day", 30, "Attended")
                        + practiceRow(second, inB, b, "GP", "Telephone", "Triage", "1 Day", 40, "Attended")));
        assertThat(earlier.status()).as(earlier.body()).isEqualTo(201);

        Http.Response later = api.importFile(
                "appointments",
                "later.csv",
                utf8(PRACTICE_HEADER
                        + practiceRow(first, inA, a, "GP", "Telephone", "Triage", "1 Day", 11, "Attended")
                        + practiceRow(second, inB, b, "GP", "Telephone", "Triage", "1 Day", 41, "Attended")));

        assertThat(later.status()).as(later.body()).isEqualTo(201);
        assertThat(later.json().get("replaced").asInt()).isEqualTo(2);
        assertThat(appointments("appointments_practice", "ods_code", first, second))
                .containsExactlyInAnyOrder(
                        first + " " + inA + " 11",
                        first + " " + inB + " 20",
                        second + " " + inA + " 30",
                        second + " " + inB + " 41");
        assertThat(appointments("appointments_area", "sub_icb_code", first, second))
                .containsExactlyInAnyOrder(
                        first + " " + a + " 11",
                        first + " " + b + " 20",
                        second + " " + a + " 30",
                        second + " " + b + " 41");
    }

    @Test
    void aPracticeThatMovesFromASubIcbLocationWhereItWasTheOnlyOneLeavesNoFiguresThere() {
        YearMonth month = unusedMonth();
        String left = areaCode();
        String joined = areaCode();
        String moving = practiceCode();
        String there = practiceCode();
        Http.Response before = api.importFile(
                "appointments",
                "before.csv",
                utf8(PRACTICE_HEADER
                        + practiceRow(month, moving, left, "GP", "Telephone", "Triage", "1 Day", 30, "Attended")
                        + practiceRow(month, there, joined, "GP", "Telephone", "Triage", "1 Day", 5, "Attended")));
        assertThat(before.status()).as(before.body()).isEqualTo(201);
        assertThat(appointments("appointments_area", "sub_icb_code", month))
                .containsExactlyInAnyOrder(month + " " + left + " 30", month + " " + joined + " 5");

        Http.Response moved = api.importFile(
                "appointments",
                "after.csv",
                utf8(PRACTICE_HEADER
                        + practiceRow(month, moving, joined, "GP", "Telephone", "Triage", "1 Day", 40, "Attended")
                        + practiceRow(month, there, joined, "GP", "Telephone", "Triage", "1 Day", 6, "Attended")));

        assertThat(moved.status()).as(moved.body()).isEqualTo(201);
        assertThat(moved.json().get("replaced").asInt()).isEqualTo(2);
        assertThat(appointments("appointments_area", "sub_icb_code", month))
                .as("the location left has no practice that month, so no figures; the one joined, both practices'")
                .containsExactly(month + " " + joined + " 46");
        assertThat(api.getPublic("/api/insights/appointments?subIcb=" + left + "&month=" + month)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void practicesTakeOverFromTheSubIcbFileOnlyInTheAreasTheyCover() {
        YearMonth month = unusedMonth();
        String covered = areaCode();
        String other = areaCode();
        String subIcbFile = SUB_ICB_HEADER + subIcbRow(covered, month, 1000) + subIcbRow(other, month, 500);
        assertThat(api.importFile("appointments", "sub-icb.csv", utf8(subIcbFile))
                        .status())
                .isEqualTo(201);

        assertThat(api.importFile(
                                "appointments",
                                "practices.csv",
                                utf8(PRACTICE_HEADER
                                        + practiceRow(
                                                month,
                                                practiceCode(),
                                                covered,
                                                "GP",
                                                "Telephone",
                                                "Triage",
                                                "1 Day",
                                                990,
                                                "Attended")))
                        .status())
                .isEqualTo(201);

        assertThat(areaRows(month)).containsExactly(covered + " PRACTICE 990", other + " SUB_ICB 500");
    }

    @Test
    void anAreaAddsUpToItsPracticesWhicheverOfTheTwoFilesIsImportedFirst() {
        for (boolean practicesFirst : List.of(true, false)) {
            String order = practicesFirst ? "practice-level file first" : "sub-ICB file first";
            YearMonth month = unusedMonth();
            String covered = areaCode();
            String other = areaCode();
            byte[] subIcbFile = utf8(SUB_ICB_HEADER + subIcbRow(covered, month, 1000) + subIcbRow(other, month, 500));
            byte[] practiceFile = utf8(PRACTICE_HEADER
                    + practiceRow(month, practiceCode(), covered, "GP", "Telephone", "Triage", "1 Day", 600, "Attended")
                    + practiceRow(
                            month, practiceCode(), covered, "GP", "Face-to-Face", "Triage", "Same Day", 390, "DNA"));

            Http.Response subIcb;
            if (practicesFirst) {
                assertThat(api.importFile("appointments", "practices.csv", practiceFile)
                                .status())
                        .isEqualTo(201);
                subIcb = api.importFile("appointments", "sub-icb.csv", subIcbFile);
            } else {
                subIcb = api.importFile("appointments", "sub-icb.csv", subIcbFile);
                assertThat(api.importFile("appointments", "practices.csv", practiceFile)
                                .status())
                        .isEqualTo(201);
            }

            assertThat(subIcb.status()).as(subIcb.body()).isEqualTo(201);
            assertThat(areaRows(month)).as(order).containsExactly(covered + " PRACTICE 990", other + " SUB_ICB 500");
            assertThat(figures(api.getPublic("/api/insights/appointments?subIcb=" + covered + "&month=" + month)))
                    .as(order)
                    .containsExactly(990, 600, 390, 990, 390, 390);
            assertThat(subIcb.json().get("rowsRead").asInt()).isEqualTo(2);
            assertThat(subIcb.json().get("rowsKept").asInt()).as(order).isEqualTo(practicesFirst ? 1 : 2);
            assertThat(subIcb.json().get("keptFromPractices").asInt()).as(order).isEqualTo(practicesFirst ? 1 : 0);
            assertThat(subIcb.json().get("replaced").asInt()).isZero();
        }
    }

    @Test
    void theImportsPageSaysHowManyMonthsOfAnAreaItsPracticesKept() {
        YearMonth month = unusedMonth();
        String first = areaCode();
        String second = areaCode();
        String practices = PRACTICE_HEADER
                + practiceRow(month, practiceCode(), first, "GP", "Telephone", "Triage", "1 Day", 10, "Attended")
                + practiceRow(month, practiceCode(), second, "GP", "Telephone", "Triage", "1 Day", 20, "Attended");
        assertThat(api.importFile("appointments", "practices.csv", utf8(practices))
                        .status())
                .isEqualTo(201);
        Http.Response oneKept =
                api.importFile("appointments", "one.csv", utf8(SUB_ICB_HEADER + subIcbRow(first, month, 100)));
        Http.Response twoKept = api.importFile(
                "appointments",
                "two.csv",
                utf8(SUB_ICB_HEADER + subIcbRow(first, month, 100) + subIcbRow(second, month, 200)));
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        String one = pages.get("/admin/insights/imports?imported="
                        + oneKept.json().get("id").asLong())
                .body();
        String two = pages.get("/admin/insights/imports?imported="
                        + twoKept.json().get("id").asLong())
                .body();

        assertThat(one)
                .contains(">0 rows in the figures<")
                .contains(">1 month of a sub-ICB location kept as its practices add up, from the practice-level "
                        + "file<");
        assertThat(two)
                .contains(">0 rows in the figures<")
                .contains(">2 months of sub-ICB locations kept as their practices add up, from the practice-level "
                        + "file<");
    }

    @Test
    void importsSentAtOnceQueueAndTheLastReplacesTheFirstWhole() throws Exception {
        YearMonth month = unusedMonth();
        String area = areaCode();
        int practices = 400;
        List<byte[]> files = new ArrayList<>();
        for (int file = 0; file < 2; file++) {
            StringBuilder rows = new StringBuilder(PRACTICE_HEADER);
            for (int i = 0; i < practices; i++) {
                String practice = practiceCode();
                for (String wait : List.of("Same Day", "1 Day", "2 to 7 Days", "8  to 14 Days")) {
                    rows.append(practiceRow(
                            month, practice, area, "GP", "Telephone", "Triage", wait, file + 1, "Attended"));
                }
            }
            files.add(utf8(rows.toString()));
        }
        for (int round = 0; round < 3; round++) {
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                List<Future<Http.Response>> sent = new ArrayList<>();
                for (byte[] file : files) {
                    sent.add(threads.submit(() -> {
                        start.await();
                        return api.importFile("appointments", "at-once.csv", file);
                    }));
                }
                start.countDown();
                Set<Integer> replaced = new HashSet<>();
                for (Future<Http.Response> response : sent) {
                    assertThat(response.get().status())
                            .as(response.get().body())
                            .isEqualTo(201);
                    replaced.add(response.get().json().get("replaced").asInt());
                }
                // Each import replaced every practice of the one before it, never a half-written month.
                assertThat(replaced).isEqualTo(round == 0 ? Set.of(0, practices) : Set.of(practices));
            } finally {
                threads.shutdown();
            }
            long total = jdbc.sql("select appointments from insights.appointments_area where sub_icb_code = :area")
                    .param("area", area)
                    .query(Long.class)
                    .single();
            assertThat(total).isIn(4L * practices, 8L * practices);
            assertThat(jdbc.sql("select count(*) from insights.appointments_practice where month = :month")
                            .param("month", month.atDay(1))
                            .query(Integer.class)
                            .single())
                    .isEqualTo(practices);
        }
    }

    @Test
    void aFileWithAByteOrderMarkIsRead() {
        YearMonth month = unusedMonth();
        String practice = practiceCode();
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        file.writeBytes(utf8(PRACTICE_HEADER
                + practiceRow(month, practice, areaCode(), "GP", "Telephone", "Triage", "Same Day", 3, "Attended")));

        Http.Response imported = api.importFile("appointments", "bom.csv", file.toByteArray());

        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        assertThat(figures(api.getPublic("/api/insights/appointments?practice=" + practice + "&month=" + month)))
                .containsExactly(3, 3, 0, 3, 0, 3);
    }

    @Test
    void aFileOfAnotherKindIsRefusedWithOneProblemSayingWhatItLooksLike() {
        String before = snapshot(jdbc);

        JsonNode payments = refused(api.importFile("appointments", "payments.csv", realFile("payments-2022-23.csv")));
        JsonNode epraccur = refused(api.importFile("appointments", "epraccur.csv", realFile("epraccur.csv")));
        JsonNode workforce = refused(api.importFile("workforce", "appointments.csv", realFile(NOTTINGHAM)));

        assertThat(payments.get("problemCount").asInt()).isEqualTo(1);
        assertThat(payments.get("problems").get(0).get("message").asString())
                .isEqualTo("This looks like NHS Payments to General Practice, not Appointments in General "
                        + "Practice: import it on Import NHS figures as payments (format=payments)");
        assertThat(epraccur.get("problemCount").asInt()).isEqualTo(1);
        assertThat(epraccur.get("problems").get(0).get("message").asString())
                .startsWith("This looks like the NHS ODS practice file (epraccur), not Appointments");
        assertThat(workforce.get("problems").get(0).get("field").asString()).isEqualTo("month");
        assertThat(api.importWorkforce("2021-03", "appointments.csv", realFile(NOTTINGHAM))
                        .json()
                        .get("problems")
                        .get(0)
                        .get("message")
                        .asString())
                .startsWith("This looks like Appointments in General Practice, sub-ICB level, not General "
                        + "Practice Workforce");
        assertThat(snapshot(jdbc)).isEqualTo(before);
    }

    @Test
    void badFilesAreRefusedNamingLineAndFieldAndChangeNothing() {
        YearMonth month = unusedMonth();
        String area = areaCode();
        String practice = practiceCode();
        String good = practiceRow(month, practice, area, "GP", "Telephone", "Triage", "1 Day", 10, "Attended");
        assertThat(api.importFile("appointments", "good.csv", utf8(PRACTICE_HEADER + good))
                        .status())
                .isEqualTo(201);
        String before = snapshot(jdbc);

        byte[] latin1 = (PRACTICE_HEADER + good.replace("THE SURGERY", "CAF\u00c9 SURGERY") + good)
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThat(problems(api.importFile("appointments", "latin1.csv", latin1)))
                .containsExactly("2 file");
        assertThat(problems(api.importFile(
                        "appointments", "missing.csv", utf8(PRACTICE_HEADER.replace("APPT_STATUS", "STATUS") + good))))
                .containsExactly("1 header");
        assertThat(problems(api.importFile("appointments", "header-only.csv", utf8(PRACTICE_HEADER))))
                .containsExactly("2 file");
        assertThat(problems(api.importFile(
                        "appointments",
                        "duplicate.csv",
                        utf8(PRACTICE_HEADER
                                + good
                                + good.replace(",10,", ",12,").replace("1 Day", "1  DAY")))))
                .containsExactly("3 row");
        YearMonth next = YearMonth.now().plusMonths(1);
        assertThat(problems(api.importFile(
                        "appointments",
                        "future.csv",
                        utf8(PRACTICE_HEADER
                                + good.replace(",10,", ",1,")
                                + practiceRow(
                                        next, practice, area, "GP", "Telephone", "Triage", "1 Day", 1, "Attended")))))
                .containsExactly("3 APPOINTMENT_MONTH_START_DATE");
        assertThat(problems(api.importFile(
                        "appointments",
                        "bad-values.csv",
                        utf8(PRACTICE_HEADER
                                + practiceRow(
                                        month, practice, area, "Nurse", "Telephone", "Triage", "1 Day", 1, "Attended")
                                + practiceRow(
                                        month, practice, area, "GP", "Telephone", "Triage", "Same Day", -3, "Attended")
                                + practiceRow(
                                        month,
                                        practice,
                                        area,
                                        "GP",
                                        "Telephone",
                                        "Triage",
                                        "2 to 7 Days",
                                        1_234_567_890L,
                                        "Attended")))))
                .containsExactly("2 HCP_TYPE", "3 COUNT_OF_APPOINTMENTS", "4 COUNT_OF_APPOINTMENTS");

        assertThat(snapshot(jdbc)).isEqualTo(before);
    }

    @Test
    void theAppointmentsOfAnAreaAreReadWithoutSigningIn() {
        assertThat(api.importFile("appointments", SOMERSET, realFile(SOMERSET)).status())
                .isEqualTo(201);

        Http.Response area = api.getPublic("/api/insights/appointments?subIcb=11X&month=2021-03");

        assertThat(area.status()).isEqualTo(200);
        assertThat(fieldNames(area.json()))
                .containsExactly("subIcb", "month", "appointments", "attended", "dna", "gp", "faceToFace", "sameDay");
        assertThat(area.json().get("subIcb").asString()).isEqualTo("11X");
        assertThat(area.json().get("month").asString()).isEqualTo("2021-03");
    }

    @Test
    void questionsTheFiguresCannotAnswerAreNamed() {
        Http.Response none = api.getPublic("/api/insights/appointments?subIcb=" + areaCode() + "&month=2021-03");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.header("content-type")).startsWith("application/problem+json");

        assertThat(badParameter("/api/insights/appointments?subIcb=52R&month=March"))
                .isEqualTo("month");
        assertThat(badParameter("/api/insights/appointments?subIcb=52R&month=2021-13"))
                .isEqualTo("month");
        assertThat(badParameter("/api/insights/appointments?subIcb=52R")).isEqualTo("month");
        assertThat(badParameter("/api/insights/appointments?subIcb=%3Cscript%3E&month=2021-03"))
                .isEqualTo("subIcb");
        assertThat(badParameter("/api/insights/appointments?practice=A81001%27--&month=2021-03"))
                .isEqualTo("practice");
        assertThat(badParameter("/api/insights/appointments?month=2021-03")).isEqualTo("subIcb");
        assertThat(badParameter("/api/insights/appointments?subIcb=52R&practice=A81001&month=2021-03"))
                .isEqualTo("practice");
    }

    @Test
    void theApiDocumentDescribesTheAnswer() {
        Http.Response document = new Http(port).get("/api/openapi.json", api.adminToken);
        assertThat(document.status()).isEqualTo(200);
        JsonNode operation =
                document.json().get("paths").get("/api/insights/appointments").get("get");
        assertThat(operation.get("summary").asString()).startsWith("Appointments in one month");
        assertThat(fieldNames(document.json()
                        .get("components")
                        .get("schemas")
                        .get("AreaAppointments")
                        .get("properties")))
                .containsExactly("subIcb", "month", "appointments", "attended", "dna", "gp", "faceToFace", "sameDay");
    }

    private String badParameter(String path) {
        Http.Response response = api.getPublic(path);
        assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(400);
        assertThat(response.header("content-type")).startsWith("application/problem+json");
        return response.json().get("errors").get(0).get("field").asString();
    }

    static String practiceRow(
            YearMonth month,
            String practice,
            String area,
            String hcp,
            String mode,
            String category,
            String wait,
            long count,
            String status) {
        return String.join(
                        ",",
                        month.format(MONTH_START).toUpperCase(Locale.ROOT),
                        practice,
                        "THE SURGERY",
                        "EMIS",
                        "U00001",
                        "A PCN",
                        area,
                        "\"NHS Test ICB - " + area + ", North\"",
                        hcp,
                        mode,
                        category,
                        wait,
                        String.valueOf(count),
                        status)
                + "\r\n";
    }

    /**
     * Each sub-ICB location's row of the month, as its code, source and appointments: those from practices before those
     * from the sub-ICB file, then by fewest appointments.
     */
    private List<String> areaRows(YearMonth month) {
        return jdbc.sql("""
                        select sub_icb_code || ' ' || source || ' ' || appointments
                        from insights.appointments_area where month = :month order by source, appointments
                        """).param("month", month.atDay(1)).query(String.class).list();
    }

    /** Each row of these months in the table, as its month, code and appointments. */
    private List<String> appointments(String table, String codeColumn, YearMonth... months) {
        return jdbc.sql("""
                        select to_char(month, 'YYYY-MM') || ' ' || %s || ' ' || appointments from insights.%s
                        where month = any(cast(:months as date[]))
                        """.formatted(codeColumn, table))
                .param(
                        "months",
                        List.of(months).stream().map(m -> m.atDay(1).toString()).toArray(String[]::new))
                .query(String.class)
                .list();
    }

    private void assertThatTheFiguresAreThoseOf(RealPractices location, YearMonth month) {
        for (String practice : location.practices()) {
            assertThat(figures(api.getPublic("/api/insights/appointments?practice=" + practice + "&month=" + month)))
                    .as(location.source() + " " + practice)
                    .containsExactly(location.figures().get(practice));
        }
        assertThat(figures(api.getPublic("/api/insights/appointments?subIcb=" + location.area() + "&month=" + month)))
                .as(location.source())
                .containsExactly(
                        sumsOfRows(realFile(location.source())).get(YearMonth.parse(location.realMonth(), FILE_MONTH)));
    }

    /**
     * A practice-level file of one sub-ICB location for a month, made from the rows of one month of a real sub-ICB
     * file, dealt in turn to the practices; and each practice's figures, added up as {@link #sumsOfRows} adds them.
     */
    record RealPractices(
            String source,
            String realMonth,
            String area,
            List<String> practices,
            byte[] file,
            Map<String, long[]> figures) {

        static RealPractices dealt(String realFile, String realMonth, YearMonth month, String area, int practices) {
            List<String> codes = new ArrayList<>();
            for (int i = 0; i < practices; i++) {
                codes.add(practiceCode());
            }
            return dealt(realFile, realMonth, month, area, codes);
        }

        static RealPractices dealt(
                String realFile, String realMonth, YearMonth month, String area, List<String> practices) {
            StringBuilder file = new StringBuilder(PRACTICE_HEADER);
            Map<String, long[]> figures = new HashMap<>();
            int next = 0;
            for (Map<String, String> row : InsightsFixtures.rows(realFile(realFile))) {
                if (!row.get("Appointment_Month").equals(realMonth)) {
                    continue;
                }
                String practice = practices.get(next++ % practices.size());
                long count = Long.parseLong(row.get("COUNT_OF_APPOINTMENTS"));
                file.append(practiceRow(
                        month,
                        practice,
                        area,
                        row.get("HCP_TYPE"),
                        row.get("APPT_MODE"),
                        "General Consultation Routine",
                        row.get("TIME_BETWEEN_BOOK_AND_APPT"),
                        count,
                        row.get("APPT_STATUS")));
                addTo(
                        figures.computeIfAbsent(practice, unused -> new long[6]),
                        count,
                        row.get("APPT_STATUS"),
                        row.get("HCP_TYPE"),
                        row.get("APPT_MODE"),
                        row.get("TIME_BETWEEN_BOOK_AND_APPT"));
            }
            assertThat(figures).as(realFile + " " + realMonth).containsOnlyKeys(practices);
            return new RealPractices(realFile, realMonth, area, List.copyOf(practices), utf8(file.toString()), figures);
        }
    }

    static String subIcbRow(String area, YearMonth month, long count) {
        return area + ",NHS Test ICB - " + area + "," + month.format(FILE_MONTH).toUpperCase(Locale.ROOT)
                + ",Attended,GP,Face-to-Face,Same Day," + count + "\n";
    }

    /** Added up here from the raw file, apart from the import: appointments, attended, DNA, GP, face to face, same day. */
    static Map<YearMonth, long[]> sumsOfRows(byte[] file) {
        Map<YearMonth, long[]> sums = new HashMap<>();
        new String(file, StandardCharsets.UTF_8).lines().skip(1).forEach(line -> {
            String[] fields = line.split(",", -1);
            addTo(
                    sums.computeIfAbsent(YearMonth.parse(fields[7], FILE_MONTH), m -> new long[6]),
                    Long.parseLong(fields[12]),
                    fields[8],
                    fields[9],
                    fields[10],
                    fields[11]);
        });
        return sums;
    }

    /** Adds a row's count to the sums of {@link #sumsOfRows}, by its status, staff, mode and wait. */
    private static void addTo(long[] sums, long count, String status, String hcp, String mode, String wait) {
        sums[0] += count;
        sums[1] += status.equals("Attended") ? count : 0;
        sums[2] += status.equals("DNA") ? count : 0;
        sums[3] += hcp.equals("GP") ? count : 0;
        sums[4] += mode.equals("Face-to-Face") ? count : 0;
        sums[5] += wait.equals("Same Day") ? count : 0;
    }

    private static long[] figures(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return figures(response.json());
    }

    private static long[] figures(JsonNode json) {
        return List.of("appointments", "attended", "dna", "gp", "faceToFace", "sameDay").stream()
                .mapToLong(name -> json.get(name).asLong())
                .toArray();
    }

    private static List<String> fieldNames(JsonNode json) {
        List<String> names = new ArrayList<>();
        json.propertyNames().forEach(names::add);
        return names;
    }

    private static JsonNode refused(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        return response.json();
    }

    private static List<String> problems(Http.Response response) {
        List<String> problems = new ArrayList<>();
        refused(response)
                .get("problems")
                .forEach(problem -> problems.add(
                        problem.get("line").asInt() + " " + problem.get("field").asString()));
        return problems;
    }
}
