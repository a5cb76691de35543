package org.gpaction.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.capacity.CapacityTestData.EVERY_DAY;
import static org.gpaction.capacity.CapacityTestData.allDay;
import static org.gpaction.capacity.CapacityTestData.clinician;
import static org.gpaction.capacity.CapacityTestData.settings;

import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.capacity.CapacityTestData.SafeWorkingPractice;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.common.UkTime;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.MovingClock;
import org.gpaction.support.MovingClocks;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The safe working pages' forms refused and their sessions ended: a refusal is shown on the page itself, titled as an
 * error, with a summary linking to the input to fix and what was typed kept, and nothing changed; a part of a page
 * fetched by htmx after the session ended asks for the whole page again instead of taking in the sign-in page.
 */
@GpActionTest
@Import(MovingClocks.class)
@ExtendWith(OnAWorkingMorning.class)
class SafeWorkingPageFormsTests {

    private static final Pattern TITLE = Pattern.compile("<title>([^<]*)</title>");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MovingClock clock;

    CapacityTestData data;
    SafeWorkingPractice practice;
    String ods;

    @BeforeEach
    void aPracticeSetUp() {
        Http api = new Http(port);
        data = new CapacityTestData(jdbc, api);
        practice = data.practiceSetUpWith(settings(List.of(clinician("GP 1", 25, EVERY_DAY)), allDay(), "CLOSE", 0));
        ods = practice.ods();
    }

    @Test
    void theBoardsRecordFormSentTwiceRecordsOneRequestAndShowsItsOutcomeBothTimes() {
        Http reception = signedIn(data.staff("RECEPTIONIST", List.of(ods), null), CapacityTestData.PASSWORD);
        String once = inputValue(reception.get("/safe-working/" + ods).body(), "once");
        assertThat(once).isNotBlank();

        List<String> shown = new java.util.ArrayList<>();
        for (int click = 0; click < 2; click++) {
            Http.Response sent =
                    reception.postForm("/safe-working/" + ods + "/requests", Map.of("kind", "ROUTINE", "once", once));
            assertThat(sent.status()).as(sent.body()).isEqualTo(302);
            Matcher outcome = Pattern.compile("id=\"last-outcome\">([^<]*)<")
                    .matcher(reception
                            .get(URI.create(sent.header("location")).getPath())
                            .body());
            assertThat(outcome.find())
                    .as("an outcome shown after click " + (click + 1))
                    .isTrue();
            shown.add(outcome.group(1));
        }
        assertThat(shown.get(0)).startsWith("Routine request");
        assertThat(shown.get(1)).as("the first click's outcome, shown again").isEqualTo(shown.get(0));
        assertThat(jdbc.sql("select count(*) from capacity.contact_request where ods_code = :ods")
                        .param("ods", ods)
                        .query(Integer.class)
                        .single())
                .as("one request for one click sent twice")
                .isEqualTo(1);

        String next = inputValue(reception.get("/safe-working/" + ods).body(), "once");
        assertThat(next).as("the next render is a new click").isNotEqualTo(once);
        reception.postForm("/safe-working/" + ods + "/requests", Map.of("kind", "ROUTINE", "once", next));
        assertThat(jdbc.sql("select count(*) from capacity.contact_request where ods_code = :ods")
                        .param("ods", ods)
                        .query(Integer.class)
                        .single())
                .isEqualTo(2);

        // Urgent pressed after Routine before the page came back: the same value, but another request.
        Http.Response urgent =
                reception.postForm("/safe-working/" + ods + "/requests", Map.of("kind", "URGENT", "once", next));
        assertThat(urgent.status()).as(urgent.body()).isEqualTo(302);
        assertThat(jdbc.sql("select count(*) from capacity.contact_request where ods_code = :ods and kind = 'URGENT'")
                        .param("ods", ods)
                        .query(Integer.class)
                        .single())
                .as("the other button's request is recorded, not answered with the routine one's outcome")
                .isEqualTo(1);
    }

    @Test
    void aPauseWithoutAReasonIsRefusedOnTheSetUpPage_withTheHoursKept_andNothingIsPaused() {
        Http manager = signedIn(practice.managerEmail(), CapacityTestData.PASSWORD);
        manager.get("/safe-working/" + ods + "/setup");

        Http.Response refused =
                manager.postForm("/safe-working/" + ods + "/pause", Map.of("hours", "24", "reason", ""));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(title(refused)).startsWith("Error: ");
        assertThat(refused.body())
                .contains("href=\"#reason\"", "Say why the front door is paused")
                .contains("id=\"reason-error\"");
        assertThat(inputValue(refused.body(), "hours")).isEqualTo("24");
        assertThat(suspensions()).as("nothing is paused").isZero();

        Http.Response badHours =
                manager.postForm("/safe-working/" + ods + "/pause", Map.of("hours", "97", "reason", "Flooding"));
        assertThat(badHours.status()).isEqualTo(400);
        assertThat(badHours.body()).contains("href=\"#hours\"");
        assertThat(inputValue(badHours.body(), "hours")).isEqualTo("97");
        assertThat(inputValue(badHours.body(), "reason")).isEqualTo("Flooding");
        assertThat(suspensions()).isZero();
    }

    @Test
    void aSetUpOfOneClinicianAndAPauseOfOneHourAreToldInTheSingular() {
        assertThat(jdbc.sql("select what from capacity.setup_log where ods_code = :ods order by at, id limit 1")
                        .param("ods", ods)
                        .query(String.class)
                        .single())
                .startsWith("Set-up saved: 1 clinician, urgent reserve ");
        Http manager = signedIn(practice.managerEmail(), CapacityTestData.PASSWORD);
        String setupPage = "/safe-working/" + ods + "/setup";
        manager.get(setupPage);

        Http.Response paused =
                manager.postForm("/safe-working/" + ods + "/pause", Map.of("hours", "1", "reason", "Flooding"));

        assertThat(paused.status()).as(paused.body()).isEqualTo(302);
        assertThat(manager.get(setupPage).body()).contains("Online requests are paused for 1 hour.");
    }

