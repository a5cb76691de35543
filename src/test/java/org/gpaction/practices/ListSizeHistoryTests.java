package org.gpaction.practices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.practices.PracticeFixtures.practiceCode;
import static org.gpaction.practices.PracticeFixtures.realFile;
import static org.gpaction.practices.PracticeFixtures.utf8;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.gpaction.practices.PracticeFixtures.Api;
import org.gpaction.practices.PracticeFixtures.EpraccurRow;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Every extract of the patients file imported is kept; a practice's current size is its latest extract's. The real
 * files are imported in one test, oldest then newest then oldest again, because the current sizes they leave
 * depend on the order.
 */
@GpActionTest
class ListSizeHistoryTests {

    static final LocalDate JANUARY_2021 = LocalDate.of(2021, 1, 1);
    static final LocalDate MARCH_2026 = LocalDate.of(2026, 3, 1);
    static final String HEADER = "CODE,NUMBER_OF_PATIENTS,EXTRACT_DATE\n";
    /** NHS England's regions in the ODS national grouping, as the NHS lists them (Y54 to Y63). */
    static final Pattern ENGLISH_REGION = Pattern.compile("Y5[4-9]|Y6[0-3]");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Practices practices;

    @Autowired
    ListSizes listSizes;

    Api api;

    @BeforeEach
    void signIn() {
        api = new Api(port);
    }

    @Test
    void bothShapesOfTheRealPatientsFileImportAndEnglandsTotalsAreTheirSumsOverEnglishPractices() {
        assertThat(api.importFile("epraccur", "epraccur.csv", realFile("epraccur.csv"))
                        .status())
                .isEqualTo(201);
        List<String[]> epraccur = new String(realFile("epraccur.csv"), StandardCharsets.UTF_8)
                .lines()
                .map(line -> line.substring(1, line.length() - 1).split("\",\"", -1))
                .filter(fields -> fields[25].equals("4"))
                .toList();
        Set<String> gpPractices = epraccur.stream().map(fields -> fields[0]).collect(Collectors.toSet());
        Set<String> english = epraccur.stream()
                .filter(fields -> ENGLISH_REGION.matcher(fields[2]).matches())
                .map(fields -> fields[0])
                .collect(Collectors.toSet());

        Map<String, Integer> january = patients("gp-reg-pat-prac-all.csv");
        assertThat(january).hasSize(6_658);
        assertThat(january.values().stream().mapToLong(Integer::longValue).sum())
                .isEqualTo(60_606_345L);
        Http.Response older =
                api.importFile("list-sizes", "gp-reg-pat-prac-all.csv", realFile("gp-reg-pat-prac-all.csv"));
        assertThat(older.status()).as(older.body()).isEqualTo(201);
        JsonNode counts = older.json();
        assertThat(counts.get("rowsRead").asInt()).isEqualTo(6_658);
        // 16 codes in the patients file are organisations ODS does not class as GP practices.
        assertThat(counts.get("skipped").asInt()).isEqualTo(16).isEqualTo(notIn(january, gpPractices));
        assertThat(counts.get("created").asInt()
                        + counts.get("updated").asInt()
                        + counts.get("unchanged").asInt())
                .isEqualTo(6_642);
        assertThat(practices.find("A84002").orElseThrow().listSize()).isEqualTo(5_903);
        assertThat(listSizeOn("A84002")).isEqualTo("2021-01-01");
        // 60,606,345 patients in all, less 701 registered with the organisations that are skipped.
        assertThat(currentTotal(january)).isEqualTo(60_605_644L);
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        assertThat(pages.get("/practices/a84002").body()).contains("5,903 on 1 January 2021");

        Map<String, Integer> march = patients("gp-reg-pat-prac-all-2026-03.csv");
        assertThat(march).hasSize(6_169);
        Http.Response newer = api.importFile(
                "list-sizes", "gp-reg-pat-prac-all-2026-03.csv", realFile("gp-reg-pat-prac-all-2026-03.csv"));
        assertThat(newer.status()).as(newer.body()).isEqualTo(201);
        assertThat(newer.json().get("rowsRead").asInt()).isEqualTo(6_169);
        assertThat(newer.json().get("skipped").asInt()).isEqualTo(notIn(march, gpPractices));
        assertThat(practices.find("A81001").orElseThrow().listSize()).isEqualTo(3_743);
        assertThat(listSizeOn("A81001")).isEqualTo("2026-03-01");
        assertThat(currentTotal(march)).isEqualTo(sum(march, gpPractices));

        assertThat(totalFor(listSizes.totalsForEngland(), JANUARY_2021))
                .isEqualTo(expected(JANUARY_2021, january, english));
        assertThat(totalFor(listSizes.totalsForEngland(), MARCH_2026)).isEqualTo(expected(MARCH_2026, march, english));
        assertThat(listSizes.totals(march.keySet()))
                .contains(expected(JANUARY_2021, january, intersection(gpPractices, march.keySet())))
                .contains(expected(MARCH_2026, march, gpPractices));

        String practiceInBoth = "A84002";
        assertThat(march).containsKey(practiceInBoth);
        JsonNode again = api.importFile("list-sizes", "gp-reg-pat-prac-all.csv", realFile("gp-reg-pat-prac-all.csv"))
                .json();
        assertThat(again.get("unchanged").asInt()).isEqualTo(6_642);
        assertThat(practices.find(practiceInBoth).orElseThrow().listSize()).isEqualTo(march.get(practiceInBoth));
        assertThat(listSizeOn(practiceInBoth)).isEqualTo("2026-03-01");
        assertThat(currentTotal(march)).isEqualTo(sum(march, gpPractices));
        assertThat(listSizes.forPractice("a84002"))
                .containsExactly(
                        new ListSizeTotal(JANUARY_2021, 1, 5_903),
                        new ListSizeTotal(MARCH_2026, 1, march.get(practiceInBoth)));
    }

