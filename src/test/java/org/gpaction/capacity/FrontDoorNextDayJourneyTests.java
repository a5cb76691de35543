package org.gpaction.capacity;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.support.Browser.assertAccessible;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.gpaction.capacity.routing.FrontDoorRequestSubjects;
import org.gpaction.common.UkTime;
import org.gpaction.support.Browser;
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

/**
 * The online front door as a patient meets it on a Friday the practice fills, and again on the Monday it reopens: the
 * application's clock is moved to those days, so the journey does not depend on when it runs. Every page a patient can
 * be shown (open, full, waiting list, paused, not found, no longer open, too many requests from one connection or to
 * one practice) and the staff pages' problem page are checked for accessibility.
 */
@GpActionTest
@Import(MovingClocks.class)
class FrontDoorNextDayJourneyTests {

    /** A Friday in January 2027 at 10:00 UK time (GMT), no bank holiday near it. */
    static final Instant FRIDAY_10AM = Instant.parse("2027-01-08T10:00:00Z");

    static final Instant MONDAY_8AM = Instant.parse("2027-01-11T08:00:00Z");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MovingClock clock;

    @Autowired
    ApplicationContext context;

    BrowserContext patient;

    @BeforeEach
    void openBrowser() {
        patient = Browser.newContext();
    }

    @AfterEach
    void closeBrowserAndForgetAddresses() {
        patient.close();
        MovingClocks.backToNow(clock, jdbc);
    }

