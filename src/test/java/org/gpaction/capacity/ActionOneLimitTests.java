package org.gpaction.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.gpaction.capacity.CapacityTestData.EVERY_DAY;
import static org.gpaction.capacity.CapacityTestData.allDay;
import static org.gpaction.capacity.CapacityTestData.clinician;
import static org.gpaction.capacity.CapacityTestData.settings;
import static org.gpaction.support.HeldLocks.holding;

import java.net.URI;
import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.gpaction.actions.TestMenus;
import org.gpaction.capacity.CapacityTestData.SafeWorkingPractice;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.capacity.setup.PracticeSetups;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.LockWaits;
import org.gpaction.support.MovingClock;
import org.gpaction.support.MovingClocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Action 1's daily contact limit on the menu in force is what safe working holds each clinician to: a clinician's cap
 * when none is given, the highest cap a practice may set, and, while the practice has action 1 in force, the most any
 * clinician takes in a day, whatever cap was set before the menu lowered it. Each test publishes a version of the menu
 * whose action 1 has a limit of 20, for the API and the pages to read in their own transactions: so only with no draft
 * open, which publishing discards, and every version after the one in force before is removed after the test.
 */
@GpActionTest
@Import(MovingClocks.class)
@ExtendWith(OnAWorkingMorning.class)
class ActionOneLimitTests {

    static final int LIMIT = 20;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MovingClock clock;

    @Autowired
    DataSource dataSource;

    @Autowired
    PracticeSetups setups;

    Http http;
    CapacityTestData data;
    /** The version in force before the test published its own; 0 until it did. */
    int inForceBefore;

    @BeforeEach
    void httpAndTestData() {
        http = new Http(port);
        data = new CapacityTestData(jdbc, http);
    }

    @AfterEach
    void theMenuAsItWas() {
        removeVersionsPublished();
    }

    @Test
    void aClinicianSentWithoutACapIsGivenActionOnesLimit_andTheSetUpPagesCapBoxesStartAtIt() {
        publishActionOneLimit(LIMIT);
        String ods = data.practice(6_000);
        String managerEmail = data.staff("PRACTICE_MANAGER", List.of(ods), null);
        Http page = new Http(port);
        assertThat(page.signIn(managerEmail, CapacityTestData.PASSWORD).status())
                .isLessThan(400);
        assertThat(page.get("/safe-working/" + ods + "/setup").body())
                .containsPattern("name=\"c0\\.cap\" value=\"" + LIMIT + "\"")
                .containsPattern("name=\"c2\\.cap\" value=\"" + LIMIT + "\"")
                .doesNotContain("value=\"25\"");

        Map<String, Object> gp = clinician("GP 1", 0, EVERY_DAY);
        gp.remove("dailyCap");
        JsonNode saved = data.setUp(ods, data.token(managerEmail), settings(List.of(gp), allDay(), "CLOSE", 0));
        assertThat(saved.get("clinicians").get(0).get("dailyCap").asInt()).isEqualTo(LIMIT);
    }

    @Test
    void aCapAboveActionOnesLimitIsRefusedNamingTheLimitAndTheMenuThatSetsIt_andNothingIsSaved() {
        int version = publishActionOneLimit(LIMIT);
        String ods = data.practice(6_000);
        String manager = data.practiceManagerToken(ods);
        String path = "/api/practices/" + ods + "/capacity/settings";

        Http.Response over =
                http.putJson(path, settings(List.of(clinician("GP 1", 22, EVERY_DAY)), allDay(), "CLOSE", 0), manager);
        assertThat(over.status()).as(over.body()).isEqualTo(400);
        assertThat(over.json().get("errors").findValuesAsString("field")).containsExactly("clinicians[0].dailyCap");
        assertThat(over.json().get("errors").get(0).get("message").asString())
                .startsWith("Clinician 1's daily cap must be a whole number from 0 to " + LIMIT + ",")
                .contains("action 1", "version " + version);
        assertThat(http.get(path, manager).status()).as("nothing was saved").isEqualTo(404);

        JsonNode saved =
                data.setUp(ods, manager, settings(List.of(clinician("GP 1", LIMIT, EVERY_DAY)), allDay(), "CLOSE", 0));
        LocalDate today = PracticeCalendar.dayOf(clock.instant());
        Http.Response dayOver = http.putJson(
                "/api/practices/" + ods + "/capacity/days/" + today,
                Map.of(
                        "clinicians",
                        List.of(Map.of(
                                "id", saved.get("clinicians").get(0).get("id").asLong(), "cap", 22))),
                manager);
        assertThat(dayOver.status()).as(dayOver.body()).isEqualTo(400);
        assertThat(dayOver.json().get("errors").findValuesAsString("field")).containsExactly("clinicians[0].cap");
        assertThat(dayOver.json().get("errors").get(0).get("message").asString())
                .contains("0 (no new contacts) to " + LIMIT + ",", "version " + version);
    }

