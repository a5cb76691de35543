package org.gpaction.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.capacity.CapacityTestData.EVERY_DAY;
import static org.gpaction.capacity.CapacityTestData.WEEKDAYS;
import static org.gpaction.capacity.CapacityTestData.allDay;
import static org.gpaction.capacity.CapacityTestData.clinician;
import static org.gpaction.capacity.CapacityTestData.coreHours;
import static org.gpaction.capacity.CapacityTestData.settings;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gpaction.common.UkTime;
import org.gpaction.common.ratelimit.Networks;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.MovingClock;
import org.gpaction.support.MovingClocks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A patient's request through the front door is answered on a page of its own, reached by a redirect: reloading that
 * page shows the same answer and sends nothing again, so a contact is used once however often it is reloaded.
 */
@GpActionTest
@Import(MovingClocks.class)
@ExtendWith(OnAWorkingMorning.class)
class FrontDoorAnswerTests {

    /** Thursday 25 March 2027 at 10:00 UK time (GMT), a working day. */
    static final Instant THURSDAY_BEFORE_EASTER_10AM = Instant.parse("2027-03-25T10:00:00Z");

    /** Good Friday, 26 March 2027, at 10:00 UK time (GMT): a weekday in core hours, but a bank holiday. */
    static final Instant GOOD_FRIDAY_10AM = Instant.parse("2027-03-26T10:00:00Z");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Networks networks;

    @Autowired
    ApplicationContext context;

    @Autowired
    MovingClock clock;

    Http http;
    CapacityTestData data;

    @BeforeEach
    void httpAndTestData() {
        http = new Http(port);
        data = new CapacityTestData(jdbc, http);
        FrontDoorTries.fromHere(jdbc, networks, context).forgetLookUps();
    }

    @Test
    void reloadingTheAnswerShowsItAgainAndSendsNothing_andTheNextRequestHasAnAnswerOfItsOwn() {
        String ods = data.practiceTakingActionOne(settings(
                        new ArrayList<>(List.of(clinician("GP 1", 1, EVERY_DAY))), allDay(), "STAY_OPEN_SIGNPOST", 0))
                .ods();
        Http patient = new Http(port);
        patient.get("/p/" + ods);

        Http.Response posted = patient.postForm("/p/" + ods, Map.of("need", "ROUTINE"));
        assertThat(posted.status()).isEqualTo(302);
        String answer = URI.create(posted.header("location")).getPath();
        assertThat(answer).isEqualTo("/p/" + ods + "/sent");
        for (int reload = 0; reload < 3; reload++) {
            Http.Response shown = patient.get(answer);
            assertThat(shown.status()).isEqualTo(200);
            assertThat(shown.body())
                    .contains("The practice can take your request", "Continue to the practice")
                    .doesNotContain("The practice is full today");
        }
        assertThat(requests(ods))
                .as("one request, however often its answer is shown")
                .containsExactly("BOOKED");

        Http.Response second = patient.postForm("/p/" + ods, Map.of("need", "ROUTINE"));
        assertThat(second.status()).isEqualTo(302);
        assertThat(patient.get(answer).body())
                .as("the practice is now full: the second request went onto the waiting list")
                .contains("The practice is full today", "Your request will be looked at on");
        assertThat(requests(ods)).containsExactly("BOOKED", "WAITLISTED");

        Http.Response stranger = new Http(port).get(answer);
        assertThat(stranger.status())
                .as("without a request of their own, anyone else is shown the front door")
                .isEqualTo(302);
        assertThat(URI.create(stranger.header("location")).getPath()).isEqualTo("/p/" + ods);
        assertThat(requests(ods)).hasSize(2);
    }

