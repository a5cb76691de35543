package org.gpaction.practices.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.gpaction.common.imports.FileNames;
import org.gpaction.common.imports.ImportRejected;
import org.gpaction.practices.ContractType;
import org.gpaction.practices.Nation;
import org.gpaction.practices.PracticeStatus;
import org.junit.jupiter.api.Test;

/** Reading each file format on its own, without the database. */
class ImportFilesTests {

    static final long MAX = 1024 * 1024;

    static final LocalDate TODAY = LocalDate.of(2026, 12, 3);

    @Test
    void theNationComesFromTheNationalGrouping() {
        assertThat(Nations.ofNationalGrouping("W00")).isEqualTo(Nation.WALES);
        assertThat(Nations.ofNationalGrouping("Y54")).isEqualTo(Nation.ENGLAND);
        assertThat(Nations.ofNationalGrouping("Y63")).isEqualTo(Nation.ENGLAND);
        assertThat(Nations.ofNationalGrouping("SA9")).isEqualTo(Nation.SCOTLAND);
        assertThat(Nations.ofNationalGrouping("ZC0")).isEqualTo(Nation.NORTHERN_IRELAND);
        assertThat(Nations.ofNationalGrouping("Y99")).isEqualTo(Nation.UNKNOWN);
        assertThat(Nations.ofNationalGrouping("")).isEqualTo(Nation.UNKNOWN);
    }

    @Test
    void anEpraccurRowBecomesAPractice() {
        EpraccurFile file = EpraccurFile.read("e.csv", bytes(row("a81001", "20240229", "", "d")), MAX);

        OdsPractice practice = file.practices().get(0);
        assertThat(practice.odsCode()).isEqualTo("A81001");
        assertThat(practice.status()).isEqualTo(PracticeStatus.DORMANT);
        assertThat(practice.openedOn()).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(practice.closedOn()).isNull();
        assertThat(practice.addressLines()).containsExactly("THE HEALTH CENTRE", "STOCKTON ON TEES");
        assertThat(practice.nation()).isEqualTo(Nation.ENGLAND);
        assertThat(file.rowsRead()).isEqualTo(1);
    }

    @Test
    void datesMustBeRealDaysAndAClosureCannotComeBeforeTheOpening() {
        String file = row("A00001", "20230229", "", "A")
                + row("A00002", "2023-01-01", "", "A")
                + row("A00003", "20200101", "20191231", "C");
        assertThat(problems(() -> EpraccurFile.read("e.csv", bytes(file), MAX)))
                .containsExactly("1 field 11 (open date)", "2 field 11 (open date)", "3 field 12 (close date)");
    }

    @Test
    void missingCodesAndNamesAreNamed() {
        String file = row("", "20200101", "", "A").replace("\"THE DENSHAM SURGERY\"", "\"\"");
        assertThat(problems(() -> EpraccurFile.read("e.csv", bytes(file), MAX)))
                .containsExactly("1 field 1 (organisation code)", "1 field 2 (name)");
    }

    @Test
    void aPracticeWithNoNationalGroupingIsNamedRatherThanPlacedInNoNation() {
        String file = row("A00001", "20200101", "", "A").replace("\"Y63\"", "\"\"")
                + row("A00002", "20200101", "", "A").replace("\"Y63\"", "\"Y-63\"")
                + row("A00003", "20200101", "", "A");
        assertThat(problems(() -> EpraccurFile.read("e.csv", bytes(file), MAX)))
                .containsExactly("1 field 3 (national grouping)", "2 field 3 (national grouping)");
    }

    @Test
    void anEmptyFileIsRefused() {
        assertThat(problems(() -> EpraccurFile.read("e.csv", bytes(""), MAX))).containsExactly("1 file");
        assertThat(problems(() -> ContractTypesFile.read("c.csv", bytes(""), MAX)))
                .containsExactly("1 header");
    }

    @Test
    void contractTypesAreReadInAnyCaseAndOtherTypesAreNamed() {
        ContractTypesFile file =
                ContractTypesFile.read("c.csv", bytes("Contract_Type,ODS_Code\r\n pms , a81001 \r\n"), MAX);
        assertThat(file.contracts().get(0).odsCode()).isEqualTo("A81001");
        assertThat(file.contracts().get(0).type()).isEqualTo(ContractType.PMS);

        ContractTypesFile bad = ContractTypesFile.read("c.csv", bytes("ods_code,contract_type\nA81001,GPMS\n"), MAX);
        assertThat(problems(() -> bad.problems().refuseIfAny())).containsExactly("2 contract_type");
    }

