package org.gpaction.insights.appointments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.TreeSet;
import org.gpaction.common.imports.ImportProblem;
import org.gpaction.common.imports.ImportRejected;
import org.gpaction.insights.imports.AreaNames;
import org.gpaction.insights.imports.Months;
import org.junit.jupiter.api.Test;

/** Reading the appointments files on their own, without the database. */
class AppointmentsFileTests {

    static final long MAX = 1024 * 1024;
    static final YearMonth NOW = YearMonth.of(2024, 11);
    static final String PRACTICE_HEADER = "APPOINTMENT_MONTH_START_DATE,GP_CODE,GP_NAME,SUPPLIER,PCN_CODE,PCN_NAME,"
            + "SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_NAME,HCP_TYPE,APPT_MODE,NATIONAL_CATEGORY,"
            + "TIME_BETWEEN_BOOK_AND_APPT,COUNT_OF_APPOINTMENTS,APPT_STATUS\n";
    static final String SUB_ICB_HEADER = "SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_ONS_CODE,SUB_ICB_LOCATION_NAME,"
            + "ICB_ONS_CODE,ICB_NAME,REGION_ONS_CODE,REGION_NAME,Appointment_Month,APPT_STATUS,HCP_TYPE,APPT_MODE,"
            + "TIME_BETWEEN_BOOK_AND_APPT,COUNT_OF_APPOINTMENTS\n";

    static String practiceRow(
            String month,
            String practice,
            String hcp,
            String mode,
            String category,
            String wait,
            long count,
            String status) {
        return String.join(
                        ",",
                        month,
                        practice,
                        "THE SURGERY",
                        "EMIS",
                        "U00001",
                        "A PCN",
                        "52R",
                        "NHS Nottingham and Nottinghamshire ICB - 52R",
                        hcp,
                        mode,
                        category,
                        wait,
                        String.valueOf(count),
                        status)
                + "\n";
    }

    static String subIcbRow(String month, String status, String hcp, String mode, String wait, String count) {
        return String.join(
                        ",",
                        "11X",
                        "E38000150",
                        "NHS Somerset ICB - 11X",
                        "E54000038",
                        "NHS Somerset ICB",
                        "E40000006",
                        "South West",
                        month,
                        status,
                        hcp,
                        mode,
                        wait,
                        count)
                + "\n";
    }

    @Test
    void bandsAreReadWhateverTheirSpacingAndCase() {
        String file = PRACTICE_HEADER
                + practiceRow("01OCT2024", "A81001", "GP", "Face-to-Face", "Routine", "Same Day", 10, "Attended")
                + practiceRow("01OCT2024", "A81001", "gp", "face-to-face", "Routine", "15  to 21 Days", 5, "DNA")
                + practiceRow("01OCT2024", "A81001", "GP", "Telephone", "Routine", " 22   TO 28 days ", 7, "Attended")
                + practiceRow(
                        "01OCT2024",
                        "A81001",
                        "Unknown",
                        "Video Conference/Online",
                        "Routine",
                        "More than 28 Days",
                        2,
                        "Unknown")
                + practiceRow(
                        "01OCT2024",
                        "A81001",
                        "Other Practice staff",
                        "Home Visit",
                        "Routine",
                        "Unknown / Data Issue",
                        3,
                        "Attended")
                + practiceRow("01OCT2024", "A81001", "GP", "Unknown", "Routine", "8  to 14 Days", 4, "Attended");

        AppointmentsFile read = read(file);

        assertThat(read.shape()).isEqualTo(AppointmentsFile.Shape.PRACTICE);
        assertThat(read.rowsRead()).isEqualTo(6);
        Figures figures = read.practices()
                .get(new AppointmentsFile.PracticeMonth(YearMonth.of(2024, 10), "A81001"))
                .figures();
        assertThat(figures.get(Figures.APPOINTMENTS)).isEqualTo(31);
        assertThat(figures.get(Figures.ATTENDED)).isEqualTo(24);
        assertThat(figures.get(Figures.DNA)).isEqualTo(5);
        assertThat(figures.get(Figures.STATUS_UNKNOWN)).isEqualTo(2);
        assertThat(figures.get(Figures.GP)).isEqualTo(26);
        assertThat(figures.get(Figures.OTHER_STAFF)).isEqualTo(3);
        assertThat(figures.get(Figures.FACE_TO_FACE)).isEqualTo(15);
        assertThat(figures.get(Figures.VIDEO_ONLINE)).isEqualTo(2);
        assertThat(figures.get(Figures.MODE_UNKNOWN)).isEqualTo(4);
        assertThat(figures.get(Figures.SAME_DAY)).isEqualTo(10);
        assertThat(figures.get(Figures.OVER_TWO_WEEKS)).isEqualTo(14);
        assertThat(figures.get(Figures.WAIT_UNKNOWN)).isEqualTo(3);
        assertThat(read.areaNames())
                .containsEntry(
                        "52R",
                        new AreaNames.Named("NHS Nottingham and Nottinghamshire ICB - 52R", YearMonth.of(2024, 10)));
    }

