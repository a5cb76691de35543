package org.gpaction.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A practice the directory has outside England has no pressures, since NHS England's publications do not cover it:
 * its page, downloads and API say so, rather than that there is no such practice and to check a code that is right.
 */
@GpActionTest
class PracticesOutsideEnglandTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aPracticeOutsideEnglandIsToldNhsEnglandsFiguresDoNotCoverIt_onThePageTheDownloadsAndTheApi() {
        String wales = TestPractices.add(jdbc, "WALES", "ACTIVE", "GMS", null);
        String scotland = TestPractices.add(jdbc, "SCOTLAND", "ACTIVE", "GMS", null);
        String northernIreland = TestPractices.add(jdbc, "NORTHERN_IRELAND", "ACTIVE", "GMS", null);
        String unknown = TestPractices.add(jdbc, "UNKNOWN", "ACTIVE", "GMS", null);
        Map<String, String> reasons = new LinkedHashMap<>();
        reasons.put(wales, elsewhere(wales, "Wales"));
        reasons.put(scotland, elsewhere(scotland, "Scotland"));
        reasons.put(northernIreland, elsewhere(northernIreland, "Northern Ireland"));
        reasons.put(
                unknown,
                "The practices directory does not say which nation " + named(unknown) + " is in, and the pressures"
                        + " come from NHS England's publications, which cover practices in England only");
        Http visitor = new Http(port);

        reasons.forEach((ods, reason) -> {
            // Typed in lower case, as a code that is right may be.
            String path = "/pressures/practice/" + ods.toLowerCase(Locale.ROOT);
            Http.Response page = visitor.get(path);
            assertThat(page.status()).as(page.body()).isEqualTo(404);
            assertThat(words(page.body()))
                    .contains(reason + ".")
                    .doesNotContain("There is no practice")
                    .doesNotContain("Check the code");
            for (String download : List.of("/appointments.csv", "/workforce.csv")) {
                Http.Response csv = visitor.get(path + download);
                assertThat(csv.status()).as(download).isEqualTo(404);
                assertThat(csv.body()).as(download).isEqualTo(reason + ".\n");
            }
            Http.Response api = visitor.get("/api/insights/pressures/practice/" + ods.toLowerCase(Locale.ROOT));
            assertThat(api.status()).as(api.body()).isEqualTo(404);
            assertThat(api.header("Content-Type")).startsWith("application/problem+json");
            assertThat(api.json().get("detail").asString()).isEqualTo(reason + ".");
        });