    /**
     * Caps set at 25 before the menu lowered action 1's limit to 20 are kept as the practice set them, and held to 20
     * while the practice has action 1 in force (a day already begun too), which the board and the set-up page say; a
     * practice not taking action 1 has its caps counted and shown as set. Once the limit is 25 again, so is the cap.
     */
    @Test
    void capsSetAt25AreHeldToALimitTheMenuLowersAfterwards_whileActionOneIsInForce() {
        SafeWorkingPractice taking =
                data.practiceTakingActionOne(settings(List.of(clinician("GP 1", 25, EVERY_DAY)), allDay(), "CLOSE", 0));
        SafeWorkingPractice notTaking =
                data.practiceSetUpWith(settings(List.of(clinician("GP 1", 25, EVERY_DAY)), allDay(), "CLOSE", 0));
        String ods = taking.ods();
        String manager = taking.managerToken();
        assertThat(data.contact(ods, "RECEPTION", "ROUTINE", manager).get("cap").asInt())
                .as("the day begun at 25")
                .isEqualTo(25);

        int version = publishActionOneLimit(LIMIT);
        Http reception = new Http(port);
        assertThat(reception
                        .signIn(data.staff("RECEPTIONIST", List.of(ods), null), CapacityTestData.PASSWORD)
                        .status())
                .isLessThan(400);
        String once = SafeWorkingPageFormsTests.inputValue(
                reception.get("/safe-working/" + ods).body(), "once");
        for (int click = 1; click <= 2; click++) {
            Http.Response sent =
                    reception.postForm("/safe-working/" + ods + "/requests", Map.of("kind", "ROUTINE", "once", once));
            assertThat(sent.status()).as(sent.body()).isEqualTo(302);
            assertThat(reception
                            .get(URI.create(sent.header("location")).getPath())
                            .body())
                    .as("click " + click + " of a form sent twice shows the cap as held")
                    .contains("Contact 2 of " + LIMIT + " today.");
            // As if the first sending stopped before keeping its answer: the second is answered from the request.
            jdbc.sql("update capacity.form_once set answer = null where ods_code = :ods")
                    .param("ods", ods)
                    .update();
        }
        List<String> outcomes = new ArrayList<>();
        int lastCap = 0;
        for (int i = 3; i <= 22; i++) {
            JsonNode answer = data.contact(ods, "RECEPTION", "ROUTINE", manager);
            outcomes.add(answer.get("outcome").asString());
            if (answer.has("cap")) {
                lastCap = answer.get("cap").asInt();
            }
        }
        assertThat(outcomes.subList(0, LIMIT - 2)).as("contacts 3 to 20").containsOnly("BOOKED");
        assertThat(outcomes.subList(LIMIT - 2, outcomes.size()))
                .as("contacts 21 and 22")
                .doesNotContain("BOOKED");
        assertThat(lastCap).isEqualTo(LIMIT);
        JsonNode day = http.get("/api/practices/" + ods + "/capacity", manager).json();
        assertThat(day.get("status").asString()).isEqualTo("FULL");
        assertThat(day.get("clinicians").get(0).get("cap").asInt()).isEqualTo(LIMIT);
        assertThat(day.get("clinicians").get(0).get("used").asInt()).isEqualTo(LIMIT);
        assertThat(http.get("/api/practices/" + notTaking.ods() + "/capacity", notTaking.managerToken())
                        .json()
                        .get("clinicians")
                        .get(0)
                        .get("cap")
                        .asInt())
                .as("not enforced, so not held to the limit")
                .isEqualTo(25);

        String settingsPath = "/api/practices/" + ods + "/capacity/settings";
        ObjectNode asSet = (ObjectNode) http.get(settingsPath, manager).json();
        assertThat(asSet.get("clinicians").get(0).get("dailyCap").asInt())
                .as("the practice's own cap is kept")
                .isEqualTo(25);
        Http.Response sentBack = http.putJson(settingsPath, asSet, manager);
        assertThat(sentBack.status())
                .as("sent back unchanged: " + sentBack.body())
                .isEqualTo(200);
        asSet = (ObjectNode) http.get(settingsPath, manager).json();
        ((ObjectNode) asSet.get("coreHours").get("MONDAY")).put("opens", "00:01");
        Http.Response hoursChanged = http.putJson(settingsPath, asSet, manager);
        assertThat(hoursChanged.status())
                .as("only the hours changed: " + hoursChanged.body())
                .isEqualTo(200);
        assertThat(http.get(settingsPath, manager)
                        .json()
                        .get("clinicians")
                        .get(0)
                        .get("dailyCap")
                        .asInt())
                .as("the practice's own cap is still kept")
                .isEqualTo(25);
        assertThat(http.get("/api/practices/" + ods + "/capacity", manager)
                        .json()
                        .get("clinicians")
                        .get(0)
                        .get("cap")
                        .asInt())
                .as("and still held to the limit")
                .isEqualTo(LIMIT);
        assertThat(data.contact(ods, "RECEPTION", "ROUTINE", manager)
                        .get("outcome")
                        .asString())
                .isNotEqualTo("BOOKED");

        ObjectNode withNew = (ObjectNode) http.get(settingsPath, manager).json();
        withNew.withArray("clinicians")
                .addObject()
                .put("label", "GP 2")
                .put("role", "SALARIED_GP")
                .put("dailyCap", 25);
        Http.Response newAt25 = http.putJson(settingsPath, withNew, manager);
        assertThat(newAt25.status()).as(newAt25.body()).isEqualTo(400);
        assertThat(newAt25.json().get("errors").findValuesAsString("field")).containsExactly("clinicians[1].dailyCap");
        assertThat(newAt25.json().get("errors").get(0).get("message").asString())
                .contains("from 0 to " + LIMIT + ",", "version " + version);
        String otherPath = "/api/practices/" + notTaking.ods() + "/capacity/settings";
        ObjectNode lowered =
                (ObjectNode) http.get(otherPath, notTaking.managerToken()).json();
        ((ObjectNode) lowered.get("clinicians").get(0)).put("dailyCap", LIMIT);
        assertThat(http.putJson(otherPath, lowered, notTaking.managerToken()).status())
                .isEqualTo(200);
        ObjectNode raised =
                (ObjectNode) http.get(otherPath, notTaking.managerToken()).json();
        ((ObjectNode) raised.get("clinicians").get(0)).put("dailyCap", 22);
        Http.Response over = http.putJson(otherPath, raised, notTaking.managerToken());
        assertThat(over.status()).as("raised from 20 to 22: " + over.body()).isEqualTo(400);
        assertThat(over.json().get("errors").findValuesAsString("field")).containsExactly("clinicians[0].dailyCap");

        Http page = new Http(port);
        assertThat(page.signIn(taking.managerEmail(), CapacityTestData.PASSWORD).status())
                .isLessThan(400);
        String held = ("GP 1's cap of 25 is held to " + LIMIT).replace("'", "&#39;");
        assertThat(page.get("/safe-working/" + ods).body()).contains(held, "version " + version);
        assertThat(page.get("/safe-working/" + ods + "/setup").body())
                .contains(held, "version " + version)
                .as("the set-up page says GP 1's 25 may be kept, and what a new or raised cap may be")
                .contains(
                        "While the practice has action 1 in force, " + held + ". Those caps may be kept as saved, held"
                                + " to " + LIMIT + "; a new or raised cap must be " + LIMIT + " or fewer.");
        assertThat(page.get("/safe-working/" + notTaking.ods()).body()).doesNotContain("is held to");

        removeVersionsPublished();
        day = http.get("/api/practices/" + ods + "/capacity", manager).json();
        assertThat(day.get("clinicians").get(0).get("cap").asInt())
                .as("the limit back at 25")
                .isEqualTo(25);
        assertThat(day.get("status").asString()).isNotEqualTo("FULL");
        assertThat(data.contact(ods, "RECEPTION", "ROUTINE", manager)
                        .get("outcome")
                        .asString())
                .isEqualTo("BOOKED");
    }