    @Test
    void newerSubIcbFilesNameTheSubIcbLocationAndOlderOnesTheCcg() {
        AppointmentsFile read = read(SUB_ICB_HEADER
                + subIcbRow("MAR2023", "Attended", "GP", "Video/Online", "Same Day", "12")
                + subIcbRow("apr2023", "DNA", "GP", "Video/Online", "Same Day", "3"));

        assertThat(read.shape()).isEqualTo(AppointmentsFile.Shape.SUB_ICB);
        assertThat(read.months()).containsExactly(YearMonth.of(2023, 3), YearMonth.of(2023, 4));
        assertThat(read.areas()
                        .get(new AppointmentsFile.AreaMonth(YearMonth.of(2023, 3), "11X"))
                        .get(Figures.VIDEO_ONLINE))
                .isEqualTo(12);
        assertThat(read.areaNames())
                .containsEntry("11X", new AreaNames.Named("NHS Somerset ICB - 11X", YearMonth.of(2023, 4)));
    }

    @Test
    void theUnknownWaitIsReadUnderItsLaterNameToo() {
        // Releases from 2022 on call the band "Unknown / Data Quality"; the 2019-2021 files "Unknown / Data Issue".
        String file = SUB_ICB_HEADER
                + subIcbRow("MAR2023", "Attended", "GP", "Telephone", "Unknown / Data Quality", "6")
                + subIcbRow("MAR2023", "DNA", "GP", "Telephone", "unknown /  data quality", "2")
                + subIcbRow("MAR2023", "Attended", "GP", "Face-to-Face", "Unknown / Data Issue", "3")
                + subIcbRow("MAR2023", "Attended", "GP", "Telephone", "Same Day", "5");

        Figures figures = read(file).areas().get(new AppointmentsFile.AreaMonth(YearMonth.of(2023, 3), "11X"));

        assertThat(figures.get(Figures.APPOINTMENTS)).isEqualTo(16);
        assertThat(figures.get(Figures.WAIT_UNKNOWN)).isEqualTo(11);
        assertThat(figures.get(Figures.SAME_DAY)).isEqualTo(5);
        assertThat(figures.get(Figures.OVER_TWO_WEEKS)).isZero();
        assertThat(problems(SUB_ICB_HEADER
                        + subIcbRow("MAR2023", "Attended", "GP", "Telephone", "Unknown / Data Quality", "6")
                        + subIcbRow("MAR2023", "Attended", "GP", "Telephone", "Unknown / Data Issue", "3")))
                .as("the two names are one band, so a row under each is the same row twice")
                .extracting(p -> p.line() + " " + p.field())
                .containsExactly("3 row");
    }