    @Test
    void listSizeExtractDatesAreReadAsTheNhsWritesThem() {
        ListSizesFile file = ListSizesFile.read(
                "l.csv", bytes("CODE,NUMBER_OF_PATIENTS,EXTRACT_DATE\nA81001,0,01sep2024\n"), MAX, TODAY);
        assertThat(file.sizes().get(0).extractedOn()).isEqualTo(LocalDate.of(2024, 9, 1));
        assertThat(file.sizes().get(0).patients()).isZero();
    }

    @Test
    void listSizeExtractDatesAreReadInTheNewerFormToo() {
        ListSizesFile file = ListSizesFile.read(
                "l.csv",
                bytes("PUBLICATION,EXTRACT_DATE,TYPE,SUB_ICB_LOCATION_CODE,CODE,NUMBER_OF_PATIENTS\n"
                        + "GP_PRAC_PAT_LIST,2026-03-01,GP,16C,A81001,3743\n"),
                MAX,
                TODAY);
        assertThat(file.extractedOn()).isEqualTo(LocalDate.of(2026, 3, 1));
        assertThat(file.sizes().get(0).patients()).isEqualTo(3_743);
    }

    @Test
    void anExtractDateInNeitherFormIsRefusedNamingBoth() {
        ImportRejected thrown = catchThrowableOfType(
                ImportRejected.class,
                () -> ListSizesFile.read(
                        "l.csv",
                        bytes("CODE,NUMBER_OF_PATIENTS,EXTRACT_DATE\nA81001,5,2026-02-30\nA81002,5,1/3/2026\n"),
                        MAX,
                        TODAY));
        assertThat(thrown.problems()).hasSize(2);
        assertThat(thrown.problems().get(0).message()).contains("2026-02-30", "01JAN2021", "2026-03-01");
    }

    @Test
    void aListSizesFileHoldsOneExtract() {
        String file = "CODE,NUMBER_OF_PATIENTS,EXTRACT_DATE\nA81001,5,01MAR2026\nA81002,6,2026-03-01\n"
                + "A81003,7,2026-04-01\n";
        ImportRejected thrown =
                catchThrowableOfType(ImportRejected.class, () -> ListSizesFile.read("l.csv", bytes(file), MAX, TODAY));
        assertThat(thrown.problems()).hasSize(1);
        assertThat(thrown.problems().get(0).line()).isEqualTo(4);
        assertThat(thrown.problems().get(0).field()).isEqualTo("EXTRACT_DATE");
        assertThat(thrown.problems().get(0).message()).contains("line 2", "one extract per file");
    }

    @Test
    void anExtractDatedAfterTodayOrBefore2000IsRefused() {
        for (String date : List.of("01JAN2062", "2026-12-04", "01JAN1999", "0000-01-01")) {
            ImportRejected thrown = catchThrowableOfType(
                    ImportRejected.class,
                    () -> ListSizesFile.read(
                            "l.csv",
                            bytes("CODE,NUMBER_OF_PATIENTS,EXTRACT_DATE\nA81001,5," + date + "\n"),
                            MAX,
                            TODAY));
            assertThat(thrown).as(date).isNotNull();
            assertThat(thrown.problems().get(0).field()).isEqualTo("EXTRACT_DATE");
            assertThat(thrown.problems().get(0).message()).contains(date);
        }
        assertThat(ListSizesFile.read(
                                "l.csv",
                                bytes("CODE,NUMBER_OF_PATIENTS,EXTRACT_DATE\nA81001,5,2026-12-03\n"),
                                MAX,
                                TODAY)
                        .extractedOn())
                .isEqualTo(TODAY);
    }

    @Test
    void aControlCharacterOrAYearOutsideTheNhsIsNamedByLineAndFieldNotSentToTheDatabase() {
        String file = row("A00001", "20200101", "", "A").replace("THE DENSHAM SURGERY", "THE\u0000SURGERY")
                + row("A00002", "00000101", "", "A")
                + row("A00003", "20200101", "", "A\u0000");
        ImportRejected thrown =
                catchThrowableOfType(ImportRejected.class, () -> EpraccurFile.read("e.csv", bytes(file), MAX));
        assertThat(problems(() -> EpraccurFile.read("e.csv", bytes(file), MAX)))
                .containsExactly("1 field 2", "2 field 11 (open date)", "3 field 13", "3 field 13 (status)");
        assertThat(thrown.problems().get(0).message()).contains("Character 4", "U+0000");
        assertThat(thrown.problems())
                .allSatisfy(problem -> assertThat(problem.message()).doesNotContain("\u0000"));
        assertThat(problems(
                        () -> ContractTypesFile.read("c.csv", bytes("ods_code,contract_type\nA81001,G\u0000MS\n"), MAX)
                                .problems()
                                .refuseIfAny()))
                .containsExactly("2 contract_type", "2 contract_type");
    }