    /**
     * GP 1, set at 25, has 20 booked, all a limit of 20 allows: once GP 2 is sent home the practice has no room left for
     * routine need, and the evidence records it full from then, as it would had GP 1 been set at 20.
     */
    @Test
    void aChangeLeavingNoRoomUnderTheLimitRecordsTheDayFullFromThen() {
        SafeWorkingPractice practice = data.practiceTakingActionOne(settings(
                List.of(clinician("GP 1", 25, EVERY_DAY), clinician("GP 2", 25, EVERY_DAY)), allDay(), "CLOSE", 0));
        String ods = practice.ods();
        String manager = practice.managerToken();
        publishActionOneLimit(LIMIT);
        for (int i = 0; i < LIMIT; i++) {
            Http.Response booked = http.postJson(
                    "/api/practices/" + ods + "/contacts",
                    Map.of("channel", "RECEPTION", "kind", "ROUTINE", "clinician", practice.clinicianId(0)),
                    manager);
            assertThat(booked.json().get("clinician").get("label").asString()).isEqualTo("GP 1");
        }
        assertThat(filledMoments(ods)).isZero();

        Http.Response off = http.putJson(
                "/api/practices/" + ods + "/capacity/days/" + PracticeCalendar.dayOf(clock.instant()),
                Map.of("clinicians", List.of(Map.of("id", practice.clinicianId(1), "cap", 0))),
                manager);
        assertThat(off.status()).as(off.body()).isEqualTo(200);
        assertThat(http.get("/api/practices/" + ods + "/capacity", manager)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("FULL");
        assertThat(filledMoments(ods)).isEqualTo(1);
    }

    /**
     * GP 1, set at 25, works with an urgent reserve of 20: under a limit of 20 no day has room for routine need, so no
     * day is one the practice opens again on, nor one a routine request is put on the waiting list for.
     */
    @Test
    void daysWhoseCapsUnderTheLimitComeOnlyToTheReserveAreNotPromised() {
        SafeWorkingPractice practice = data.practiceTakingActionOne(
                settings(List.of(clinician("GP 1", 25, EVERY_DAY)), allDay(), "STAY_OPEN_SIGNPOST", LIMIT));
        String ods = practice.ods();
        String manager = practice.managerToken();
        publishActionOneLimit(LIMIT);

        JsonNode day = http.get("/api/practices/" + ods + "/capacity", manager).json();
        assertThat(day.get("status").asString()).isEqualTo("FULL");
        assertThat(day.get("reopensAt").isNull())
                .as("no day within a month has room: " + day.get("reopensAt"))
                .isTrue();
        JsonNode routine = data.contact(ods, "RECEPTION", "ROUTINE", manager);
        assertThat(routine.get("outcome").asString()).as(routine.toString()).isEqualTo("DIVERTED");
    }

    /**
     * The room for routine need a change reads holds each cap to the limit only while action 1 is in force: a practice
     * not taking action 1, GP 1 set at 25 with a reserve of 20, has room for routine need, as the board counts it; the
     * same set-up under action 1 has none, GP 1 being held to 20.
     */
    @Test
    void theRoomAChangeReadsHoldsCapsToTheLimitOnlyWhileActionOneIsInForce() {
        Map<String, Object> atTwentyFive =
                settings(List.of(clinician("GP 1", 25, EVERY_DAY)), allDay(), "STAY_OPEN_SIGNPOST", LIMIT);
        SafeWorkingPractice taking = data.practiceTakingActionOne(atTwentyFive);
        SafeWorkingPractice notTaking = data.practiceSetUpWith(atTwentyFive);
        publishActionOneLimit(LIMIT);
        LocalDate today = PracticeCalendar.dayOf(clock.instant());

        assertThat(setups.hasRoutineRoom(notTaking.ods(), today, false))
                .as("not taking action 1: nothing held")
                .isTrue();
        assertThat(setups.hasRoutineRoom(taking.ods(), today, false))
                .as("taking action 1: GP 1 held to 20, all of it the reserve")
                .isFalse();
        assertThat(http.get("/api/practices/" + taking.ods() + "/capacity", taking.managerToken())
                        .json()
                        .get("status")
                        .asString())
                .as("as the board counts it")
                .isEqualTo("FULL");
    }

    /**
     * GP 1, set at 25 before the menu lowered action 1's limit to 20, takes at most 20 a day: a reserve of 22 would
     * leave no day room for routine need, so it is refused, naming the reserve, the limit GP 1 is held to and the menu
     * that sets it; a reserve of 19 leaves one contact a day and is saved. Nothing is saved with the reserve refused.
     */
    @Test
    void aReserveIsWeighedAgainstTheCapsAsHeldToTheLimit_notAsTheyAreKept() {
        SafeWorkingPractice practice =
                data.practiceSetUpWith(settings(List.of(clinician("GP 1", 25, EVERY_DAY)), allDay(), "CLOSE", 0));
        int version = publishActionOneLimit(LIMIT);
        String path = "/api/practices/" + practice.ods() + "/capacity/settings";

        ObjectNode asSet = (ObjectNode) http.get(path, practice.managerToken()).json();
        asSet.put("urgentReserve", 22);
        Http.Response refused = http.putJson(path, asSet, practice.managerToken());
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("errors").findValuesAsString("field")).containsExactly("urgentReserve");
        assertThat(refused.json().get("errors").get(0).get("message").asString())
                .startsWith("The urgent reserve (22) must be less than the clinicians' caps come to")
                .contains(
                        "Monday's caps come to " + LIMIT,
                        "GP 1's cap of 25 is held to " + LIMIT,
                        "action 1",
                        "version " + version)
                .as("raising GP 1's cap above 22 is refused too, so the advice is what can be saved")
                .endsWith(", so lower the reserve below " + LIMIT + " or add a clinician who works on Mondays")
                .doesNotContain("raise");
        assertThat(http.get(path, practice.managerToken())
                        .json()
                        .get("urgentReserve")
                        .asInt())
                .as("nothing was saved")
                .isZero();

        asSet.put("urgentReserve", LIMIT - 1);
        Http.Response saved = http.putJson(path, asSet, practice.managerToken());
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(saved.json().get("clinicians").get(0).get("dailyCap").asInt())
                .as("GP 1's own cap kept")
                .isEqualTo(25);
    }