    @Test
    void aPracticeFullForRoutineNeedTellsPatientsToPhoneForUrgentNeedOnlyWhileItsUrgentReserveLasts() {
        String ods = data.practiceTakingActionOne(
                        settings(new ArrayList<>(List.of(clinician("GP 1", 2, EVERY_DAY))), allDay(), "CLOSE", 1))
                .ods();
        Http patient = new Http(port);
        patient.get("/p/" + ods);
        assertThat(patient.postForm("/p/" + ods, Map.of("need", "ROUTINE")).status())
                .isEqualTo(302);

        assertThat(patient.get("/p/" + ods).body())
                .as("full for routine need, with the one contact kept for urgent need still free")
                .contains(
                        "The practice is full today",
                        "no room for more routine requests today",
                        "If you need to be seen today for something that cannot wait, phone the practice",
                        "call 999");

        assertThat(patient.postForm("/p/" + ods, Map.of("need", "URGENT")).status())
                .isEqualTo(302);
        assertThat(requests(ods)).containsExactly("BOOKED", "BOOKED");
        assertThat(patient.get("/p/" + ods).body())
                .as("the urgent reserve used too")
                .contains("The practice is full today", "call 999")
                .doesNotContain("something that cannot wait, phone the practice");
    }

    @Test
    void anUrgentRequestTurnedAwayByAPracticeThatStaysOpenWhenFullIsNotToldTheOnlineFormIsClosed() {
        String ods = data.practiceTakingActionOne(settings(
                        new ArrayList<>(List.of(clinician("GP 1", 1, EVERY_DAY))), allDay(), "STAY_OPEN_SIGNPOST", 0))
                .ods();
        Http patient = new Http(port);
        patient.get("/p/" + ods);
        patient.postForm("/p/" + ods, Map.of("need", "ROUTINE"));
        assertThat(patient.get("/p/" + ods).body())
                .as("full, the front door still takes routine requests for the next day's waiting list, not today's")
                .contains("id=\"full-notice\"", "name=\"need\"")
                .doesNotContain("The practice can take your request today.");

        assertThat(patient.postForm("/p/" + ods, Map.of("need", "URGENT")).status())
                .isEqualTo(302);
        assertThat(requests(ods)).containsExactly("BOOKED", "DIVERTED");

        String answer = patient.get("/p/" + ods + "/sent").body();
        assertThat(answer)
                .contains("The practice is full today", "no room left today for urgent need either", "call 999")
                .as("the online form is open now, for routine requests onto the waiting list")
                .doesNotContain("The online form opens again", "It is not known yet when the online form opens again")
                .contains("You can still send a routine request online");
    }

    @Test
    void withoutAnOnlineFormTheAnswerPromisesAKeptPlaceOnlyWhenAClinicianWasBooked() {
        Map<String, Object> settings =
                settings(new ArrayList<>(List.of(clinician("GP 1", 5, EVERY_DAY))), allDay(), "CLOSE", 0);
        settings.remove("onlineConsultationUrl");
        settings.put("countAdmin", false);
        String ods = data.practiceTakingActionOne(settings).ods();
        Http patient = new Http(port);
        patient.get("/p/" + ods);

        patient.postForm("/p/" + ods, Map.of("need", "ADMIN"));
        assertThat(patient.get("/p/" + ods + "/sent").body())
                .as("an admin request not counted books nobody")
                .contains("Phone the practice today to tell them about your request")
                .doesNotContain("a place has been kept");

        patient.postForm("/p/" + ods, Map.of("need", "ROUTINE"));
        assertThat(patient.get("/p/" + ods + "/sent").body()).contains("a place has been kept for you today");
    }

