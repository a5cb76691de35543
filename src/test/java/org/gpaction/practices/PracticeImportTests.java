package org.gpaction.practices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.practices.PracticeFixtures.areaCode;
import static org.gpaction.practices.PracticeFixtures.practiceCode;
import static org.gpaction.practices.PracticeFixtures.realFile;
import static org.gpaction.practices.PracticeFixtures.snapshot;
import static org.gpaction.practices.PracticeFixtures.utf8;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

@GpActionTest
class PracticeImportTests {

    static final int GP_PRACTICES_IN_REAL_FILE = 8_654;
    static final int OTHER_ORGANISATIONS_IN_REAL_FILE = 16_534 - GP_PRACTICES_IN_REAL_FILE;
    /** Enough that two imports' writes overlap in time when nothing makes them queue. */
    static final int PRACTICES_IMPORTED_AT_ONCE = 3_000;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Practices practices;

    Api api;

    @BeforeEach
    void signIn() {
        api = new Api(port);
    }

    @Test
    void theRealEpraccurFileImportsWith6651ActivePracticesAndASecondImportChangesNothing() {
        byte[] epraccur = realFile("epraccur.csv");

        long started = System.nanoTime();
        Http.Response first = api.importFile("epraccur", "epraccur.csv", epraccur);
        long firstMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        JsonNode counts = first.json();
        assertThat(counts.get("rowsRead").asInt()).isEqualTo(16_534);
        assertThat(counts.get("skipped").asInt()).isEqualTo(OTHER_ORGANISATIONS_IN_REAL_FILE);
        assertThat(counts.get("created").asInt()
                        + counts.get("updated").asInt()
                        + counts.get("unchanged").asInt())
                .isEqualTo(GP_PRACTICES_IN_REAL_FILE);

        String[] codesInFile = new String(epraccur, StandardCharsets.UTF_8)
                .lines()
                .map(line -> line.substring(1, line.indexOf('"', 1)))
                .toArray(String[]::new);
        assertThat(jdbc.sql(
                                "select count(*) from practices.practice where status = 'ACTIVE' and ods_code = any(:codes)")
                        .param("codes", codesInFile)
                        .query(Integer.class)
                        .single())
                .isEqualTo(6_651);
        Practice densham = practices.find("A81001").orElseThrow();
        assertThat(densham.name()).isEqualTo("THE DENSHAM SURGERY");
        assertThat(densham.postcode()).isEqualTo("TS18 1HU");
        assertThat(densham.icbCode()).isEqualTo("QHM");
        assertThat(densham.subIcbCode()).isEqualTo("16C");
        assertThat(densham.status()).isEqualTo(PracticeStatus.ACTIVE);
        assertThat(densham.nation()).isEqualTo(Nation.ENGLAND);
        assertThat(densham.openedOn()).hasToString("1974-04-01");
        Practice victoria = practices.find("A81003").orElseThrow();
        assertThat(victoria.status()).isEqualTo(PracticeStatus.CLOSED);
        assertThat(victoria.closedOn()).hasToString("2017-10-31");
        assertThat(jdbc.sql("select count(*) from practices.practice where nation = 'WALES' and ods_code = any(:codes)")
                        .param("codes", codesInFile)
                        .query(Integer.class)
                        .single())
                .isEqualTo(421);

        String before = snapshotOfPractices();
        started = System.nanoTime();
        Http.Response second = api.importFile("epraccur", "epraccur.csv", epraccur);
        long secondMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.json().get("created").asInt()).isZero();
        assertThat(second.json().get("updated").asInt()).isZero();
        assertThat(second.json().get("unchanged").asInt()).isEqualTo(GP_PRACTICES_IN_REAL_FILE);
        assertThat(second.json().get("skipped").asInt()).isEqualTo(OTHER_ORGANISATIONS_IN_REAL_FILE);
        assertThat(snapshotOfPractices()).isEqualTo(before);

