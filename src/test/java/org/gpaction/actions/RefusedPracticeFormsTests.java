package org.gpaction.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

/**
 * A practice's forms refused for what was sent answer 400, as every other refused form does and as the API answers the
 * same refusal: the form is shown again as typed, each problem tied to its field, and nothing is recorded.
 */
@GpActionTest
class RefusedPracticeFormsTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    ActionsTestData data;
    Http manager;
    String ods;
    String choose;

    @BeforeEach
    void signInAsTheManager() {
        data = new ActionsTestData(jdbc, new Http(port));
        ods = data.practice();
        manager = new Http(port);
        manager.signIn(data.practiceManager(ods), ActionsTestData.PASSWORD);
        choose = "/actions/practices/" + ods + "/choose";
    }

    @Test
    void aChoiceWithAMissingOrUnreadableStartDateIsAnswered400WithTheFormAsTypedAndTheErrorByTheDate() {
        manager.get(choose);

        Http.Response missing = manager.postForm(
                choose, Map.of("actionNumber", "2", "from", "", "note", "Two clinicians <first> & then more"));

        assertThat(missing.status()).as(missing.body()).isEqualTo(400);
        assertThat(missing.body())
                .contains("Enter the day the practice started the action, like 2024-08-12")
                .contains("id=\"from-error\"")
                .contains("aria-describedby=\"from-hint from-error\"")
                .contains("govuk-input--error")
                .contains(">Two clinicians &lt;first&gt; &amp; then more</textarea>")
                .containsPattern("value=\"2\"[^>]*checked");

        Http.Response unreadable = manager.postForm(choose, Map.of("actionNumber", "2", "from", "2024-02-30"));

        assertThat(unreadable.status()).as(unreadable.body()).isEqualTo(400);
        assertThat(unreadable.body())
                .contains("as a real date")
                .contains("value=\"2024-02-30\"")
                .contains("aria-describedby=\"from-hint from-error\"");
        assertThat(periods()).isZero();
    }

    @Test
    void aChoiceOfNoActionOrOneNotOnTheMenuIsAnswered400WithTheErrorByTheActions() {
        manager.get(choose);

        for (Map<String, String> sent : List.of(
                Map.of("from", "2024-08-05"),
                Map.of("actionNumber", "99", "from", "2024-08-05"),
                Map.of("actionNumber", "one", "from", "2024-08-05"))) {
            Http.Response refused = manager.postForm(choose, sent);

            assertThat(refused.status()).as(sent + " " + refused.body()).isEqualTo(400);
            assertThat(refused.body())
                    .as(sent.toString())
                    .contains("id=\"actionNumber-error\"")
                    .contains("aria-describedby=\"actionNumber-hint actionNumber-error\"")
                    .contains("value=\"2024-08-05\"");
        }
        assertThat(periods()).isZero();
    }

    @Test
    void aChoiceOfAnActionAlreadyInForceIsAnswered400AsTheApiAnswersIt() {
        assertThat(chooseOnThePage(3, "2024-08-05").status()).isEqualTo(302);

        Http.Response page = chooseOnThePage(3, "2024-09-05");
        Http.Response api = chooseByTheApi(3, "2024-09-05");

        assertThat(page.status()).as(page.body()).isEqualTo(400);
        assertThat(page.body()).contains("Action 3 is already in force from 5 August 2024");
        assertThat(api.status()).as("the API's answer to the same choice").isEqualTo(page.status());
        assertThat(periods()).isOne();
    }

    /**
     * An action planned from a day to come was said to be already in force, to be stopped, though it has not started
     * and what undoes it is withdrawing it.
     */
    @Test
    void aChoiceOfAnActionAlreadyPlannedIsRefusedNamingItAsPlannedAndSayingToWithdrawIt() {
        LocalDate from = LocalDate.now(UkTime.ZONE).plusDays(10);
        assertThat(chooseOnThePage(3, from.toString()).status()).isEqualTo(302);

        Http.Response page = chooseOnThePage(3, from.plusDays(10).toString());

        assertThat(page.status()).as(page.body()).isEqualTo(400);
        assertThat(page.body())
                .contains("Action 3 is already planned from "
                        + from.format(DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK)))
                .contains("withdraw it")
                .doesNotContain("already in force")
                .doesNotContain("stop it before starting it again");
        assertThat(periods()).isOne();
    }

    @Test
    void aChoiceForAPracticeOutsideEnglandIsAnswered400AndRecordsNothing() {
        jdbc.sql("update practices.practice set nation = 'WALES', national_grouping = 'W00' where ods_code = :ods")
                .param("ods", ods)
                .update();

        Http.Response refused = chooseOnThePage(1, "2024-08-05");

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("places " + ods + " in Wales, so the practice cannot choose actions.");
        assertThat(periods()).isZero();
    }

    /**
     * An ODS close date is the last day the practice was open (1,884 of the 1,887 in the shipped file fall on a month's
     * last day), so an action may start that day, and not the day after.
     */
    @Test
    void aChoiceFromTheDayAfterThePracticesCloseDateIsAnswered409NamingItsLastOpenDay_butOneFromThatDayIsTaken() {
        setStatus("CLOSED", "date '2024-10-31'");

        Http.Response lastDay = chooseByTheApi(2, "2024-10-31");
        assertThat(lastDay.status())
                .as("a choice from its last open day: " + lastDay.body())
                .isEqualTo(201);

        Http.Response page = chooseOnThePage(1, "2024-11-05");
        Http.Response api = chooseByTheApi(1, "2024-11-01");

        assertThat(page.status()).as(page.body()).isEqualTo(409);
        // Closed today too, so the page says why in place of the form rather than beside its start date.
        assertThat(page.body())
                .contains(ods + ") was last open on 31 October 2024, so the practice cannot choose actions.")
                .doesNotContain("name=\"from\"");
        assertThat(api.status()).as(api.body()).isEqualTo(409);
        assertThat(api.json().get("detail").asString())
                .contains(ods + ") was last open on 31 October 2024, so it cannot take an action from 1 November 2024:"
                        + " enter a start date on or before 31 October 2024");
        assertThat(api.json().get("errors").findValuesAsString("field")).containsExactly("from");
        assertThat(periods()).as("only the choice from its last open day").isOne();
    }

    @Test
    void aChoiceForADormantPracticeIsAnswered409FromAnyDayAndRecordsNothing() {
        jdbc.sql("update practices.practice set status = 'DORMANT' where ods_code = :ods")
                .param("ods", ods)
                .update();

        Http.Response page = chooseOnThePage(1, "2024-08-05");
        Http.Response api = chooseByTheApi(2, "2024-08-05");

        assertThat(page.status()).as(page.body()).isEqualTo(409);
        assertThat(page.body()).contains(ods + ") is dormant, so the practice cannot choose actions.");
        assertThat(api.status()).as(api.body()).isEqualTo(409);
        assertThat(api.json().get("detail").asString())
                .contains(ods + ") is dormant, so it cannot take an action from 5 August 2024");
        assertThat(periods()).isZero();
    }

    @Test
    void aStopFormWithAnUnknownOrMissingHowIsAnswered400NamingItAndStopsNothing() {
        chooseOnThePage(9, "2024-08-12");
        String stop = stopForm(9);
        manager.get(stop);

        Http.Response unknown =
                manager.postForm(stop, Map.of("how", "NONSENSE", "on", "2024-10-01", "reason", "Agreed locally"));

        assertThat(unknown.status()).as(unknown.body()).isEqualTo(400);
        assertThat(unknown.body())
                .contains("how must be STOPPED or DE_ESCALATED")
                .contains("href=\"#how\"");

        Http.Response missing = manager.postForm(stop, Map.of("on", "2024-10-01", "reason", "Agreed locally"));

        assertThat(missing.status()).as(missing.body()).isEqualTo(400);
        assertThat(missing.body()).contains("how must be STOPPED or DE_ESCALATED");
        assertThat(inForce()).as("action 9 is still in force").isOne();
        assertThat(jdbc.sql("select count(*) from actions.practice_event where ods_code = :ods and kind <> 'STARTED'")
                        .param("ods", ods)
                        .query(Long.class)
                        .single())
                .as("no stop on the timeline")
                .isZero();
    }

    /**
     * A practice the directory has closed or dormant today was still offered "Choose an action" and the choose form,
     * though a choice from today is refused: both pages now say why instead, naming the close date, with no form.
     */
    @Test
    void aPracticeClosedOrDormantTodayIsToldWhyItCannotChooseActionsInsteadOfBeingOfferedTheForm() {
        String practicePage = "/actions/practices/" + ods;
        String link = "href=\"" + choose + "\"";
        assertThat(manager.get(practicePage).body()).contains(link);
        assertThat(manager.get(choose).body()).contains("name=\"from\"");

        setStatus("CLOSED", "date '2024-11-01'");
        Http.Response closedPage = manager.get(practicePage);
        Http.Response closedChoose = manager.get(choose);

        assertThat(closedPage.status()).isEqualTo(200);
        assertThat(closedPage.body())
                .contains(ods + ") was last open on 1 November 2024, so the practice cannot choose actions.")
                .doesNotContain(link)
                .contains("Add a note");
        assertThat(closedChoose.status()).isEqualTo(200);
        assertThat(closedChoose.body())
                .contains(ods + ") was last open on 1 November 2024, so the practice cannot choose actions.")
                .contains("ask an administrator to check its entry in that file")
                .doesNotContain("name=\"from\"")
                .doesNotContain("Record the action");

        setStatus("DORMANT", "null");
        assertThat(manager.get(practicePage).body())
                .contains(ods + ") is dormant, so the practice cannot choose actions.")
                .doesNotContain(link);
        assertThat(manager.get(choose).body())
                .contains(ods + ") is dormant, so the practice cannot choose actions.")
                .doesNotContain("name=\"from\"");

        // One that opens on a day to come can still plan an action from that day, so it keeps the form.
        jdbc.sql("update practices.practice set status = 'ACTIVE', closed_on = null,"
                        + " opened_on = current_date + 10 where ods_code = :ods")
                .param("ods", ods)
                .update();
        assertThat(manager.get(practicePage).body()).contains(link).doesNotContain("cannot choose actions");
        assertThat(manager.get(choose).body()).contains("name=\"from\"");
        assertThat(periods()).isZero();
    }

    /**
     * Where the stop form shows no choice of how (the action cannot be de-escalated), a how refused linked the error
     * summary to #how, which the hidden input does not carry: the link went nowhere and the form said nothing of it.
     */
    @Test
    void aStopFormsHowRefusedWhereNoChoiceIsShownIsSaidOnTheFormWhereTheSummaryLinks() {
        chooseOnThePage(3, "2024-08-05");
        String stop = stopForm(3);
        assertThat(manager.get(stop).body())
                .as("action 3 may not be de-escalated: no choice of how is shown")
                .doesNotContain("type=\"radio\"");
        Map<String, String> said = Map.of(
                "DE_ESCALATED", "Action 3 is not one the menu allows to be de-escalated: stop it instead",
                "NONSENSE", "how must be STOPPED or DE_ESCALATED");

        said.forEach((how, message) -> {
            Http.Response refused =
                    manager.postForm(stop, Map.of("how", how, "on", "2024-10-01", "reason", "Agreed locally"));

            assertThat(refused.status()).as(how + " " + refused.body()).isEqualTo(400);
            String body = refused.body();
            Matcher link = Pattern.compile(
                            "govuk-error-summary__list\">\\s*<li>\\s*<a href=\"#([^\"]+)\"[^>]*>([^<]*)<")
                    .matcher(body);
            assertThat(link.find())
                    .as(how + ": a summary linking into the page: " + body)
                    .isTrue();
            assertThat(link.group(2)).as(how).isEqualTo(message);
            Matcher target = Pattern.compile("<[a-z]+[^>]*\\sid=\"" + Pattern.quote(link.group(1)) + "\"[^>]*>")
                    .matcher(body);
            assertThat(target.find())
                    .as(how + ": something on the page with the id #" + link.group(1) + " the summary links to")
                    .isTrue();
            assertThat(target.group()).as(how + ": not a hidden input").doesNotContain("type=\"hidden\"");
            int form = body.indexOf("<form");
            int stopDate = body.indexOf("for=\"on\"");
            assertThat(target.start())
                    .as(how + ": on the form, above the stop date")
                    .isBetween(form, stopDate);
            assertThat(body.substring(target.start(), stopDate))
                    .as(how + ": the message said where the link lands")
                    .contains(message);
        });
        assertThat(inForce()).as("action 3 is still in force").isOne();
    }

    @Test
    void aRefusedStopIsAnswered400WithTheFormAsTypedAndTheErrorByTheStopDate() {
        chooseOnThePage(9, "2024-08-12");
        String stop = stopForm(9);
        manager.get(stop);
        Map<String, String> sent = new LinkedHashMap<>();
        sent.put("how", "DE_ESCALATED");
        sent.put("on", "2024-08-12");
        sent.put("reason", "The ICB withdrew the declaration");

        Http.Response refused = manager.postForm(stop, sent);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body())
                .contains("enter a day after that")
                .contains("aria-describedby=\"on-hint on-error\"")
                .contains(">The ICB withdrew the declaration</textarea>")
                .containsPattern("value=\"DE_ESCALATED\"[^>]*checked");
        assertThat(inForce()).as("action 9 is still in force").isOne();
    }

    /**
     * The same stop form sent again (a double click, Back, or two managers) was answered with a bare 404, as the page
     * for it could no longer be shown: it is refused 400 saying why, and nothing more is recorded. A withdrawal sent
     * twice was headed and refused as a stop: it is named as a withdrawal already made.
     */
    @Test
    void theSameStopFormSentTwiceIsAnswered400SayingTheStopIsAlreadyRecorded() {
        LocalDate today = LocalDate.now(UkTime.ZONE);
        chooseOnThePage(3, "2024-08-05");
        String stop = stopForm(3);
        manager.get(stop);
        Map<String, String> sent =
                Map.of("how", "STOPPED", "on", today.plusDays(30).toString(), "reason", "Agreed locally");
        assertThat(manager.postForm(stop, sent).status()).isEqualTo(302);

        Http.Response again = manager.postForm(stop, sent);

        assertThat(again.status()).as(again.body()).isEqualTo(400);
        assertThat(again.body())
                .contains("Action 3 already stops from "
                        + today.plusDays(30).format(DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK)))
                .contains("a stop date once recorded stays as it is")
                .doesNotContain("Record the stop");

        chooseOnThePage(4, today.plusDays(10).toString());
        String withdraw = stopForm(4);
        manager.get(withdraw);
        Map<String, String> withdrawn =
                Map.of("how", "STOPPED", "on", today.plusDays(10).toString(), "reason", "Decided against it");
        assertThat(manager.postForm(withdraw, withdrawn).status()).isEqualTo(302);

        Http.Response withdrawnAgain = manager.postForm(withdraw, withdrawn);

        assertThat(withdrawnAgain.status()).as(withdrawnAgain.body()).isEqualTo(400);
        assertThat(withdrawnAgain.body())
                .as("a withdrawal sent twice is named as one, not as a stop")
                .contains("Withdraw an action")
                .contains("Withdraw action 4: ")
                .contains("Action 4 is already withdrawn: it will not start on "
                        + today.plusDays(10).format(DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK)))
                .doesNotContain("Stop an action")
                .doesNotContain("Stop action 4")
                .doesNotContain("only an action in force can be stopped");
        assertThat(jdbc.sql("select count(*) from actions.practice_event where ods_code = :ods and kind <> 'STARTED'")
                        .param("ods", ods)
                        .query(Long.class)
                        .single())
                .as("one stop and one withdrawal on the timeline")
                .isEqualTo(2);
    }

    @Test
    void aRefusedNoteOrNoticeIsAnswered400WithTheErrorByItsField() {
        manager.get("/actions/practices/" + ods + "/notes");
        Http.Response note = manager.postForm("/actions/practices/" + ods + "/notes", Map.of("note", " "));

        assertThat(note.status()).as(note.body()).isEqualTo(400);
        assertThat(note.body()).contains("aria-describedby=\"note-hint note-error\"");

        manager.get("/actions/practices/" + ods + "/settings");
        Http.Response settings = manager.postForm(
                "/actions/practices/" + ods + "/settings", Map.of("urgentCare", "", "message", "Kept as typed"));

        assertThat(settings.status()).as(settings.body()).isEqualTo(400);
        assertThat(settings.body())
                .contains("aria-describedby=\"urgentCare-hint urgentCare-error\"")
                .contains(">Kept as typed</textarea>");
        assertThat(jdbc.sql("""
                                select (select count(*) from actions.practice_event where ods_code = :ods)
                                     + (select count(*) from actions.practice_settings where ods_code = :ods)
                                """).param("ods", ods).query(Long.class).single())
                .as("no note and no notice recorded")
                .isZero();
    }

    /** Opens the choose form as the manager and sends the choice of an action from a day. */
    private Http.Response chooseOnThePage(int actionNumber, String from) {
        manager.get(choose);
        return manager.postForm(choose, Map.of("actionNumber", Integer.toString(actionNumber), "from", from));
    }

    /** The same choice sent to the API with the manager's token. */
    private Http.Response chooseByTheApi(int actionNumber, String from) {
        return new Http(port)
                .postJson(
                        "/api/practices/" + ods + "/actions",
                        Map.of("actionNumber", actionNumber, "from", from),
                        data.token(data.practiceManager(ods)));
    }

    private String stopForm(int actionNumber) {
        return "/actions/practices/" + ods + "/actions/" + actionNumber + "/stop";
    }

    /** How many of the practice's actions are in force, with no stop recorded. */
    private long inForce() {
        return jdbc.sql("select count(*) from actions.action_period where ods_code = :ods and to_on is null")
                .param("ods", ods)
                .query(Long.class)
                .single();
    }

    private void setStatus(String status, String closedOn) {
        jdbc.sql("update practices.practice set status = :status, closed_on = " + closedOn + " where ods_code = :ods")
                .param("status", status)
                .param("ods", ods)
                .update();
    }

    private long periods() {
        return jdbc.sql("select count(*) from actions.action_period where ods_code = :ods")
                .param("ods", ods)
                .query(Long.class)
                .single();
    }
}