    @Test
    void withoutAnOnlineFormARequestPutOnTheWaitingListIsToldToPhoneThePractice_onItsNumberWhereTheDirectoryHasIt() {
        Map<String, Object> settings =
                settings(new ArrayList<>(List.of(clinician("GP 1", 1, EVERY_DAY))), allDay(), "STAY_OPEN_SIGNPOST", 0);
        settings.remove("onlineConsultationUrl");
        String ods = data.practiceTakingActionOne(settings).ods();
        phone(ods, "01642 000123");
        Http patient = new Http(port);
        patient.get("/p/" + ods);
        patient.postForm("/p/" + ods, Map.of("need", "ROUTINE"));
        assertThat(patient.get("/p/" + ods + "/sent").body())
                .contains("Phone the practice to tell them about your request:", "a place has been kept for you today")
                .containsPattern("phone number is <strong[^>]*>01642 000123</strong>");

        patient.postForm("/p/" + ods, Map.of("need", "ROUTINE"));
        assertThat(requests(ods)).containsExactly("BOOKED", "WAITLISTED");
        assertThat(patient.get("/p/" + ods + "/sent").body())
                .contains("The practice is full today", "Your request will be looked at on")
                .contains("Phone the practice to tell them about it")
                .containsPattern("phone number is <strong[^>]*>01642 000123</strong>")
                .doesNotContain("Continue to the practice");

        phone(ods, null);
        patient.postForm("/p/" + ods, Map.of("need", "ROUTINE"));
        assertThat(requests(ods)).containsExactly("BOOKED", "WAITLISTED", "WAITLISTED");
        assertThat(patient.get("/p/" + ods + "/sent").body())
                .contains("Phone the practice to tell them about it")
                .as("the directory gives no phone number for the practice now")
                .doesNotContain("phone number is");
    }

    @Test
    void aFullFrontDoorThatTellsAPatientToPhoneThePracticeGivesItsNumberWhereTheDirectoryHasIt() {
        String closes = data.practiceTakingActionOne(
                        settings(new ArrayList<>(List.of(clinician("GP 1", 2, EVERY_DAY))), allDay(), "CLOSE", 1))
                .ods();
        phone(closes, "01642 000456");
        Http patient = new Http(port);
        patient.get("/p/" + closes);
        patient.postForm("/p/" + closes, Map.of("need", "ROUTINE"));
        assertThat(patient.get("/p/" + closes).body())
                .as("closed when full, with the one contact kept for urgent need still free")
                .contains("The practice is full today", "something that cannot wait, phone the practice")
                .containsPattern("phone number is <strong[^>]*>01642 000456</strong>");

        patient.postForm("/p/" + closes, Map.of("need", "ROUTINE"));
        assertThat(requests(closes)).containsExactly("BOOKED", "DIVERTED");
        assertThat(patient.get("/p/" + closes + "/sent").body())
                .as("the answer to the routine request it turned away")
                .contains("The practice is full today", "something that cannot wait, phone the practice")
                .containsPattern("phone number is <strong[^>]*>01642 000456</strong>");

        String staysOpen = data.practiceTakingActionOne(settings(
                        new ArrayList<>(List.of(clinician("GP 1", 2, EVERY_DAY))), allDay(), "STAY_OPEN_SIGNPOST", 1))
                .ods();
        phone(staysOpen, "01642 000789");
        patient.get("/p/" + staysOpen);
        patient.postForm("/p/" + staysOpen, Map.of("need", "ROUTINE"));
        assertThat(patient.get("/p/" + staysOpen).body())
                .as("full but still taking routine requests for the waiting list")
                .contains("id=\"full-notice\"", "choose that below or phone the practice")
                .containsPattern("phone number is <strong[^>]*>01642 000789</strong>");

        phone(closes, null);
        assertThat(patient.get("/p/" + closes).body())
                .contains("something that cannot wait, phone the practice")
                .as("the directory gives no phone number for the practice now")
                .doesNotContain("phone number is");
    }