    @Test
    void aFullPracticesFrontDoorSignpostsUntilTheNextWorkingDaysOpeningAndThenTakesRequestsAgain() {
        clock.moveTo(FRIDAY_10AM);
        Http api = new Http(port);
        CapacityTestData data = new CapacityTestData(jdbc, api);
        String ods = weekdayPractice(data, "CLOSE");
        data.contact(ods, "RECEPTION", "ROUTINE", data.practiceManagerToken(ods));

        Page door = patient.newPage();
        door.navigate(url("/p/" + ods));
        assertThat(door.locator("h1")).hasText("The practice is full today");
        assertThat(door.locator("body")).containsText("The online form opens again " + UkTime.onOrAt(MONDAY_8AM));
        assertAccessible(door);

        clock.moveTo(MONDAY_8AM.minusSeconds(60));
        door.navigate(url("/p/" + ods));
        assertThat(door.locator("h1")).hasText("The practice is closed now");
        assertThat(door.locator("body")).containsText(UkTime.format(MONDAY_8AM));

        clock.moveTo(MONDAY_8AM.plusSeconds(30));
        door.navigate(url("/p/" + ods));
        assertThat(door.locator("h1")).hasText("Contact your GP practice online");
        assertAccessible(door);
        door.getByLabel("A medical problem that can wait a few days").check();
        door.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue"))
                .click();
        assertThat(door.getByRole(
                        AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue to the practice's online form")))
                .isVisible();
        assertThat(jdbc.sql("""
                                select count(*) from capacity.contact_request
                                where ods_code = :ods and day = :monday and outcome = 'BOOKED'
                                """)
                        .param("ods", ods)
                        .param("monday", java.sql.Date.valueOf(LocalDate.of(2027, 1, 11)))
                        .query(Long.class)
                        .single())
                .as("Monday's hand-over counted as Monday's contact")
                .isEqualTo(1);
    }

    @Test
    void aPracticeThatStaysOpenWhenFullPutsTheRequestOnTheNextWorkingDaysList() {
        clock.moveTo(FRIDAY_10AM);
        Http api = new Http(port);
        CapacityTestData data = new CapacityTestData(jdbc, api);
        String ods = weekdayPractice(data, "STAY_OPEN_SIGNPOST");
        data.contact(ods, "RECEPTION", "ROUTINE", data.practiceManagerToken(ods));

        Page door = patient.newPage();
        door.navigate(url("/p/" + ods));
        assertThat(door.locator("h1")).hasText("Contact your GP practice online");
        // The session ends while the page is open (its cookie is gone): the form comes back saying to choose again.
        patient.clearCookies();
        door.getByLabel("A medical problem that can wait a few days").check();
        door.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue"))
                .click();
        assertThat(door).hasURL(url("/p/" + ods + "?expired"));
        assertThat(door.locator(".govuk-error-summary")).containsText("This page was open too long: choose again");
        assertAccessible(door);
        door.getByLabel("A medical problem that can wait a few days").check();
        door.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue"))
                .click();
        assertThat(door.locator("h1")).hasText("The practice is full today");
        assertThat(door.locator("body")).containsText("Your request will be looked at on Monday 11 January");
        assertAccessible(door);
    }

    @Test
    void aRequestRefusedByTheLimitIsStillToldWhereElseToGoAndThePracticesPhone_onAnAccessiblePage() {
        clock.moveTo(FRIDAY_10AM);
        CapacityTestData data = new CapacityTestData(jdbc, new Http(port));
        String ods = weekdayPractice(data, "CLOSE");
        jdbc.sql("update practices.practice set phone = '01642 000000' where ods_code = :ods")
                .param("ods", ods)
                .update();
        // This browser's address (either loopback) has sent the practice as many requests as the limit allows.
        for (String address : List.of("127.0.0.1", "::1")) {
            jdbc.sql("""
                            insert into common.failed_attempt (kind, subject, at)
                            select 'FRONT_DOOR_REQUEST', :subject, :at from generate_series(1, 10)
                            """)
                    .param("subject", new FrontDoorRequestSubjects(context).of(address, ods))
                    .param("at", java.sql.Timestamp.from(FRIDAY_10AM))
                    .update();
        }

        Page door = patient.newPage();
        door.navigate(url("/p/" + ods));
        door.getByLabel("A medical problem that can wait a few days").check();
        door.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue"))
                .click();
        assertThat(door.locator("h1")).hasText("Too many requests from your connection");
        assertThat(door.locator("#not-sent")).containsText("Your request was not sent");
        assertThat(door.locator("#phone-practice")).containsText("01642 000000");
        assertThat(door.locator("#need-111")).containsText("cannot wait, call NHS 111");
        assertThat(door.locator(".gpa-signposts")).isVisible();
        assertAccessible(door);
        assertThat(jdbc.sql("select count(*) from capacity.contact_request where ods_code = :ods")
                        .param("ods", ods)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aPausedFrontDoorAPracticeNoLongerOpenAndAPracticeWhoseOnlineRequestsAreBusyEachGetAnAccessiblePage() {
        clock.moveTo(FRIDAY_10AM);
        Http api = new Http(port);
        CapacityTestData data = new CapacityTestData(jdbc, api);
        Page door = patient.newPage();

        String paused = weekdayPractice(data, "STAY_OPEN_SIGNPOST");
        Instant until = FRIDAY_10AM.plusSeconds(2 * 3600);
        Http.Response pause = api.postJson(
                "/api/practices/" + paused + "/front-door/pause",
                java.util.Map.of("until", until.toString(), "reason", "Flooded waiting room"),
                data.practiceManagerToken(paused));
        assertThat(pause.status()).as(pause.body()).isEqualTo(201);
        assertThat(door.navigate(url("/p/" + paused)).status()).isEqualTo(200);
        assertThat(door.locator("h1")).hasText("Online requests are paused");
        assertThat(door.locator("body")).containsText("Flooded waiting room");
        assertThat(door.locator("body")).containsText("The online form opens again " + UkTime.onOrAt(until));
        assertThat(door.locator("input[name=need]")).hasCount(0);
        assertAccessible(door);

        String closed = weekdayPractice(data, "CLOSE");
        String dormant = weekdayPractice(data, "CLOSE");
        jdbc.sql("update practices.practice set status = 'CLOSED', closed_on = date '2027-01-07' where ods_code = :ods")
                .param("ods", closed)
                .update();
        jdbc.sql("update practices.practice set status = 'DORMANT' where ods_code = :ods")
                .param("ods", dormant)
                .update();
        assertThat(door.navigate(url("/p/" + closed)).status()).as("gone").isEqualTo(410);
        assertThat(door.locator("h1")).hasText("This practice has closed");
        assertThat(door.locator("body")).containsText("was last open on");
        assertAccessible(door);
        assertThat(door.navigate(url("/p/" + dormant)).status()).as("gone").isEqualTo(410);
        assertThat(door.locator("h1")).hasText("This practice is not open");
        assertAccessible(door);

        // The practice's own ceiling (4 requests in 10 minutes for one GP at 1) met by others' requests just now.
        String busy = weekdayPractice(data, "CLOSE");
        jdbc.sql("""
                        insert into common.failed_attempt (kind, subject, at)
                        select 'FRONT_DOOR_PRACTICE', :ods, :at from generate_series(1, 4)
                        """)
                .param("ods", busy)
                .param("at", java.sql.Timestamp.from(FRIDAY_10AM))
                .update();
        assertThat(door.navigate(url("/p/" + busy)).status())
                .as("its form is still shown")
                .isEqualTo(200);
        door.getByLabel("A medical problem that can wait a few days").check();
        Response refused = door.waitForResponse(
                sent -> sent.request().method().equals("POST"),
                () -> door.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue"))
                        .click());
        assertThat(refused.status()).as("too many requests").isEqualTo(429);
        assertThat(refused.headers()).containsEntry("retry-after", "600");
        assertThat(door.locator("h1")).hasText("The online requests to this practice are busy");
        assertThat(door.locator("#not-sent")).containsText("it takes no more online for now");
        assertThat(door.locator(".gpa-signposts")).isVisible();
        assertAccessible(door);
        assertThat(jdbc.sql("select count(*) from capacity.contact_request where ods_code in (:ods)")
                        .param("ods", List.of(paused, closed, dormant, busy))
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aFullPracticeNamesTheDayWithRoomARequestWillBeLookedAtNotTheNextWorkingDay() {
        // Thursday 7 January 2027 at 11:00; on Fridays only a locum whose cap is all urgent reserve.
        clock.moveTo(Instant.parse("2027-01-07T11:00:00Z"));
        Http api = new Http(port);
        CapacityTestData data = new CapacityTestData(jdbc, api);
        CapacityTestData.SafeWorkingPractice practice = data.practiceTakingActionOne(CapacityTestData.settings(
                List.of(
                        CapacityTestData.clinician("GP 1", 2, List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY")),
                        CapacityTestData.clinician("Locum", 1, List.of("FRIDAY"))),
                CapacityTestData.coreHours(CapacityTestData.WEEKDAYS, "08:00", "18:30"),
                "STAY_OPEN_SIGNPOST",
                1));
        String ods = practice.ods();
        data.contact(ods, "RECEPTION", "ROUTINE", practice.managerToken());

        Http patient = new Http(port);
        Http.Response door = patient.get("/p/" + ods);
        assertThat(door.status()).isEqualTo(200);
        assertThat(door.body())
                .contains("Monday 11 January", UkTime.format(MONDAY_8AM))
                .doesNotContain("next working day");

        Http.Response sent = patient.postForm("/p/" + ods, java.util.Map.of("need", "ROUTINE"));
        assertThat(sent.status()).isEqualTo(302);
        Http.Response answer = patient.get("/p/" + ods + "/sent");
        assertThat(answer.body())
                .contains("Your request will be looked at on <strong>Monday 11 January</strong>")
                .doesNotContain("next working day");
    }

    @Test
    void aPlaceOpenOvernightIsListedOpenUntilItClosesTheNextMorningAcrossTheClockChange() {
        clock.moveTo(Instant.parse("2027-01-11T19:00:00Z"));
        Http api = new Http(port);
        CapacityTestData data = new CapacityTestData(jdbc, api);
        java.util.Map<String, Object> settings = CapacityTestData.settings(
                List.of(CapacityTestData.clinician("GP 1", 5, CapacityTestData.WEEKDAYS)),
                CapacityTestData.coreHours(CapacityTestData.WEEKDAYS, "08:00", "18:30"),
                "CLOSE",
                0);
        settings.put(
                "signposts",
                List.of(java.util.Map.of(
                        "name",
                        "GP Out of Hours",
                        "kind",
                        "URGENT_TREATMENT_CENTRE",
                        "address",
                        "1 River Road",
                        "phone",
                        "01234 567890",
                        "hours",
                        java.util.Map.of(
                                "MONDAY",
                                java.util.Map.of("opens", "18:30", "closes", "08:00"),
                                "SATURDAY",
                                java.util.Map.of("opens", "18:30", "closes", "08:00")))));
        CapacityTestData.SafeWorkingPractice practice = data.practiceTakingActionOne(settings);
        String token = practice.managerToken();

        assertThat(openUntil(data.contact(practice.ods(), "RECEPTION", "ROUTINE", token)))
                .as("Monday 19:00")
                .isEqualTo("08:00");
        clock.moveTo(Instant.parse("2027-01-12T07:00:00Z"));
        assertThat(openUntil(data.contact(practice.ods(), "RECEPTION", "ROUTINE", token)))
                .as("Tuesday 07:00, on Monday's night")
                .isEqualTo("08:00");
        clock.moveTo(Instant.parse("2027-01-12T08:30:00Z"));
        Http.Response door = new Http(port).get("/p/" + practice.ods());
        assertThat(door.body()).contains("Monday: 18:30 to 08:00 the next day");
        // Sunday 28 March 2027, 07:30 BST: the clocks went forward in Saturday's night.
        clock.moveTo(Instant.parse("2027-03-28T06:30:00Z"));
        assertThat(openUntil(data.contact(practice.ods(), "RECEPTION", "ROUTINE", token)))
                .as("Sunday 07:30 BST, on Saturday's night")
                .isEqualTo("08:00");
        clock.moveTo(Instant.parse("2027-03-28T07:00:00Z"));
        assertThat(data.contact(practice.ods(), "RECEPTION", "ROUTINE", token)
                        .get("signposts")
                        .get(0)
                        .get("openUntil")
                        .isNull())
                .as("Sunday 08:00 BST, closed")
                .isTrue();
    }

    @Test
    void aPlaceWhoseHoursRunOnIsListedOpenUntilItActuallyClosesAndOneOpenAllWeekAsOpen24Hours() {
        clock.moveTo(Instant.parse("2027-01-12T07:00:00Z"));
        Http api = new Http(port);
        CapacityTestData data = new CapacityTestData(jdbc, api);
        java.util.Map<String, Object> settings = CapacityTestData.settings(
                List.of(CapacityTestData.clinician("GP 1", 5, CapacityTestData.WEEKDAYS)),
                CapacityTestData.coreHours(CapacityTestData.WEEKDAYS, "08:00", "18:30"),
                "CLOSE",
                0);
        java.util.Map<String, Object> allWeek = new java.util.LinkedHashMap<>();
        for (String day : CapacityTestData.EVERY_DAY) {
            allWeek.put(day, java.util.Map.of("opens", "00:00", "closes", "00:00"));
        }
        settings.put(
                "signposts",
                List.of(
                        java.util.Map.of(
                                "name",
                                "GP Out of Hours",
                                "kind",
                                "URGENT_TREATMENT_CENTRE",
                                "address",
                                "1 River Road",
                                "phone",
                                "01234 567890",
                                "hours",
                                java.util.Map.of(
                                        "MONDAY", java.util.Map.of("opens", "18:30", "closes", "08:00"),
                                        "TUESDAY", java.util.Map.of("opens", "08:00", "closes", "18:30"),
                                        "SATURDAY", java.util.Map.of("opens", "18:30", "closes", "08:00"),
                                        "SUNDAY", java.util.Map.of("opens", "08:00", "closes", "18:30"))),
                        java.util.Map.of(
                                "name",
                                "Station Pharmacy",
                                "kind",
                                "PHARMACY",
                                "address",
                                "2 Station Road",
                                "phone",
                                "01234 222222",
                                "hours",
                                allWeek)));
        CapacityTestData.SafeWorkingPractice practice = data.practiceTakingActionOne(settings);
        String token = practice.managerToken();

        tools.jackson.databind.JsonNode tuesday = data.contact(practice.ods(), "RECEPTION", "ROUTINE", token);
        assertThat(openUntil(tuesday))
                .as("Tuesday 07:00, on Monday's night, which runs on into Tuesday's day")
                .isEqualTo("18:30");
        assertThat(tuesday.get("signposts").get(0).get("openUntilDay").asString())
                .isEqualTo("2027-01-12");
        tools.jackson.databind.JsonNode pharmacy = tuesday.get("signposts").get(1);
        assertThat(pharmacy.get("openUntil").asString()).isEqualTo("24 hours");
        assertThat(pharmacy.get("openUntilDay").isNull()).isTrue();

        clock.moveTo(Instant.parse("2027-01-12T08:30:00Z"));
        Page door = patient.newPage();
        door.navigate(url("/p/" + practice.ods()));
        assertThat(door.locator(".gpa-signposts")).containsText("Monday: 18:30 to 08:00 the next day");
        assertThat(door.locator(".gpa-signpost").nth(1)).containsText("Open 24 hours");
        assertThat(door.locator(".gpa-signpost").nth(1)).not().containsText("Monday:");
        assertAccessible(door);

        // Sunday 28 March 2027, 07:30 BST: the clocks went forward in Saturday's night, which runs on into Sunday.
        clock.moveTo(Instant.parse("2027-03-28T06:30:00Z"));
        tools.jackson.databind.JsonNode sunday = data.contact(practice.ods(), "RECEPTION", "ROUTINE", token);
        assertThat(openUntil(sunday))
                .as("Sunday 07:30 BST, on Saturday's night")
                .isEqualTo("18:30");
        assertThat(sunday.get("signposts").get(0).get("openUntilDay").asString())
                .isEqualTo("2027-03-28");
    }

    private static String openUntil(tools.jackson.databind.JsonNode answer) {
        assertThat(answer.get("outcome").asString()).isEqualTo("DIVERTED");
        tools.jackson.databind.JsonNode place = answer.get("signposts").get(0);
        assertThat(place.get("name").asString()).isEqualTo("GP Out of Hours");
        return place.get("openUntil").isNull() ? null : place.get("openUntil").asString();
    }

    @Test
    void anUnknownPracticeTooManyLookUpsAndABadAddressOnAStaffPageEachGetAnAccessiblePage() throws Exception {
        Page door = patient.newPage();
        door.navigate(url("/p/ZZ999"));
        assertThat(door.locator("h1")).hasText("Practice not found");
        assertAccessible(door);

        // The browser may reach "localhost" over IPv6, another address: both ask for 127.0.0.1 here.
        String lookUp = "http://127.0.0.1:" + port + "/p/ZZ999";
        HttpClient client = HttpClient.newHttpClient();
        int refused = 0;
        for (int i = 0; i < 130 && refused == 0; i++) {
            HttpResponse<Void> answer = client.send(
                    HttpRequest.newBuilder(URI.create(lookUp)).build(), HttpResponse.BodyHandlers.discarding());
            if (answer.statusCode() == 429) {
                refused++;
            }
        }
        assertThat(refused).as("look-ups from one address are limited").isEqualTo(1);
        door.navigate(lookUp);
        assertThat(door.locator("h1")).hasText("Too many requests from your connection");
        assertAccessible(door);

        CapacityTestData data = new CapacityTestData(jdbc, new Http(port));
        String ods = data.practice(6_000);
        String email = data.staff("PRACTICE_MANAGER", List.of(ods), null);
        try (BrowserContext staff = Browser.newContext()) {
            Page page = Browser.signIn(staff.newPage(), url("/sign-in"), email, CapacityTestData.PASSWORD);
            page.navigate(url("/safe-working/" + ods + "/evidence?on=not-a-date"));
            assertThat(page.locator("h1")).hasText("There is a problem");
            assertThat(page.locator("body")).containsText("on must be a date as yyyy-mm-dd");
            assertAccessible(page);
        }
    }

    /** One clinician at a cap of 1 on weekdays, open 08:00 to 18:30 on weekdays, action 1 in force. */
    private static String weekdayPractice(CapacityTestData data, String whenFull) {
        return data.practiceTakingActionOne(CapacityTestData.settings(
                        List.of(CapacityTestData.clinician("GP 1", 1, CapacityTestData.WEEKDAYS)),
                        CapacityTestData.coreHours(CapacityTestData.WEEKDAYS, "08:00", "18:30"),
                        whenFull,
                        0))
                .ods();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
