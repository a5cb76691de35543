package org.gpaction.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@GpActionTest
class UptakeTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Http http;
    ActionsTestData data;

    @BeforeEach
    void anLmcOfItsOwn() {
        http = new Http(port);
        data = new ActionsTestData(jdbc, http);
    }

    @Test
    void uptakeCountsWhatWasInForceOnEachDay() {
        List<String> practices = data.practices(4);
        String closing = data.practice("CLOSED", "2024-11-01");
        String admin = data.adminToken();
        choose(practices.get(0), 1, "2024-08-05", admin);
        choose(practices.get(1), 1, "2024-09-01", admin);
        stop(practices.get(1), 1, "2024-10-01", admin);
        choose(practices.get(2), 2, "2024-08-05", admin);
        choose(closing, 1, "2024-08-05", admin);

        assertUptake("2024-08-04", 5, Map.of(1, 0, 2, 0));
        assertUptake("2024-08-05", 5, Map.of(1, 2, 2, 1));
        assertUptake("2024-09-15", 5, Map.of(1, 3, 2, 1));
        assertUptake("2024-10-01", 5, Map.of(1, 2, 2, 1));
        // The ODS close date is the practice's last open day: counted on it, not after it.
        assertUptake("2024-11-01", 5, Map.of(1, 2, 2, 1));
        assertUptake("2024-11-02", 4, Map.of(1, 1, 2, 1));

        JsonNode afterItClosed = uptake("2024-11-02");
        assertThat(action(afterItClosed, 1).get("percent").asDouble()).isEqualTo(25.0);
        JsonNode byIcb = http.get("/api/actions/uptake?icb=" + data.icb + "&on=2024-09-15", admin)
                .json();
        assertThat(byIcb.get("practices").asInt()).isEqualTo(5);
        assertThat(action(byIcb, 1).get("practicesTaking").asInt()).isEqualTo(3);
    }

    /**
     * ODS dates are inclusive: 1,884 of the 1,887 close dates in the shipped practice file fall on a month's last day,
     * the last day the practice was open, as open dates fall on the first day it was.
     */
    @Test
    void aPracticeIsCountedOnItsOdsCloseDateItsLastOpenDay_andNotTheDayAfter() {
        String open = data.practice();
        String closing = data.practice("CLOSED", "2024-10-31");
        choose(closing, 1, "2024-08-05", data.adminToken());

        assertUptake("2024-10-31", 2, Map.of(1, 1));
        assertUptake("2024-11-01", 1, Map.of(1, 0));
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        String lmc = "?lmc=" + encode(data.lmc);
        assertThat(pages.get("/actions/uptake/practices.csv" + lmc + "&on=2024-10-31")
                        .body())
                .contains(open)
                .contains(closing);
        assertThat(pages.get("/actions/uptake/practices.csv" + lmc + "&on=2024-11-01")
                        .body())
                .contains(open)
                .doesNotContain(closing);
        assertThat(pages.get("/actions/uptake" + lmc + "&on=2024-10-31").body())
                .contains("2 practices open on 31 October 2024");
    }

    @Test
    void aPracticeTheOdsFileMarksClosedWithoutAClosingDateIsNotCountedOnAnyDay() {
        String open = data.practice();
        String closed = data.practice();
        String admin = data.adminToken();
        choose(open, 1, "2024-08-05", admin);
        choose(closed, 1, "2024-08-05", admin);
        jdbc.sql("update practices.practice set status = 'CLOSED' where ods_code = :ods")
                .param("ods", closed)
                .update();

        assertUptake("2024-09-15", 1, Map.of(1, 1));
        assertThat(action(uptake("2024-09-15"), 1).get("percent").asDouble()).isEqualTo(100.0);
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        String query = "?lmc=" + encode(data.lmc) + "&on=2024-09-15";
        assertThat(pages.get("/actions/uptake.csv" + query).body())
                .containsPattern("\r\n2024-09-15," + data.lmc + ",1,1,[^\r]*,1,100\\.0,yes\r\n");
        assertThat(pages.get("/actions/uptake/practices.csv" + query).body())
                .contains(open)
                .doesNotContain(closed);
        assertThat(pages.get("/actions/uptake" + query).body()).contains("1 practice open on 15 September 2024");
    }

    @Test
    void lmcOfficersSeeOnlyTheirOwnLmcsUptake() {
        String ods = data.practice();
        choose(ods, 1, "2024-08-05", data.adminToken());
        ActionsTestData other = new ActionsTestData(jdbc, http);
        other.practice();
        String officer = data.token(data.lmcOfficer(data.lmc));

        JsonNode own = http.get("/api/actions/uptake?on=2024-09-01", officer).json();
        assertThat(own.get("lmc").asString()).isEqualTo(data.lmc);
        assertThat(own.get("practices").asInt()).isEqualTo(1);
        assertThat(http.get("/api/actions/uptake?lmc=" + encode(other.lmc), officer)
                        .status())
                .isEqualTo(403);
        Http pages = new Http(port);
        pages.signIn(data.lmcOfficer(data.lmc), ActionsTestData.PASSWORD);
        assertThat(pages.get("/actions/uptake.csv?lmc=" + encode(other.lmc)).status())
                .isEqualTo(403);
        assertThat(pages.get("/actions/uptake?lmc=" + encode(other.lmc)).status())
                .isEqualTo(403);

        String manager = data.token(data.practiceManager(ods));
        assertThat(http.get("/api/actions/uptake", manager).status()).isEqualTo(403);
        assertThat(http.get("/api/actions/uptake?on=yesterday", data.adminToken())
                        .status())
                .isEqualTo(400);
    }

    @Test
    void anLmcOrIcbNoPracticeIsInIsAQuestionToFixNotZeros() {
        data.practice();
        String admin = data.adminToken();

        Http.Response lmc = http.get("/api/actions/uptake?lmc=Clevland", admin);
        assertThat(lmc.status()).as(lmc.body()).isEqualTo(400);
        assertThat(lmc.json().get("errors").get(0).get("field").asString()).isEqualTo("lmc");
        assertThat(lmc.json().get("detail").asString()).startsWith("Clevland is not an LMC in the practices directory");
        Http.Response icb = http.get("/api/actions/uptake?icb=Q99ZZ", admin);
        assertThat(icb.status()).as(icb.body()).isEqualTo(400);
        assertThat(icb.json().get("errors").get(0).get("field").asString()).isEqualTo("icb");
        assertThat(icb.json().get("detail").asString()).startsWith("Q99ZZ is not an ICB in the practices directory");
        assertThat(http.get("/api/actions/uptake?lmc=" + encode(data.lmc.toUpperCase(java.util.Locale.ROOT)), admin)
                        .status())
                .isEqualTo(200);

        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        Http.Response page = pages.get("/actions/uptake?lmc=Clevland");
        assertThat(page.body())
                .contains("There is a problem")
                .contains("<a href=\"#lmc\">Clevland is not an LMC in the practices directory")
                .contains("<span class=\"govuk-caption-l\">England</span>");
        assertThat(pages.get("/actions/uptake.csv?icb=Q99ZZ").status()).isEqualTo(400);

        // Q99 stands where an ICB would for practices in Wales, which uptake never counts, and the directory takes
        // their health board (7A3) as an ICB filter, which uptake refuses for the same reason; and an area whose only
        // practice closed before the first menu would only ever count zeros.
        TestPractices.add(jdbc, "WALES", "ACTIVE", "GMS", null, "Q99", "7A3");
        ActionsTestData gone = new ActionsTestData(jdbc, http);
        gone.practice("CLOSED", "2019-03-31");
        for (String icbCode : List.of("Q99", "7A3", gone.icb)) {
            Http.Response area = http.get("/api/actions/uptake?icb=" + icbCode, admin);
            assertThat(area.status()).as(area.body()).isEqualTo(400);
            assertThat(area.json().get("errors").get(0).get("field").asString()).isEqualTo("icb");
            assertThat(area.json().get("detail").asString())
                    .isEqualTo(icbCode + " has no practice in England open since the first action menu (1 August 2024):"
                            + " give an ICB code such as QHM, or leave icb out");
            assertThat(pages.get("/actions/uptake?icb=" + icbCode).body())
                    .contains("There is a problem")
                    .contains(icbCode + " has no practice in England open since the first action menu");
            assertThat(pages.get("/actions/uptake.csv?icb=" + icbCode).status()).isEqualTo(400);
        }
        Http.Response goneLmc = http.get("/api/actions/uptake?lmc=" + encode(gone.lmc), admin);
        assertThat(goneLmc.status()).as(goneLmc.body()).isEqualTo(400);
        assertThat(goneLmc.json().get("errors").get(0).get("field").asString()).isEqualTo("lmc");
        assertThat(goneLmc.json().get("detail").asString())
                .isEqualTo(gone.lmc + " has no practice in England open since the first action menu (1 August 2024):"
                        + " give another LMC, or leave lmc out");
    }

    /**
     * The LMC list offered every LMC with a practice counted on some day, even one whose practices all closed before the
     * first menu, which the page then refused: it offers only the LMCs the page accepts.
     */
    @Test
    void theLmcListOffersOnlyLmcsThePageAccepts_notOneWhosePracticesAllClosedBeforeTheFirstMenu() {
        data.practice();
        ActionsTestData gone = new ActionsTestData(jdbc, http);
        gone.practice("CLOSED", "2019-03-31");
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        String page = pages.get("/actions/uptake").body();

        assertThat(page).contains(">" + data.lmc + "</option>").doesNotContain(">" + gone.lmc + "</option>");
        assertThat(pages.get("/actions/uptake?lmc=" + encode(data.lmc)).body()).doesNotContain("There is a problem");
    }

    @Test
    void anLmcAskedForInAnotherCaseIsAnsweredWithTheDirectorysNameForIt() {
        data.practice();
        String typed = data.lmc.toUpperCase(java.util.Locale.ROOT);

        Http.Response answer = http.get("/api/actions/uptake?lmc=" + encode(typed), data.adminToken());

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("lmc").asString()).isEqualTo(data.lmc);
        assertThat(answer.json().get("practices").asInt()).isEqualTo(1);
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        assertThat(pages.get("/actions/uptake?lmc=" + encode(typed)).body())
                .contains("<span class=\"govuk-caption-l\">" + data.lmc + "</span>");
    }

    @Test
    void anIcbWithNoPracticeOfTheLmcAskedForIsAQuestionToFixNotZeros() {
        data.practice();
        ActionsTestData other = new ActionsTestData(jdbc, http);
        other.practice();
        String admin = data.adminToken();
        String officer = data.token(data.lmcOfficer(data.lmc));

        for (String token : List.of(admin, officer)) {
            Http.Response answer = http.get("/api/actions/uptake?lmc=" + encode(data.lmc) + "&icb=" + other.icb, token);
            assertThat(answer.status()).as(answer.body()).isEqualTo(400);
            assertThat(answer.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("icb");
            assertThat(answer.json().get("detail").asString())
                    .isEqualTo(data.lmc + " has no practice in ICB " + other.icb + ": give one of its ICBs, such as "
                            + data.icb + ", or leave icb out");
        }
        Http.Response ownIcb = http.get("/api/actions/uptake?icb=" + data.icb, officer);
        assertThat(ownIcb.status()).as(ownIcb.body()).isEqualTo(200);
        assertThat(ownIcb.json().get("practices").asInt()).isEqualTo(1);

        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        Http.Response page = pages.get("/actions/uptake?lmc=" + encode(data.lmc) + "&icb=" + other.icb);
        assertThat(page.body())
                .contains("<a href=\"#icb\">" + data.lmc + " has no practice in ICB " + other.icb)
                .contains("<span class=\"govuk-caption-l\">" + data.lmc + "</span>");
        assertThat(pages.get("/actions/uptake.csv?lmc=" + encode(data.lmc) + "&icb=" + other.icb)
                        .status())
                .isEqualTo(400);
    }

    @Test
    void exportsListEachPracticeWithItsActionsAndTheUptakePerIcb() {
        Http pages = new Http(port);
        List<String> practices = data.practices(2);
        choose(practices.get(0), 1, "2024-08-05", data.adminToken());
        choose(practices.get(0), 9, "2024-08-05", data.adminToken());
        String officer = data.lmcOfficer(data.lmc);
        pages.signIn(officer, ActionsTestData.PASSWORD);

        Http.Response list = pages.get("/actions/uptake/practices.csv?icb=" + data.icb + "&on=2024-09-01");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.header("content-type")).startsWith("text/csv");
        assertThat(list.body())
                .contains("2024-09-01," + data.icb + "," + practices.get(0) + ",ACTION TEST PRACTICE "
                        + practices.get(0) + "," + data.lmc + ",1 9\r\n")
                .contains(practices.get(1) + "," + data.lmc + ",\r\n");

        Http.Response byIcb = pages.get("/actions/uptake/icbs.csv?on=2024-09-01");
        assertThat(byIcb.body()).startsWith("\uFEFFon,icb_code,practices,action_1_practices,action_1_percent");
        assertThat(byIcb.body()).contains("2024-09-01," + data.icb + ",2,1,50.0,");

        Http.Response dashboard = pages.get("/actions/uptake?on=2024-09-01");
        assertThat(dashboard.status()).isEqualTo(200);
        assertThat(dashboard.body())
                .contains("2 practices open on 1 September 2024")
                .contains("trend-table");
    }

    /** As every other download of people's or practices' records: a browser or proxy keeps no copy of it. */
    @Test
    void theUptakeDownloadsAreNotKeptByTheBrowser() {
        choose(data.practice(), 1, "2024-08-05", data.adminToken());
        Http pages = new Http(port);
        pages.signIn(data.lmcOfficer(data.lmc), ActionsTestData.PASSWORD);

        for (String download : List.of(
                "/actions/uptake.csv?on=2024-09-01",
                "/actions/uptake/icbs.csv?on=2024-09-01",
                "/actions/uptake/practices.csv?on=2024-09-01")) {
            Http.Response csv = pages.get(download);

            assertThat(csv.status()).as(download).isEqualTo(200);
            assertThat(csv.header("content-type")).as(download).startsWith("text/csv");
            assertThat(csv.header("cache-control")).as(download).isEqualTo("no-store");
        }
    }

    @Test
    void anLmcOfOnePracticeIsToldInTheSingular() {
        data.practice();
        Http pages = new Http(port);
        pages.signIn(data.lmcOfficer(data.lmc), ActionsTestData.PASSWORD);

        assertThat(pages.get("/actions/uptake?on=2024-09-01").body())
                .contains("1 practice open on 1 September 2024")
                .doesNotContain("1 practices");
    }

    @Test
    void theIcbListHasOnlyIcbsWithAnActivePracticeToday() {
        data.practice();
        ActionsTestData former = new ActionsTestData(jdbc, http);
        former.practice("CLOSED", "2019-03-31");
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        String byIcb = pages.get("/actions/uptake/icbs.csv?on=2024-09-01").body();
        assertThat(byIcb).contains("," + data.icb + ",").doesNotContain(former.icb);
        String dashboard = pages.get("/actions/uptake?on=2024-09-01").body();
        assertThat(dashboard).contains(data.icb).doesNotContain(former.icb);
    }

    @Test
    void theWeeklyTableIsBehindADisclosureUnderTheChart() {
        data.practice();
        Http pages = new Http(port);
        pages.signIn(data.lmcOfficer(data.lmc), ActionsTestData.PASSWORD);

        String dashboard = pages.get("/actions/uptake?on=2024-09-01").body();
        int chart = dashboard.indexOf("id=\"trend-chart\"");
        int details = dashboard.indexOf("<details class=\"govuk-details\"");
        int table = dashboard.indexOf("id=\"trend-table\"");
        assertThat(chart).isPositive().isLessThan(details);
        assertThat(details).isLessThan(table);
        assertThat(dashboard.substring(details, table)).contains("Show the table");
        assertThat(dashboard.substring(table)).contains("</details>");
    }

    /** The week-by-week table named each week "2024-09-01", where the rest of the page says "1 September 2024". */
    @Test
    void theWeekByWeekTableNamesEachWeekInWords() {
        data.practice();
        Http pages = new Http(port);
        pages.signIn(data.lmcOfficer(data.lmc), ActionsTestData.PASSWORD);

        String dashboard = pages.get("/actions/uptake?on=2024-09-01").body();

        String table = dashboard.substring(
                dashboard.indexOf("id=\"trend-table\""),
                dashboard.indexOf("</table>", dashboard.indexOf("id=\"trend-table\"")));
        assertThat(table)
                .contains("<th scope=\"row\" class=\"govuk-table__header\">1 September 2024</th>")
                .contains("<th scope=\"row\" class=\"govuk-table__header\">25 August 2024</th>")
                .doesNotContainPattern(">[0-9]{4}-[0-9]{2}-[0-9]{2}</th>");
    }

    @Test
    void aDateBeforeTheFirstMenuOrFarAheadIsAQuestionNotAServerErrorOrAMillionWeeks() {
        data.practice();
        Http pages = new Http(port);
        pages.signIn(data.lmcOfficer(data.lmc), ActionsTestData.PASSWORD);

        Http.Response before = pages.get("/actions/uptake?on=2024-07-01");
        assertThat(before.status())
                .as("before the first menu: nothing was in force")
                .isEqualTo(200);
        assertThat(before.body()).doesNotContain("govuk-error-summary");
        for (String far : List.of("9999-12-31", "1066-10-14")) {
            Http.Response page = pages.get("/actions/uptake?on=" + far);
            assertThat(page.status())
                    .as("the page shows today's figures with the question: " + far)
                    .isEqualTo(200);
            assertThat(page.body()).as(far).contains("Enter a date from 2000 to a year from today");
            Http.Response api = pages.get("/actions/uptake.csv?on=" + far);
            assertThat(api.status()).as(far).isEqualTo(400);
        }
    }

    @Test
    void icbsAreNamedBesideTheirCodes() {
        TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        assertThat(pages.get("/actions/uptake").body()).contains("NHS North East and North Cumbria ICB (QHM)");
        assertThat(pages.get("/actions/uptake/icbs.csv").body())
                .contains("_percent,icb_name\r\n")
                .containsPattern("\r\n[0-9-]+,QHM,[0-9].*,NHS North East and North Cumbria ICB\r\n");
        assertThat(pages.get("/actions/uptake?icb=QHM").body())
                .contains("<span class=\"govuk-caption-l\">NHS North East and North Cumbria ICB (QHM)</span>");
    }

    JsonNode uptake(String on) {
        Http.Response response =
                http.get("/api/actions/uptake?lmc=" + encode(data.lmc) + "&on=" + on, data.adminToken());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    void assertUptake(String on, int practices, Map<Integer, Integer> taking) {
        JsonNode figures = uptake(on);
        assertThat(figures.get("practices").asInt()).as("practices on " + on).isEqualTo(practices);
        taking.forEach((number, count) -> assertThat(
                        action(figures, number).get("practicesTaking").asInt())
                .as("practices taking action " + number + " on " + on)
                .isEqualTo(count));
    }

    /**
     * The page's links to an ICB's uptake and to the CSV files carry the filters the page has and no others: a filter
     * left out is no parameter at all, never one named with no value (lmc&amp; or lmc= followed by nothing), and each
     * link opens.
     */
    @Test
    void theUptakePagesLinksCarryOnlyTheFiltersItHas() {
        data.practice();
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        for (String query : List.of(
                "", "?lmc=" + encode(data.lmc), "?icb=" + data.icb, "?lmc=" + encode(data.lmc) + "&icb=" + data.icb)) {
            Http.Response page = pages.get("/actions/uptake" + query);
            assertThat(page.status()).as(query).isEqualTo(200);
            List<String> links = java.util.regex.Pattern.compile("href=\"(/actions/uptake[^\"]*)\"")
                    .matcher(page.body())
                    .results()
                    .map(link -> link.group(1).replace("&amp;", "&"))
                    .toList();
            assertThat(links).as(query).hasSizeGreaterThanOrEqualTo(3);
            for (String link : links) {
                if (!link.contains("?")) {
                    continue;
                }
                String parameters = link.substring(link.indexOf('?') + 1);
                assertThat(parameters.split("&", -1))
                        .as("%s on the page for %s", link, query)
                        .allMatch(parameter -> parameter.matches("[a-z]+=[^=]+"));
                assertThat(java.util.Arrays.stream(parameters.split("&"))
                                .filter(parameter -> parameter.startsWith("lmc="))
                                .map(parameter -> java.net.URLDecoder.decode(
                                        parameter.substring("lmc=".length()), StandardCharsets.UTF_8)))
                        .as("%s on the page for %s", link, query)
                        .containsExactlyElementsOf(query.contains("lmc=") ? List.of(data.lmc) : List.of());
                assertThat(pages.get(link).status()).as(link).isEqualTo(200);
            }
        }
    }

    static JsonNode action(JsonNode figures, int number) {
        for (JsonNode action : figures.get("actions")) {
            if (action.get("number").asInt() == number) {
                return action;
            }
        }
        throw new AssertionError("No action " + number + " in " + figures);
    }

    void choose(String ods, int number, String from, String token) {
        Http.Response response = http.postJson(
                "/api/practices/" + ods + "/actions", Map.of("actionNumber", number, "from", from), token);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    void stop(String ods, int number, String on, String token) {
        Http.Response response = http.postJson(
                "/api/practices/" + ods + "/actions/" + number + "/stop",
                Map.of("on", on, "reason", "Test stop"),
                token);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