    @Test
    void aPlaceClosedNowIsSaidToBeClosed_andWithNoPlaceOpenNowThePatientIsToldToCallNhs111() {
        // Wednesday morning: the urgent treatment centre opens on Mondays only, NHS 111 around the clock.
        String both = data.practiceTakingActionOne(
                        settings(new ArrayList<>(List.of(clinician("GP 1", 1, EVERY_DAY))), allDay(), "CLOSE", 0))
                .ods();
        Http patient = new Http(port);
        patient.get("/p/" + both);
        patient.postForm("/p/" + both, Map.of("need", "ROUTINE"));
        String full = patient.get("/p/" + both).body();
        assertThat(full).contains("The practice is full today", "Where to get help now");
        assertThat(place(full, "Riverside Urgent Treatment Centre")).contains("Closed now", "Monday: 08:00 to 20:00");
        assertThat(place(full, "NHS 111")).contains("Open 24 hours").doesNotContain("Closed now");
        assertThat(full).as("NHS 111 is open now").doesNotContain("None of these places is open now");

        Map<String, Object> settings =
                settings(new ArrayList<>(List.of(clinician("GP 1", 1, EVERY_DAY))), allDay(), "CLOSE", 0);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> signposts = (List<Map<String, Object>>) settings.get("signposts");
        signposts.removeIf(place -> "NHS_111".equals(place.get("kind")));
        String onlyClosed = data.practiceTakingActionOne(settings).ods();
        patient.get("/p/" + onlyClosed);
        patient.postForm("/p/" + onlyClosed, Map.of("need", "ROUTINE"));
        patient.postForm("/p/" + onlyClosed, Map.of("need", "URGENT"));
        assertThat(requests(onlyClosed)).containsExactly("BOOKED", "DIVERTED");
        String answer = patient.get("/p/" + onlyClosed + "/sent").body();
        assertThat(place(answer, "Riverside Urgent Treatment Centre")).contains("Closed now");
        assertThat(answer)
                .as("the only place listed is closed now, so the answer sends the patient to NHS 111")
                .contains("None of these places is open now", "Call NHS 111", "href=\"https://111.nhs.uk/\"");
    }