    @Test
    void anUnknownValueIsNamedWithTheValuesAccepted() {
        List<ImportProblem> problems = problems(SUB_ICB_HEADER
                + subIcbRow("MAR2023", "Attended", "Nurse", "Face-to-Face", "Same Day", "1")
                + subIcbRow("MAR2023", "Attended", "GP", "Carrier pigeon", "29 Days", "1"));

        assertThat(problems)
                .extracting(p -> p.line() + " " + p.field())
                .containsExactly("2 HCP_TYPE", "3 APPT_MODE", "3 TIME_BETWEEN_BOOK_AND_APPT");
        assertThat(problems.get(0).message())
                .isEqualTo("\"Nurse\" is not a HCP_TYPE the NHS publishes: use one of GP, Other Practice staff, "
                        + "Unknown");
    }

    @Test
    void countsAreWholeNumbersOfZeroOrMore() {
        assertThat(problems(SUB_ICB_HEADER
                        + subIcbRow("MAR2023", "Attended", "GP", "Telephone", "1 Day", "-1")
                        + subIcbRow("MAR2023", "DNA", "GP", "Telephone", "1 Day", "1.5")
                        + subIcbRow("MAR2023", "Unknown", "GP", "Telephone", "1 Day", "")
                        + subIcbRow("MAR2023", "Attended", "GP", "Telephone", "Same Day", "0")))
                .extracting(p -> p.line() + " " + p.field())
                .containsExactly("2 COUNT_OF_APPOINTMENTS", "3 COUNT_OF_APPOINTMENTS", "4 COUNT_OF_APPOINTMENTS");
    }

    @Test
    void aRowGivenTwiceNamesBothLines() {
        String row = practiceRow("01OCT2024", "A81001", "GP", "Telephone", "Routine", "1 Day", 1, "Attended");
        String file = PRACTICE_HEADER
                + row
                + practiceRow("01OCT2024", "A81001", "GP", "Telephone", "Urgent", "1 Day", 1, "Attended")
                + row.replace("1 Day", "1  day");

        List<ImportProblem> problems = problems(file);

        assertThat(problems).extracting(p -> p.line() + " " + p.field()).containsExactly("4 row");
        assertThat(problems.get(0).message()).contains("repeats line 2");
    }

    @Test
    void aPracticeThatChangedClinicalSystemInTheMonthHasTheRowsOfEachSystemAddedUp() {
        String emis = practiceRow("01OCT2024", "A81001", "GP", "Telephone", "Routine", "1 Day", 7, "Attended");
        String tpp = emis.replace(",EMIS,", ",TPP,").replace(",7,", ",5,");
        String tppDna = practiceRow("01OCT2024", "A81001", "GP", "Telephone", "Routine", "1 Day", 2, "DNA")
                .replace(",EMIS,", ",TPP,");

        AppointmentsFile read = read(PRACTICE_HEADER + emis + tpp + tppDna);

        Figures figures = read.practices()
                .get(new AppointmentsFile.PracticeMonth(YearMonth.of(2024, 10), "A81001"))
                .figures();
        assertThat(figures.get(Figures.APPOINTMENTS)).isEqualTo(14);
        assertThat(figures.get(Figures.ATTENDED)).isEqualTo(12);
        assertThat(figures.get(Figures.DNA)).isEqualTo(2);

        List<ImportProblem> repeated = problems(PRACTICE_HEADER + emis + tpp + tpp.replace(",TPP,", ", tpp ,"));
        assertThat(repeated)
                .as("the same clinical system twice is the same row twice")
                .extracting(p -> p.line() + " " + p.field())
                .containsExactly("4 row");
        assertThat(repeated.get(0).message()).contains("repeats line 3");
    }

    @Test
    void monthsAfterThisOneAndDaysOtherThanTheFirstAreRefused() {
        assertThat(problems(PRACTICE_HEADER
                        + practiceRow("01DEC2024", "A81001", "GP", "Telephone", "Routine", "1 Day", 1, "Attended")
                        + practiceRow("15OCT2024", "A81002", "GP", "Telephone", "Routine", "1 Day", 1, "Attended")
                        + practiceRow("01NOV2024", "A81003", "GP", "Telephone", "Routine", "1 Day", 1, "Attended")))
                .extracting(p -> p.line() + " " + p.field())
                .containsExactly("2 APPOINTMENT_MONTH_START_DATE", "3 APPOINTMENT_MONTH_START_DATE");
    }

