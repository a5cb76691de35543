package org.gpaction.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.common.UkTime;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@GpActionTest
class PracticeActionsApiTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ActionsInForce inForce;

    Http http;
    ActionsTestData data;

    @BeforeEach
    void anLmcOfItsOwn() {
        http = new Http(port);
        data = new ActionsTestData(jdbc, http);
    }

    @Test
    void aPracticeManagerChoosesActionsStopsOneAndReadsTheWholeHistory() {
        String ods = data.practice();
        String token = data.token(data.practiceManager(ods));

        Http.Response first = http.postJson(
                "/api/practices/" + ods + "/actions",
                Map.of("actionNumber", 1, "from", "2024-08-05", "note", "Starting with safe working"),
                token);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().get("actionNumber").asInt()).isEqualTo(1);
        assertThat(first.json().get("from").asString()).isEqualTo("2024-08-05");
        assertThat(http.postJson(
                                "/api/practices/" + ods + "/actions",
                                Map.of("actionNumber", 2, "from", "2024-09-01"),
                                token)
                        .status())
                .isEqualTo(201);

        Http.Response stopped = http.postJson(
                "/api/practices/" + ods + "/actions/2/stop",
                Map.of("on", "2024-12-01", "reason", "Agreed with the ICB", "how", "DE_ESCALATED"),
                token);
        assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
        assertThat(stopped.json().get("to").asString()).isEqualTo("2024-12-01");
        assertThat(stopped.json().get("endedHow").asString()).isEqualTo("DE_ESCALATED");

        JsonNode actions = http.get("/api/practices/" + ods + "/actions", token).json();
        assertThat(actions.get("current").findValuesAsString("title"))
                .containsExactly("Cap daily contacts at a safe number");
        assertThat(actions.get("history")).hasSize(2);
        assertThat(actions.get("timeline").findValuesAsString("kind"))
                .containsExactly("DE_ESCALATED", "STARTED", "STARTED");
        assertThat(actions.get("timeline").findValuesAsString("detail"))
                .contains("Agreed with the ICB", "Starting with safe working");
    }

    @Test
    void anActionCanBeTakenUpAgainAfterItStopped() {
        String ods = data.practice();
        String token = data.token(data.practiceManager(ods));
        choose(ods, 5, "2024-08-10", token);
        stop(ods, 5, "2024-10-01", token);

        Http.Response overlapping = http.postJson(
                "/api/practices/" + ods + "/actions", Map.of("actionNumber", 5, "from", "2024-09-01"), token);
        assertThat(overlapping.status()).isEqualTo(400);
        assertThat(overlapping.json().get("errors").findValuesAsString("field")).containsExactly("from");
        assertThat(overlapping
                        .json()
                        .get("errors")
                        .findValuesAsString("message")
                        .get(0))
                .contains("was in force until 30 September 2024");

        choose(ods, 5, "2024-10-01", token);
        assertThat(http.get("/api/practices/" + ods + "/actions", token).json().get("history"))
                .hasSize(2);
    }

    @Test
    void badChoicesAreRefusedNamingWhatToFix() {
        String ods = data.practice();
        String token = data.token(data.practiceManager(ods));
        String path = "/api/practices/" + ods + "/actions";

        assertThat(problemFields(http.postJson(path, Map.of(), token))).containsExactly("actionNumber", "from");
        assertThat(problemMessages(http.postJson(path, Map.of("actionNumber", 42, "from", "2024-08-05"), token)))
                .singleElement()
                .asString()
                .contains("There is no action 42");
        assertThat(problemMessages(http.postJson(path, Map.of("actionNumber", 1, "from", "2024-02-30"), token)))
                .singleElement()
                .asString()
                .contains("as a real date");
        assertThat(problemMessages(http.postJson(path, Map.of("actionNumber", 1, "from", "2024-07-31"), token)))
                .singleElement()
                .asString()
                .contains("first published on 1 August 2024");
        assertThat(http.postJson(path, "{\"actionNumber\": \"one\"}", token).status())
                .isEqualTo(400);

        choose(ods, 3, "2024-08-05", token);
        assertThat(problemMessages(http.postJson(path, Map.of("actionNumber", 3, "from", "2024-09-05"), token)))
                .singleElement()
                .asString()
                .contains("already in force from 5 August 2024");
        assertThat(problemMessages(http.postJson(
                        path + "/3/stop", Map.of("on", "2024-08-05", "reason", "Changed our minds"), token)))
                .singleElement()
                .asString()
                .contains("started on 5 August 2024: enter a day after that");
        assertThat(problemFields(http.postJson(path + "/3/stop", Map.of("on", "2024-10-01"), token)))
                .containsExactly("reason");
        assertThat(problemMessages(http.postJson(
                        path + "/3/stop",
                        Map.of("on", "2024-10-01", "reason", "Negotiated", "how", "DE_ESCALATED"),
                        token)))
                .singleElement()
                .asString()
                .contains("not one the menu allows to be de-escalated");
        assertThat(problemMessages(
                        http.postJson(path + "/4/stop", Map.of("on", "2024-10-01", "reason", "Never started"), token)))
                .singleElement()
                .asString()
                .contains("Action 4 is not in force");
    }

    @Test
    void aPracticeTheDirectoryPlacesInNoNationIsRefusedTheMenuSinceUptakeCountsOnlyEngland() {
        String ods = data.practice();
        jdbc.sql("update practices.practice set nation = 'UNKNOWN', national_grouping = 'Y99' where ods_code = :ods")
                .param("ods", ods)
                .update();
        String token = data.token(data.practiceManager(ods));

        Http.Response refused = http.postJson(
                "/api/practices/" + ods + "/actions", Map.of("actionNumber", 1, "from", "2024-08-05"), token);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(problemFields(refused)).containsExactly("actionNumber");
        assertThat(problemMessages(refused))
                .containsExactly("The action menu is for practices in England, and the practices directory does not say"
                        + " which nation " + ods + " is in: ask an administrator to check its national grouping in"
                        + " the ODS practice file");
        assertThat(jdbc.sql("select count(*) from actions.action_period where ods_code = :ods")
                        .param("ods", ods)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void thePracticePageLinksToThePressuresOnlyOfAPracticeInEngland_whichNhsEnglandsFiguresCover() {
        String english = data.practice();
        String welsh = data.practice();
        String unknown = data.practice();
        jdbc.sql("update practices.practice set nation = 'WALES', national_grouping = 'W00' where ods_code = :ods")
                .param("ods", welsh)
                .update();
        jdbc.sql("update practices.practice set nation = 'UNKNOWN', national_grouping = 'Y99' where ods_code = :ods")
                .param("ods", unknown)
                .update();
        Http pages = new Http(port);
        pages.signIn(data.practiceManager(english, welsh, unknown), ActionsTestData.PASSWORD);

        assertThat(pages.get("/actions/practices/" + english).body())
                .contains("href=\"/pressures/practice/" + english + "\"")
                .doesNotContain("There are no figures for the pressures");
        for (String ods : List.of(welsh, unknown)) {
            assertThat(pages.get("/actions/practices/" + ods)
                            .body()
                            .replace("&#39;", "'")
                            .replaceAll("\\s+", " "))
                    .as(ods)
                    .doesNotContain("/pressures/practice/")
                    .contains("There are no figures for the pressures on this practice: they come from NHS England's"
                            + " publications, which cover practices in England only.");
        }
    }

    @Test
    void aPracticeInWalesIsCaptionedWithItsHealthBoard_asTheDirectoryShowsIt_notTheIcbPlaceholderQ99() {
        String english = data.practice();
        String welsh = inWales(data.practice());
        Http pages = new Http(port);
        pages.signIn(data.practiceManager(english, welsh), ActionsTestData.PASSWORD);

        assertThat(caption(pages.get("/actions/practices/" + welsh).body()))
                .isEqualTo(welsh + " · Health board " + data.subIcb + " · " + data.lmc);
        assertThat(caption(pages.get("/actions/practices/" + english).body()))
                .isEqualTo(english + " · ICB " + data.icb + " · " + data.lmc);
    }

    @Test
    void theListOfPracticesShowsAPracticeInWalesWithItsHealthBoard_asTheDirectoryDoes_notTheIcbPlaceholderQ99() {
        String english = data.practice();
        String welsh = inWales(data.practice());
        Http pages = new Http(port);
        pages.signIn(data.practiceManager(english, welsh), ActionsTestData.PASSWORD);

        String list = pages.get("/actions/practices").body();

        assertThat(icbColumn(list, welsh)).isEqualTo("Health board " + data.subIcb);
        assertThat(icbColumn(list, english)).isEqualTo(data.icb);
        // Test practices' codes are Q10000 to Q99999, so "Q99" may begin one: the placeholder is a cell of its own.
        assertThat(list).doesNotContain(">Q99<");
    }

    /** As ODS gives a practice in Wales: Q99 where an ICB would be, its health board where a sub-ICB location would. */
    private String inWales(String ods) {
        jdbc.sql("""
                        update practices.practice set nation = 'WALES', national_grouping = 'W00', icb_code = 'Q99'
                        where ods_code = :ods
                        """).param("ods", ods).update();
        return ods;
    }

    /** The ICB column of the practice's row in the list of practices, after its ODS code column. */
    private static String icbColumn(String list, String ods) {
        Matcher row = Pattern.compile(">" + ods + "</td>\\s*<td class=\"govuk-table__cell\">([^<]*)</td>")
                .matcher(list);
        assertThat(row.find()).as("a row for " + ods + " in " + list).isTrue();
        return row.group(1);
    }

    private static String caption(String page) {
        return page.replaceAll("(?s).*<span class=\"govuk-caption-l\">([^<]*)</span>.*", "$1")
                .replace("&middot;", "·")
                .replace("&#183;", "·");
    }

    @Test
    void practiceStaffActOnlyForTheirOwnPracticesOnEveryEndpoint() {
        String mine = data.practice();
        String theirs = data.practice();
        choose(theirs, 1, "2024-08-05", data.adminToken());
        String manager = data.token(data.practiceManager(mine));
        String receptionist = data.token(data.staff("RECEPTIONIST", List.of(theirs), null));
        String scrutineer = data.token(data.staff("SCRUTINEER", List.of(), null));

        for (String token : List.of(manager, scrutineer)) {
            assertThat(http.get("/api/practices/" + theirs + "/actions", token).status())
                    .isEqualTo(404);
            // A manager of another practice is told there is no such practice; a scrutineer, who changes no
            // practice's actions, is refused by role before the request's body is read.
            int refused = token.equals(scrutineer) ? 403 : 404;
            assertThat(http.postJson(
                                    "/api/practices/" + theirs + "/actions",
                                    Map.of("actionNumber", 2, "from", "2024-08-05"),
                                    token)
                            .status())
                    .isEqualTo(refused);
            assertThat(http.postJson(
                                    "/api/practices/" + theirs + "/actions/1/stop",
                                    Map.of("on", "2024-09-01", "reason", "x"),
                                    token)
                            .status())
                    .isEqualTo(refused);
        }
        assertThat(http.get("/api/practices/" + theirs + "/actions", receptionist)
                        .status())
                .isEqualTo(200);
        Http.Response refused = http.postJson(
                "/api/practices/" + theirs + "/actions", Map.of("actionNumber", 2, "from", "2024-08-05"), receptionist);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("content-type")).startsWith("application/problem+json");
        assertThat(http.postJson(
                                "/api/practices/" + theirs + "/actions/1/stop",
                                Map.of("on", "2024-09-01", "reason", "x"),
                                receptionist)
                        .status())
                .isEqualTo(403);
        assertThat(http.get("/api/practices/" + theirs + "/actions", null).status())
                .isEqualTo(401);
        assertThat(http.get("/api/practices/" + theirs + "/actions", data.adminToken())
                        .json()
                        .get("history"))
                .hasSize(1);
        assertThat(http.get("/api/practices/NOSUCH/actions", data.adminToken()).status())
                .isEqualTo(404);
    }

    @Test
    void lmcOfficersSeeTheirLmcsPracticesButChangeNothing() {
        String ods = data.practice();
        choose(ods, 1, "2024-08-05", data.adminToken());
        String officer = data.token(data.lmcOfficer(data.lmc));
        ActionsTestData elsewhere = new ActionsTestData(jdbc, http);
        String otherOfficer = data.token(data.lmcOfficer(elsewhere.lmc));

        assertThat(http.get("/api/practices/" + ods + "/actions", officer).status())
                .isEqualTo(200);
        assertThat(http.postJson(
                                "/api/practices/" + ods + "/actions",
                                Map.of("actionNumber", 2, "from", "2024-08-05"),
                                officer)
                        .status())
                .isEqualTo(403);
        assertThat(http.postJson(
                                "/api/practices/" + ods + "/actions/1/stop",
                                Map.of("on", "2024-09-01", "reason", "x"),
                                officer)
                        .status())
                .isEqualTo(403);
        assertThat(http.get("/api/practices/" + ods + "/actions", otherOfficer).status())
                .isEqualTo(404);
    }

    @Test
    void thePatientNoticePromisesADailyLimitOnlyWhileAnActionSettingOneIsInForce() {
        String ods = data.practice();
        String manager = data.practiceManager(ods);
        String token = data.token(manager);
        choose(ods, 5, "2024-08-05", token);
        Http pages = new Http(port);
        pages.signIn(manager, ActionsTestData.PASSWORD);
        String notice = pages.get("/actions/practices/" + ods + "/notice").body();
        assertThat(notice)
                .doesNotContain("sees a safe number of patients a day")
                .contains("Other places to get help")
                .contains("None of them breaks our")
                .contains("NHS 111");

        choose(ods, 1, "2024-08-05", token);
        assertThat(pages.get("/actions/practices/" + ods + "/notice").body())
                .contains("sees a safe number of patients a day")
                .contains("When we are full");
    }

    @Test
    void aPlannedActionWithdrawnBeforeItStartsIsNeverInForce() {
        String ods = data.practice();
        String token = data.token(data.practiceManager(ods));
        LocalDate today = LocalDate.now(UkTime.ZONE);
        LocalDate planned = today.plusDays(7);
        choose(ods, ActionsInForce.SAFE_WORKING, planned.toString(), token);

        Http.Response withdrawn = http.postJson(
                "/api/practices/" + ods + "/actions/1/stop",
                Map.of("on", today.toString(), "reason", "We decided not to go ahead"),
                token);
        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
        assertThat(withdrawn.json().get("endedHow").asString()).isEqualTo("WITHDRAWN");
        assertThat(withdrawn.json().get("from").asString()).isEqualTo(planned.toString());
        assertThat(withdrawn.json().get("to").asString()).isEqualTo(planned.toString());
        for (LocalDate day = today; !day.isAfter(planned.plusDays(7)); day = day.plusDays(1)) {
            assertThat(inForce.isInForce(ods, ActionsInForce.SAFE_WORKING, day))
                    .as("safe working is enforced on %s", day)
                    .isFalse();
        }
        JsonNode actions = http.get("/api/practices/" + ods + "/actions", token).json();
        assertThat(actions.get("current")).isEmpty();
        assertThat(actions.get("history").findValuesAsString("endedHow")).containsExactly("WITHDRAWN");
        assertThat(actions.get("timeline").findValuesAsString("kind")).containsExactly("WITHDRAWN", "STARTED");

        // Withdrawn, it takes no days: the practice can choose it again from any day, even before the withdrawn one.
        choose(ods, ActionsInForce.SAFE_WORKING, today.plusDays(3).toString(), token);
        assertThat(inForce.isInForce(ods, ActionsInForce.SAFE_WORKING, today.plusDays(3)))
                .isTrue();
        assertThat(problemFields(http.postJson(
                        "/api/practices/" + ods + "/actions/1/stop",
                        Map.of("on", today.plusDays(10).toString(), "reason", "x", "how", "WITHDRAWN"),
                        token)))
                .containsExactly("how");
    }

    @Test
    void thePracticePageWithdrawsAPlannedActionThroughItsStopForm() {
        String ods = data.practice();
        String manager = data.practiceManager(ods);
        String token = data.token(manager);
        LocalDate today = LocalDate.now(UkTime.ZONE);
        LocalDate planned = today.plusDays(7);
        choose(ods, 2, planned.toString(), token);
        String stopPath = "/actions/practices/" + ods + "/actions/2/stop";

        Http pages = new Http(port);
        pages.signIn(manager, ActionsTestData.PASSWORD);
        assertThat(pages.get(stopPath).body())
                .contains("Starts on " + display(planned))
                .contains("withdraws it")
                .as("a planned action the menu lets be de-escalated can be, from a later day, as through the API")
                .contains("DE_ESCALATED");
        Http.Response done =
                pages.postForm(stopPath, Map.of("on", today.toString(), "reason", "Not going ahead", "how", "STOPPED"));
        assertThat(done.status()).as(done.body()).isEqualTo(302);
        assertThat(pages.get("/actions/practices/" + ods).body())
                .contains("Action 2 is withdrawn: it will not start on " + display(planned))
                .contains("The practice is not taking any action yet.")
                .contains("Withdrawn before it started")
                .contains("Was to start on " + display(planned));
    }

    @Test
    void anActionWithItsStopRecordedShowsItsLastDayAndOffersNoSecondStop() {
        String ods = data.practice();
        String manager = data.practiceManager(ods);
        String token = data.token(manager);
        LocalDate today = LocalDate.now(UkTime.ZONE);
        choose(ods, 2, "2024-08-05", token);
        choose(ods, 3, "2024-08-05", token);
        choose(ods, 4, today.plusDays(7).toString(), token);
        stop(ods, 2, today.plusDays(30).toString(), token);

        Http pages = new Http(port);
        pages.signIn(manager, ActionsTestData.PASSWORD);
        String page = pages.get("/actions/practices/" + ods).body();
        assertThat(page)
                .contains("until " + display(today.plusDays(29)))
                .contains("Starts on " + display(today.plusDays(7)))
                .doesNotContain("/actions/practices/" + ods + "/actions/2/stop")
                .contains("/actions/practices/" + ods + "/actions/3/stop")
                .contains("/actions/practices/" + ods + "/actions/4/stop");
        assertThat(pages.get("/actions/practices/" + ods + "/actions/2/stop").status())
                .isEqualTo(404);
        assertThat(problemMessages(http.postJson(
                        "/api/practices/" + ods + "/actions/2/stop",
                        Map.of("on", today.plusDays(10).toString(), "reason", "Sooner"),
                        token)))
                .singleElement()
                .asString()
                .contains("already stops from " + display(today.plusDays(30)));
    }

    @Test
    void aPlannedActionWithItsStopRecordedCanStillBeWithdrawnBeforeItStarts() {
        String ods = data.practice();
        String manager = data.practiceManager(ods);
        String token = data.token(manager);
        LocalDate today = LocalDate.now(UkTime.ZONE);
        LocalDate planned = today.plusDays(7);
        choose(ods, ActionsInForce.SAFE_WORKING, planned.toString(), token);
        stop(ods, ActionsInForce.SAFE_WORKING, today.plusDays(14).toString(), token);
        String stopPath = "/actions/practices/" + ods + "/actions/1/stop";

        Http pages = new Http(port);
        pages.signIn(manager, ActionsTestData.PASSWORD);
        assertThat(pages.get("/actions/practices/" + ods).body())
                .contains("until " + display(today.plusDays(13)))
                .contains(stopPath + "\">Withdraw");
        assertThat(pages.get(stopPath).body())
                .contains("Withdraw action 1")
                .contains("on or before " + display(planned));
        assertThat(problemMessages(http.postJson(
                        "/api/practices/" + ods + "/actions/1/stop",
                        Map.of("on", today.plusDays(10).toString(), "reason", "Sooner"),
                        token)))
                .singleElement()
                .asString()
                .contains("already stops from " + display(today.plusDays(14)))
                .contains("on or before " + display(planned));

        Http.Response withdrawn = http.postJson(
                "/api/practices/" + ods + "/actions/1/stop",
                Map.of("on", today.toString(), "reason", "We decided not to go ahead at all"),
                token);
        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
        assertThat(withdrawn.json().get("endedHow").asString()).isEqualTo("WITHDRAWN");
        assertThat(withdrawn.json().get("from").asString()).isEqualTo(planned.toString());
        assertThat(withdrawn.json().get("to").asString()).isEqualTo(planned.toString());
        for (LocalDate day = today; !day.isAfter(today.plusDays(20)); day = day.plusDays(1)) {
            assertThat(inForce.isInForce(ods, ActionsInForce.SAFE_WORKING, day))
                    .as("safe working is enforced on %s", day)
                    .isFalse();
        }
        JsonNode actions = http.get("/api/practices/" + ods + "/actions", token).json();
        assertThat(actions.get("current")).isEmpty();
        assertThat(actions.get("history").findValuesAsString("endedHow")).containsExactly("WITHDRAWN");
        assertThat(actions.get("timeline").findValuesAsString("kind"))
                .containsExactly("WITHDRAWN", "STOPPED", "STARTED");
        assertThat(pages.get("/actions/practices/" + ods).body())
                .contains("Withdrawn before it started")
                .contains("Was to start on " + display(planned))
                .doesNotContain(stopPath);
        assertThat(problemMessages(http.postJson(
                        "/api/practices/" + ods + "/actions/1/stop",
                        Map.of("on", today.toString(), "reason", "Again"),
                        token)))
                .singleElement()
                .asString()
                .isEqualTo("Action 1 is already withdrawn: it will not start on " + display(planned)
                        + ", and there is nothing left to withdraw");
    }

    @Test
    void anActionIsPlannedOnceAtATimeSoAStopActsOnThePeriodItsFormNames() {
        String ods = data.practice();
        String manager = data.practiceManager(ods);
        String token = data.token(manager);
        LocalDate today = LocalDate.now(UkTime.ZONE);
        LocalDate planned = today.plusDays(7);
        choose(ods, 2, planned.toString(), token);
        stop(ods, 2, today.plusDays(14).toString(), token);

        Http.Response second = http.postJson(
                "/api/practices/" + ods + "/actions",
                Map.of("actionNumber", 2, "from", today.plusDays(21).toString()),
                token);
        assertThat(problemFields(second)).containsExactly("actionNumber");
        assertThat(second.json().get("errors").findValuesAsString("message"))
                .singleElement()
                .asString()
                .contains("already planned from " + display(planned) + " until " + display(today.plusDays(13)))
                .contains("withdraw that first");
        JsonNode actions = http.get("/api/practices/" + ods + "/actions", token).json();
        assertThat(actions.get("history")).hasSize(1);
        assertThat(actions.get("timeline").findValuesAsString("kind")).containsExactly("STOPPED", "STARTED");

        Http pages = new Http(port);
        pages.signIn(manager, ActionsTestData.PASSWORD);
        assertThat(pages.get("/actions/practices/" + ods + "/actions/2/stop").body())
                .contains("Starts on " + display(planned));
        Http.Response withdrawn = http.postJson(
                "/api/practices/" + ods + "/actions/2/stop",
                Map.of("on", today.toString(), "reason", "Later instead"),
                token);
        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
        assertThat(withdrawn.json().get("from").asString()).isEqualTo(planned.toString());
        assertThat(withdrawn.json().get("endedHow").asString()).isEqualTo("WITHDRAWN");
        choose(ods, 2, today.plusDays(21).toString(), token);
    }

    @Test
    void aStartedActionWithItsStopRecordedIsRefusedASecondStopWhateverItsDate() {
        String ods = data.practice();
        String token = data.token(data.practiceManager(ods));
        LocalDate today = LocalDate.now(UkTime.ZONE);
        LocalDate started = today.minusDays(3);
        choose(ods, ActionsInForce.SAFE_WORKING, started.toString(), token);
        stop(ods, ActionsInForce.SAFE_WORKING, today.plusDays(14).toString(), token);

        for (LocalDate on : List.of(started.minusDays(1), started, today, today.plusDays(20))) {
            assertThat(problemMessages(http.postJson(
                            "/api/practices/" + ods + "/actions/1/stop",
                            Map.of("on", on.toString(), "reason", "Second thoughts"),
                            token)))
                    .as("a second stop from %s", on)
                    .singleElement()
                    .asString()
                    .contains("already stops from " + display(today.plusDays(14)));
        }
        assertThat(inForce.isInForce(ods, ActionsInForce.SAFE_WORKING, today)).isTrue();
        assertThat(inForce.isInForce(ods, ActionsInForce.SAFE_WORKING, today.plusDays(13)))
                .isTrue();
        assertThat(http.get("/api/practices/" + ods + "/actions", token)
                        .json()
                        .get("timeline")
                        .findValuesAsString("kind"))
                .containsExactly("STOPPED", "STARTED");
    }

    @Test
    void aBodyOfTheWrongTypeOrTooLargeIsRefusedNamingWhatIsTaken() throws Exception {
        String ods = data.practice();
        String token = data.token(data.practiceManager(ods));
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.util.function.BiFunction<String, String, java.net.http.HttpRequest> post =
                (type, body) -> java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://localhost:" + port + "/api/practices/" + ods + "/actions"))
                        .header("Content-Type", type)
                        .header("Accept", "application/json")
                        .header("Authorization", "Bearer " + token)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                        .build();

        java.net.http.HttpResponse<String> text = client.send(
                post.apply("text/plain", "{\"actionNumber\":1,\"from\":\"2024-08-05\"}"),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(text.statusCode()).isEqualTo(415);
        JsonNode unsupported = new Http.Response(415, Map.of(), text.body()).json();
        assertThat(unsupported.get("acceptedTypes").toString()).isEqualTo("[\"application/json\"]");
        assertThat(unsupported.get("title").asString()).isEqualTo("Unsupported media type");

        java.net.http.HttpResponse<String> large = client.send(
                post.apply(
                        "application/json",
                        "{\"actionNumber\":1,\"from\":\"2024-08-05\",\"note\":\"" + "a".repeat(17_000) + "\"}"),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(large.statusCode()).isEqualTo(413);
        JsonNode tooLarge = new Http.Response(413, Map.of(), large.body()).json();
        assertThat(tooLarge.get("maxBytes").asInt()).isEqualTo(16384);
        assertThat(tooLarge.get("detail").asString()).isEqualTo("The request body must be at most 16,384 bytes");
        assertThat(http.get("/api/practices/" + ods + "/actions", token).json().get("history"))
                .isEmpty();
    }

    /**
     * The answer names how an action ended endedHow, and a stop sent with that name instead of how was once read as a
     * plain stop and recorded for good: a field the request does not take is refused, naming it, and nothing is kept.
     */
    @Test
    void aFieldTheRequestDoesNotTakeIsRefusedNamingItAndNothingIsRecorded() {
        String ods = data.practice();
        String token = data.token(data.practiceManager(ods));
        String path = "/api/practices/" + ods + "/actions";
        choose(ods, 2, "2024-08-05", token);

        Http.Response answerName = http.postJson(
                path + "/2/stop",
                Map.of("on", "2024-12-01", "reason", "Agreed with the ICB", "endedHow", "DE_ESCALATED"),
                token);
        assertThat(problemFields(answerName)).containsExactly("endedHow");
        assertThat(problemMessages(answerName))
                .singleElement()
                .asString()
                .isEqualTo("endedHow is not a field this request takes: send how instead");

        assertThat(problemMessages(http.postJson(
                        path, Map.of("actionNumber", 3, "from", "2024-08-05", "startsOn", "2024-08-05"), token)))
                .singleElement()
                .asString()
                .isEqualTo("startsOn is not a field this request takes: send only actionNumber, from and note");

        JsonNode actions = http.get(path, token).json();
        assertThat(actions.get("current").findValuesAsString("actionNumber"))
                .as("3 not chosen")
                .containsExactly("2");
        assertThat(actions.get("current").get(0).path("to").isNull()
                        || actions.get("current").get(0).path("to").isMissingNode())
                .as("2 not stopped")
                .isTrue();
        assertThat(actions.get("timeline").findValuesAsString("kind")).containsExactly("STARTED");
    }

    @Test
    void aBodyForAPracticeTheCallerCannotChangeIsNotReadBeforeTheRefusal() {
        String mine = data.practice();
        String theirs = data.practice();
        String token = data.token(data.practiceManager(mine));
        for (String path :
                List.of("/api/practices/" + theirs + "/actions", "/api/practices/" + theirs + "/actions/1/stop")) {
            Http.Response refused = http.postJson(path, "{", token);
            assertThat(refused.status()).as(refused.body()).isEqualTo(404);
            assertThat(refused.json().get("detail").asString()).contains("There is no practice " + theirs);
        }
    }

    static String display(LocalDate day) {
        return day.format(java.time.format.DateTimeFormatter.ofPattern("d MMMM yyyy", java.util.Locale.UK));
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

    static List<String> problemFields(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        return response.json().get("errors").findValuesAsString("field");
    }

    static List<String> problemMessages(Http.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        return response.json().get("errors").findValuesAsString("message");
    }
}