    /** The part of the page listing this place, up to the next place listed. */
    private static String place(String page, String name) {
        return java.util.Arrays.stream(page.split("class=\"gpa-signpost\""))
                .skip(1)
                .filter(part -> part.contains(">" + name + "<"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not listed: " + page));
    }

    private void phone(String ods, String phone) {
        jdbc.sql("update practices.practice set phone = cast(:phone as text) where ods_code = :ods")
                .param("phone", phone)
                .param("ods", ods)
                .update();
    }

    @Test
    void theSameFrontDoorFormSentTwiceSendsOneRequestAndAnswersWithItsOutcome() {
        String ods = data.practiceTakingActionOne(settings(
                        new ArrayList<>(List.of(clinician("GP 1", 1, EVERY_DAY))), allDay(), "STAY_OPEN_SIGNPOST", 0))
                .ods();
        Http patient = new Http(port);
        java.util.regex.Matcher hidden = java.util.regex.Pattern.compile(
                        "<input[^>]*name=\"once\"[^>]*value=\"([^\"]+)\"")
                .matcher(patient.get("/p/" + ods).body());
        assertThat(hidden.find()).as("the form carries a value of its own").isTrue();
        String once = hidden.group(1);

        for (int click = 0; click < 2; click++) {
            Http.Response posted = patient.postForm("/p/" + ods, Map.of("need", "ROUTINE", "once", once));
            assertThat(posted.status()).isEqualTo(302);
            assertThat(patient.get("/p/" + ods + "/sent").body())
                    .as("the first request's answer, after click " + (click + 1))
                    .contains("The practice can take your request")
                    .doesNotContain("The practice is full today");
        }
        assertThat(requests(ods)).as("one request for one form sent twice").containsExactly("BOOKED");
    }

    @Test
    void aPracticeClosedInTheDirectoryOffersNoFormTakesNoRequestAndSaysSo() {
        String ods = data.practiceTakingActionOne(
                        settings(new ArrayList<>(List.of(clinician("GP 1", 5, EVERY_DAY))), allDay(), "CLOSE", 0))
                .ods();
        Http patient = new Http(port);
        assertThat(patient.get("/p/" + ods).body()).contains("name=\"need\"");
        jdbc.sql("update practices.practice set status = 'CLOSED', closed_on = current_date - 1 where ods_code = :ods")
                .param("ods", ods)
                .update();

        Http.Response page = patient.get("/p/" + ods);
        assertThat(page.status()).isEqualTo(410);
        assertThat(page.body()).contains("This practice has closed").doesNotContain("name=\"need\"");
        Http.Response posted = patient.postForm("/p/" + ods, Map.of("need", "ROUTINE"));
        assertThat(posted.status()).isEqualTo(410);
        assertThat(posted.body()).contains("This practice has closed");
        assertThat(requests(ods))
                .as("no request taken once the practice has closed")
                .isEmpty();

        Http.Response state = patient.get("/api/practices/" + ods + "/front-door");
        assertThat(state.status()).isEqualTo(404);
        assertThat(state.json().get("detail").asString()).contains(ods, "was last open on");
    }

    @Test
    void onGoodFridayFromTheShippedBankHolidaysTheFrontDoorIsClosedAndOpensAgainAfterEasterMonday() {
        assertThat(jdbc.sql(
                                "select name from capacity.bank_holiday where day in ('2027-03-26', '2027-03-29') order by day")
                        .query(String.class)
                        .list())
                .as("the bank holidays the application ships, not ones this test adds")
                .containsExactly("Good Friday", "Easter Monday");
        String ods = data.practiceTakingActionOne(settings(
                        new ArrayList<>(List.of(clinician("GP 1", 5, EVERY_DAY))),
                        coreHours(WEEKDAYS, "08:00", "18:30"),
                        "CLOSE",
                        0))
                .ods();
        Http patient = new Http(port);

        clock.moveTo(THURSDAY_BEFORE_EASTER_10AM);
        assertThat(patient.get("/p/" + ods).body())
                .as("the Thursday before is a working day")
                .contains("Contact your GP practice online", "name=\"need\"");

        clock.moveTo(GOOD_FRIDAY_10AM);
        String door = patient.get("/p/" + ods).body();
        assertThat(door)
                .contains("The practice is closed now")
                .doesNotContain("name=\"need\"")
                .as("Easter Monday is no working day either: the door opens on the Tuesday, at 08:00 BST")
                .contains(UkTime.onOrAt(Instant.parse("2027-03-30T07:00:00Z")));
        assertThat(patient.postForm("/p/" + ods, Map.of("need", "ROUTINE")).status())
                .isEqualTo(302);
        assertThat(jdbc.sql("select outcome || ' ' || reason from capacity.contact_request where ods_code = :ods")
                        .param("ods", ods)
                        .query(String.class)
                        .list())
                .as("a request sent anyway uses no contact: it is turned away as outside core hours")
                .containsExactly("DIVERTED OUTSIDE_CORE_HOURS");
    }

    @Test
    void aRequestSentThroughTheFrontDoorCannotBeUndoneOnceItsPatientIsToldAPlaceIsKept() {
        CapacityTestData.SafeWorkingPractice practice = data.practiceTakingActionOne(
                settings(new ArrayList<>(List.of(clinician("GP 1", 5, EVERY_DAY))), allDay(), "CLOSE", 0));
        String ods = practice.ods();
        Http patient = new Http(port);
        patient.get("/p/" + ods);
        patient.postForm("/p/" + ods, Map.of("need", "ROUTINE"));
        assertThat(patient.get("/p/" + ods + "/sent").body()).contains("The practice can take your request");
        long id = jdbc.sql("select id from capacity.contact_request where ods_code = :ods")
                .param("ods", ods)
                .query(Long.class)
                .single();

        Http.Response undo = http.delete("/api/practices/" + ods + "/contacts/" + id, practice.managerToken());

        assertThat(undo.status()).as(undo.body()).isEqualTo(409);
        assertThat(undo.json().get("detail").asString())
                .isEqualTo("Request " + id + " came through the online front door and its patient has been told the"
                        + " outcome, so it cannot be undone; withdraw it instead if it is not genuine");
        assertThat(jdbc.sql("select undone_at is null from capacity.contact_request where id = :id")
                        .param("id", id)
                        .query(Boolean.class)
                        .single())
                .isTrue();
    }

    List<String> requests(String ods) {
        return jdbc.sql("select outcome from capacity.contact_request where ods_code = :ods order by id")
                .param("ods", ods)
                .query(String.class)
                .list();
    }
}
