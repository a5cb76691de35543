package org.gpaction.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gpaction.capacity.CapacityTestData.EVERY_DAY;
import static org.gpaction.capacity.CapacityTestData.allDay;
import static org.gpaction.capacity.CapacityTestData.clinician;
import static org.gpaction.capacity.CapacityTestData.settings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.gpaction.capacity.CapacityTestData.SafeWorkingPractice;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.common.UkTime;
import org.gpaction.common.ratelimit.Networks;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.MovingClock;
import org.gpaction.support.MovingClocks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A practice manager pauses the online front door for up to four days with a reason, and lifts the pause: through the
 * set-up page's forms and through the API, seen by patients, reception, the board, the set-up log and the evidence.
 * The application's clock is moved to {@link #THURSDAY_BEFORE_EASTER}, so the days around a pause are the same
 * whenever the test runs.
 */
@GpActionTest
@Import(MovingClocks.class)
class FrontDoorSuspensionTests {

    /**
     * Thursday 25 March 2027 at 11:45 UK time (GMT): a working day, whose next working day (for a practice open every
     * day) is the Saturday, Good Friday being a bank holiday; 4 days on are 95 hours in London, the clocks going forward
     * on the Sunday, and end on Easter Monday, a bank holiday too.
     */
    static final Instant THURSDAY_BEFORE_EASTER = Instant.parse("2027-03-25T11:45:00Z");

    private static final Pattern PRACTICE_STATUS = Pattern.compile("id=\"practice-status\"[^>]*>([^<]+)<");
    private static final Pattern CLOSED_MINUTES =
            Pattern.compile("Minutes the online front door was closed in core hours</dt>\\s*<dd[^>]*>(\\d+)<");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Networks networks;

    @Autowired
    ApplicationContext context;

    @Autowired
    DataSource dataSource;

    @Autowired
    MovingClock clock;

    Http http;
    CapacityTestData data;

    @BeforeEach
    void httpAndTestDataOnTheThursdayBeforeEaster() {
        clock.moveTo(THURSDAY_BEFORE_EASTER);
        http = new Http(port);
        data = new CapacityTestData(jdbc, http);
    }

    @AfterEach
    void clockBackToNow() {
        MovingClocks.backToNow(clock, jdbc);
    }