    @Test
    void theCurrentMonthIsTheMonthInLondon() {
        assertThat(Months.current(Instant.parse("2024-09-30T23:30:00Z"))).isEqualTo(YearMonth.of(2024, 10));
        assertThat(Months.current(Instant.parse("2024-12-31T23:30:00Z"))).isEqualTo(YearMonth.of(2024, 12));
        assertThat(Months.period(new TreeSet<>(List.of(YearMonth.of(2021, 8), YearMonth.of(2019, 3)))))
                .isEqualTo("March 2019 to August 2021");
    }

    @Test
    void aPracticeIsInOneSubIcbLocationAMonth() {
        String file = PRACTICE_HEADER
                + practiceRow("01OCT2024", "A81001", "GP", "Telephone", "Routine", "1 Day", 1, "Attended")
                + practiceRow("01OCT2024", "A81001", "GP", "Telephone", "Routine", "Same Day", 1, "Attended")
                        .replace(",52R,", ",11X,");
        assertThat(problems(file))
                .extracting(p -> p.line() + " " + p.field())
                .containsExactly("3 SUB_ICB_LOCATION_CODE");
    }

    @Test
    void aHeaderWithoutRowsOrWithoutAColumnIsRefused() {
        assertThat(problems(PRACTICE_HEADER))
                .extracting(p -> p.line() + " " + p.field())
                .containsExactly("2 file");
        List<ImportProblem> missing = problems(SUB_ICB_HEADER.replace("APPT_MODE,", "")
                + subIcbRow("MAR2023", "Attended", "GP", "Telephone", "Same Day", "1"));
        assertThat(missing)
                .extracting(ImportProblem::message)
                .containsExactly("The header row has no column APPT_MODE, which the sub-ICB Appointments in General "
                        + "Practice file has: check this is the whole file as published");
    }

    @Test
    void aFileOfAnotherKindIsRefusedSayingWhatItLooksLike() {
        List<ImportProblem> workforce = problems("PRAC_CODE,PRAC_NAME,TOTAL_GP_EXTGL_FTE\nA81001,X,1\n");
        assertThat(workforce).hasSize(1);
        assertThat(workforce.get(0).message())
                .startsWith("This looks like General Practice Workforce, practice level, not Appointments in "
                        + "General Practice");
        assertThat(problems("A,B\n1,2\n").get(0).message())
                .startsWith("The header row has no column CCG_CODE, APPOINTMENT_MONTH");
    }

    @Test
    void countsAreReadAsDigitsOnly() {
        assertThat(AppointmentsReader.count("0")).isZero();
        assertThat(AppointmentsReader.count(" 1042 ")).isEqualTo(1042);
        assertThat(AppointmentsReader.count("999999999")).isEqualTo(999_999_999L);
        assertThat(AppointmentsReader.count("1000000000")).isEqualTo(-1);
        assertThat(AppointmentsReader.count("+1")).isEqualTo(-1);
        assertThat(AppointmentsReader.count("1e3")).isEqualTo(-1);
        assertThat(AppointmentsReader.count("")).isEqualTo(-1);
    }

    @Test
    void theRowsSeenFindEveryRepeatAmongAMillion() {
        SeenRows seen = new SeenRows();
        for (int i = 1; i <= 1_000_000; i++) {
            assertThat(seen.putIfAbsent(i * 1_000_003L, i)).isZero();
        }
        for (int i = 1; i <= 1_000_000; i += 99_999) {
            assertThat(seen.putIfAbsent(i * 1_000_003L, 0)).isEqualTo(i);
        }
    }

    private static AppointmentsFile read(String file) {
        return AppointmentsFile.read("a.csv", stream(file), MAX, NOW);
    }

    private static List<ImportProblem> problems(String file) {
        ImportRejected thrown = catchThrowableOfType(ImportRejected.class, () -> read(file));
        assertThat(thrown).as("the file should be refused").isNotNull();
        return thrown.problems();
    }

    private static ByteArrayInputStream stream(String file) {
        return new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8));
    }
}