    @Test
    void aFileOfMoreRowsThanAnyPracticesFileIsRefusedAsItIsReadAndItsProblemsAreCapped() {
        StringBuilder file = new StringBuilder("ods_code,contract_type\n");
        for (int i = 0; i <= Problems.MOST_ROWS; i++) {
            file.append("X,Y\n");
        }
        ImportRejected thrown = catchThrowableOfType(
                ImportRejected.class, () -> ContractTypesFile.read("c.csv", bytes(file.toString()), MAX));
        assertThat(thrown.problems()).hasSize(ImportRejected.MAX_REPORTED);
        assertThat(thrown.problems().get(0).field()).isEqualTo("file");
        assertThat(thrown.problems().get(0).message()).contains("more than 50,000 rows");
        assertThat(thrown.problems().get(1).line())
                .as("then the rows' problems, in order")
                .isEqualTo(2);
    }

    @Test
    void overlongTextIsNamedByLineAndFieldNotSentToTheDatabase() {
        String huge = "X".repeat(2 * 1024 * 1024);
        String file = row("A00001", "20200101", "", "A").replace("THE DENSHAM SURGERY", huge)
                + row("A00002", "20200101", "", "A").replace("TS18 1HU", huge)
                + row("A00003", "20200101", "", "A").replace("THE HEALTH CENTRE", huge)
                + row("A00004", "20200101", "", "A").replace("01642 672351", huge);
        assertThat(problems(() -> EpraccurFile.read("e.csv", bytes(file), 16 * MAX)))
                .containsExactly(
                        "1 field 2 (name)",
                        "2 field 10 (postcode)",
                        "3 field 5 (address line)",
                        "4 field 18 (telephone)");
    }

    @Test
    void anLmcAreaBelongsToOneLmc() {
        LmcAreasFile file =
                LmcAreasFile.read("m.csv", bytes("lmc_name,area_code\nCleveland  LMC,16c\nDurham LMC,16C\n"), MAX);
        assertThat(file.areas().get(0).lmcName()).isEqualTo("Cleveland LMC");
        assertThat(problems(() -> file.problems().refuseIfAny())).containsExactly("3 area_code");
    }

    @Test
    void anLmcNameNoWebAddressCouldHoldIsNamedByLine() {
        // Each LMC has a pressures page at /pressures/lmc/{name}; the firewall refuses an address holding an encoded
        // slash, backslash, percent sign or semicolon, so an LMC so named would have a page nobody could open.
        LmcAreasFile file = LmcAreasFile.read(
                "m.csv",
                bytes("lmc_name,area_code\nKent/Medway LMC,16C\nAvon & Somerset LMC,11X\nA%B LMC,QHM\n"
                        + "A\\B LMC,15N\nA;B LMC,15C\n"),
                MAX);
        assertThat(problems(() -> file.problems().refuseIfAny()))
                .containsExactly("2 lmc_name", "4 lmc_name", "5 lmc_name", "6 lmc_name");
    }

    @Test
    void fileNamesLoseTheirPathAndControlCharacters() {
        assertThat(FileNames.clean("C:\\Users\\pm\\epraccur.csv", "x")).isEqualTo("epraccur.csv");
        assertThat(FileNames.clean("../../etc/passwd", "x")).isEqualTo("passwd");
        assertThat(FileNames.clean("list\r\nFAKE LOG LINE.csv", "x")).isEqualTo("listFAKE LOG LINE.csv");
        assertThat(FileNames.clean("  ", "fallback.csv")).isEqualTo("fallback.csv");
        assertThat(FileNames.clean("a".repeat(500), "x")).hasSize(FileNames.MAX_LENGTH);
    }

    private static String row(String code, String opened, String closed, String status) {
        String[] fields = {
            code,
            "THE DENSHAM SURGERY",
            "Y63",
            "QHM",
            "THE HEALTH CENTRE",
            "",
            "STOCKTON ON TEES",
            "",
            "",
            "TS18 1HU",
            opened,
            closed,
            status,
            "B",
            "16C",
            "20200401",
            "",
            "01642 672351",
            "",
            "",
            "",
            "0",
            "",
            "16C",
            "",
            "4",
            ""
        };
        return Arrays.stream(fields).map(field -> "\"" + field + "\"").collect(Collectors.joining(",")) + "\n";
    }

    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> problems(Runnable read) {
        ImportRejected thrown = catchThrowableOfType(ImportRejected.class, read::run);
        assertThat(thrown).as("the file should be refused").isNotNull();
        return thrown.problems().stream()
                .map(problem -> problem.line() + " " + problem.field())
                .toList();
    }
}