    @Test
    void aManagerPausesOnTheSetUpPage_patientsAreSentElsewhereWithTheReason_andLiftingReopensAtOnce() {
        SafeWorkingPractice practice = data.practiceTakingActionOne(oneGpAt25(allDay()));
        String ods = practice.ods();
        String managerEmail = practice.managerEmail();
        String managerToken = practice.managerToken();
        String receptionEmail = data.staff("RECEPTIONIST", List.of(ods), null);
        String reception = data.token(receptionEmail);
        Http manager = signedIn(managerEmail);
        Http patient = new Http(port);
        String reason = "Flooding in the waiting room, please phone us on 01234 567890";
        String setupPage = "/safe-working/" + ods + "/setup";

        assertThat(patient.get("/p/" + ods).body())
                .as("a patient opens the front door's form before the pause")
                .contains("What do you need help with?");
        manager.get(setupPage);
        Instant before = clock.instant();
        Http.Response paused =
                manager.postForm("/safe-working/" + ods + "/pause", Map.of("hours", "3", "reason", reason));
        Instant after = clock.instant();
        assertThat(paused.status()).as(paused.body()).isEqualTo(302);
        assertThat(paused.header("location")).endsWith(setupPage);
        assertThat(manager.get(setupPage).body()).contains("Online requests are paused for 3 hours.");

        Suspension pause = only(suspensions(ods));
        assertThat(pause.startsAt()).isBetween(before.minusMillis(1), after.plusMillis(1));
        assertThat(pause.endsAt()).isBetween(before.plus(Duration.ofHours(3)), after.plus(Duration.ofHours(3)));
        assertThat(pause.reason()).isEqualTo(reason);
        assertThat(pause.suspendedBy()).isEqualTo(managerEmail);
        assertThat(pause.liftedAt()).isNull();
        String reopens = UkTime.format(pause.endsAt());

        // Core hours are the whole day, so the first moment the front door is open after the pause is the pause's end.
        JsonNode door = http.get("/api/practices/" + ods + "/front-door").json();
        assertThat(door.get("open").asBoolean()).isFalse();
        assertThat(door.get("full").asBoolean()).isFalse();
        assertThat(door.get("takesRequests").asBoolean()).isFalse();
        assertThat(Instant.parse(door.get("reopensAt").asString())).isEqualTo(pause.endsAt());
        JsonNode day =
                http.get("/api/practices/" + ods + "/capacity", reception).json();
        assertThat(day.get("status").asString()).isEqualTo("SUSPENDED");
        assertThat(Instant.parse(day.get("reopensAt").asString())).isEqualTo(pause.endsAt());
        Http.Response board = signedIn(receptionEmail).get("/safe-working/" + ods);
        assertThat(statusOnTheBoard(board)).isEqualTo("Front door paused");
        assertThat(board.body()).contains("opens again <span>" + UkTime.onOrAt(pause.endsAt()) + "</span>");

        Http.Response frontDoor = patient.get("/p/" + ods);
        assertThat(frontDoor.status()).isEqualTo(200);
        assertThat(frontDoor.body())
                .contains(
                        "Online requests are paused", reason, "<strong>" + UkTime.onOrAt(pause.endsAt()) + "</strong>")
                .doesNotContain("What do you need help with?");
        FrontDoorTries.fromHere(jdbc, networks, context).forget(ods);
        Http.Response posted = patient.postForm("/p/" + ods, Map.of("need", "ROUTINE"));
        assertThat(posted.status())
                .as("the form opened before the pause, sent after it")
                .isEqualTo(302);
        Http.Response sent =
                patient.get(java.net.URI.create(posted.header("location")).getPath());
        assertThat(sent.status()).isEqualTo(200);
        assertThat(sent.body()).contains("Online requests are paused", reason, "Where to get help now");
        JsonNode online = data.contact(ods, "ONLINE", "URGENT", reception);
        assertThat(online.get("outcome").asString()).isEqualTo("DIVERTED");
        assertThat(online.get("reason").asString()).isEqualTo("SUSPENDED");
        assertThat(online.get("signposts").findValuesAsString("name")).contains("NHS 111");
        assertThat(data.contact(ods, "RECEPTION", "ROUTINE", reception)
                        .get("outcome")
                        .asString())
                .as("the pause is of the online front door only: reception still books")
                .isEqualTo("BOOKED");
        assertThat(outcomes(ods))
                .containsExactly(
                        "ONLINE ROUTINE DIVERTED SUSPENDED",
                        "ONLINE URGENT DIVERTED SUSPENDED",
                        "RECEPTION" + " ROUTINE BOOKED -");

        String pausedLine = "Online front door paused until " + reopens + ": " + reason;
        assertThat(frontDoorLog(ods)).containsExactly(managerEmail + ": " + pausedLine);
        assertThat(manager.get(setupPage).body()).contains(pausedLine, managerEmail);

        manager.get(setupPage);
        Instant liftedFrom = clock.instant();
        Http.Response lifted = manager.postForm("/safe-working/" + ods + "/pause/lift", Map.of());
        assertThat(lifted.status()).as(lifted.body()).isEqualTo(302);
        assertThat(lifted.header("location")).endsWith(setupPage);
        assertThat(manager.get(setupPage).body()).contains("The pause is lifted.");
        Suspension liftedPause = only(suspensions(ods));
        assertThat(liftedPause.liftedAt()).isAfterOrEqualTo(liftedFrom.minusMillis(1));
        assertThat(liftedPause.liftedBy()).isEqualTo(managerEmail);
        assertThat(liftedPause.endsAt())
                .as("the pause keeps the end it was given")
                .isEqualTo(pause.endsAt());

        door = http.get("/api/practices/" + ods + "/front-door").json();
        assertThat(door.get("open").asBoolean()).isTrue();
        assertThat(door.get("takesRequests").asBoolean()).isTrue();
        assertThat(door.get("reopensAt").isNull()).isTrue();
        assertThat(http.get("/api/practices/" + ods + "/capacity", reception)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("OPEN");
        assertThat(patient.get("/p/" + ods).body())
                .contains("The practice can take your request today.")
                .doesNotContain(reason);
        assertThat(data.contact(ods, "ONLINE", "ROUTINE", reception)
                        .get("outcome")
                        .asString())
                .isEqualTo("BOOKED");
        assertThat(frontDoorLog(ods))
                .containsExactly(managerEmail + ": " + pausedLine, managerEmail + ": Online front door pause lifted");
        assertThat(manager.get(setupPage).body()).contains("Online front door pause lifted");

        manager.get(setupPage);
        assertThat(manager.postForm("/safe-working/" + ods + "/pause/lift", Map.of())
                        .status())
                .isEqualTo(302);
        assertThat(manager.get(setupPage).body()).contains("Online requests were not paused.");
        assertThat(frontDoorLog(ods))
                .as("nothing was lifted, so nothing is logged")
                .hasSize(2);
    }

    @Test
    void throughTheApiThePauseEndsWhenAsked_andTheFrontDoorReopensAtTheFirstMomentOfCoreHoursAfterIt() {
        String ods = data.practice(6_000);
        String managerEmail = data.staff("PRACTICE_MANAGER", List.of(ods), null);
        String manager = data.token(managerEmail);
        String reception = data.receptionistToken(ods);
        data.takeActionOne(ods, manager);
        LocalDate resumes = nextWorkingDay(manager);
        assertThat(resumes).as("Good Friday is no working day").isEqualTo(LocalDate.of(2027, 3, 27));
        // Open all day, except that the day the pause ends opens at 06:00: a pause to 01:00 that day ends in the night.
        Map<String, Object> hours = allDay();
        hours.put(resumes.getDayOfWeek().name(), Map.of("opens", "06:00", "closes", "23:59:59"));
        data.setUp(ods, manager, oneGpAt25(hours));
        Instant until = resumes.atTime(1, 0).atZone(UkTime.ZONE).toInstant();
        Instant opens = resumes.atTime(6, 0).atZone(UkTime.ZONE).toInstant();
        String reason = "Two GPs off sick, phone the surgery";

        Instant before = clock.instant();
        Http.Response paused = http.postJson(
                "/api/practices/" + ods + "/front-door/pause",
                Map.of("until", until.toString(), "reason", reason),
                manager);
        assertThat(paused.status()).as(paused.body()).isEqualTo(201);
        assertThat(Instant.parse(paused.json().get("until").asString())).isEqualTo(until);
        assertThat(Instant.parse(paused.json().get("from").asString())).isAfterOrEqualTo(before.minusMillis(1));
        assertThat(paused.json().get("reason").asString()).isEqualTo(reason);

        JsonNode door = http.get("/api/practices/" + ods + "/front-door").json();
        assertThat(door.get("open").asBoolean()).isFalse();
        assertThat(door.get("takesRequests").asBoolean()).isFalse();
        assertThat(Instant.parse(door.get("reopensAt").asString()))
                .as("the first moment in core hours after the pause, not the pause's end")
                .isEqualTo(opens);
        JsonNode day =
                http.get("/api/practices/" + ods + "/capacity", reception).json();
        assertThat(day.get("status").asString()).isEqualTo("SUSPENDED");
        assertThat(Instant.parse(day.get("reopensAt").asString())).isEqualTo(opens);
        assertThat(frontDoorLog(ods))
                .containsExactly(
                        managerEmail + ": Online front door paused until " + UkTime.format(until) + ": " + reason);

        Http.Response lifted = http.delete("/api/practices/" + ods + "/front-door/pause", manager);
        assertThat(lifted.status()).as(lifted.body()).isEqualTo(204);
        door = http.get("/api/practices/" + ods + "/front-door").json();
        assertThat(door.get("open").asBoolean()).isTrue();
        assertThat(door.get("reopensAt").isNull()).isTrue();
        assertThat(data.contact(ods, "ONLINE", "ROUTINE", reception)
                        .get("outcome")
                        .asString())
                .isEqualTo("BOOKED");
        assertThat(only(suspensions(ods)).liftedBy()).isEqualTo(managerEmail);
        assertThat(frontDoorLog(ods)).endsWith(managerEmail + ": Online front door pause lifted");

        assertThat(http.delete("/api/practices/" + ods + "/front-door/pause", manager)
                        .status())
                .as("lifted already: nothing there to lift")
                .isEqualTo(404);
        assertThat(frontDoorLog(ods))
                .as("lifting when nothing is paused logs nothing")
                .hasSize(2);
    }

    @Test
    void liftingThroughTheApiWhenNothingIsPausedIsA404SayingSo_asThePageSays_andChangesNothing() {
        SafeWorkingPractice practice = data.practiceTakingActionOne(oneGpAt25(allDay()));
        String ods = practice.ods();
        String manager = practice.managerToken();
        String pause = "/api/practices/" + ods + "/front-door/pause";

        Http.Response nothing = http.delete(pause, manager);

        assertThat(nothing.status()).as(nothing.body()).isEqualTo(404);
        assertThat(nothing.header("Content-Type")).startsWith("application/problem+json");
        assertThat(nothing.json().get("detail").asString())
                .isEqualTo("Online requests at " + ods + " were not paused, so there is no pause to lift");
        assertThat(frontDoorLog(ods)).as("nothing lifted, nothing logged").isEmpty();

        pauseThroughTheApi(ods, manager, clock.instant().plus(Duration.ofHours(2)), "Staff training");
        Http.Response lifted = http.delete(pause, manager);
        assertThat(lifted.status()).as(lifted.body()).isEqualTo(204);
        assertThat(http.get("/api/practices/" + ods + "/front-door")
                        .json()
                        .get("open")
                        .asBoolean())
                .isTrue();

        pauseThroughTheApi(ods, manager, clock.instant().plus(Duration.ofHours(1)), "Staff training");
        clock.moveTo(clock.instant().plus(Duration.ofHours(1)).plusSeconds(1));
        assertThat(http.delete(pause, manager).status())
                .as("a pause that has ended by itself is not there to lift either")
                .isEqualTo(404);
        assertThat(frontDoorLog(ods)).hasSize(3);
    }

    @Test
    void aPauseOutlastsBeingFull_thePatientIsToldOfThePauseAndWhenItEnds_andNoRequestIsInvited() {
        // One contact a day, staying open when full: full after one booking, and the door would take requests onto
        // the waiting list but for the pause, which lasts past the next working day's opening at midnight.
        SafeWorkingPractice practice = fullToday("STAY_OPEN_SIGNPOST");
        String ods = practice.ods();
        String manager = practice.managerToken();
        LocalDate resumes = nextWorkingDay(manager);
        Instant until = resumes.atTime(12, 0).atZone(UkTime.ZONE).toInstant();
        String reason = "Building works: phone the surgery";
        pauseThroughTheApi(ods, manager, until, reason);

        JsonNode door = http.get("/api/practices/" + ods + "/front-door").json();
        assertThat(door.get("full").asBoolean()).isTrue();
        assertThat(door.get("open").asBoolean()).isFalse();
        assertThat(door.get("takesRequests").asBoolean())
                .as("paused, the door takes nothing, not even onto the waiting list")
                .isFalse();
        assertThat(Instant.parse(door.get("reopensAt").asString()))
                .as("the pause's end, not the next working day's opening")
                .isEqualTo(until);
        JsonNode day = http.get("/api/practices/" + ods + "/capacity", manager).json();
        assertThat(day.get("status").asString())
                .as("reception still sees the practice full")
                .isEqualTo("FULL");
        assertThat(Instant.parse(day.get("reopensAt").asString())).isEqualTo(until);
        FrontDoorTries.fromHere(jdbc, networks, context).forget(ods);
        Http.Response page = new Http(port).get("/p/" + ods);
        assertThat(page.body())
                .contains("Online requests are paused", reason, "<strong>" + UkTime.onOrAt(until) + "</strong>")
                .doesNotContain("What do you need help with?", "The practice is full today");
    }

    @Test
    void aPauseEndingOnADayWithNoRoomReopensTheFrontDoorOnTheNextDayWithRoom() {
        SafeWorkingPractice practice = data.practiceTakingActionOne(oneGpAt25(allDay()));
        String ods = practice.ods();
        String manager = practice.managerToken();
        LocalDate resumes = nextWorkingDay(manager);
        Http.Response off = http.putJson(
                "/api/practices/" + ods + "/capacity/days/" + resumes,
                Map.of("clinicians", List.of(Map.of("id", practice.clinicianId(0), "cap", 0))),
                manager);
        assertThat(off.status()).as(off.body()).isEqualTo(200);
        Instant until = resumes.atTime(12, 0).atZone(UkTime.ZONE).toInstant();
        pauseThroughTheApi(ods, manager, until, "Staff training");
        Instant nextDayWithRoom = resumes.plusDays(1).atStartOfDay(UkTime.ZONE).toInstant();

        JsonNode door = http.get("/api/practices/" + ods + "/front-door").json();
        assertThat(Instant.parse(door.get("reopensAt").asString()))
                .as("the GP is off the day the pause ends, so the door opens the day after")
                .isEqualTo(nextDayWithRoom);
        JsonNode day = http.get("/api/practices/" + ods + "/capacity", manager).json();
        assertThat(day.get("status").asString()).isEqualTo("SUSPENDED");
        assertThat(Instant.parse(day.get("reopensAt").asString())).isEqualTo(nextDayWithRoom);
    }

    @Test
    void fullAndPausedWithNoDayWithRoomWithinAMonth_theFrontDoorSaysItDoesNotKnowWhenItReopens_notThePausesEnd() {
        // One contact a day, full after one booking, and the GP takes no new contacts for the month after today.
        SafeWorkingPractice practice = fullToday("CLOSE");
        String ods = practice.ods();
        String manager = practice.managerToken();
        LocalDate today = PracticeCalendar.dayOf(clock.instant());
        noNewContacts(practice, today.plusDays(1), today.plusDays(31));
        Instant until = clock.instant().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        pauseThroughTheApi(ods, manager, until, "Staff training");

        JsonNode door = http.get("/api/practices/" + ods + "/front-door").json();
        assertThat(door.get("full").asBoolean()).isTrue();
        assertThat(door.get("takesRequests").asBoolean()).isFalse();
        assertThat(door.get("reopensAt").isNull())
                .as("the pause ends today, but today is full and no day with room comes within a month: " + door)
                .isTrue();
        JsonNode day = http.get("/api/practices/" + ods + "/capacity", manager).json();
        assertThat(day.get("status").asString()).isEqualTo("FULL");
        assertThat(day.get("reopensAt").isNull()).as(day.toString()).isTrue();
        FrontDoorTries.fromHere(jdbc, networks, context).forget(ods);
        assertThat(new Http(port).get("/p/" + ods).body())
                .contains("Online requests are paused", "It is not known yet when the online form opens again.")
                .doesNotContain("The online form opens again", UkTime.onOrAt(until));
        assertThat(signedIn(practice.managerEmail()).get("/safe-working/" + ods).body())
                .contains("no working day within a month has room: routine requests are signposted elsewhere")
                .doesNotContain("opens again <span>");
    }

    @Test
    void aPauseOutlastingTheLastDayWithRoomWithinAMonth_leavesWhenTheFrontDoorReopensUnknown_notThatDay() {
        SafeWorkingPractice practice = fullToday("CLOSE");
        String ods = practice.ods();
        String manager = practice.managerToken();
        LocalDate resumes = nextWorkingDay(manager);
        // Full today; the next working day has room, but the pause lasts into the day after, from which the GP takes
        // no new contacts for a month and more.
        LocalDate pauseEnds = resumes.plusDays(1);
        noNewContacts(practice, pauseEnds, pauseEnds.plusDays(31));
        Instant until = pauseEnds.atTime(12, 0).atZone(UkTime.ZONE).toInstant();
        pauseThroughTheApi(ods, manager, until, "Building works");

        JsonNode door = http.get("/api/practices/" + ods + "/front-door").json();
        assertThat(door.get("reopensAt").isNull())
                .as("the only day with room within a month of the pause's end is before it ends: " + door)
                .isTrue();
        JsonNode day = http.get("/api/practices/" + ods + "/capacity", manager).json();
        assertThat(day.get("status").asString()).isEqualTo("FULL");
        assertThat(day.get("reopensAt").isNull()).as(day.toString()).isTrue();
        FrontDoorTries.fromHere(jdbc, networks, context).forget(ods);
        assertThat(new Http(port).get("/p/" + ods).body())
                .contains("Online requests are paused", "It is not known yet when the online form opens again.")
                .doesNotContain("The online form opens again");
        Http.Response board = signedIn(practice.managerEmail()).get("/safe-working/" + ods);
        assertThat(board.status()).isEqualTo(200);
        assertThat(board.body())
                .as("reception's routine requests still wait for the next working day; the online ones cannot")
                .contains("routine requests go on the waiting list for "
                        + DateTimeFormatter.ofPattern("EEEE d MMMM", Locale.UK).format(resumes)
                        + "; the online front door is paused and it is not known when it opens again");
    }

    /** The practice's pause through the API, until then for that reason, as its manager sets it. */
    void pauseThroughTheApi(String ods, String manager, Instant until, String reason) {
        Http.Response paused = http.postJson(
                "/api/practices/" + ods + "/front-door/pause",
                Map.of("until", until.toString(), "reason", reason),
                manager);
        assertThat(paused.status()).as(paused.body()).isEqualTo(201);
    }

    /**
     * The practice's one GP takes no new contacts on each working day from {@code first} to {@code last}; a bank
     * holiday has no caps to change, as nothing is booked then.
     */
    void noNewContacts(SafeWorkingPractice practice, LocalDate first, LocalDate last) {
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            if (jdbc.sql("select exists (select 1 from capacity.bank_holiday where day = :day)")
                    .param("day", day)
                    .query(Boolean.class)
                    .single()) {
                continue;
            }
            Http.Response off = http.putJson(
                    "/api/practices/" + practice.ods() + "/capacity/days/" + day,
                    Map.of("clinicians", List.of(Map.of("id", practice.clinicianId(0), "cap", 0))),
                    practice.managerToken());
            assertThat(off.status()).as(day + ": " + off.body()).isEqualTo(200);
        }
    }