    @Test
    void anOlderExtractImportedAfterANewerOneFillsTheHistoryButLeavesTheCurrentSize() {
        String code = practiceCode();
        importPractices(code);

        importSizes(code + ",6100,2024-06-01\n");
        JsonNode older = importSizes(code + ",5900,01JUN2023\n");

        assertThat(older.get("created").asInt()).isEqualTo(1);
        assertThat(practices.find(code).orElseThrow().listSize()).isEqualTo(6_100);
        assertThat(listSizeOn(code)).isEqualTo("2024-06-01");
        assertThat(listSizes.forPractice(code))
                .containsExactly(
                        new ListSizeTotal(LocalDate.of(2023, 6, 1), 1, 5_900),
                        new ListSizeTotal(LocalDate.of(2024, 6, 1), 1, 6_100));
    }

    @Test
    void reImportingAnExtractReplacesItAndAPracticeItNoLongerListsLosesThatExtract() {
        String stays = practiceCode();
        String changes = practiceCode();
        String leaves = practiceCode();
        importPractices(stays, changes, leaves);
        importSizes(leaves + ",800,01MAY2019\n");
        importSizes(stays + ",1000,01JUN2019\n" + changes + ",2000,01JUN2019\n" + leaves + ",900,01JUN2019\n");
        assertThat(practices.find(leaves).orElseThrow().listSize()).isEqualTo(900);

        JsonNode again = importSizes(stays + ",1000,2019-06-01\n" + changes + ",2500,2019-06-01\n");

        assertThat(again.get("created").asInt()).isZero();
        assertThat(again.get("updated").asInt()).isEqualTo(1);
        assertThat(again.get("unchanged").asInt()).isEqualTo(1);
        assertThat(listSizes.forPractice(leaves)).containsExactly(new ListSizeTotal(LocalDate.of(2019, 5, 1), 1, 800));
        assertThat(practices.find(leaves).orElseThrow().listSize()).isEqualTo(800);
        assertThat(listSizeOn(leaves)).isEqualTo("2019-05-01");
        assertThat(practices.find(changes).orElseThrow().listSize()).isEqualTo(2_500);
        assertThat(listSizes.totals(List.of(stays, changes.toLowerCase(), leaves, practiceCode())))
                .containsExactly(
                        new ListSizeTotal(LocalDate.of(2019, 5, 1), 1, 800),
                        new ListSizeTotal(LocalDate.of(2019, 6, 1), 2, 3_500));
    }

    @Test
    void aPracticeWhoseOnlyExtractIsReplacedWithoutItHasNoCurrentSize() {
        String stays = practiceCode();
        String leaves = practiceCode();
        importPractices(stays, leaves);
        importSizes(stays + ",10,01FEB2017\n" + leaves + ",20,01FEB2017\n");

        importSizes(stays + ",10,01FEB2017\n");

        assertThat(practices.find(leaves).orElseThrow().listSize()).isNull();
        assertThat(listSizeOn(leaves)).isNull();
        assertThat(listSizes.forPractice(leaves)).isEmpty();
    }