    @Test
    void aPauseAndItsLiftingAreToldInASuccessBannerAtTheTopOfTheSetUpPage_andLiftingNoPauseIsToldAsNews() {
        Http manager = signedIn(practice.managerEmail(), CapacityTestData.PASSWORD);
        String setupPage = "/safe-working/" + ods + "/setup";
        manager.get(setupPage);

        Http.Response paused =
                manager.postForm("/safe-working/" + ods + "/pause", Map.of("hours", "3", "reason", "Flooding"));

        assertThat(paused.status()).as(paused.body()).isEqualTo(302);
        String afterPause = manager.get(setupPage).body();
        assertThat(bannerAboveTheHeading(afterPause))
                .contains("govuk-notification-banner--success", "role=\"alert\"")
                .contains("Online requests are paused for 3 hours.");
        assertThat(afterPause).doesNotContain("govuk-inset-text\" role=\"status\"");

        Http.Response lifted = manager.postForm("/safe-working/" + ods + "/pause/lift", Map.of());

        assertThat(lifted.status()).isEqualTo(302);
        assertThat(bannerAboveTheHeading(manager.get(setupPage).body()))
                .contains("govuk-notification-banner--success", "role=\"alert\"")
                .contains("The pause is lifted.");
        assertThat(manager.get(setupPage).body())
                .as("the banner is shown once")
                .doesNotContain("govuk-notification-banner");

        manager.postForm("/safe-working/" + ods + "/pause/lift", Map.of());
        assertThat(bannerAboveTheHeading(manager.get(setupPage).body()))
                .as("nothing was paused: news, not a success")
                .doesNotContain("govuk-notification-banner--success")
                .contains("Online requests were not paused.");
    }