    /**
     * GP 1 at 25 with a reserve of 22, saved before the menu lowered action 1's limit to 20: GP 1 takes at most 20 a day,
     * so the reserve leaves no day room for routine need and every routine request would be turned away. The reserve is
     * weighed against the caps as held on every save, sent back unchanged too: the settings sent back unchanged, or with
     * only the hours changed, are refused, naming the day, the held total, GP 1 held by the menu version, that the
     * reserve was saved before the limit fell, and the fix; nothing is saved. Lowered to 19 it fits, and GP 1's 25 is
     * kept.
     */
    @Test
    void aReserveSavedBeforeTheLimitFellIsRefusedWhenSentBackUnchanged_namingTheFix_andNothingIsSaved() {
        SafeWorkingPractice practice =
                data.practiceSetUpWith(settings(List.of(clinician("GP 1", 25, EVERY_DAY)), allDay(), "CLOSE", 22));
        int version = publishActionOneLimit(LIMIT);
        String path = "/api/practices/" + practice.ods() + "/capacity/settings";

        ObjectNode asSet = (ObjectNode) http.get(path, practice.managerToken()).json();
        Http.Response sentBack = http.putJson(path, asSet, practice.managerToken());
        assertThat(sentBack.status())
                .as("sent back unchanged: " + sentBack.body())
                .isEqualTo(400);
        assertThat(sentBack.json().get("errors").findValuesAsString("field")).containsExactly("urgentReserve");
        assertThat(sentBack.json().get("errors").get(0).get("message").asString())
                .startsWith("The urgent reserve (22) must be less than the clinicians' caps come to")
                .contains(
                        "Monday's caps come to " + LIMIT,
                        "GP 1's cap of 25 is held to " + LIMIT,
                        "version " + version,
                        "the reserve of 22 saved before the limit fell no longer fits")
                .endsWith(", so lower the reserve below " + LIMIT + " or add a clinician who works on Mondays");
        ((ObjectNode) asSet.get("coreHours").get("MONDAY")).put("opens", "00:01");
        Http.Response hoursChanged = http.putJson(path, asSet, practice.managerToken());
        assertThat(hoursChanged.status())
                .as("only the hours changed: " + hoursChanged.body())
                .isEqualTo(400);
        assertThat(hoursChanged.json().get("errors").findValuesAsString("field"))
                .containsExactly("urgentReserve");
        JsonNode saved = http.get(path, practice.managerToken()).json();
        assertThat(saved.get("coreHours").get("MONDAY").get("opens").asString())
                .as("nothing was saved")
                .isNotEqualTo("00:01");
        assertThat(saved.get("urgentReserve").asInt()).isEqualTo(22);
        assertThat(saved.get("clinicians").get(0).get("dailyCap").asInt()).isEqualTo(25);

        asSet.put("urgentReserve", LIMIT - 1);
        Http.Response lowered = http.putJson(path, asSet, practice.managerToken());
        assertThat(lowered.status())
                .as("lowered below the held caps: " + lowered.body())
                .isEqualTo(200);
        saved = http.get(path, practice.managerToken()).json();
        assertThat(saved.get("urgentReserve").asInt()).isEqualTo(LIMIT - 1);
        assertThat(saved.get("coreHours").get("MONDAY").get("opens").asString()).isEqualTo("00:01");
        assertThat(saved.get("clinicians").get(0).get("dailyCap").asInt())
                .as("GP 1's own cap kept")
                .isEqualTo(25);
    }