        Http.Response noSuchPractice = visitor.get("/api/insights/pressures/practice/" + TestPractices.newCode());
        assertThat(noSuchPractice.status()).isEqualTo(404);
        assertThat(noSuchPractice.json().get("detail").asString())
                .as("a code the directory does not have is still not found")
                .contains("in England in the practices directory");
    }

    @Test
    void anAreaWhosePracticesAreAllInWalesIsToldNhsEnglandsFiguresDoNotCoverIt_notToCheckTheCode() {
        TestPractices.LmcArea welsh = aHealthBoardInWales().area();
        String source =
                ", and the pressures come from NHS England's publications, which do not cover practices in" + " Wales";
        Map<String, String> reasons = new LinkedHashMap<>();
        reasons.put(
                "sub-icb/" + welsh.subIcb().toLowerCase(Locale.ROOT),
                "The practices directory places the practices with sub-ICB location code " + welsh.subIcb()
                        + " in Wales" + source);
        reasons.put("icb/Q99", "The practices directory places the practices with ICB code Q99 in Wales" + source);
        reasons.put(
                "lmc/" + welsh.lmc().toLowerCase(Locale.ROOT).replace(" ", "%20"),
                "The practices directory places the practices of " + welsh.lmc() + " in Wales" + source);
        Http visitor = new Http(port);

        reasons.forEach((area, reason) -> {
            Http.Response page = visitor.get("/pressures/" + area);
            assertThat(page.status()).as(area).isEqualTo(404);
            assertThat(words(page.body()))
                    .as(area)
                    .contains("No figures for this area")
                    .contains(reason + ".")
                    .doesNotContain("Area not found")
                    .doesNotContain("Check the code");
            Http.Response csv = visitor.get("/pressures/" + area + "/appointments.csv");
            assertThat(csv.status()).as(area).isEqualTo(404);
            assertThat(csv.body()).as(area).isEqualTo(reason + ".\n");
            Http.Response api = visitor.get("/api/insights/pressures/" + area);
            assertThat(api.status()).as(area).isEqualTo(404);
            assertThat(api.json().get("detail").asString()).as(area).isEqualTo(reason + ".");
        });

        String nobodys = "7" + TestPractices.newCode();
        assertThat(words(visitor.get("/pressures/sub-icb/" + nobodys).body()))
                .as("a code no practice has is still not found")
                .contains("There is no sub-ICB location " + nobodys + " in England in the practices directory.")
                .contains("Check the code");
    }

    @Test
    void theAppointmentsApiTellsAPracticeOrHealthBoardInWalesThatNhsEnglandsFiguresDoNotCoverIt_notThatNoFileDoes() {
        HealthBoard welsh = aHealthBoardInWales();
        Map<String, String> reasons = new LinkedHashMap<>();
        reasons.put("practice=" + welsh.practice().toLowerCase(Locale.ROOT), elsewhere(welsh.practice(), "Wales"));
        reasons.put(
                "subIcb=" + welsh.area().subIcb(),
                "The practices directory places the practices with sub-ICB location code "
                        + welsh.area().subIcb() + " in Wales, and the pressures come from NHS England's publications,"
                        + " which do not cover practices in Wales");
        Http visitor = new Http(port);

        reasons.forEach((asked, reason) -> {
            Http.Response api = visitor.get("/api/insights/appointments?" + asked + "&month=2024-10");
            assertThat(api.status()).as(asked).isEqualTo(404);
            assertThat(api.header("Content-Type")).as(asked).startsWith("application/problem+json");
            assertThat(api.json().get("detail").asString()).as(asked).isEqualTo(reason + ".");
        });

        String english = TestPractices.add(jdbc);
        assertThat(visitor.get("/api/insights/appointments?practice=" + english + "&month=2024-10")
                        .json()
                        .get("detail")
                        .asString())
                .as("a practice in England with no file imported is still told so")
                .isEqualTo("No appointments file imported covers practice " + english + " in 2024-10");
    }

    @Test
    void anAreaNoPracticeHasIsNamedAsItReadsInASentence_onThePageTheDownloadAndTheApi() {
        String nobodys = "7" + TestPractices.newCode();
        String said = "There is no sub-ICB location " + nobodys + " in England in the practices directory";
        Http visitor = new Http(port);

        Http.Response page = visitor.get("/pressures/sub-icb/" + nobodys);
        assertThat(page.status()).isEqualTo(404);
        assertThat(words(page.body())).contains("Area not found").contains(said + ".");
        Http.Response csv = visitor.get("/pressures/sub-icb/" + nobodys + "/workforce.csv");
        assertThat(csv.status()).isEqualTo(404);
        assertThat(csv.body()).startsWith(said + ":");
        Http.Response api = visitor.get("/api/insights/pressures/sub-icb/" + nobodys);
        assertThat(api.status()).isEqualTo(404);
        assertThat(api.json().get("detail").asString()).isEqualTo(said);
    }

    /** A health board's code and a practice in Wales with it: a test's own, and in the areas as they are rebuilt. */
    private record HealthBoard(TestPractices.LmcArea area, String practice) {}

    /**
     * An LMC whose area is a health board of its own, and a practice in it: as ODS gives a practice in Wales, Q99 where
     * an ICB would be and its health board where a sub-ICB location would be.
     */
    private HealthBoard aHealthBoardInWales() {
        TestPractices.LmcArea board = TestPractices.addLmcArea(jdbc, "Test Welsh LMC ", "7", "W");
        String practice = TestPractices.add(jdbc, "WALES", "ACTIVE", "GMS", null);
        jdbc.sql("update practices.practice set icb_code = 'Q99', sub_icb_code = :board where ods_code = :ods")
                .param("board", board.subIcb())
                .param("ods", practice)
                .update();
        rebuildTheAreas();
        return new HealthBoard(board, practice);
    }

    /**
     * The areas are built again when the directory is imported: a one-row list-size extract of a practice of its own,
     * long before any other test's, so it replaces none of theirs.
     */
    private void rebuildTheAreas() {
        String ods = TestPractices.add(jdbc);
        new InsightsFixtures.Api(port).rebuildAreasWith(ods);
    }

    private String elsewhere(String ods, String nation) {
        return named(ods) + " is in " + nation + ", and the pressures come from NHS England's publications, which do"
                + " not cover practices in " + nation;
    }

    private static String named(String ods) {
        return "TEST PRACTICE " + ods + " (" + ods + ")";
    }

    private static String words(String page) {
        return page.replace("&#39;", "'").replaceAll("\\s+", " ");
    }
}