    @Test
    void englandsTotalsLeaveOutPracticesInWales() {
        LocalDate extract = LocalDate.of(2016, 2, 1);
        String english = practiceCode();
        String welsh = practiceCode();
        api.importFile(
                "epraccur",
                "two-nations.csv",
                utf8(new EpraccurRow(english, "ENGLISH SURGERY", "QHM", "16C") + ""
                        + new EpraccurRow(welsh, "WELSH SURGERY", "7A1", "7A1").set(3, "W00")));
        List<ListSizeTotal> before = listSizes.totalsForEngland();

        importSizes(english + ",1234,01FEB2016\n" + welsh + ",4321,01FEB2016\n");

        ListSizeTotal was = totalFor(before, extract);
        int practicesBefore = was == null ? 0 : was.practices();
        long patientsBefore = was == null ? 0 : was.patients();
        assertThat(totalFor(listSizes.totalsForEngland(), extract))
                .isEqualTo(new ListSizeTotal(extract, practicesBefore + 1, patientsBefore + 1_234));
        assertThat(listSizes.totals(List.of(english, welsh))).containsExactly(new ListSizeTotal(extract, 2, 5_555));
    }

    @Test
    void noCodesAndUnknownCodesHaveNoHistory() {
        assertThat(listSizes.totals(List.of())).isEmpty();
        assertThat(listSizes.totals(null)).isEmpty();
        assertThat(listSizes.forPractice(practiceCode())).isEmpty();
        assertThat(listSizes.forPractice(" ")).isEmpty();
    }

    private void importPractices(String... codes) {
        String file = Arrays.stream(codes)
                .map(code -> new EpraccurRow(code, "HISTORY " + code, "QHM", "16C").toString())
                .collect(Collectors.joining());
        assertThat(api.importFile("epraccur", "practices.csv", utf8(file)).status())
                .isEqualTo(201);
    }

    private JsonNode importSizes(String rows) {
        Http.Response response = api.importFile("list-sizes", "sizes.csv", utf8(HEADER + rows));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    private String listSizeOn(String code) {
        return jdbc.sql("select list_size_on::text from practices.practice where ods_code = :code")
                .param("code", code)
                .query(String.class)
                .list()
                .get(0);
    }

    private long currentTotal(Map<String, Integer> file) {
        return jdbc.sql("select coalesce(sum(list_size), 0) from practices.practice where ods_code = any(:codes)")
                .param("codes", file.keySet().toArray(String[]::new))
                .query(Long.class)
                .single();
    }

    /** Each code's patients in the real file, read as plain text: CODE is the sixth column in both shapes. */
    private static Map<String, Integer> patients(String name) {
        List<String> lines =
                new String(realFile(name), StandardCharsets.UTF_8).lines().toList();
        List<String> header = List.of(lines.get(0).split(","));
        int code = header.indexOf("CODE");
        int patients = header.indexOf("NUMBER_OF_PATIENTS");
        assertThat(code).isEqualTo(5);
        Map<String, Integer> sizes = new LinkedHashMap<>();
        lines.stream()
                .skip(1)
                .map(line -> line.split(","))
                .forEach(fields -> sizes.put(fields[code], Integer.valueOf(fields[patients])));
        return sizes;
    }

    private static int notIn(Map<String, Integer> file, Set<String> codes) {
        return (int)
                file.keySet().stream().filter(code -> !codes.contains(code)).count();
    }

    private static long sum(Map<String, Integer> file, Set<String> codes) {
        return file.entrySet().stream()
                .filter(entry -> codes.contains(entry.getKey()))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    private static ListSizeTotal expected(LocalDate extract, Map<String, Integer> file, Set<String> codes) {
        int count = (int) file.keySet().stream().filter(codes::contains).count();
        return new ListSizeTotal(extract, count, sum(file, codes));
    }

    private static Set<String> intersection(Set<String> one, Set<String> other) {
        return one.stream().filter(other::contains).collect(Collectors.toSet());
    }

    private static ListSizeTotal totalFor(List<ListSizeTotal> totals, LocalDate extract) {
        return totals.stream()
                .filter(total -> total.extractedOn().equals(extract))
                .findFirst()
                .orElse(null);
    }
}