        System.out.printf(
                "Full epraccur import over HTTP (%d bytes): first %d ms, again %d ms%n",
                epraccur.length, firstMillis, secondMillis);
    }

    @Test
    void everyImportIsKeptInTheHistoryWithWhoWhenAndWhatItDid() {
        String code = practiceCode();
        String file = new EpraccurRow(code, "HISTORY SURGERY", "QHM", "16C").toString();
        Http.Response imported = api.importFile("epraccur", "history.csv", utf8(file));
        long id = imported.json().get("id").asLong();
        assertThat(imported.header("location")).isEqualTo("/api/practices/imports/" + id);

        JsonNode run = api.get("/api/practices/imports/" + id).json();
        assertThat(run.get("format").asString()).isEqualTo("epraccur");
        assertThat(run.get("fileName").asString()).isEqualTo("history.csv");
        assertThat(run.get("importedBy").asString()).isEqualTo(TestAdmin.EMAIL);
        assertThat(run.get("importedAt").asString()).isNotBlank();
        assertThat(run.get("created").asInt()).isEqualTo(1);

        JsonNode history = api.get("/api/practices/imports?limit=5").json();
        assertThat(history.get(0).get("id").asLong()).isEqualTo(id);
        assertThat(api.get("/api/practices/imports/999999999").status()).isEqualTo(404);

        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        assertThat(pages.get("/admin/practices/imports?imported=" + id).body())
                .as("a file of one row, in the singular")
                .contains(">1 row read<");
    }

    @Test
    void aFileWithBadRowsIsRefusedNamingEveryLineAndFieldAndChangesNothing() {
        String good = practiceCode();
        String badDate = practiceCode();
        String badStatus = practiceCode();
        String file = new EpraccurRow(good, "GOOD SURGERY", "QHM", "16C")
                + new EpraccurRow(badDate, "BAD DATE SURGERY", "QHM", "16C")
                        .set(11, "20231340")
                        .toString()
                + new EpraccurRow(badStatus, "BAD STATUS SURGERY", "QHM", "16C").set(13, "X")
                + "\"" + practiceCode() + "\",\"TOO FEW FIELDS\"\r\n"
                + new EpraccurRow(good, "GOOD AGAIN", "QHM", "16C");
        String before = snapshot(jdbc);

        Http.Response refused = api.importFile("epraccur", "broken.csv", utf8(file));

        assertThat(refused.status()).isEqualTo(400);
        JsonNode body = refused.json();
        assertThat(body.get("file").asString()).isEqualTo("broken.csv");
        assertThat(problems(body))
                .containsExactly(
                        "2 field 11 (open date)", "3 field 13 (status)", "4 row", "5 field 1 (organisation code)");
        assertThat(body.get("problems").get(0).get("message").asString()).contains("20231340", "yyyyMMdd");
        assertThat(body.get("problems").get(2).get("message").asString()).contains("2 fields", "27");
        assertThat(snapshot(jdbc)).isEqualTo(before);
        assertThat(practices.find(good)).isEmpty();
    }

    @Test
    void aGpPracticeWithNoNationalGroupingIsRefusedAndChangesNothing_ratherThanImportedInNoNation() {
        String code = practiceCode();
        assertRefusedWithoutChange(
                "epraccur",
                utf8(new EpraccurRow(code, "NO NATION SURGERY", "QHM", "16C")
                        .set(3, "")
                        .toString()),
                "1 field 3 (national grouping)",
                "Enter the national grouping code");
        assertThat(practices.find(code)).isEmpty();
    }

    @Test
    void anOdsFileWithNoGpPracticeInItIsRefusedAsNotTheEpraccurFile() {
        String file = new EpraccurRow(practiceCode(), "A PHARMACY", "QHM", "16C")
                        .set(26, "0")
                        .toString()
                + new EpraccurRow(practiceCode(), "A HOSPICE", "QHM", "16C").set(26, "");
        assertRefusedWithoutChange("epraccur", utf8(file), "1 file", "None of the file's 2 rows is a GP practice");
    }

    @Test
    void aFileThatIsNotUtf8IsRefusedAndChangesNothing() {
        byte[] latin1 = new EpraccurRow(practiceCode(), "CAFÉ SURGERY", "QHM", "16C")
                .toString()
                .getBytes(StandardCharsets.ISO_8859_1);
        assertRefusedWithoutChange("epraccur", latin1, "1 file", "not UTF-8");
    }

    @Test
    void anUnclosedQuoteIsRefusedAndChangesNothing() {
        String file = new EpraccurRow(practiceCode(), "FINE SURGERY", "QHM", "16C") + "\"" + practiceCode()
                + "\",\"UNCLOSED SURGERY,Y63\r\n";
        assertRefusedWithoutChange("epraccur", utf8(file), "2 field 2", "never closed");
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedAndChangesNothing() {
        // Rows long enough that the file passes 20 MB before it passes the 50,000 rows no practices file has.
        String row = new EpraccurRow(practiceCode(), "BIG SURGERY", "QHM", "16C")
                .set(7, "A".repeat(400))
                .toString();
        byte[] big = utf8(row.repeat(20 * 1024 * 1024 / row.length() + 10));
        assertThat(big.length).isGreaterThan(20 * 1024 * 1024);
        String before = snapshot(jdbc);

        // With a length given, a file too large is refused before it is sent (UploadRefusalTests); without one, it is
        // read only until it passes the limit.
        Http.Response refused = api.importFileOfUnknownLength("epraccur", "big.csv", big);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(problems(refused.json())).containsExactly("1 file");
        assertThat(refused.json().get("problems").get(0).get("message").asString())
                .contains("the most allowed is 20,971,520 bytes");
        assertThat(snapshot(jdbc)).isEqualTo(before);
    }

    @Test
    void aGoodFileWithABomAndLfLineEndsAndQuotedCommasImports() {
        String code = practiceCode();
        String row = new EpraccurRow(code, "SMITH, JONES & \"PARTNERS\"", "QHM", "16C")
                .set(3, "W00")
                .toString()
                .replace("\r\n", "\n");
        byte[] withBom = utf8("\uFEFF" + row);
        Http.Response imported = api.importFile("epraccur", "bom.csv", withBom);
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        Practice practice = practices.find(code).orElseThrow();
        assertThat(practice.name()).isEqualTo("SMITH, JONES & \"PARTNERS\"");
        assertThat(practice.nation()).isEqualTo(Nation.WALES);
    }

    @Test
    void rowsThatAreNotGpPracticesAreSkippedAndCounted() {
        String practice = practiceCode();
        String pharmacy = practiceCode();
        String file = new EpraccurRow(practice, "A GP PRACTICE", "QHM", "16C")
                + new EpraccurRow(pharmacy, "NOT A GP PRACTICE", "QHM", "16C")
                        .set(26, "0")
                        .toString();
        JsonNode counts = api.importFile("epraccur", "mixed.csv", utf8(file)).json();
        assertThat(counts.get("created").asInt()).isEqualTo(1);
        assertThat(counts.get("skipped").asInt()).isEqualTo(1);
        assertThat(practices.find(pharmacy)).isEmpty();
    }

    @Test
    void aChangedRowIsCountedAsUpdated() {
        String code = practiceCode();
        EpraccurRow row = new EpraccurRow(code, "OLD NAME SURGERY", "QHM", "16C");
        api.importFile("epraccur", "before.csv", utf8(row.toString()));
        JsonNode counts = api.importFile(
                        "epraccur",
                        "after.csv",
                        utf8(row.set(13, "C").set(12, "20250331").toString()))
                .json();
        assertThat(counts.get("updated").asInt()).isEqualTo(1);
        assertThat(practices.find(code).orElseThrow().status()).isEqualTo(PracticeStatus.CLOSED);
    }

    @Test
    void contractTypesNamingAnUnknownPracticeAreRefusedAndChangeNothing() {
        String known = practiceCode();
        api.importFile("epraccur", "known.csv", utf8(new EpraccurRow(known, "KNOWN SURGERY", "QHM", "16C").toString()));
        String unknown = practiceCode();
        String before = snapshot(jdbc);

        Http.Response refused = api.importFile(
                "contracts",
                "contracts.csv",
                utf8("ods_code,contract_type\n" + known + ",GMS\n" + unknown + ",PMS\n" + known.toLowerCase()
                        + "x,SALARIED\n"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(problems(refused.json())).containsExactly("3 ods_code", "4 contract_type", "4 ods_code");
        assertThat(refused.json().get("problems").get(0).get("message").asString())
                .contains(unknown, "not a GP practice");
        assertThat(snapshot(jdbc)).isEqualTo(before);
        assertThat(practices.find(known).orElseThrow().contractType()).isNull();
    }

    @Test
    void contractTypesAreSetAndCountedAndTheSameFileAgainChangesNothing() {
        String gms = practiceCode();
        String apms = practiceCode();
        api.importFile(
                "epraccur",
                "two.csv",
                utf8(new EpraccurRow(gms, "GMS SURGERY", "QHM", "16C") + ""
                        + new EpraccurRow(apms, "APMS SURGERY", "QHM", "16C")));
        byte[] contracts = utf8("ODS_CODE,CONTRACT_TYPE\r\n" + gms + ",gms\r\n" + apms + ",APMS\r\n");

        JsonNode first = api.importFile("contracts", "contracts.csv", contracts).json();
        assertThat(first.get("created").asInt()).isEqualTo(2);
        assertThat(practices.find(gms).orElseThrow().contractType()).isEqualTo(ContractType.GMS);
        assertThat(practices.find(apms).orElseThrow().contractType()).isEqualTo(ContractType.APMS);

        JsonNode again = api.importFile("contracts", "contracts.csv", contracts).json();
        assertThat(again.get("unchanged").asInt()).isEqualTo(2);
        assertThat(again.get("created").asInt() + again.get("updated").asInt()).isZero();

        JsonNode changed = api.importFile("contracts", "change.csv", utf8("ods_code,contract_type\n" + apms + ",PMS\n"))
                .json();
        assertThat(changed.get("updated").asInt()).isEqualTo(1);
        assertThat(practices.find(apms).orElseThrow().contractType()).isEqualTo(ContractType.PMS);
    }

    @Test
    void badListSizesAreRefusedNamingTheColumn() {
        String code = practiceCode();
        api.importFile("epraccur", "one.csv", utf8(new EpraccurRow(code, "LIST SURGERY", "QHM", "16C").toString()));
        String before = snapshot(jdbc);
        Http.Response refused = api.importFile(
                "list-sizes",
                "sizes.csv",
                utf8("CODE,NUMBER_OF_PATIENTS,EXTRACT_DATE\n" + code + ",-5,01JAN2021\n" + code + ",100,31FEB2021\n"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(problems(refused.json())).containsExactly("2 NUMBER_OF_PATIENTS", "3 CODE", "3 EXTRACT_DATE");
        assertThat(snapshot(jdbc)).isEqualTo(before);

        Http.Response noColumn = api.importFile(
                "list-sizes", "sizes.csv", utf8("CODE,PATIENTS,EXTRACT_DATE\n" + code + ",5,01JAN2021\n"));
        assertThat(problems(noColumn.json())).containsExactly("1 header");
    }

    @Test
    void lmcAreasMapPracticesToAnLmcAndTheApiFiltersByLmc() {
        String icb = areaCode("Q");
        String subIcb = areaCode("S");
        String otherSubIcb = areaCode("S");
        String inSubIcb = practiceCode();
        String inIcbOnly = practiceCode();
        api.importFile(
                "epraccur",
                "lmc-practices.csv",
                utf8(new EpraccurRow(inSubIcb, "SUB ICB SURGERY", icb, subIcb) + ""
                        + new EpraccurRow(inIcbOnly, "ICB SURGERY", icb, otherSubIcb)));
        String subIcbLmc = "Tees " + PracticeFixtures.randomText(4) + " LMC";
        String icbLmc = "Wider " + PracticeFixtures.randomText(4) + " LMC";
        byte[] lmcs = utf8("lmc_name,area_code\n\"" + icbLmc + "\"," + icb + "\n" + subIcbLmc + "," + subIcb + "\n");

        JsonNode counts = api.importFile("lmcs", "lmcs.csv", lmcs).json();

        assertThat(counts.get("created").asInt()).isEqualTo(2);
        assertThat(practices.find(inSubIcb).orElseThrow().lmc()).isEqualTo(subIcbLmc);
        assertThat(practices.find(inIcbOnly).orElseThrow().lmc()).isEqualTo(icbLmc);
        JsonNode found = api.get("/api/practices?lmc=" + subIcbLmc.toUpperCase().replace(" ", "%20"))
                .json();
        assertThat(found.get("total").asInt()).isEqualTo(1);
        assertThat(found.get("items").get(0).get("odsCode").asString()).isEqualTo(inSubIcb);
        assertThat(api.get("/api/practices?lmc=" + icbLmc.replace(" ", "%20"))
                        .json()
                        .get("total")
                        .asInt())
                .isEqualTo(1);
        assertThat(api.get("/api/practices/" + inIcbOnly).json().get("lmc").asString())
                .isEqualTo(icbLmc);

        JsonNode again = api.importFile("lmcs", "lmcs.csv", lmcs).json();
        assertThat(again.get("unchanged").asInt()).isEqualTo(2);
    }

    @Test
    void lmcAreasThatNoPracticeIsInAreRefusedAlongWithTheFilesOwnProblems() {
        String before = snapshot(jdbc);
        String nowhere = areaCode("N");
        Http.Response refused =
                api.importFile("lmcs", "lmcs.csv", utf8("lmc_name,area_code\nNowhere LMC," + nowhere + "\n,16C\n"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(problems(refused.json())).containsExactly("2 area_code", "3 lmc_name");
        assertThat(refused.json().get("problems").get(0).get("message").asString())
                .contains(nowhere, "neither the sub-ICB location nor the ICB");
        assertThat(snapshot(jdbc)).isEqualTo(before);
    }

    @Test
    void anUnknownFormatIsRefusedNamingTheParameter() {
        Http.Response response = api.importFile("spreadsheet", "x.csv", utf8("a,b\n"));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("format");
        assertThat(response.json().get("errors").get(0).get("message").asString())
                .isEqualTo("Say what the file holds: format=epraccur, contracts, list-sizes or lmcs");
    }

    @Test
    void theOpenApiDocumentDescribesTheImportFormats() {
        JsonNode post = api.get("/api/openapi.json")
                .json()
                .get("paths")
                .get("/api/practices/imports")
                .get("post");
        assertThat(post.get("requestBody").get("content").has("text/csv")).isTrue();
        assertThat(post.get("description").asString()).contains("lmc_name,area_code", "ods_code,contract_type");
    }

    @Test
    void staffWhoAreNotAdministratorsCannotImport() {
        String email = "scrutineer." + PracticeFixtures.randomText(8).toLowerCase() + "@practice.test";
        assertThat(api.http
                        .postJson(
                                "/api/staff",
                                Map.of("email", email, "password", "thimble orchard copper", "role", "SCRUTINEER"),
                                api.adminToken)
                        .status())
                .isEqualTo(201);
        String token = api.http
                .postJson("/api/tokens", Map.of("email", email, "password", "thimble orchard copper"))
                .json()
                .get("token")
                .asString();
        String before = snapshot(jdbc);

        Http.Response response = api.importFile(
                "epraccur", "x.csv", utf8(new EpraccurRow(practiceCode(), "NOPE", "QHM", "16C").toString()), token);

        assertThat(response.status()).isEqualTo(403);
        assertThat(snapshot(jdbc)).isEqualTo(before);
        assertThat(api.http.get("/api/practices/imports", token).status()).isEqualTo(403);
        assertThat(api.http.get("/api/practices?size=1", token).status()).isEqualTo(200);

        Http pages = new Http(port);
        pages.signIn(email, "thimble orchard copper");
        assertThat(pages.get("/practices").status()).isEqualTo(200);
        assertThat(pages.get("/practices").body()).doesNotContain("Import practice data");
        assertThat(pages.get("/admin/practices/imports").status()).isEqualTo(403);
    }

    @Test
    void concurrentImportsOfTheSamePracticesQueueAndNeitherIsLostOrMixed() throws Exception {
        // Distinct: 3,000 random codes out of 34^5 share one about one run in ten.
        Set<String> distinct = new LinkedHashSet<>();
        while (distinct.size() < PRACTICES_IMPORTED_AT_ONCE) {
            distinct.add(practiceCode());
        }
        List<String> codes = new ArrayList<>(distinct);
        byte[] northFile = utf8(codes.stream()
                .map(code -> new EpraccurRow(code, "NORTH " + code, "QHM", "16C").toString())
                .collect(Collectors.joining()));
        List<String> reversed = new ArrayList<>(codes);
        Collections.reverse(reversed);
        byte[] southFile = utf8(reversed.stream()
                .map(code -> new EpraccurRow(code, "SOUTH " + code, "QHM", "16C").toString())
                .collect(Collectors.joining()));

        ExecutorService threads = Executors.newFixedThreadPool(2);
        for (int round = 0; round < 5; round++) {
            CountDownLatch start = new CountDownLatch(1);
            CompletableFuture<Http.Response> north = CompletableFuture.supplyAsync(
                    () -> {
                        await(start);
                        return api.importFile("epraccur", "north.csv", northFile);
                    },
                    threads);
            CompletableFuture<Http.Response> south = CompletableFuture.supplyAsync(
                    () -> {
                        await(start);
                        return api.importFile("epraccur", "south.csv", southFile);
                    },
                    threads);
            start.countDown();
            Http.Response first = north.get();
            Http.Response second = south.get();

            assertThat(first.status()).as(first.body()).isEqualTo(201);
            assertThat(second.status()).as(second.body()).isEqualTo(201);
            Set<String> prefixes = Arrays.stream(jdbc.sql(
                                    "select split_part(name, ' ', 1) from practices.practice where ods_code = any(:codes)")
                            .param("codes", codes.toArray(String[]::new))
                            .query(String.class)
                            .list()
                            .toArray(String[]::new))
                    .collect(Collectors.toSet());
            assertThat(prefixes).hasSize(1);
            int changedRows = first.json().get("created").asInt()
                    + first.json().get("updated").asInt()
                    + second.json().get("created").asInt()
                    + second.json().get("updated").asInt();
            assertThat(changedRows).isIn(PRACTICES_IMPORTED_AT_ONCE, 2 * PRACTICES_IMPORTED_AT_ONCE);
        }
        threads.shutdown();
    }

    private void assertRefusedWithoutChange(String format, byte[] content, String where, String message) {
        String before = snapshot(jdbc);
        Http.Response refused = api.importFile(format, "refused.csv", content);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(problems(refused.json())).containsExactly(where);
        assertThat(refused.json().get("problems").get(0).get("message").asString())
                .contains(message);
        assertThat(snapshot(jdbc)).isEqualTo(before);
    }

    private String snapshotOfPractices() {
        return jdbc.sql("select md5(string_agg(p::text, '|' order by ods_code)) from practices.practice p")
                .query(String.class)
                .single();
    }

    private static List<String> problems(JsonNode body) {
        List<String> found = new ArrayList<>();
        body.get("problems")
                .forEach(problem -> found.add(
                        problem.get("line").asInt() + " " + problem.get("field").asString()));
        return found;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