    @Test
    void aClinicianTakenOutOfTheSetUpSinceTheBoardWasShownIsToldOnTheBoard_andNothingIsRecorded() {
        SafeWorkingPractice two = data.practiceSetUpWith(settings(
                List.of(clinician("GP 1", 25, EVERY_DAY), clinician("GP 2", 25, EVERY_DAY)), allDay(), "CLOSE", 0));
        Http reception = signedIn(data.staff("RECEPTIONIST", List.of(two.ods()), null), CapacityTestData.PASSWORD);
        String once = inputValue(reception.get("/safe-working/" + two.ods()).body(), "once");
        Map<String, Object> kept = clinician("GP 1", 25, EVERY_DAY);
        kept.put("id", two.clinicianId(0));
        data.setUp(two.ods(), two.managerToken(), settings(List.of(kept), allDay(), "CLOSE", 0));

        Http.Response sent = reception.postForm(
                "/safe-working/" + two.ods() + "/requests",
                Map.of("kind", "ROUTINE", "clinician", String.valueOf(two.clinicianId(1)), "once", once));

        assertThat(sent.status()).as(sent.body()).isEqualTo(302);
        String board =
                reception.get(URI.create(sent.header("location")).getPath()).body();
        assertThat(board)
                .contains("The clinician chosen was taken out of the set-up since the board was shown, so nothing"
                        + " was recorded: choose a clinician again, or whoever has most room.")
                .doesNotContain(">GP 2</option>", "id=\"last-outcome\"");
        assertThat(jdbc.sql("select count(*) from capacity.contact_request where ods_code = :ods")
                        .param("ods", two.ods())
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void aClinicianTakenOutOfTheSetUpSinceTheWaitingListWasShownIsToldOnTheList_andNobodyIsBooked() {
        SafeWorkingPractice two = data.practiceTakingActionOne(settings(
                List.of(clinician("GP 1", 1, EVERY_DAY), clinician("GP 2", 1, EVERY_DAY)), allDay(), "CLOSE", 0));
        String receptionist = data.staff("RECEPTIONIST", List.of(two.ods()), null);
        String token = data.token(receptionist);
        data.contact(two.ods(), "RECEPTION", "ROUTINE", token);
        data.contact(two.ods(), "RECEPTION", "ROUTINE", token);
        var waiting = data.contact(two.ods(), "RECEPTION", "ROUTINE", token);
        assertThat(waiting.get("outcome").asString()).isEqualTo("WAITLISTED");
        long waitingId = waiting.get("id").asLong();
        String day = waiting.get("forDay").asString();
        Http reception = signedIn(receptionist, CapacityTestData.PASSWORD);
        assertThat(reception
                        .get("/safe-working/" + two.ods() + "/waiting-list?day=" + day)
                        .body())
                .contains(">GP 2 (0 left)</option>");
        Map<String, Object> kept = clinician("GP 1", 2, EVERY_DAY);
        kept.put("id", two.clinicianId(0));
        data.setUp(two.ods(), two.managerToken(), settings(List.of(kept), allDay(), "CLOSE", 0));

        Http.Response sent = reception.postForm(
                "/safe-working/" + two.ods() + "/waiting-list/" + waitingId + "/booking",
                Map.of("clinician", String.valueOf(two.clinicianId(1)), "day", day));

        assertThat(sent.status()).as(sent.body()).isEqualTo(302);
        String list = reception
                .get(URI.create(sent.header("location")).getPath() + "?day=" + day)
                .body();
        assertThat(list)
                .contains("The clinician chosen was taken out of the set-up since this list was shown, so request "
                        + waitingId + " was not booked: choose a clinician again, or whoever has most room.")
                .doesNotContain(">GP 2 (", "id=\"booked-outcome\"");
        assertThat(jdbc.sql("select count(*) from capacity.contact_request where served_from = :id")
                        .param("id", waitingId)
                        .query(Integer.class)
                        .single())
                .as("nobody booked from the list")
                .isZero();
    }

    @Test
    void receptionsOwnSignpostingIsToldOnTheBoardInItsOwnWords() {
        String receptionist = data.staff("RECEPTIONIST", List.of(ods), null);
        Http reception = signedIn(receptionist, CapacityTestData.PASSWORD);
        reception.get("/safe-working/" + ods);

        Http.Response signposted =
                reception.postForm("/safe-working/" + ods + "/diversions", Map.of("kind", "ROUTINE"));

        assertThat(signposted.status()).as(signposted.body()).isEqualTo(302);
        assertThat(reception.get("/safe-working/" + ods).body())
                .contains("Routine request signposted elsewhere")
                .contains("Reception signposted the patient elsewhere. Suggest:");
    }

    @Test
    void aBankHolidayWithTooLongANameIsRefusedOnThePage_linkingToTheName_withTheDayKept() {
        String day = "2027-05-03";
        String name = "n".repeat(101);
        Http admin = signedIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        admin.get("/safe-working/bank-holidays");
        List<Map<String, Object>> before = holidays();

        Http.Response refused = admin.postForm("/safe-working/bank-holidays", Map.of("day", day, "name", name));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(title(refused)).startsWith("Error: ");
        assertThat(refused.body()).contains("href=\"#name\"").doesNotContain("href=\"#day\"");
        assertThat(inputValue(refused.body(), "day")).isEqualTo(day);
        assertThat(inputValue(refused.body(), "name")).isEqualTo(name);
        assertThat(holidays()).isEqualTo(before);

        Http.Response badDay =
                admin.postForm("/safe-working/bank-holidays", Map.of("day", "3 May", "name", "Early May"));
        assertThat(badDay.status()).isEqualTo(400);
        assertThat(badDay.body()).contains("href=\"#day\"");
        assertThat(inputValue(badDay.body(), "name")).isEqualTo("Early May");
        assertThat(holidays()).isEqualTo(before);

        Http.Response farOff =
                admin.postForm("/safe-working/bank-holidays", Map.of("day", "2100-01-01", "name", "Far off"));
        assertThat(farOff.status()).isEqualTo(400);
        assertThat(farOff.body()).contains("href=\"#day\">Give a day from 1 January 2000 to 31 December 2099<");
        assertThat(holidays()).isEqualTo(before);
    }

    @Test
    void aBankHolidayAddedOnThePageForADayAlreadyOnTheListIsRefusedNamingIt_andNothingChanges() {
        Http admin = signedIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        admin.get("/safe-working/bank-holidays");
        List<Map<String, Object>> before = holidays();
        int logged = jdbc.sql("select count(*) from capacity.bank_holiday_log")
                .query(Integer.class)
                .single();
        try {
            Http.Response refused = admin.postForm(
                    "/safe-working/bank-holidays", Map.of("day", "2027-05-03", "name", "Early May holiday"));

            assertThat(refused.status()).as(refused.body()).isEqualTo(409);
            assertThat(title(refused)).startsWith("Error: ");
            assertThat(refused.body())
                    .contains("href=\"#day\">3 May 2027 is already a bank holiday, Early May bank holiday: nothing"
                            + " was added. To rename it, remove it and add it again<")
                    .doesNotContain("is not a working day.");
            assertThat(inputValue(refused.body(), "day")).isEqualTo("2027-05-03");
            assertThat(inputValue(refused.body(), "name")).isEqualTo("Early May holiday");
            assertThat(holidays()).isEqualTo(before);
            assertThat(jdbc.sql("select count(*) from capacity.bank_holiday_log")
                            .query(Integer.class)
                            .single())
                    .as("nothing logged")
                    .isEqualTo(logged);
        } finally {
            jdbc.sql("update capacity.bank_holiday set name = 'Early May bank holiday' where day = date '2027-05-03'")
                    .update();
        }
    }

    @Test
    void administratorsAreWarnedOnTheBankHolidaysPageOnceTheHolidaysOnRecordEndWithinSixMonths() {
        LocalDate last = LocalDate.parse(jdbc.sql("select max(day)::text from capacity.bank_holiday")
                .query(String.class)
                .single());
        String receptionist = data.staff("RECEPTIONIST", List.of(ods), null);

        clock.moveTo(last.minusMonths(6).minusDays(1).atTime(10, 0).toInstant(ZoneOffset.UTC));
        Http.Response reachingFar =
                signedIn(TestAdmin.EMAIL, TestAdmin.PASSWORD).get("/safe-working/bank-holidays");
        assertThat(reachingFar.status()).isEqualTo(200);
        assertThat(reachingFar.body()).doesNotContain("id=\"running-out\"", "The last bank holiday on record");

        clock.moveTo(last.minusMonths(6).plusDays(1).atTime(10, 0).toInstant(ZoneOffset.UTC));
        Http.Response runningOut = signedIn(TestAdmin.EMAIL, TestAdmin.PASSWORD).get("/safe-working/bank-holidays");
        assertThat(runningOut.status()).isEqualTo(200);
        assertThat(runningOut.body())
                .contains(
                        "id=\"running-out\"",
                        "The last bank holiday on record is <span>" + UkTime.day(last) + "</span>")
                .contains("every weekday after it counts as a working day");
        assertThat(signedIn(receptionist, CapacityTestData.PASSWORD)
                        .get("/safe-working/bank-holidays")
                        .body())
                .as("only administrators, who can add holidays, are asked to")
                .contains("Bank holidays in England and Wales")
                .doesNotContain("id=\"running-out\"");

        clock.moveTo(last.plusDays(3).atTime(10, 0).toInstant(ZoneOffset.UTC));
        assertThat(signedIn(TestAdmin.EMAIL, TestAdmin.PASSWORD)
                        .get("/safe-working/bank-holidays")
                        .body())
                .as("after the last holiday, too")
                .contains("The last bank holiday on record is <span>" + UkTime.day(last) + "</span>");
    }

    @Test
    void theBoardsLivePartAfterTheSessionEndedAsksForAWholePageAgain_andSigningInDoesNotLandOnThePart() {
        String receptionist = data.staff("RECEPTIONIST", List.of(ods), null);
        Http browser = new Http(port);

        Http.Response live = browser.getByScript("/safe-working/" + ods + "/live", Map.of("HX-Request", "true"));

        assertThat(live.status()).as(live.body()).isEqualTo(401);
        assertThat(live.header("HX-Refresh")).isEqualTo("true");
        assertThat(live.header("location")).isNull();

        browser.get("/sign-in");
        Http.Response signedIn =
                browser.postForm("/sign-in", Map.of("email", receptionist, "password", CapacityTestData.PASSWORD));
        assertThat(signedIn.status()).isEqualTo(302);
        assertThat(URI.create(signedIn.header("location")).getPath()).isEqualTo("/safe-working/" + ods);

        Http.Response board = browser.get("/safe-working/" + ods);
        assertThat(board.status()).isEqualTo(200);
        assertThat(board.body()).contains("<noscript><meta http-equiv=\"refresh\" content=\"30\"></noscript>");
        Http.Response part = browser.getByScript("/safe-working/" + ods + "/live", Map.of("HX-Request", "true"));
        assertThat(part.status()).as("signed in, the part is served as before").isEqualTo(200);
        assertThat(part.body()).doesNotContain("<noscript>");
    }

    @Test
    void aCommentTooLongIsRefusedOnTheAlertStatePageWithItsTextKept_andLineBreaksCountOnceEach() {
        Http manager = signedIn(practice.managerEmail(), CapacityTestData.PASSWORD);
        String page = "/safe-working/" + ods + "/alert-state";
        assertThat(manager.get(page).body()).contains("maxlength=\"1000\"");
        String tooLong = "c".repeat(1_001);

        Http.Response refused = manager.postForm(page, Map.of("state", "AMBER", "comment", tooLong));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(title(refused)).startsWith("Error: ");
        assertThat(refused.body()).contains("href=\"#comment\"", ">" + tooLong + "</textarea>");
        assertThat(refused.body()).containsPattern("id=\"state-AMBER\"[^>]*checked");
        assertThat(confirmed()).as("nothing is confirmed").isEmpty();

        String withLineBreaks = "line no.1\r\n".repeat(99) + "last line!";
        Http.Response accepted = manager.postForm(page, Map.of("state", "AMBER", "comment", withLineBreaks));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(302);
        assertThat(confirmed()).containsExactly(withLineBreaks.replace("\r\n", "\n"));
        assertThat(confirmed().get(0)).hasSize(1_000);
    }

    /**
     * When a week was confirmed was written "Wednesday 14 July 2027 at 01:30", on the 24-hour clock the rest of the
     * product does not use and with nothing saying it is UK time, not the UTC it is stored in.
     */
    @Test
    void whenAWeekWasConfirmedIsWrittenInUkTimeAsTheRestOfTheProductWritesTimes_inWinterAndInSummer() {
        Http manager = signedIn(practice.managerEmail(), CapacityTestData.PASSWORD);
        String page = "/safe-working/" + ods + "/alert-state";
        Map<Instant, String> said = new LinkedHashMap<>();
        said.put(Instant.parse("2027-01-13T13:30:00Z"), "on 13 January 2027 at 1:30pm");
        said.put(Instant.parse("2027-07-14T00:30:00Z"), "on 14 July 2027 at 1:30am");
        said.forEach((at, words) -> {
            clock.moveTo(at);
            manager.get(page);
            Http.Response confirmed = manager.postForm(page, Map.of("state", "AMBER", "comment", "Flu season"));
            assertThat(confirmed.status()).as(at + ": " + confirmed.body()).isEqualTo(302);

            assertThat(manager.get(page).body())
                    .as(at.toString())
                    .contains("id=\"confirmed-at\">" + words + "</span> (UK time)");
        });
    }

    @Test
    void theAlertStateIsTakenInAnyCase_andOneNotOfTheFourIsRefusedNamingThem_withNothingConfirmed() {
        Http manager = signedIn(practice.managerEmail(), CapacityTestData.PASSWORD);
        String page = "/safe-working/" + ods + "/alert-state";
        manager.get(page);

        Http.Response purple = manager.postForm(page, Map.of("state", "purple", "comment", "Flu season"));

        assertThat(purple.status()).as(purple.body()).isEqualTo(400);
        assertThat(purple.body()).contains("Choose GREEN, AMBER, RED or BLACK", "href=\"#state\"");
        assertThat(confirmed()).as("nothing is confirmed").isEmpty();

        Http.Response tooLong = manager.postForm(page, Map.of("state", " amber ", "comment", "c".repeat(1_001)));
        assertThat(tooLong.status()).as(tooLong.body()).isEqualTo(400);
        assertThat(tooLong.body())
                .as("the choice sent in small letters is kept checked")
                .containsPattern("id=\"state-AMBER\"[^>]*checked");

        Http.Response amber = manager.postForm(page, Map.of("state", " amber ", "comment", "Flu season"));

        assertThat(amber.status()).as(amber.body()).isEqualTo(302);
        assertThat(jdbc.sql("select confirmed from capacity.alert_state where ods_code = :ods")
                        .param("ods", ods)
                        .query(String.class)
                        .list())
                .containsExactly("AMBER");
        assertThat(manager.get(page).body()).contains("id=\"confirmed-state\">Amber<");
    }

    @Test
    void aWeekTheFormCannotConfirmIsSaidAtTheTopOfThePageWithALinkToThisWeeksPage_notAgainstTheStates() {
        Http manager = signedIn(practice.managerEmail(), CapacityTestData.PASSWORD);
        String page = "/safe-working/" + ods + "/alert-state";
        assertThat(manager.get(page).body())
                .as("the week is sent with the form, not typed")
                .containsPattern("<input type=\"hidden\" name=\"week\" value=\"[0-9-]{10}\">");
        LocalDate nextWeek = PracticeCalendar.dayOf(clock.instant())
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                .plusWeeks(1);
        Map<String, String> weeks = new LinkedHashMap<>();
        weeks.put(nextWeek.toString(), "The week of " + UkTime.day(nextWeek) + " has not started");
        weeks.put("the week of 4 January", "is not a date");
        weeks.put("+999999999-12-31", "is not a date from 1 January 2000 to 31 December 2099");
        // A Wednesday was taken as its week's Monday, confirming a week the form was not sent for.
        LocalDate lastMonday = nextWeek.minusWeeks(2);
        weeks.put(
                lastMonday.plusDays(2).toString(),
                "The week this form was sent for, " + UkTime.day(lastMonday.plusDays(2)) + ", is not a Monday&#39;s"
                        + " date (a week is given by its Monday, for example " + UkTime.day(lastMonday) + "), so"
                        + " nothing was confirmed. Open this week&#39;s alert state and confirm it there");

        weeks.forEach((week, said) -> {
            // An invalid state as well: the week is what makes the form one that cannot be sent again.
            for (String state : List.of("AMBER", "purple")) {
                Http.Response refused = manager.postForm(page, Map.of("week", week, "state", state, "comment", "Flu"));

                assertThat(refused.status()).as(week + " " + refused.body()).isEqualTo(400);
                assertThat(title(refused)).as(week).startsWith("Error: ");
                Matcher summary = Pattern.compile(
                                "govuk-error-summary__list\"><li><a href=\"([^\"]*)\"[^>]*>([^<]*)</a>")
                        .matcher(refused.body());
                assertThat(summary.find())
                        .as(week + " a summary at the top: " + refused.body())
                        .isTrue();
                assertThat(summary.group(1))
                        .as(week + ": linked to this week's page")
                        .isEqualTo(page);
                assertThat(summary.group(2)).as(week).contains(said, "nothing was confirmed");
                assertThat(refused.body())
                        .as(week + ": nothing said against the states, nor a form for another week")
                        .doesNotContain("id=\"state-error\"", "govuk-form-group--error", "href=\"#state\"")
                        .doesNotContain("name=\"week\"");
            }
        });
        assertThat(confirmed()).as("nothing is confirmed").isEmpty();
    }

    /**
     * A week before the practice recorded anything was confirmed from a Green suggested from its zeros, and a week
     * asked for by a day that is not its Monday was shown as that week; both are refused, changing nothing.
     */
    @Test
    void aWeekBeforeThePracticesFirstFiguresCannotBeConfirmed_andAWeekIsAskedForByItsMonday() {
        LocalDate thisMonday =
                PracticeCalendar.dayOf(clock.instant()).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        data.contact(ods, "RECEPTION", "ROUTINE", practice.managerToken());
        Http manager = signedIn(practice.managerEmail(), CapacityTestData.PASSWORD);
        String page = "/safe-working/" + ods + "/alert-state";
        manager.get(page);

        Http.Response before = manager.postForm(
                page, Map.of("week", thisMonday.minusWeeks(1).toString(), "state", "GREEN", "comment", "Quiet"));

        assertThat(before.status()).as(before.body()).isEqualTo(409);
        assertThat(title(before)).startsWith("Error: ");
        assertThat(before.body())
                .contains(
                        "The week of " + UkTime.day(thisMonday.minusWeeks(1))
                                + " is before the practice recorded any request:"
                                + " the first week with figures is the week of " + UkTime.day(thisMonday),
                        "nothing was confirmed");
        assertThat(confirmed()).as("nothing is confirmed").isEmpty();

        Http.Response wednesday =
                manager.get(page + "?week=" + thisMonday.minusWeeks(1).plusDays(2));
        assertThat(wednesday.status()).as(wednesday.body()).isEqualTo(400);
        assertThat(wednesday.body())
                .contains(UkTime.day(thisMonday.minusWeeks(1).plusDays(2))
                        + " is not a Monday: enter the week as a Monday&#39;s date, for example "
                        + UkTime.day(thisMonday.minusWeeks(1)));
        assertThat(manager.get("/safe-working/sitrep?week=" + thisMonday.plusDays(-1))
                        .status())
                .isEqualTo(400);

        Http.Response first = manager.postForm(
                page, Map.of("week", thisMonday.toString(), "state", "AMBER", "comment", "First week"));
        assertThat(first.status()).as(first.body()).isEqualTo(302);
        assertThat(confirmed()).containsExactly("First week");
    }

    /**
     * The page of a week before the practice recorded any request still offered the confirm form, though confirming
     * that week is refused: it now says which week is the first with figures instead, with no form.
     */
    @Test
    void aWeekBeforeThePracticesFirstFiguresIsShownWithoutTheConfirmForm_namingTheFirstWeekWithFigures() {
        LocalDate thisMonday =
                PracticeCalendar.dayOf(clock.instant()).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        data.contact(ods, "RECEPTION", "ROUTINE", practice.managerToken());
        Http manager = signedIn(practice.managerEmail(), CapacityTestData.PASSWORD);
        String page = "/safe-working/" + ods + "/alert-state";

        Http.Response before = manager.get(page + "?week=" + thisMonday.minusWeeks(1));

        assertThat(before.status()).as(before.body()).isEqualTo(200);
        assertThat(before.body())
                .contains(
                        "cannot be confirmed, as the practice had recorded no request and had no day full by then: the first week with"
                                + " figures is the week of " + UkTime.day(thisMonday) + ".")
                .contains("week=" + thisMonday + "\"")
                .doesNotContain("name=\"state\"")
                .doesNotContain("Confirm the alert state");
        Http.Response first = manager.get(page + "?week=" + thisMonday);
        assertThat(first.body())
                .contains("name=\"state\"", "Confirm the alert state")
                .doesNotContain("the first week with figures");
        assertThat(confirmed()).isEmpty();
    }

    /**
     * A practice that had recorded no request at all could confirm any week gone, back to 2000: a Green suggested from
     * its zeros, counted in the sitrep as though measured. Until it records one, only this week can be confirmed.
     */
    @Test
    void aPracticeThatHasRecordedNoRequestYetCanConfirmOnlyThisWeek() {
        LocalDate thisMonday =
                PracticeCalendar.dayOf(clock.instant()).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        Http manager = signedIn(practice.managerEmail(), CapacityTestData.PASSWORD);
        String page = "/safe-working/" + ods + "/alert-state";
        manager.get(page);

        for (LocalDate week : List.of(thisMonday.minusWeeks(1), LocalDate.of(2000, 1, 3))) {
            Http.Response refused =
                    manager.postForm(page, Map.of("week", week.toString(), "state", "GREEN", "comment", "Quiet"));

            assertThat(refused.status()).as(week + " " + refused.body()).isEqualTo(409);
            assertThat(title(refused)).as(week.toString()).startsWith("Error: ");
            assertThat(refused.body())
                    .as(week.toString())
                    .contains(
                            "The week of " + UkTime.day(week)
                                    + " is before the practice recorded any request: it has recorded"
                                    + " none yet, so the first week it can confirm is this week, the week of "
                                    + UkTime.day(thisMonday),
                            "nothing was confirmed");
            assertThat(manager.get(page + "?week=" + week).body())
                    .as("the page of " + week + " says why instead of offering the form")
                    .contains(
                            "as the practice has recorded no request and had no day full yet: the first week it can confirm is this week,"
                                    + " the week of " + UkTime.day(thisMonday))
                    .doesNotContain("name=\"state\"");
        }
        assertThat(confirmed()).as("nothing is confirmed").isEmpty();

        Http.Response first = manager.postForm(
                page, Map.of("week", thisMonday.toString(), "state", "GREEN", "comment", "New to safe working"));
        assertThat(first.status())
                .as("its first week is this one: " + first.body())
                .isEqualTo(302);
        assertThat(confirmed()).containsExactly("New to safe working");
    }

    /**
     * A week a practice confirmed while it had no figures, or before its first request, became a week "before the first
     * figures" once this week moved on or the first request came: its page said it could not be confirmed under the
     * confirmation it held, and correcting it was refused. A week that holds a confirmation may be corrected; a week
     * that holds none keeps the rule.
     */
    @Test
    void aWeekConfirmedBeforeThePracticesFirstFiguresCanStillBeCorrected_andItsPageShowsTheForm() {
        LocalDate confirmedWeek =
                PracticeCalendar.dayOf(clock.instant()).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate unconfirmedWeek = confirmedWeek.minusWeeks(1);
        String page = "/safe-working/" + ods + "/alert-state";
        Http manager = signedIn(practice.managerEmail(), CapacityTestData.PASSWORD);
        manager.get(page);
        Http.Response first = manager.postForm(
                page, Map.of("week", confirmedWeek.toString(), "state", "GREEN", "comment", "New to safe working"));
        assertThat(first.status()).as(first.body()).isEqualTo(302);

        // A week on, with no figures still: the week confirmed is now before this one.
        clock.moveTo(CapacityTestData.A_WORKING_MORNING.plus(Duration.ofDays(7)));
        Http later = signedIn(practice.managerEmail(), CapacityTestData.PASSWORD);
        later.get(page);
        Http.Response corrected = later.postForm(
                page, Map.of("week", confirmedWeek.toString(), "state", "AMBER", "comment", "Corrected a week on"));

        assertThat(corrected.status()).as(corrected.body()).isEqualTo(302);
        assertThat(confirmed()).containsExactly("Corrected a week on");
        assertThat(later.get(page + "?week=" + confirmedWeek).body())
                .contains("id=\"confirmed-state\">Amber<", "name=\"state\"", "Confirm the alert state")
                .doesNotContain("cannot be confirmed");

        // Its first request recorded a week after the week confirmed.
        data.contact(ods, "RECEPTION", "ROUTINE", practice.managerToken());
        Http.Response again = later.postForm(
                page, Map.of("week", confirmedWeek.toString(), "state", "RED", "comment", "Corrected after figures"));

        assertThat(again.status()).as(again.body()).isEqualTo(302);
        assertThat(confirmed()).containsExactly("Corrected after figures");
        assertThat(later.get(page + "?week=" + confirmedWeek).body())
                .contains("id=\"confirmed-state\">Red<", "name=\"state\"", "Confirm the alert state")
                .doesNotContain("cannot be confirmed");

        Http.Response refused = later.postForm(
                page, Map.of("week", unconfirmedWeek.toString(), "state", "GREEN", "comment", "Never confirmed"));
        assertThat(refused.status())
                .as("a week before the first figures that holds no confirmation: " + refused.body())
                .isEqualTo(409);
        assertThat(later.get(page + "?week=" + unconfirmedWeek).body())
                .contains("the first week with figures is the week of " + UkTime.day(confirmedWeek.plusWeeks(1)))
                .doesNotContain("name=\"state\"");
        assertThat(confirmed()).containsExactly("Corrected after figures");
    }

    /**
     * The alert state's page, its refusal and the sitrep named their week "2027-01-11", where every other page says a
     * day as "11 January 2027"; they now say it so, and the week sent with the form and in links stays as it was.
     */
    @Test
    void theAlertStateAndTheSitrepNameTheirWeekInWords() {
        // The morning is Wednesday 13 January 2027: this week is the week of Monday 11 January.
        data.contact(ods, "RECEPTION", "ROUTINE", practice.managerToken());
        Http manager = signedIn(practice.managerEmail(), CapacityTestData.PASSWORD);
        String page = "/safe-working/" + ods + "/alert-state";

        assertThat(manager.get(page).body())
                .contains("Alert state for the week of <span>11 January 2027</span>")
                .contains("<input type=\"hidden\" name=\"week\" value=\"2027-01-11\">")
                .doesNotContain(">2027-01-11<");
        assertThat(manager.get(page + "?week=2027-01-04").body())
                .contains("Alert state for the week of <span>4 January 2027</span>")
                .contains("the first week with figures is the week of 11 January 2027.")
                .contains("week=2027-01-11\"")
                .doesNotContain(">2027-01-04<", "week of 2027-01-11");
        Http.Response refused =
                manager.postForm(page, Map.of("week", "2027-01-04", "state", "GREEN", "comment", "Quiet"));
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.body())
                .contains("The week of 4 January 2027 is before the practice recorded any request: the first week with"
                        + " figures is the week of 11 January 2027, so nothing was confirmed");

        Http officer = signedIn(data.staff("LMC_OFFICER", List.of(), data.lmc), CapacityTestData.PASSWORD);
        Http.Response sitrep = officer.get("/safe-working/sitrep?week=2027-01-04");
        assertThat(sitrep.status()).as(sitrep.body()).isEqualTo(200);
        assertThat(sitrep.body())
                .contains("Alert state sitrep for the week of <span>4 January 2027</span>")
                .contains("sitrep?week=2026-12-28")
                .doesNotContain(">2027-01-04<");
        assertThat(confirmed()).as("nothing is confirmed").isEmpty();
    }

    /** The replay's day-by-day table named each day "2024-11-01", where every other page says "1 November 2024". */
    @Test
    void theReplaysDayByDayTableNamesEachDayInWords() {
        Http manager = signedIn(practice.managerEmail(), CapacityTestData.PASSWORD);

        Http.Response replay = manager.get("/safe-working/replay?clinicians=1&cap=25");

        assertThat(replay.status()).as(replay.body()).isEqualTo(200);
        assertThat(replay.body())
                .contains("<th scope=\"row\" class=\"govuk-table__header\">1 November 2024</th>")
                .contains("<th scope=\"row\" class=\"govuk-table__header\">31 October 2025</th>")
                .doesNotContainPattern(">[0-9]{4}-[0-9]{2}-[0-9]{2}</th>");
    }

    @Test
    void anLmcOfficerOnAPracticesEvidenceIsLinkedBackToTheAreaNotToTheBoard() {
        String officer = data.staff("LMC_OFFICER", List.of(), data.lmc);
        Http pages = signedIn(officer, CapacityTestData.PASSWORD);

        Http.Response evidence = pages.get("/safe-working/" + ods + "/evidence");

        assertThat(evidence.status()).isEqualTo(200);
        assertThat(evidence.body())
                .doesNotContain("href=\"/safe-working/" + ods + "\"", "Back to the board")
                // back to the area for the days this page shows (PracticeEvidencePeriodTests checks which)
                .containsPattern(
                        "href=\"/safe-working/evidence\\?from=[0-9-]{10}&amp;to=[0-9-]{10}\">Back to the area's evidence<");
        Http manager = signedIn(practice.managerEmail(), CapacityTestData.PASSWORD);
        assertThat(manager.get("/safe-working/" + ods + "/evidence").body())
                .contains("href=\"/safe-working/" + ods + "\"", "Back to the board");
    }

    @Test
    void anLmcOfficerReachesEachRecordingPracticesEvidenceFromTheAreaPages_butNotAnotherLmcsPractices() {
        String officer = data.staff("LMC_OFFICER", List.of(), data.lmc);
        CapacityTestData otherLmc = new CapacityTestData(jdbc, new Http(port));
        SafeWorkingPractice elsewhere =
                otherLmc.practiceSetUpWith(settings(List.of(clinician("GP 1", 25, EVERY_DAY)), allDay(), "CLOSE", 0));
        data.contact(ods, "RECEPTION", "ROUTINE", practice.managerToken());
        otherLmc.contact(elsewhere.ods(), "RECEPTION", "ROUTINE", elsewhere.managerToken());
        Http pages = signedIn(officer, CapacityTestData.PASSWORD);

        Http.Response area = pages.get("/safe-working/evidence");

        assertThat(area.status()).isEqualTo(200);
        assertThat(area.body())
                .containsPattern("href=\"/safe-working/" + ods + "/evidence\\?from=\\d{4}-\\d{2}-\\d{2}&amp;to=")
                .doesNotContain("/safe-working/" + elsewhere.ods() + "/evidence");
        assertThat(pages.get("/safe-working/" + ods + "/evidence").status()).isEqualTo(200);
        assertThat(pages.get("/safe-working/sitrep").body()).contains("href=\"/safe-working/evidence\"");
    }

    /** The form's token is kept in the session, so the cookie comes with the page, before anything is sent. */
    @Test
    void aPatientOpeningAPracticesPageIsGivenTheSessionCookie_asThePrivacyNoticeSays() {
        String open = data.practiceTakingActionOne(
                        settings(List.of(clinician("GP 1", 25, EVERY_DAY)), allDay(), "CLOSE", 0))
                .ods();
        Http patient = new Http(port);

        Http.Response page = patient.get("/p/" + open);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Set-Cookie")).as("set on opening the page").contains("GPACTION_SESSION=");
        assertThat(patient.get("/privacy").body().replaceAll("\\s+", " "))
                .contains("GP Action sets one cookie, as soon as you open one of its pages with a form on it (the"
                        + " sign-in page, the joining page or a practice's page for patients, among others)")
                .doesNotContain("when someone sends one of its public forms");
    }

    @Test
    void aPatientWhoChoosesNothingOrWhosePageSatTooLongIsShownAnErrorTitle() {
        String open = data.practiceTakingActionOne(
                        settings(List.of(clinician("GP 1", 25, EVERY_DAY)), allDay(), "CLOSE", 0))
                .ods();
        Http patient = new Http(port);
        assertThat(title(patient.get("/p/" + open))).doesNotStartWith("Error: ");

        Http.Response nothingChosen = patient.postForm("/p/" + open, Map.of());

        assertThat(nothingChosen.status()).isEqualTo(400);
        assertThat(title(nothingChosen)).startsWith("Error: ");
        assertThat(nothingChosen.body()).contains("href=\"#need\"");
        Http.Response expired = patient.get("/p/" + open + "?expired");
        assertThat(expired.body()).contains("This page was open too long");
        assertThat(title(expired)).startsWith("Error: ");
    }

    @Test
    void anUndoClickedTwiceSaysUndoneBothTimes_whileAnotherReceptionistsUndoOfItSaysItWasAlreadyUndone() {
        String receptionist = data.staff("RECEPTIONIST", List.of(ods), null);
        long id = data.contact(ods, "RECEPTION", "ROUTINE", data.token(receptionist))
                .get("id")
                .asLong();
        Http reception = signedIn(receptionist, CapacityTestData.PASSWORD);

        for (int click = 1; click <= 2; click++) {
            Http.Response undone = reception.postForm("/safe-working/" + ods + "/requests/" + id + "/undo", Map.of());
            assertThat(undone.status()).as(undone.body()).isEqualTo(302);
            assertThat(reception.get("/safe-working/" + ods).body())
                    .as("click %d of a double click", click)
                    .contains("Request " + id + " was undone.")
                    .doesNotContain("already undone");
        }

        Http colleague = signedIn(data.staff("RECEPTIONIST", List.of(ods), null), CapacityTestData.PASSWORD);
        assertThat(colleague
                        .postForm("/safe-working/" + ods + "/requests/" + id + "/undo", Map.of())
                        .status())
                .isEqualTo(302);
        assertThat(colleague.get("/safe-working/" + ods).body()).contains("Request " + id + " was already undone");
        assertThat(jdbc.sql("select undone_by from capacity.contact_request where id = :id")
                        .param("id", id)
                        .query(String.class)
                        .single())
                .as("the first click's undo, and no other, is the one kept")
                .isEqualTo(receptionist);
    }

    @Test
    void theRequestNamedInABannerIsARowOnTheBoardAndTheWaitingList() {
        SafeWorkingPractice small =
                data.practiceTakingActionOne(settings(List.of(clinician("GP 1", 1, EVERY_DAY)), allDay(), "CLOSE", 0));
        String code = small.ods();
        String receptionist = data.staff("RECEPTIONIST", List.of(code), null);
        String token = data.token(receptionist);
        long booked =
                data.contact(code, "RECEPTION", "ROUTINE", token).get("id").asLong();
        var waiting = data.contact(code, "RECEPTION", "ROUTINE", token);
        assertThat(waiting.get("outcome").asString()).isEqualTo("WAITLISTED");
        long waitingId = waiting.get("id").asLong();
        Http reception = signedIn(receptionist, CapacityTestData.PASSWORD);

        String board = reception.get("/safe-working/" + code).body();
        assertThat(row(board, "request-" + booked)).contains(">" + booked + "</td>");
        assertThat(row(board, "request-" + waitingId)).contains(">" + waitingId + "</td>");

        Http.Response undone =
                reception.postForm("/safe-working/" + code + "/requests/" + waitingId + "/undo", Map.of());
        assertThat(undone.status()).isEqualTo(302);
        assertThat(reception.get("/safe-working/" + code).body()).contains("Request " + waitingId + " was undone.");

        var again = data.contact(code, "RECEPTION", "ROUTINE", token);
        long listed = again.get("id").asLong();
        String list = reception
                .get("/safe-working/" + code + "/waiting-list?day="
                        + again.get("forDay").asString())
                .body();
        assertThat(list).contains(">Request</th>");
        assertThat(row(list, "waiting-" + listed)).contains(">" + listed + "</td>");
    }

    /**
     * The board said when each request came as "13:05", and the waiting list "13 Jan 13:05", on the 24-hour clock the
     * rest of the product does not use.
     */
    @Test
    void theBoardAndTheWaitingListSayWhenEachRequestCameAsTheRestOfTheProductWritesTimes_inWinterAndInSummer() {
        SafeWorkingPractice small =
                data.practiceTakingActionOne(settings(List.of(clinician("GP 1", 1, EVERY_DAY)), allDay(), "CLOSE", 0));
        String code = small.ods();
        String receptionist = data.staff("RECEPTIONIST", List.of(code), null);
        String token = data.token(receptionist);
        Http reception = signedIn(receptionist, CapacityTestData.PASSWORD);
        Map<Instant, List<String>> said = new LinkedHashMap<>();
        said.put(Instant.parse("2027-01-13T13:05:00Z"), List.of("1:05pm", "13 January 2027 at 1:05pm"));
        said.put(Instant.parse("2027-07-14T08:05:00Z"), List.of("9:05am", "14 July 2027 at 9:05am"));
        said.forEach((at, words) -> {
            clock.moveTo(at);
            long booked =
                    data.contact(code, "RECEPTION", "ROUTINE", token).get("id").asLong();
            var waiting = data.contact(code, "RECEPTION", "ROUTINE", token);
            assertThat(waiting.get("outcome").asString()).as(at.toString()).isEqualTo("WAITLISTED");

            assertThat(row(reception.get("/safe-working/" + code).body(), "request-" + booked))
                    .contains(">" + words.get(0) + "</td>");
            String list = reception
                    .get("/safe-working/" + code + "/waiting-list?day="
                            + waiting.get("forDay").asString())
                    .body();
            assertThat(row(list, "waiting-" + waiting.get("id").asLong())).contains(">" + words.get(1) + "</td>");
        });
    }

    /** The notification banner written above the page's heading, which must be there. */
    static String bannerAboveTheHeading(String body) {
        int heading = body.indexOf("<h1");
        int banner = body.indexOf("<div class=\"govuk-notification-banner");
        assertThat(banner).as("a notification banner in " + body).isNotNegative();
        assertThat(banner).as("the banner comes before the heading").isLessThan(heading);
        return body.substring(banner, heading);
    }

    /** The table row with this id, as the page writes it. */
    static String row(String body, String id) {
        Matcher row = Pattern.compile("<tr[^>]*\\sid=\"" + id + "\"[^>]*>.*?</tr>", Pattern.DOTALL)
                .matcher(body);
        assertThat(row.find()).as("a row " + id + " in " + body).isTrue();
        return row.group();
    }

    Http signedIn(String email, String password) {
        Http http = new Http(port);
        assertThat(http.signIn(email, password).status()).isLessThan(400);
        return http;
    }

    static String title(Http.Response page) {
        Matcher title = TITLE.matcher(page.body());
        assertThat(title.find()).as(page.body()).isTrue();
        return title.group(1);
    }

    /** The value of the input with this id, as the page writes it (HTML-escaped). */
    static String inputValue(String body, String id) {
        Matcher input = Pattern.compile("<input[^>]*\\sid=\"" + id + "\"[^>]*>").matcher(body);
        assertThat(input.find()).as("an input " + id).isTrue();
        Matcher value = Pattern.compile("\\svalue=\"([^\"]*)\"").matcher(input.group());
        return value.find() ? value.group(1) : null;
    }

    int suspensions() {
        return jdbc.sql("select count(*) from capacity.suspension where ods_code = :ods")
                .param("ods", ods)
                .query(Integer.class)
                .single();
    }

    List<Map<String, Object>> holidays() {
        return jdbc.sql("select day, name from capacity.bank_holiday order by day")
                .query()
                .listOfRows();
    }

    List<String> confirmed() {
        return jdbc.sql("select comment from capacity.alert_state where ods_code = :ods and confirmed is not null")
                .param("ods", ods)
                .query(String.class)
                .list();
    }
}