    /**
     * GP 1 at 25 with a reserve of 19, saved before the menu lowered action 1's limit to 20: the reserve fits GP 1's cap
     * as held (20), so the settings sent back unchanged are saved, GP 1's 25 kept, still held to the limit.
     */
    @Test
    void settingsWithACapAboveTheLimitAndAReserveFittingTheHeldCapsAreSavedWhenSentBackUnchanged() {
        SafeWorkingPractice practice = data.practiceSetUpWith(
                settings(List.of(clinician("GP 1", 25, EVERY_DAY)), allDay(), "CLOSE", LIMIT - 1));
        publishActionOneLimit(LIMIT);
        String path = "/api/practices/" + practice.ods() + "/capacity/settings";

        ObjectNode asSet = (ObjectNode) http.get(path, practice.managerToken()).json();
        Http.Response sentBack = http.putJson(path, asSet, practice.managerToken());
        assertThat(sentBack.status())
                .as("sent back unchanged: " + sentBack.body())
                .isEqualTo(200);
        JsonNode saved = http.get(path, practice.managerToken()).json();
        assertThat(saved.get("urgentReserve").asInt()).isEqualTo(LIMIT - 1);
        assertThat(saved.get("clinicians").get(0).get("dailyCap").asInt()).isEqualTo(25);
    }

