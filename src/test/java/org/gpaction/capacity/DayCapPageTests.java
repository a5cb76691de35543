package org.gpaction.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.capacity.CapacityTestData.EVERY_DAY;
import static org.gpaction.capacity.CapacityTestData.WEEKDAYS;
import static org.gpaction.capacity.CapacityTestData.allDay;
import static org.gpaction.capacity.CapacityTestData.clinician;
import static org.gpaction.capacity.CapacityTestData.coreHours;
import static org.gpaction.capacity.CapacityTestData.settings;

import java.sql.Date;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gpaction.capacity.CapacityTestData.SafeWorkingPractice;
import org.gpaction.common.UkTime;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.MovingClocks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The page that changes one clinician's cap for one day: only those the API lets change it may, bad input is named and
 * changes nothing, on the page and in the API alike, and a cap below what is booked becomes the number booked, as in the
 * API.
 */
@GpActionTest
@Import(MovingClocks.class)
@ExtendWith(OnAWorkingMorning.class)
class DayCapPageTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Http api;
    CapacityTestData data;
    String ods;
    String managerToken;
    long gp;
    String today;

    @BeforeEach
    void aPracticeWithOneClinicianAndTwoBooked() {
        api = new Http(port);
        data = new CapacityTestData(jdbc, api);
        SafeWorkingPractice practice =
                data.practiceTakingActionOne(settings(List.of(clinician("GP 1", 5, EVERY_DAY)), allDay(), "CLOSE", 0));
        ods = practice.ods();
        managerToken = practice.managerToken();
        gp = practice.clinicianId(0);
        for (int i = 0; i < 2; i++) {
            data.contact(ods, "RECEPTION", "ROUTINE", managerToken);
        }
        today = api.get("/api/practices/" + ods + "/capacity", managerToken)
                .json()
                .get("day")
                .asString();
    }

    @Test
    void onlyThePracticesManagersChangeADaysCap_receptionAndOthersAreRefusedAndNothingChanges() {
        Http receptionist = signedIn(data.staff("RECEPTIONIST", List.of(ods), null));
        String other = data.practice(6_000);
        Http otherManager = signedIn(data.staff("PRACTICE_MANAGER", List.of(other), null));
        Http officer = signedIn(data.staff("LMC_OFFICER", List.of(), data.lmc));
        Http manager = signedIn(data.staff("PRACTICE_MANAGER", List.of(ods), null));
        String page = "/safe-working/" + ods + "/day-caps";
        Map<String, String> off = Map.of("clinician", String.valueOf(gp), "day", today, "cap", "0");

        assertThat(receptionist.get("/safe-working/" + ods).body())
                .as("reception's board offers no change of cap")
                .doesNotContain("Change today's cap")
                .doesNotContain("/day-caps");
        assertThat(manager.get("/safe-working/" + ods).body()).contains("Change today's cap");

        assertThat(receptionist.get(page).status()).isEqualTo(403);
        assertThat(receptionist.postForm(page, off).status()).isEqualTo(403);
        assertThat(otherManager.get(page).status())
                .as("a practice someone may not see is answered as if it did not exist, as in the API")
                .isEqualTo(404);
        otherManager.get("/safe-working");
        assertThat(otherManager.postForm(page, off).status()).isEqualTo(404);
        assertThat(officer.get(page).status()).isEqualTo(403);
        officer.get("/safe-working");
        assertThat(officer.postForm(page, off).status()).isEqualTo(403);
        assertThat(new Http(port).postFormExactly(page, off).status())
                .as("not signed in: sent to sign in, the form unread")
                .isEqualTo(302);
        manager.get(page);
        assertThat(manager.postFormExactly(page, off).status())
                .as("without the page's CSRF token")
                .isEqualTo(403);

        assertNothingChanged();
        assertThat(manager.get(page).status()).isEqualTo(200);
        assertThat(manager.postForm(page, off).status()).isEqualTo(302);
        assertThat(asked()).containsExactly(0);
    }

    @Test
    void beforeActionOneTheCapPageSaysACapOfNoughtStillTakesNoNewContacts_andTheBoardWhatIsStillDiverted() {
        SafeWorkingPractice notYet =
                data.practiceSetUpWith(settings(List.of(clinician("GP 1", 5, EVERY_DAY)), allDay(), "CLOSE", 0));
        Http manager = signedIn(notYet.managerEmail());
        assertThat(manager.get("/safe-working/" + notYet.ods() + "/day-caps").body())
                .contains("Action 1 is not in force", "still takes no new contacts")
                .doesNotContain("can still be booked");
        assertThat(manager.get("/safe-working/" + notYet.ods()).body())
                .as("the board names the diversions that still happen")
                .contains("nobody is diverted for want of room", "Requests outside core hours are")
                .doesNotContain("but nobody is diverted.");
        assertThat(signedIn(data.staff("PRACTICE_MANAGER", List.of(ods), null))
                        .get("/safe-working/" + ods + "/day-caps")
                        .body())
                .doesNotContain("Action 1 is not in force");
    }

    @Test
    void beforeActionOneACapChangedSaysTheClinicianCanStillBeBookedPastIt_asTheyAre() {
        SafeWorkingPractice notYet =
                data.practiceSetUpWith(settings(List.of(clinician("GP 1", 5, EVERY_DAY)), allDay(), "CLOSE", 0));
        long notYetGp = notYet.clinicianId(0);
        for (int i = 0; i < 2; i++) {
            data.contact(notYet.ods(), "RECEPTION", "ROUTINE", notYet.managerToken());
        }
        Http manager = signedIn(notYet.managerEmail());
        String page = "/safe-working/" + notYet.ods() + "/day-caps";
        String notEnforced = "Action 1 is not in force today, so the cap is counted and shown but not enforced: GP 1"
                + " can still be booked past it.";

        manager.get(page);
        assertThat(manager.postForm(page, form(notYetGp, today, "1")).status()).isEqualTo(302);
        assertThat(manager.get("/safe-working/" + notYet.ods()).body())
                .contains("GP 1&#39;s cap today is now 2")
                .contains(notEnforced)
                .doesNotContain("takes no new ones");
        // What the banner says is so: GP 1, the only clinician, is booked past the cap of 2.
        assertThat(data.contact(notYet.ods(), "RECEPTION", "ROUTINE", notYet.managerToken())
                        .get("contactNumber")
                        .asInt())
                .isEqualTo(3);

        manager.get(page);
        assertThat(manager.postForm(page, form(notYetGp, today, "4")).status()).isEqualTo(302);
        assertThat(manager.get("/safe-working/" + notYet.ods()).body())
                .contains("GP 1&#39;s cap today is now 4")
                .contains("GP 1 has 3 contacts booked. " + notEnforced)
                .doesNotContain("more can be booked");
    }

    @Test
    void beforeActionOneACapForADayToComeSaysSoOnTheSetUpPage_namingTheDay() {
        SafeWorkingPractice notYet =
                data.practiceSetUpWith(settings(List.of(clinician("GP 1", 5, EVERY_DAY)), allDay(), "CLOSE", 0));
        long notYetGp = notYet.clinicianId(0);
        Http manager = signedIn(notYet.managerEmail());
        String page = "/safe-working/" + notYet.ods() + "/day-caps";
        String setUp = "/safe-working/" + notYet.ods() + "/setup";
        String nextWeek = LocalDate.parse(today).plusWeeks(1).toString();
        String on = dayText(nextWeek);

        manager.get(page);
        Http.Response three = manager.postForm(page, form(notYetGp, nextWeek, "3"));
        assertThat(three.status()).isEqualTo(302);
        assertThat(three.header("location")).endsWith(setUp);
        assertThat(manager.get(setUp).body())
                .contains(">GP 1&#39;s cap on " + on + " is now 3<")
                .contains(">GP 1 has 0 contacts booked. Action 1 is not in force on " + on + ", so the cap is counted"
                        + " and shown but not enforced: GP 1 can still be booked past it.<");

        manager.get(page);
        assertThat(manager.postForm(page, form(notYetGp, nextWeek, "0")).status())
                .isEqualTo(302);
        assertThat(manager.get(setUp).body())
                .contains(">GP 1 is off on " + on + "<")
                .contains(">GP 1 takes no new contacts. New requests go to the other clinicians; before action 1 is in"
                        + " force nobody is turned away for want of room.<");
    }

    @Test
    void badInputIsNamedAgainstItsFieldAndChangesNothing() {
        Http manager = signedIn(data.staff("PRACTICE_MANAGER", List.of(ods), null));
        String page = "/safe-working/" + ods + "/day-caps";
        long stranger = data.practiceSetUpWith(settings(List.of(clinician("GP 9", 5, EVERY_DAY)), allDay(), "CLOSE", 0))
                .clinicianId(0);
        String yesterday = LocalDate.parse(today).minusDays(1).toString();
        Map<Map<String, String>, String> refused = new LinkedHashMap<>();
        refused.put(form(gp, today, "none"), "#cap\">Enter the cap as a whole number");
        refused.put(form(gp, today, "-1"), "#cap\">Enter the cap as a whole number");
        refused.put(form(gp, today, "26"), "#cap\">Enter the cap as a whole number");
        refused.put(form(gp, today, "2.5"), "#cap\">Enter the cap as a whole number");
        refused.put(form(gp, today, "99999999999"), "#cap\">Enter the cap as a whole number");
        refused.put(form(gp, today, ""), "#cap\">Enter the cap for that day");
        refused.put(form(gp, "tomorrow", "0"), "#day\">Enter the day as year-month-day");
        refused.put(
                form(gp, yesterday, "0"),
                "#day\">A day that has passed cannot be changed: enter today, " + UkTime.day(LocalDate.parse(today))
                        + ", or a day to come<");
        String aYearAhead = UkTime.day(LocalDate.parse(today).plusYears(1));
        for (String farOff : List.of(
                "9999-12-31",
                "+999999999-12-31",
                LocalDate.parse(today).plusYears(1).plusDays(1).toString())) {
            refused.put(
                    form(gp, farOff, "0"),
                    "#day\">A day&#39;s caps can be changed at most a year ahead, up to " + aYearAhead + "<");
        }
        refused.put(form(stranger, today, "0"), "#clinician\">Choose one of the practice&#39;s clinicians");
        refused.put(Map.of("day", today, "cap", "0"), "#clinician\">Choose one of the practice&#39;s clinicians");
        for (Map.Entry<Map<String, String>, String> bad : refused.entrySet()) {
            manager.get(page);
            Http.Response answer = manager.postForm(page, bad.getKey());
            assertThat(answer.status()).as(bad.getKey().toString()).isEqualTo(400);
            assertThat(answer.body())
                    .as(bad.getKey().toString())
                    .contains("There is a problem")
                    .contains("href=\"" + bad.getValue())
                    .contains("<title>Error: ");
            assertNothingChanged();
        }
    }

    @Test
    void aCapBelowWhatIsBookedBecomesTheNumberBookedAndIsLogged() {
        Http manager = signedIn(data.staff("PRACTICE_MANAGER", List.of(ods), null));
        String page = "/safe-working/" + ods + "/day-caps";
        manager.get(page + "?clinician=" + gp + "&day=" + today);
        Http.Response changed = manager.postForm(page, form(gp, today, "1"));
        assertThat(changed.status()).isEqualTo(302);
        assertThat(changed.header("location")).endsWith("/safe-working/" + ods);
        assertThat(capToday()).isEqualTo(2);
        assertThat(asked()).containsExactly(1);
        assertThat(manager.get("/safe-working/" + ods).body())
                .contains("GP 1&#39;s cap today is now 2")
                .contains("You asked for 1, but 2 contacts are already booked with GP 1 and they stay");
        assertThat(lastLogLine())
                .isEqualTo("Caps for " + dayText(today) + " only: GP 1 cap 1, 2 already booked stay, so cap 2");
        Http.Response full = api.postJson(
                "/api/practices/" + ods + "/contacts", Map.of("channel", "RECEPTION", "kind", "ROUTINE"), managerToken);
        assertThat(full.json().get("outcome").asString()).isEqualTo("WAITLISTED");
    }

    @Test
    void aClinicianOffSaysWhatHappensToNewRequestsOnceTheOthersAreFull_asTheBoardDoes() {
        Http manager = signedIn(data.staff("PRACTICE_MANAGER", List.of(ods), null));
        String page = "/safe-working/" + ods + "/day-caps";
        String rule = "routine requests go on the waiting list for the next working day with room (online ones too"
                + " if the online front door stays open when full; otherwise it closes until then), and urgent"
                + " requests and NHS 111 bookings are signposted elsewhere";
        assertThat(manager.get(page).body())
                .contains("new requests go to the other clinicians; when they are full, " + rule + ".")
                .doesNotContain("signposted when they are full");
        assertThat(manager.postForm(page, form(gp, today, "0")).status()).isEqualTo(302);
        assertThat(manager.get("/safe-working/" + ods).body())
                .contains("New requests go to the other clinicians; when they are full, " + rule + ".")
                .doesNotContain("signposted when they are full");
        assertThat(data.contact(ods, "RECEPTION", "ROUTINE", managerToken)
                        .get("outcome")
                        .asString())
                .as("with nobody else at work, a routine request goes on the waiting list, as the page says")
                .isEqualTo("WAITLISTED");

        SafeWorkingPractice notYet =
                data.practiceSetUpWith(settings(List.of(clinician("GP 1", 5, EVERY_DAY)), allDay(), "CLOSE", 0));
        Http notYetManager = signedIn(notYet.managerEmail());
        String notYetPage = "/safe-working/" + notYet.ods() + "/day-caps";
        notYetManager.get(notYetPage);
        assertThat(notYetManager
                        .postForm(notYetPage, form(notYet.clinicianId(0), today, "0"))
                        .status())
                .isEqualTo(302);
        assertThat(notYetManager.get("/safe-working/" + notYet.ods()).body())
                .contains("New requests go to the other clinicians; before action 1 is in force nobody is turned"
                        + " away for want of room.")
                .doesNotContain("when they are full");
    }

    @Test
    void aDayThePracticeDoesNotWorkIsRefusedNamingTheDayAndWhy_onThePageAndInTheApi_andNothingChanges() {
        SafeWorkingPractice weekdays = data.practiceTakingActionOne(
                settings(List.of(clinician("GP 1", 5, EVERY_DAY)), coreHours(WEEKDAYS, "08:00", "18:30"), "CLOSE", 0));
        long weekdayGp = weekdays.clinicianId(0);
        LocalDate saturday = LocalDate.parse(today).with(TemporalAdjusters.next(DayOfWeek.SATURDAY));
        LocalDate holiday = jdbc.sql("""
                        select min(day) from capacity.bank_holiday
                        where day > :today and extract(isodow from day) < 6
                        """)
                .param("today", Date.valueOf(today))
                .query(Date.class)
                .single()
                .toLocalDate();
        Map<LocalDate, String> why = new LinkedHashMap<>();
        why.put(
                saturday,
                dayText(saturday.toString()) + " is not a working day, as the practice has no core hours on Saturdays");
        why.put(holiday, dayText(holiday.toString()) + " is a bank holiday, which is never a working day");
        Http manager = signedIn(weekdays.managerEmail());
        String page = "/safe-working/" + weekdays.ods() + "/day-caps";
        for (Map.Entry<LocalDate, String> refused : why.entrySet()) {
            manager.get(page);
            Http.Response onThePage =
                    manager.postForm(page, form(weekdayGp, refused.getKey().toString(), "3"));
            assertThat(onThePage.status()).as(refused.getKey() + " on the page").isEqualTo(400);
            assertThat(onThePage.body())
                    .contains("href=\"#day\">" + refused.getValue())
                    .doesNotContain("more can be booked");

            Http.Response throughTheApi = api.putJson(
                    "/api/practices/" + weekdays.ods() + "/capacity/days/" + refused.getKey(),
                    Map.of("clinicians", List.of(Map.of("id", weekdayGp, "cap", 3))),
                    weekdays.managerToken());
            assertThat(throughTheApi.status()).as(throughTheApi.body()).isEqualTo(400);
            assertThat(throughTheApi.json().get("errors").findValuesAsString("field"))
                    .containsExactly("day");
            assertThat(throughTheApi.json().get("detail").asString()).startsWith(refused.getValue());
        }
        assertThat(jdbc.sql(
                                "select count(*) from capacity.clinician_day where clinician_id = :id and asked_cap is not null")
                        .param("id", weekdayGp)
                        .query(Long.class)
                        .single())
                .as("no day's cap changed")
                .isZero();
        assertThat(jdbc.sql("select count(*) from capacity.setup_log where ods_code = :ods and what like 'Caps for %'")
                        .param("ods", weekdays.ods())
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aClinicianListedTwiceInOneDaysChangeThroughTheApiIsRefusedNamingThem_andNothingChanges() {
        Http.Response refused = api.putJson(
                "/api/practices/" + ods + "/capacity/days/" + today,
                Map.of("clinicians", List.of(Map.of("id", gp, "cap", 0), Map.of("id", gp, "cap", 4))),
                managerToken);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("errors").findValuesAsString("field")).containsExactly("clinicians[1].id");
        assertThat(refused.json().get("detail").asString()).contains("GP 1", "more than once");
        assertNothingChanged();
    }

    Map<String, String> form(long clinician, String day, String cap) {
        return Map.of("clinician", String.valueOf(clinician), "day", day, "cap", cap);
    }

    void assertNothingChanged() {
        assertThat(capToday()).as("GP 1's cap today").isEqualTo(5);
        assertThat(asked()).as("no cap asked for any day").isEmpty();
        assertThat(jdbc.sql("select count(*) from capacity.setup_log where ods_code = :ods and what like 'Caps for %'")
                        .param("ods", ods)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    int capToday() {
        return jdbc.sql("select cap from capacity.clinician_day where clinician_id = :id and day = :day")
                .param("id", gp)
                .param("day", Date.valueOf(today))
                .query(Integer.class)
                .single();
    }

    List<Integer> asked() {
        return jdbc.sql(
                        "select asked_cap from capacity.clinician_day where clinician_id = :id and asked_cap is not null")
                .param("id", gp)
                .query(Integer.class)
                .list();
    }

    String lastLogLine() {
        return jdbc.sql("select what from capacity.setup_log where ods_code = :ods order by id desc limit 1")
                .param("ods", ods)
                .query(String.class)
                .single();
    }

    static String dayText(String day) {
        return java.time.format.DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", java.util.Locale.UK)
                .format(LocalDate.parse(day));
    }

    Http signedIn(String email) {
        Http http = new Http(port);
        assertThat(http.signIn(email, CapacityTestData.PASSWORD).status()).isLessThan(400);
        return http;
    }
}