    /**
     * The database holds a pause to the 96 hours the app allows whatever the session's time zone: in London, 4 days
     * from 25 March 2027 are 95 hours, the clocks going forward on the 28th.
     */
    @Test
    void aPauseOfFourDaysIs96HoursInTheDatabaseToo_acrossTheClocksGoingForwardInLondon() throws SQLException {
        String ods = data.practice(6_000);
        Instant starts = Instant.parse("2027-03-25T10:00:00Z");
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (Statement zone = connection.createStatement()) {
                    zone.execute("set local time zone 'Europe/London'");
                }
                assertThat(pause(connection, ods, starts, starts.plus(Duration.ofHours(96))))
                        .as("a pause of 96 hours is kept")
                        .isOne();
                assertThatThrownBy(() -> pause(
                                connection,
                                ods,
                                starts,
                                starts.plus(Duration.ofHours(96).plusSeconds(1))))
                        .as("a second longer is refused")
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("suspension");
            } finally {
                connection.rollback();
            }
        }
    }

    /**
     * Only Suspensions' lock kept a second pause from being in force beside the first: a writer without it (a script, a
     * repair by hand) could start one, and the front door's state, the evidence and the log would each read another.
     */
    @Test
    void theDatabaseRefusesASecondPauseInForceBesideTheFirst_butNotOneAfterItEndedOrWasLifted() throws SQLException {
        String ods = data.practice(6_000);
        Instant starts = Instant.parse("2027-03-25T10:00:00Z");
        Duration twoHours = Duration.ofHours(2);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                assertThat(pause(connection, ods, starts, starts.plus(twoHours)))
                        .isOne();
                Instant second = starts.plus(twoHours);
                assertThat(pause(connection, ods, second, second.plus(twoHours)))
                        .as("a pause starting as the first ends")
                        .isOne();
                try (PreparedStatement lift = connection.prepareStatement(
                        "update capacity.suspension set lifted_at = ?, lifted_by = 'test' where ods_code = ? and"
                                + " starts_at = ?")) {
                    lift.setTimestamp(1, Timestamp.from(second.plus(Duration.ofHours(1))));
                    lift.setString(2, ods);
                    lift.setTimestamp(3, Timestamp.from(second));
                    assertThat(lift.executeUpdate()).isOne();
                }
                Instant third = second.plus(Duration.ofHours(1));
                assertThat(pause(connection, ods, third, third.plus(twoHours)))
                        .as("a pause in place of the second, lifted")
                        .isOne();
                assertThatThrownBy(() -> pause(connection, ods, third.plus(Duration.ofHours(1)), third.plus(twoHours)))
                        .as("a pause beside the third, in force")
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("suspension_one_in_force");
            } finally {
                connection.rollback();
            }
        }
    }

    private static int pause(Connection connection, String ods, Instant starts, Instant ends) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into capacity.suspension (ods_code, starts_at, ends_at, reason, suspended_by)
                values (?, ?, ?, 'Clock change', 'test')
                """)) {
            insert.setString(1, ods);
            insert.setTimestamp(2, Timestamp.from(starts));
            insert.setTimestamp(3, Timestamp.from(ends));
            return insert.executeUpdate();
        }
    }

    @Test
    void aPauseOfMoreThanFourDaysOrWithoutAReasonIsRefusedNamingWhatToFix_andChangesNothing() {
        SafeWorkingPractice practice = data.practiceSetUpWith(oneGpAt25(allDay()));
        String ods = practice.ods();
        String managerEmail = practice.managerEmail();
        String manager = practice.managerToken();
        String pausePath = "/api/practices/" + ods + "/front-door/pause";
        Instant until = clock.instant().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        assertThat(http.postJson(pausePath, Map.of("until", until.toString(), "reason", "Staff training"), manager)
                        .status())
                .isEqualTo(201);
        State before = state(ods);

        Instant now = clock.instant();
        Map<String, Object> tooLong =
                Map.of("until", now.plus(Duration.ofDays(4)).plusSeconds(60).toString(), "reason", "Building work");
        Map<String, Object> past = Map.of("until", now.minusSeconds(60).toString(), "reason", "Building work");
        Map<String, Object> notAnInstant = Map.of("until", "next Tuesday", "reason", "Building work");
        Map<String, Object> noUntil = Map.of("reason", "Building work");
        Map<String, Object> noReason =
                Map.of("until", now.plus(Duration.ofDays(1)).toString());
        Map<String, Object> blankReason =
                Map.of("until", now.plus(Duration.ofDays(1)).toString(), "reason", " \t ");
        Map<String, Object> longReason =
                Map.of("until", now.plus(Duration.ofDays(1)).toString(), "reason", "x".repeat(501));
        Map<String, Object> nulReason =
                Map.of("until", now.plus(Duration.ofDays(1)).toString(), "reason", "Staff\u0000training");
        Map<Map<String, Object>, String> refusals = new LinkedHashMap<>();
        refusals.put(tooLong, "until:The front door can be paused for at most 4 days, until ");
        refusals.put(past, "until:Give when the pause ends, after now");
        refusals.put(notAnInstant, "until:Give until as an ISO-8601 instant");
        refusals.put(noUntil, "until:Give until as an ISO-8601 instant");
        refusals.put(noReason, "reason:Say why the front door is paused, in 500 characters or fewer");
        refusals.put(blankReason, "reason:Say why the front door is paused, in 500 characters or fewer");
        refusals.put(longReason, "reason:Say why the front door is paused, in 500 characters or fewer");
        refusals.put(nulReason, "reason:Say why the front door is paused on one line, without tabs or control");
        refusals.forEach((body, expected) -> {
            String field = expected.substring(0, expected.indexOf(':'));
            String message = expected.substring(expected.indexOf(':') + 1);
            Http.Response refused = http.postJson(pausePath, body, manager);
            assertThat(refused.status()).as(body + " " + refused.body()).isEqualTo(400);
            assertThat(refused.json().get("errors").findValuesAsString("field"))
                    .as(body.toString())
                    .containsExactly(field);
            assertThat(refused.json().get("detail").asString())
                    .as(body.toString())
                    .startsWith(message);
            assertThat(state(ods)).as("refused, so nothing changed: " + body).isEqualTo(before);
        });
        assertThat(http.postJson(pausePath, "{not json", manager).status()).isEqualTo(400);
        assertThat(state(ods)).isEqualTo(before);

        Http page = signedIn(managerEmail);
        String setupPage = "/safe-working/" + ods + "/setup";
        Map<Map<String, String>, String> pageRefusals = new LinkedHashMap<>();
        pageRefusals.put(Map.of("hours", "97", "reason", "Building work"), "from 1 to 96 (4 days)");
        pageRefusals.put(Map.of("hours", "0", "reason", "Building work"), "from 1 to 96 (4 days)");
        pageRefusals.put(Map.of("hours", "two", "reason", "Building work"), "from 1 to 96 (4 days)");
        pageRefusals.put(Map.of("reason", "Building work"), "from 1 to 96 (4 days)");
        pageRefusals.put(Map.of("hours", "2", "reason", "   "), "Say why the front door is paused");
        pageRefusals.put(Map.of("hours", "2"), "Say why the front door is paused");
        pageRefusals.put(
                Map.of("hours", "2", "reason", "Staff\u0000training"),
                "Say why the front door is paused on one line, without tabs or control characters");
        pageRefusals.forEach((form, expected) -> {
            page.get(setupPage);
            Http.Response refused = page.postForm("/safe-working/" + ods + "/pause", form);
            assertThat(refused.status()).as(form.toString()).isEqualTo(400);
            assertThat(refused.body())
                    .as(form.toString())
                    .contains("<title>Error: ", expected)
                    .doesNotContain("Online requests are paused for");
            assertThat(state(ods)).as("refused, so nothing changed: " + form).isEqualTo(before);
        });

        Instant longest =
                clock.instant().plus(Duration.ofDays(4)).minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        Http.Response fourDays =
                http.postJson(pausePath, Map.of("until", longest.toString(), "reason", "Building work"), manager);
        assertThat(fourDays.status())
                .as("four days is allowed: " + fourDays.body())
                .isEqualTo(201);
        List<Suspension> pauses = suspensions(ods);
        assertThat(pauses).hasSize(2);
        assertThat(pauses.get(0).liftedBy())
                .as("the new pause replaces the one before")
                .isEqualTo(managerEmail);
        assertThat(pauses.get(1).endsAt()).isEqualTo(longest);
        assertThat(pauses.get(1).liftedAt()).isNull();
        assertThat(Instant.parse(http.get("/api/practices/" + ods + "/front-door")
                        .json()
                        .get("reopensAt")
                        .asString()))
                .as("the pause ends on Easter Monday, a bank holiday, so the door opens again as the Tuesday starts")
                .isEqualTo(LocalDate.of(2027, 3, 30).atStartOfDay(UkTime.ZONE).toInstant());
    }

    @Test
    void onlyThePracticesManagersPauseOrLift_receptionLmcOfficersAndOtherPracticesAreRefusedBeforeAnythingChanges() {
        SafeWorkingPractice practice = data.practiceSetUpWith(oneGpAt25(allDay()));
        String ods = practice.ods();
        String other = data.practice(6_000);
        String manager = practice.managerToken();
        String receptionEmail = data.staff("RECEPTIONIST", List.of(ods), null);
        String officerEmail = data.staff("LMC_OFFICER", List.of(), data.lmc);
        String otherManagerEmail = data.staff("PRACTICE_MANAGER", List.of(other), null);
        String pausePath = "/api/practices/" + ods + "/front-door/pause";
        Map<String, Object> pause =
                Map.of("until", clock.instant().plus(Duration.ofHours(2)).toString(), "reason", "Not theirs to pause");
        // Another practice's manager is answered as if the practice did not exist (CapacityAccess): 404, not 403.
        Map<String, Integer> refusedWith = new LinkedHashMap<>();
        refusedWith.put(data.token(receptionEmail), 403);
        refusedWith.put(data.token(officerEmail), 403);
        refusedWith.put(data.token(otherManagerEmail), 404);

        State untouched = state(ods);
        refusedWith.forEach((token, status) -> {
            assertThat(http.postJson(pausePath, pause, token).status()).isEqualTo(status);
            assertThat(http.postJson(pausePath, "{not json", token).status())
                    .as("refused before the body is read")
                    .isEqualTo(status);
            assertThat(http.delete(pausePath, token).status()).isEqualTo(status);
        });
        assertThat(http.postJson(pausePath, pause, null).status()).isEqualTo(401);
        assertThat(state(ods)).isEqualTo(untouched);
        assertThat(suspensions(ods)).isEmpty();

        assertThat(http.postJson(
                                pausePath,
                                Map.of(
                                        "until",
                                        clock.instant()
                                                .plus(Duration.ofHours(2))
                                                .toString(),
                                        "reason",
                                        "Staff training"),
                                manager)
                        .status())
                .isEqualTo(201);
        State paused = state(ods);
        refusedWith.forEach((token, status) -> {
            assertThat(http.delete(pausePath, token).status()).isEqualTo(status);
            assertThat(http.postJson(pausePath, pause, token).status()).isEqualTo(status);
        });

        Http receptionist = signedIn(receptionEmail);
        receptionist.get("/safe-working/" + ods);
        Http.Response receptionPause = receptionist.postForm(
                "/safe-working/" + ods + "/pause", Map.of("hours", "4", "reason", "Not theirs to pause"));
        assertThat(receptionPause.status()).isEqualTo(403);
        assertThat(receptionPause.body()).contains("managers and administrators change its safe working set-up");
        assertThat(receptionist
                        .postForm("/safe-working/" + ods + "/pause/lift", Map.of())
                        .status())
                .isEqualTo(403);
        Http officer = signedIn(officerEmail);
        officer.get("/safe-working");
        assertThat(officer.postForm("/safe-working/" + ods + "/pause", Map.of("hours", "4", "reason", "No"))
                        .status())
                .isEqualTo(403);
        assertThat(officer.postForm("/safe-working/" + ods + "/pause/lift", Map.of())
                        .status())
                .isEqualTo(403);
        Http otherManager = signedIn(otherManagerEmail);
        otherManager.get("/safe-working");
        assertThat(otherManager
                        .postForm("/safe-working/" + ods + "/pause", Map.of("hours", "4", "reason", "No"))
                        .status())
                .isEqualTo(404);
        assertThat(otherManager
                        .postForm("/safe-working/" + ods + "/pause/lift", Map.of())
                        .status())
                .isEqualTo(404);
        Http anonymous = new Http(port);
        anonymous.get("/sign-in");
        Http.Response anonymousLift = anonymous.postForm("/safe-working/" + ods + "/pause/lift", Map.of());
        assertThat(anonymousLift.status()).as("not signed in: sent to sign in").isEqualTo(302);
        assertThat(anonymousLift.header("location")).endsWith("/sign-in");

        assertThat(state(ods)).as("the manager's pause stands as it was").isEqualTo(paused);
        assertThat(only(suspensions(ods)).reason()).isEqualTo("Staff training");
        assertThat(http.get("/api/practices/" + ods + "/front-door")
                        .json()
                        .get("open")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void minutesPausedInCoreHoursCountInTheEvidence_untilThePauseIsLifted() {
        // Today's core hours start at 11:00 (it is 11:45).
        LocalDate today = PracticeCalendar.dayOf(clock.instant());
        Map<String, Object> hours = allDay();
        hours.put(today.getDayOfWeek().name(), Map.of("opens", "11:00", "closes", "18:30"));
        SafeWorkingPractice practice = data.practiceSetUpWith(oneGpAt25(hours));
        String ods = practice.ods();
        String managerEmail = practice.managerEmail();
        String manager = practice.managerToken();
        String pausePath = "/api/practices/" + ods + "/front-door/pause";
        assertThat(http.postJson(
                                pausePath,
                                Map.of(
                                        "until",
                                        clock.instant()
                                                .plus(Duration.ofHours(3))
                                                .toString(),
                                        "reason",
                                        "Staff training"),
                                manager)
                        .status())
                .isEqualTo(201);
        assertThat(data.contact(ods, "ONLINE", "ROUTINE", manager).get("reason").asString())
                .isEqualTo("SUSPENDED");
        assertThat(http.delete(pausePath, manager).status()).isEqualTo(204);

        // The pause is moved to known times today, as if paused at 10:00 until 13:00 and lifted at 11:30: as today's
        // core hours start at 11:00, only 11:00 to 11:30 was paused in core hours.
        jdbc.sql("""
                        update capacity.suspension set starts_at = :starts, ends_at = :ends, lifted_at = :lifted
                        where ods_code = :ods
                        """)
                .param("starts", at(today, LocalTime.of(10, 0)))
                .param("ends", at(today, LocalTime.of(13, 0)))
                .param("lifted", at(today, LocalTime.of(11, 30)))
                .param("ods", ods)
                .update();

        Http.Response evidence =
                signedIn(managerEmail).get("/safe-working/" + ods + "/evidence?period=day&on=" + today);
        assertThat(evidence.status()).isEqualTo(200);
        Matcher closed = CLOSED_MINUTES.matcher(evidence.body());
        assertThat(closed.find())
                .as("the evidence shows the minutes the front door was closed")
                .isTrue();
        assertThat(closed.group(1)).isEqualTo("30");
        assertThat(jdbc.sql("select count(*) from capacity.bank_holiday where day = :day")
                        .param("day", java.sql.Date.valueOf(today))
                        .query(Long.class)
                        .single())
                .as("today is not a bank holiday")
                .isZero();
        jdbc.sql("insert into capacity.bank_holiday (day, name) values (:day, 'Test holiday')")
                .param("day", java.sql.Date.valueOf(today))
                .update();
        try {
            Matcher onAHoliday = CLOSED_MINUTES.matcher(signedIn(managerEmail)
                    .get("/safe-working/" + ods + "/evidence?period=day&on=" + today)
                    .body());
            assertThat(onAHoliday.find()).isTrue();
            assertThat(onAHoliday.group(1))
                    .as("a bank holiday has no core hours to be closed in")
                    .isEqualTo("0");
        } finally {
            jdbc.sql("delete from capacity.bank_holiday where day = :day and name = 'Test holiday'")
                    .param("day", java.sql.Date.valueOf(today))
                    .update();
        }

        JsonNode counted = http.get("/api/capacity/demand?practice=" + ods + "&from=" + today + "&to=" + today, manager)
                .json()
                .get("days");
        assertThat(counted).hasSize(1);
        assertThat(counted.get(0).get("online").asInt()).isEqualTo(1);
        assertThat(counted.get(0).get("diverted").asInt()).isEqualTo(1);
        assertThat(counted.get(0).get("divertedPaused").asInt()).isEqualTo(1);
    }

    @Test
    void aPauseForDaysAheadCountsInTheEvidenceOnlyTheMinutesAlreadyPaused() {
        SafeWorkingPractice practice = data.practiceTakingActionOne(oneGpAt25(allDay()));
        String ods = practice.ods();
        String managerEmail = practice.managerEmail();
        String manager = practice.managerToken();
        Instant before = clock.instant();
        pauseThroughTheApi(ods, manager, before.plus(Duration.ofHours(90)), "Building works: phone the surgery");
        LocalDate today = PracticeCalendar.dayOf(clock.instant());

        List<String> csv = signedIn(managerEmail)
                .get("/safe-working/" + ods + "/evidence.csv?from=" + today + "&to=" + today.plusDays(4))
                .body()
                .lines()
                .toList();
        long minutesSoFar = Duration.between(before, clock.instant()).toMinutes() + 1;

        List<String> header = List.of(csv.get(0).replace("\uFEFF", "").split(","));
        int day = header.indexOf("day");
        int closed = header.indexOf("front_door_closed_minutes");
        Map<LocalDate, Long> closedByDay = csv.stream()
                .skip(1)
                .map(line -> line.split(","))
                .collect(
                        Collectors.toMap(cells -> LocalDate.parse(cells[day]), cells -> Long.parseLong(cells[closed])));
        assertThat(closedByDay.keySet())
                .as("the days still to come, though paused, are no evidence yet")
                .allSatisfy(d -> assertThat(d).isBeforeOrEqualTo(today));
        assertThat(closedByDay.getOrDefault(today, 0L))
                .as("today counts the minutes paused so far, not the rest of the day")
                .isLessThanOrEqualTo(minutesSoFar);
    }

    record Suspension(
            Instant startsAt, Instant endsAt, String reason, String suspendedBy, Instant liftedAt, String liftedBy) {}

    /** All a pause or a lift can change: the practice's pauses, its set-up log and what its front door says. */
    record State(List<Suspension> suspensions, List<String> log, String frontDoor) {}

    State state(String ods) {
        return new State(
                suspensions(ods),
                jdbc.sql("select by || ': ' || what from capacity.setup_log where ods_code = :ods order by id")
                        .param("ods", ods)
                        .query(String.class)
                        .list(),
                http.get("/api/practices/" + ods + "/front-door").body());
    }

    List<Suspension> suspensions(String ods) {
        return jdbc.sql("""
                        select starts_at, ends_at, reason, suspended_by, lifted_at, lifted_by from capacity.suspension
                        where ods_code = :ods order by id
                        """)
                .param("ods", ods)
                .query((rs, row) -> new Suspension(
                        rs.getTimestamp("starts_at").toInstant(),
                        rs.getTimestamp("ends_at").toInstant(),
                        rs.getString("reason"),
                        rs.getString("suspended_by"),
                        rs.getTimestamp("lifted_at") == null
                                ? null
                                : rs.getTimestamp("lifted_at").toInstant(),
                        rs.getString("lifted_by")))
                .list();
    }

    static Suspension only(List<Suspension> suspensions) {
        assertThat(suspensions).hasSize(1);
        return suspensions.get(0);
    }

    /** The set-up log's lines about the front door, oldest first, each with who wrote it. */
    List<String> frontDoorLog(String ods) {
        return jdbc.sql("""
                        select by || ': ' || what from capacity.setup_log
                        where ods_code = :ods and what like 'Online front door%' order by id
                        """).param("ods", ods).query(String.class).list();
    }

    /** Each request recorded for the practice as "channel kind outcome reason", sorted. */
    List<String> outcomes(String ods) {
        return jdbc.sql("""
                        select channel || ' ' || kind || ' ' || outcome || ' ' || coalesce(reason, '-')
                        from capacity.contact_request where ods_code = :ods order by 1
                        """).param("ods", ods).query(String.class).list();
    }

    /**
     * A practice taking action one whose one GP takes one contact a day, every day all day, full today after one booked
     * at reception; {@code whenFull} is what its front door does when full.
     */
    SafeWorkingPractice fullToday(String whenFull) {
        SafeWorkingPractice practice = data.practiceTakingActionOne(
                settings(new ArrayList<>(List.of(clinician("GP 1", 1, EVERY_DAY))), allDay(), whenFull, 0));
        assertThat(data.contact(practice.ods(), "RECEPTION", "ROUTINE", practice.managerToken())
                        .get("outcome")
                        .asString())
                .isEqualTo("BOOKED");
        return practice;
    }

    /** One GP with room for 25 every day, in these core hours, the front door closing when full. */
    static Map<String, Object> oneGpAt25(Map<String, Object> coreHours) {
        return settings(new ArrayList<>(List.of(clinician("GP 1", 25, EVERY_DAY))), coreHours, "CLOSE", 0);
    }

    /** The next working day after today, for a practice open every day but bank holidays; today must be one too. */
    LocalDate nextWorkingDay(String token) {
        LocalDate today = PracticeCalendar.dayOf(clock.instant());
        Set<LocalDate> holidays = bankHolidays(token);
        assertThat(holidays).as("the practice works today").doesNotContain(today);
        LocalDate next = today.plusDays(1);
        while (holidays.contains(next)) {
            next = next.plusDays(1);
        }
        return next;
    }

    Set<LocalDate> bankHolidays(String token) {
        return http.get("/api/capacity/bank-holidays", token).json().findValuesAsString("day").stream()
                .map(LocalDate::parse)
                .collect(Collectors.toSet());
    }

    Http signedIn(String email) {
        Http signedIn = new Http(port);
        assertThat(signedIn.signIn(email, CapacityTestData.PASSWORD).status()).isLessThan(400);
        return signedIn;
    }

    static String statusOnTheBoard(Http.Response board) {
        Matcher status = PRACTICE_STATUS.matcher(board.body());
        assertThat(status.find()).as("the board shows the practice's status").isTrue();
        return status.group(1).strip();
    }

    static Timestamp at(LocalDate day, LocalTime time) {
        return Timestamp.from(day.atTime(time).atZone(UkTime.ZONE).toInstant());
    }
}