    /**
     * GP 1 at 25 and GP 2 at 20 with a reserve of 30, saved before the menu lowered action 1's limit to 20: held, the
     * caps come to 40. GP 2 lowered to 6 and the reserve sent back unchanged would leave Monday 26 as held, no room for
     * routine need, though the caps as kept come to 31: the reserve is weighed against the caps as held, so it is
     * refused, naming the held total and the limit, and, as the caps as saved still come to 40 held, that the reserve
     * fits the set-up as saved but not as changed; nothing is saved.
     */
    @Test
    void aReserveSentBackUnchangedIsWeighedAgainstTheHeldCaps_whenTheSaveLowersACap() {
        SafeWorkingPractice practice = data.practiceSetUpWith(settings(
                List.of(clinician("GP 1", 25, EVERY_DAY), clinician("GP 2", 20, EVERY_DAY)), allDay(), "CLOSE", 30));
        int version = publishActionOneLimit(LIMIT);

        assertLoweringGp2IsRefusedAsChanged(practice, version, 20);
    }

    /**
     * GP 1 at 25 saved before the menu lowered action 1's limit to 20; after it, GP 2 is added at 20 with a reserve of
     * 30, which fits the caps as held (40). GP 2 lowered to 6 with the reserve sent back unchanged leaves Monday 26 as
     * held: refused as the set-up changed, naming the fix as before, not as a reserve saved before the limit fell, as it
     * was saved after.
     */
    @Test
    void aReserveSavedAfterTheLimitFellIsNotNamedAsSavedBefore_whenTheSaveLowersAnotherCap() {
        SafeWorkingPractice practice =
                data.practiceSetUpWith(settings(List.of(clinician("GP 1", 25, EVERY_DAY)), allDay(), "CLOSE", 0));
        int version = publishActionOneLimit(LIMIT);
        String path = "/api/practices/" + practice.ods() + "/capacity/settings";
        ObjectNode withGp2 =
                (ObjectNode) http.get(path, practice.managerToken()).json();
        withGp2.withArray("clinicians")
                .addObject()
                .put("label", "GP 2")
                .put("role", "SALARIED_GP")
                .put("dailyCap", LIMIT);
        withGp2.put("urgentReserve", 30);
        Http.Response reserveSaved = http.putJson(path, withGp2, practice.managerToken());
        assertThat(reserveSaved.status())
                .as("the reserve saved after the limit fell: " + reserveSaved.body())
                .isEqualTo(200);

        assertLoweringGp2IsRefusedAsChanged(practice, version, LIMIT);
    }

    /**
     * Sends the set-up back with GP 2 lowered to 6 and the reserve of 30 unchanged, leaving Monday 26 with GP 1 held to
     * the limit by the menu's version: refused as the set-up changed, the caps as saved having room for the reserve, not
     * as a reserve saved before the limit fell, naming the fix, and nothing saved (GP 2 still at gp2Saved).
     */
    private void assertLoweringGp2IsRefusedAsChanged(SafeWorkingPractice practice, int version, int gp2Saved) {
        String path = "/api/practices/" + practice.ods() + "/capacity/settings";
        ObjectNode asSet = (ObjectNode) http.get(path, practice.managerToken()).json();
        ((ObjectNode) asSet.get("clinicians").get(1)).put("dailyCap", 6);
        Http.Response refused = http.putJson(path, asSet, practice.managerToken());
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("errors").findValuesAsString("field")).containsExactly("urgentReserve");
        assertThat(refused.json().get("errors").get(0).get("message").asString())
                .startsWith("The urgent reserve (30) must be less than the clinicians' caps come to")
                .contains(
                        "Monday's caps come to 26",
                        "GP 1's cap of 25 is held to " + LIMIT,
                        "version " + version,
                        "; the reserve of 30 fits the set-up as saved, but not as changed")
                .as("held, the caps as saved have room for the reserve: lowering GP 2 is what leaves none")
                .doesNotContain("before the limit fell")
                .endsWith(", so lower the reserve below 26 or add a clinician who works on Mondays");
        JsonNode saved = http.get(path, practice.managerToken()).json();
        assertThat(saved.get("clinicians").get(1).get("dailyCap").asInt())
                .as("nothing was saved")
                .isEqualTo(gp2Saved);
        assertThat(saved.get("urgentReserve").asInt()).isEqualTo(30);
    }

    /**
     * A version of the menu dated tomorrow lowers action 1's limit to 20 from then, so today's limit (25) and tomorrow's
     * differ. Today is full: GP 2 takes nothing today, and GP 1's 25 is all within the reserve of 30. Tomorrow GP 2 takes
     * 10: room for 5 beyond the reserve with GP 1 at 25, none with GP 1 held to 20. The router holds the days ahead to
     * today's limit and promises a routine request tomorrow; the waiting-list page, opened without a day, shows the list
     * requests go on now as the router promised it: tomorrow's, with that request on it, not the day after's.
     */
    @Test
    void theWaitingListPageShowsTheDayTheRouterPromises_whenTodaysAndTomorrowsLimitsDiffer() {
        SafeWorkingPractice practice = data.practiceTakingActionOne(settings(
                List.of(clinician("GP 1", 25, EVERY_DAY), clinician("GP 2", 25, EVERY_DAY)), allDay(), "CLOSE", 30));
        String ods = practice.ods();
        String manager = practice.managerToken();
        LocalDate today = PracticeCalendar.dayOf(clock.instant());
        LocalDate tomorrow = today.plusDays(1);
        publishActionOneLimit(LIMIT, tomorrow);
        capOn(ods, manager, practice.clinicianId(1), today, 0);
        capOn(ods, manager, practice.clinicianId(1), tomorrow, 10);

        JsonNode promised = data.contact(ods, "RECEPTION", "ROUTINE", manager);
        assertThat(promised.get("forDay").asString())
                .as("the router holds tomorrow to today's limit: " + promised)
                .isEqualTo(tomorrow.toString());
        Http page = new Http(port);
        assertThat(page.signIn(data.staff("RECEPTIONIST", List.of(ods), null), CapacityTestData.PASSWORD)
                        .status())
                .isLessThan(400);
        assertThat(page.get("/safe-working/" + ods + "/waiting-list").body())
                .contains("Waiting list for <span>"
                        + DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.UK)
                                .format(tomorrow) + "</span>")
                .contains("id=\"waiting-" + promised.get("id").asLong() + "\"");
    }

    /**
     * Settings read while GP 1 was at 25 are sent back unchanged, without If-Match, as a manager lowers GP 1 to the
     * limit of 20. The test holds the set-up, which both saves take, and lets it go once both wait on it, in either
     * order. Lowered first, GP 1's 25 sent back is a cap raised above the limit, refused, and GP 1 stays at 20; sent
     * back first, it is GP 1's cap as saved, kept, and then lowered. GP 1 ends at 20 either way. (Saved caps read
     * before the set-up was held would take the 25 as kept after the lowering, and write it back.)
     */
    @Test
    void settingsSentBackAsTheCapIsLoweredNeverWriteTheCapAboveTheLimitBack() throws Exception {
        List<SafeWorkingPractice> practices = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            practices.add(
                    data.practiceSetUpWith(settings(List.of(clinician("GP 1", 25, EVERY_DAY)), allDay(), "CLOSE", 0)));
        }
        publishActionOneLimit(LIMIT);
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < practices.size(); round++) {
                boolean loweredFirst = round % 2 == 0;
                SafeWorkingPractice practice = practices.get(round);
                String path = "/api/practices/" + practice.ods() + "/capacity/settings";
                ObjectNode asRead =
                        (ObjectNode) http.get(path, practice.managerToken()).json();
                ObjectNode lowered = asRead.deepCopy();
                ((ObjectNode) lowered.get("clinicians").get(0)).put("dailyCap", LIMIT);
                Callable<Http.Response> lowering = () -> http.putJson(path, lowered, practice.managerToken());
                Callable<Http.Response> sendingBack = () -> http.putJson(path, asRead, practice.managerToken());

                Future<Http.Response> first;
                Future<Http.Response> second;
                try (Connection setUp = holding(
                        dataSource,
                        "select 1 from capacity.practice_setup where ods_code = ? for update",
                        practice.ods())) {
                    int holder = LockWaits.backend(setUp);
                    first = clients.submit(loweredFirst ? lowering : sendingBack);
                    awaitWaiting(holder, 1);
                    second = clients.submit(loweredFirst ? sendingBack : lowering);
                    awaitWaiting(holder, 2);
                    setUp.commit();
                }
                Http.Response lowerAnswer = (loweredFirst ? first : second).get(60, TimeUnit.SECONDS);
                Http.Response sentBackAnswer = (loweredFirst ? second : first).get(60, TimeUnit.SECONDS);
                assertThat(lowerAnswer.status()).as(lowerAnswer.body()).isEqualTo(200);
                if (loweredFirst) {
                    assertThat(sentBackAnswer.status())
                            .as("round %d, sent back after the lowering: %s", round, sentBackAnswer.body())
                            .isEqualTo(400);
                    assertThat(sentBackAnswer.json().get("errors").findValuesAsString("field"))
                            .containsExactly("clinicians[0].dailyCap");
                } else {
                    assertThat(sentBackAnswer.status())
                            .as("round %d, sent back before the lowering: %s", round, sentBackAnswer.body())
                            .isEqualTo(200);
                    assertThat(sentBackAnswer
                                    .json()
                                    .get("clinicians")
                                    .get(0)
                                    .get("dailyCap")
                                    .asInt())
                            .as("kept as saved")
                            .isEqualTo(25);
                }
                assertThat(http.get(path, practice.managerToken())
                                .json()
                                .get("clinicians")
                                .get(0)
                                .get("dailyCap")
                                .asInt())
                        .as("round %d: GP 1 as lowered", round)
                        .isEqualTo(LIMIT);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    /**
     * Waits until this many saves wait on the set-up the test holds from the backend {@code holder} (PracticeSetups.hold),
     * the second behind the first: only the test's own, never a save of another test's practice.
     */
    private void awaitWaiting(int holder, long saves) {
        await("saves waiting on the set-up")
                .atMost(Duration.ofSeconds(30))
                .until(() -> LockWaits.waitingBehind(jdbc, holder) == saves);
    }

    private void capOn(String ods, String manager, long clinician, LocalDate day, int cap) {
        Http.Response changed = http.putJson(
                "/api/practices/" + ods + "/capacity/days/" + day,
                Map.of("clinicians", List.of(Map.of("id", clinician, "cap", cap))),
                manager);
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    }

    private int filledMoments(String ods) {
        return jdbc.sql("select count(*) from capacity.day_filled where ods_code = :ods")
                .param("ods", ods)
                .query(Integer.class)
                .single();
    }

    /**
     * Publishes the next version of the menu, dated today by the application's clock, with every action of the one in
     * force and action 1's daily contact limit at {@code limit}; answers its number.
     */
    private int publishActionOneLimit(int limit) {
        return publishActionOneLimit(limit, PracticeCalendar.dayOf(clock.instant()));
    }

    /** As {@link #publishActionOneLimit(int)}, the version dated {@code on}: in force from that day. */
    private int publishActionOneLimit(int limit, LocalDate on) {
        assertThat(jdbc.sql("select count(*) from actions.menu_version where status = 'DRAFT'")
                        .query(Integer.class)
                        .single())
                .as("no draft open, which publishing would discard")
                .isZero();
        inForceBefore = jdbc.sql("select max(version) from actions.menu_version where status = 'PUBLISHED'")
                .query(Integer.class)
                .single();
        int next = TestMenus.publishAgain(jdbc, inForceBefore, on);
        assertThat(jdbc.sql(
                                "update actions.menu_action set daily_contact_limit = :limit where version = :next and number = 1")
                        .param("limit", limit)
                        .param("next", next)
                        .update())
                .isEqualTo(1);
        return next;
    }

    private void removeVersionsPublished() {
        if (inForceBefore > 0) {
            jdbc.sql("delete from actions.menu_version where version > :before")
                    .param("before", inForceBefore)
                    .update();
        }
    }
}
