package org.gpaction.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.capacity.CapacityTestData.EVERY_DAY;
import static org.gpaction.capacity.CapacityTestData.WEEKDAYS;
import static org.gpaction.capacity.CapacityTestData.allDay;
import static org.gpaction.capacity.CapacityTestData.clinician;
import static org.gpaction.capacity.CapacityTestData.coreHours;
import static org.gpaction.capacity.CapacityTestData.settings;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@GpActionTest
@Import(MovingClocks.class)
@ExtendWith(OnAWorkingMorning.class)
class SafeWorkingApiTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MovingClock clock;

    Http http;
    CapacityTestData data;

    @BeforeEach
    void httpAndTestData() {
        http = new Http(port);
        data = new CapacityTestData(jdbc, http);
    }

    /**
     * A field misspelt or not taken in a day's caps or a pause is refused naming it, and nothing changes, rather than
     * dropped and the rest acted on.
     */
    @Test
    void aDaysCapsOrAPauseWithAFieldItDoesNotTakeIsRefusedNamingIt_andChangesNothing() {
        SafeWorkingPractice practice =
                data.practiceTakingActionOne(settings(List.of(clinician("GP 1", 3, EVERY_DAY)), allDay(), "CLOSE", 0));
        String ods = practice.ods();
        long gp = practice.clinicianId(0);
        LocalDate next = PracticeCalendar.dayOf(clock.instant()).plusDays(1);

        Http.Response capped = http.putJson(
                "/api/practices/" + ods + "/capacity/days/" + next,
                Map.of("clinicians", List.of(Map.of("id", gp, "cap", 0, "reasn", "off sick"))),
                practice.managerToken());
        assertThat(capped.status()).as(capped.body()).isEqualTo(400);
        assertThat(capped.body()).contains("reasn");
        assertThat(jdbc.sql("select count(*) from capacity.clinician_day where clinician_id = :gp and day = :day")
                        .param("gp", gp)
                        .param("day", java.sql.Date.valueOf(next))
                        .query(Integer.class)
                        .single())
                .isZero();

        Http.Response paused = http.postJson(
                "/api/practices/" + ods + "/front-door/pause",
                Map.of("until", clock.instant().plusSeconds(3600).toString(), "reason", "Two GPs off sick", "hours", 1),
                practice.managerToken());
        assertThat(paused.status()).as(paused.body()).isEqualTo(400);
        assertThat(paused.body()).contains("hours");
        assertThat(http.get("/api/practices/" + ods + "/front-door")
                        .json()
                        .get("open")
                        .asBoolean())
                .as("not paused")
                .isTrue();
    }

    /**
     * The settings as GET gives them may be sent back changed: the practice's code as it is, and who chose what happens
     * when full and when as anything at all, as the server keeps those itself. Any other field, or the code of another
     * practice, is refused naming it, and nothing is saved.
     */
    @Test
    void theSettingsAsGetGivesThemMayBePutBackChanged_butAFieldTheyDoNotTakeOrAnotherPracticesCodeIsRefused() {
        SafeWorkingPractice practice =
                data.practiceSetUpWith(settings(List.of(clinician("GP 1", 25, EVERY_DAY)), allDay(), "CLOSE", 0));
        String path = "/api/practices/" + practice.ods() + "/capacity/settings";
        String manager = practice.managerToken();
        ObjectNode asRead = (ObjectNode) http.get(path, manager).json();
        assertThat(asRead.propertyNames()).contains("odsCode", "whenFullChosenBy", "whenFullChosenAt");

        ((ObjectNode) asRead.get("clinicians").get(0)).put("dailyCap", 20);
        Http.Response saved = http.putJson(path, asRead, manager);
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        asRead.put("whenFullChosenBy", "someone else");
        asRead.put("whenFullChosenAt", "not a time");
        ((ObjectNode) asRead.get("clinicians").get(0)).put("dailyCap", 19);
        saved = http.putJson(path, asRead, manager);
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(saved.json().get("whenFullChosenBy").asString()).isNotEqualTo("someone else");
        assertThat(dailyCap(path, manager)).isEqualTo(19);

        Map<String, ObjectNode> refused = new java.util.LinkedHashMap<>();
        refused.put("dailyCaps", asRead.deepCopy().put("dailyCaps", 5));
        ObjectNode nested = asRead.deepCopy();
        ((ObjectNode) nested.get("clinicians").get(0)).put("cap", 5);
        refused.put("clinicians[0].cap", nested);
        refused.put("odsCode", asRead.deepCopy().put("odsCode", data.practice(5000)));
        for (Map.Entry<String, ObjectNode> each : refused.entrySet()) {
            ((ObjectNode) each.getValue().get("clinicians").get(0)).put("dailyCap", 5);
            Http.Response answer = http.putJson(path, each.getValue(), manager);
            assertThat(answer.status()).as(each.getKey() + ": " + answer.body()).isEqualTo(400);
            assertThat(answer.json().get("errors").findValuesAsString("field"))
                    .as(answer.body())
                    .containsExactly(each.getKey());
        }
        assertThat(dailyCap(path, manager)).as("nothing was saved").isEqualTo(19);
    }

    private int dailyCap(String path, String token) {
        return http.get(path, token)
                .json()
                .get("clinicians")
                .get(0)
                .get("dailyCap")
                .asInt();
    }

    /** A request, or a bank holiday, sent with a field it does not take is refused naming it, and nothing is recorded. */
    @Test
    void aRequestOrABankHolidayWithAFieldItDoesNotTakeIsRefusedNamingIt_andNothingIsRecorded() {
        SafeWorkingPractice practice =
                data.practiceTakingActionOne(settings(List.of(clinician("GP 1", 3, EVERY_DAY)), allDay(), "CLOSE", 0));
        String ods = practice.ods();
        String reception = data.receptionistToken(ods);

        Http.Response recorded = http.postJson(
                "/api/practices/" + ods + "/contacts",
                Map.of("channel", "RECEPTION", "kind", "ROUTINE", "clinicianId", practice.clinicianId(0)),
                reception);
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(400);
        assertThat(recorded.json().get("errors").findValuesAsString("field")).containsExactly("clinicianId");
        assertThat(recorded.json().get("detail").asString())
                .isEqualTo("clinicianId is not a field this request takes: send clinician instead");
        assertThat(jdbc.sql("select count(*) from capacity.contact_request where ods_code = :ods")
                        .param("ods", ods)
                        .query(Integer.class)
                        .single())
                .isZero();

        try {
            Http.Response holiday = http.postJson(
                    "/api/capacity/bank-holidays",
                    Map.of("day", "2028-05-08", "name", "A test's holiday", "date", "2028-05-08"),
                    data.adminToken());
            assertThat(holiday.status()).as(holiday.body()).isEqualTo(400);
            assertThat(holiday.json().get("errors").findValuesAsString("field")).containsExactly("date");
            assertThat(http.get("/api/capacity/bank-holidays", reception).json().findValuesAsString("day"))
                    .doesNotContain("2028-05-08");
        } finally {
            jdbc.sql("delete from capacity.bank_holiday where day = date '2028-05-08' and name = 'A test''s holiday'")
                    .update();
        }
    }

    /**
     * A safe working page at a request's id that is not a number names no request, so it is the not-found page as an
     * address leading nowhere is, rather than a generic refusal; the API names the id to fix.
     */
    @Test
    void aPageAtARequestIdThatIsNotANumberIsTheNotFoundPage_andTheApiNamesTheId() {
        SafeWorkingPractice practice =
                data.practiceTakingActionOne(settings(List.of(clinician("GP 1", 3, EVERY_DAY)), allDay(), "CLOSE", 0));
        String ods = practice.ods();
        String receptionist = data.staff("RECEPTIONIST", List.of(ods), null);
        Http page = new Http(port);
        assertThat(page.signIn(receptionist, CapacityTestData.PASSWORD).status())
                .isLessThan(400);
        for (String id : List.of("abc", "99999999999999999999")) {
            for (String path : List.of(
                    "/safe-working/" + ods + "/requests/" + id + "/undo",
                    "/safe-working/" + ods + "/waiting-list/" + id + "/booking")) {
                assertThat(page.get("/safe-working").status()).isEqualTo(200);
                Http.Response answer = page.postForm(path, Map.of());
                assertThat(answer.status()).as(path + ": " + answer.body()).isEqualTo(404);
                assertThat(answer.header("content-type")).as(path).startsWith("text/html");
                assertThat(answer.body()).as(path).contains("Page not found");
            }
        }
        Http.Response api = http.delete("/api/practices/" + ods + "/contacts/abc", data.receptionistToken(ods));
        assertThat(api.status()).as(api.body()).isEqualTo(400);
        assertThat(api.json().get("errors").findValuesAsString("field")).containsExactly("id");
    }

    @Test
    void aPracticeThatHasClosedInTheDirectoryHasNoMoreRequestsRecorded_butItsDayCanStillBeRead() {
        SafeWorkingPractice practice =
                data.practiceTakingActionOne(settings(List.of(clinician("GP 1", 5, EVERY_DAY)), allDay(), "CLOSE", 0));
        String ods = practice.ods();
        String reception = data.receptionistToken(ods);
        data.contact(ods, "RECEPTION", "ROUTINE", reception);
        jdbc.sql("update practices.practice set status = 'CLOSED', closed_on = current_date - 1 where ods_code = :ods")
                .param("ods", ods)
                .update();

        // Recording keeps a practice's directory row for a minute; reading the day, as the board does, reads it afresh.
        Http.Response day = http.get("/api/practices/" + ods + "/capacity", reception);
        assertThat(day.status()).as(day.body()).isEqualTo(200);
        assertThat(day.json().get("booked").asInt()).isEqualTo(1);

        Http.Response refused = http.postJson(
                "/api/practices/" + ods + "/contacts", Map.of("channel", "RECEPTION", "kind", "ROUTINE"), reception);
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString())
                .contains(ods, "was last open on", "no requests can be recorded");
        assertThat(jdbc.sql("select count(*) from capacity.contact_request where ods_code = :ods")
                        .param("ods", ods)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void aPracticeThatHasClosedInTheDirectoryHasNoRequestUndone_asNoneIsRecorded() {
        SafeWorkingPractice practice =
                data.practiceTakingActionOne(settings(List.of(clinician("GP 1", 5, EVERY_DAY)), allDay(), "CLOSE", 0));
        String ods = practice.ods();
        String receptionist = data.staff("RECEPTIONIST", List.of(ods), null);
        String reception = data.token(receptionist);
        long booked =
                data.contact(ods, "RECEPTION", "ROUTINE", reception).get("id").asLong();
        jdbc.sql("update practices.practice set status = 'CLOSED', closed_on = current_date - 1 where ods_code = :ods")
                .param("ods", ods)
                .update();
        // Reading the day reads the directory row afresh, as a minute later recording would.
        assertThat(http.get("/api/practices/" + ods + "/capacity", reception).status())
                .isEqualTo(200);

        Http.Response refused = http.delete("/api/practices/" + ods + "/contacts/" + booked, reception);
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString())
                .contains(ods, "was last open on", "no requests can be recorded");
        Http page = new Http(port);
        assertThat(page.signIn(receptionist, CapacityTestData.PASSWORD).status())
                .isLessThan(400);
        assertThat(page.get("/safe-working").status()).isEqualTo(200);
        Http.Response board = page.postForm("/safe-working/" + ods + "/requests/" + booked + "/undo", Map.of());
        assertThat(board.status()).as(board.body()).isEqualTo(409);
        assertThat(board.body()).contains("no requests can be recorded");
        assertThat(jdbc.sql("select undone_at is null from capacity.contact_request where id = :id")
                        .param("id", booked)
                        .query(Boolean.class)
                        .single())
                .as("the request stands")
                .isTrue();
        assertThat(http.get("/api/practices/" + ods + "/capacity", reception)
                        .json()
                        .get("booked")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void aPracticeManagerSetsUpClinicians_andReceptionBooksUntilFullThenRequestsAreDivertedOrWaitlisted() {
        String ods = data.practice(6_100);
        String manager = data.practiceManagerToken(ods);
        String reception = data.receptionistToken(ods);
        data.takeActionOne(ods, manager);
        Http.Response saved = http.putJson(
                "/api/practices/" + ods + "/capacity/settings",
                settings(
                        List.of(clinician("GP 1", 2, EVERY_DAY), clinician("ANP Sarah", 1, EVERY_DAY)),
                        allDay(),
                        "CLOSE",
                        1),
                manager);
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(saved.json().get("clinicians").findValuesAsString("label")).containsExactly("GP 1", "ANP Sarah");
        assertThat(saved.json().get("clinicians").get(0).get("id").asLong()).isPositive();
        assertThat(saved.json().get("whenFullChosenBy").asString()).contains("@capacity.test");

        // Three contacts in all, one kept for urgent need: two routine bookings, then routine need is waitlisted.
        JsonNode first = data.contact(ods, "RECEPTION", "ROUTINE", reception);
        assertThat(first.get("outcome").asString()).isEqualTo("BOOKED");
        assertThat(first.get("contactNumber").asInt()).isEqualTo(1);
        assertThat(first.get("clinician").get("label").asString()).isIn("GP 1", "ANP Sarah");
        assertThat(data.contact(ods, "RECEPTION", "ROUTINE", reception)
                        .get("outcome")
                        .asString())
                .isEqualTo("BOOKED");
        JsonNode waitlisted = data.contact(ods, "RECEPTION", "ROUTINE", reception);
        assertThat(waitlisted.get("outcome").asString()).isEqualTo("WAITLISTED");
        assertThat(waitlisted.get("forDay").asString()).isNotBlank();

        JsonNode online = data.contact(ods, "ONLINE", "ROUTINE", reception);
        assertThat(online.get("outcome").asString())
                .as("the front door closes when full")
                .isEqualTo("DIVERTED");
        assertThat(online.get("reason").asString()).isEqualTo("FULL");
        assertThat(online.get("signposts").findValuesAsString("name")).contains("NHS 111");

        JsonNode urgent = data.contact(ods, "RECEPTION", "URGENT", reception);
        assertThat(urgent.get("outcome").asString())
                .as("the reserve is for urgent need")
                .isEqualTo("BOOKED");
        JsonNode urgentWhenFull = data.contact(ods, "RECEPTION", "URGENT", reception);
        assertThat(urgentWhenFull.get("outcome").asString()).isEqualTo("DIVERTED");

        JsonNode day =
                http.get("/api/practices/" + ods + "/capacity", reception).json();
        assertThat(day.get("status").asString()).isEqualTo("FULL");
        assertThat(day.get("booked").asInt()).isEqualTo(3);
        assertThat(day.get("diverted").asInt()).isEqualTo(2);
        assertThat(day.get("waitlisted").asInt()).isEqualTo(1);
        assertThat(day.get("remaining").asInt()).isZero();
        assertThat(day.get("reopensAt").asString()).isNotBlank();
        int used = 0;
        for (JsonNode clinician : day.get("clinicians")) {
            assertThat(clinician.get("used").asInt())
                    .isLessThanOrEqualTo(clinician.get("cap").asInt());
            used += clinician.get("used").asInt();
        }
        assertThat(used).isEqualTo(3);

        Http.Response fromAWebsite = http.get("/api/practices/" + ods + "/front-door");
        assertThat(fromAWebsite.header("Access-Control-Allow-Origin"))
                .as("a practice website's own scripts may read it")
                .isEqualTo("*");
        JsonNode door = fromAWebsite.json();
        assertThat(door.get("open").asBoolean())
                .as("closed when full, its page only signposts")
                .isFalse();
        assertThat(new Http(port).get("/p/" + ods).body()).doesNotContain("name=\"need\"");
        assertThat(door.get("reopensAt").asString())
                .isEqualTo(day.get("reopensAt").asString());
    }

    @Test
    void theLastRequestCanBeUndoneWithinTwoMinutesAndGivesItsContactBack() {
        SafeWorkingPractice practice =
                data.practiceTakingActionOne(3_000, allDayWith(List.of(clinician("GP 1", 1, EVERY_DAY)), "CLOSE"));
        String ods = practice.ods();
        String managerEmail = practice.managerEmail();
        String manager = practice.managerToken();
        JsonNode booked = data.contact(ods, "RECEPTION", "ROUTINE", manager);
        assertThat(data.contact(ods, "RECEPTION", "ROUTINE", manager)
                        .get("outcome")
                        .asString())
                .isEqualTo("WAITLISTED");

        Http.Response undone = http.delete(
                "/api/practices/" + ods + "/contacts/" + booked.get("id").asLong(), manager);
        assertThat(undone.status()).as(undone.body()).isEqualTo(204);
        assertThat(jdbc.sql("select undone_by from capacity.contact_request where id = :id")
                        .param("id", booked.get("id").asLong())
                        .query(String.class)
                        .single())
                .as("who took it back is kept beside when")
                .isEqualTo(managerEmail);
        assertThat(http.delete(
                                "/api/practices/" + ods + "/contacts/"
                                        + booked.get("id").asLong(),
                                manager)
                        .status())
                .isEqualTo(409);
        JsonNode again = data.contact(ods, "RECEPTION", "ROUTINE", manager);
        assertThat(again.get("outcome").asString()).isEqualTo("BOOKED");
        assertThat(again.get("contactNumber").asInt()).isEqualTo(1);

        jdbc.sql("update capacity.contact_request set received_at = received_at - interval '3 minutes' where id = :id")
                .param("id", again.get("id").asLong())
                .update();
        Http.Response late = http.delete(
                "/api/practices/" + ods + "/contacts/" + again.get("id").asLong(), manager);
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.json().get("detail").asString()).contains("more than 2 minutes ago");
    }

    @Test
    void beforeActionOneIsInForceContactsAreCountedButNobodyIsDiverted() {
        SafeWorkingPractice practice =
                data.practiceSetUpWith(allDayWith(List.of(clinician("GP 1", 1, EVERY_DAY)), "CLOSE"));
        String ods = practice.ods();
        String manager = practice.managerToken();
        for (int i = 0; i < 3; i++) {
            assertThat(data.contact(ods, "RECEPTION", "ROUTINE", manager)
                            .get("outcome")
                            .asString())
                    .isEqualTo("BOOKED");
        }
        for (int i = 0; i < 3; i++) {
            assertThat(data.contact(ods, "NHS111", "ROUTINE", manager)
                            .get("outcome")
                            .asString())
                    .as("NHS 111's allowance of 2 a day diverts nobody either")
                    .isEqualTo("BOOKED");
        }
        JsonNode day = http.get("/api/practices/" + ods + "/capacity", manager).json();
        assertThat(day.get("capEnforced").asBoolean()).isFalse();
        assertThat(day.get("clinicians").get(0).get("used").asInt()).isEqualTo(6);
        assertThat(day.get("nhs111Booked").asInt()).isEqualTo(3);
        assertThat(day.get("status").asString()).isEqualTo("OPEN");
    }

    /**
     * Before action 1 is in force nobody is turned away for want of room, on a day none of the clinicians works too:
     * the request is booked with no clinician, counted against no cap, among the day's booked figures, and the patient
     * is promised no kept place.
     */
    @Test
    void beforeActionOneIsInForceARequestOnADayNobodyWorksIsBookedWithNoClinician_amongTheDaysBookedFigures() {
        DayOfWeek today = LocalDate.ofInstant(clock.instant(), UkTime.ZONE).getDayOfWeek();
        Map<String, Object> settings =
                allDayWith(List.of(clinician("GP 1", 1, CapacityTestData.everyDayBut(today))), "CLOSE");
        settings.remove("onlineConsultationUrl");
        SafeWorkingPractice practice = data.practiceSetUpWith(settings);
        String ods = practice.ods();
        String manager = practice.managerToken();

        JsonNode door = http.get("/api/practices/" + ods + "/front-door").json();
        assertThat(door.get("open").asBoolean()).isTrue();
        assertThat(door.get("full").asBoolean()).isFalse();
        Http patient = new Http(port);
        assertThat(patient.get("/p/" + ods).body()).contains("name=\"need\"");
        assertThat(patient.postForm("/p/" + ods, Map.of("need", "ROUTINE")).status())
                .isEqualTo(302);
        assertThat(patient.get("/p/" + ods + "/sent").body())
                .contains(
                        "The practice can take your request",
                        "Phone the practice today to tell them about your request")
                .as("nobody at work, so no place is kept")
                .doesNotContain("a place has been kept");

        for (String kind : List.of("ROUTINE", "URGENT")) {
            JsonNode answer = data.contact(ods, "RECEPTION", kind, manager);
            assertThat(answer.get("outcome").asString()).as(kind).isEqualTo("BOOKED");
            assertThat(answer.has("clinician"))
                    .as(kind + ": booked with no clinician")
                    .isFalse();
            assertThat(answer.has("contactNumber")).isFalse();
            assertThat(answer.has("cap")).isFalse();
            assertThat(answer.get("counted").asBoolean())
                    .as("it counts against no clinician's cap")
                    .isFalse();
        }

        JsonNode day = http.get("/api/practices/" + ods + "/capacity", manager).json();
        assertThat(day.get("capEnforced").asBoolean()).isFalse();
        assertThat(day.get("status").asString()).isEqualTo("OPEN");
        assertThat(day.get("clinicians")).as("nobody at work today").isEmpty();
        assertThat(day.get("booked").asInt())
                .as("among the day's booked figures")
                .isEqualTo(3);
        assertThat(day.get("diverted").asInt()).isZero();
        assertThat(day.get("waitlisted").asInt()).isZero();
        assertThat(jdbc.sql("""
                        select count(*) from capacity.contact_request
                        where ods_code = :ods and outcome = 'BOOKED' and clinician_id is null
                        """).param("ods", ods).query(Long.class).single()).isEqualTo(3);
    }

    @Test
    void nhs111BooksAtMostOneSameDayAppointmentPerThreeThousandPatients() {
        SafeWorkingPractice practice =
                data.practiceTakingActionOne(6_100, allDayWith(List.of(clinician("GP 1", 25, EVERY_DAY)), "CLOSE"));
        String ods = practice.ods();
        String manager = practice.managerToken();
        assertThat(data.contact(ods, "NHS111", "URGENT", manager).get("outcome").asString())
                .isEqualTo("BOOKED");
        assertThat(data.contact(ods, "NHS111", "ROUTINE", manager)
                        .get("outcome")
                        .asString())
                .isEqualTo("BOOKED");
        JsonNode third = data.contact(ods, "NHS111", "URGENT", manager);
        assertThat(third.get("outcome").asString()).isEqualTo("DIVERTED");
        assertThat(third.get("reason").asString()).isEqualTo("NHS111_ALLOWANCE_USED");
        assertThat(http.get("/api/practices/" + ods + "/capacity", manager)
                        .json()
                        .get("nhs111Allowance")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    void nhs111AdminRequestsThePracticeDoesNotCountUseNoneOfNhs111sAllowance_andAreBookedOnceItIsUsed() {
        Map<String, Object> settings = allDayWith(List.of(clinician("GP 1", 25, EVERY_DAY)), "CLOSE");
        settings.put("countAdmin", false);
        SafeWorkingPractice practice = data.practiceTakingActionOne(3_000, settings);
        String ods = practice.ods();
        String manager = practice.managerToken();

        JsonNode admin = data.contact(ods, "NHS111", "ADMIN", manager);
        assertThat(admin.get("outcome").asString()).isEqualTo("BOOKED");
        assertThat(admin.get("counted").asBoolean()).isFalse();
        assertThat(data.contact(ods, "NHS111", "ROUTINE", manager)
                        .get("outcome")
                        .asString())
                .as("the admin request took none of the allowance of 1, so this same-day appointment is booked")
                .isEqualTo("BOOKED");
        JsonNode adminOnceUsed = data.contact(ods, "NHS111", "ADMIN", manager);
        assertThat(adminOnceUsed.get("outcome").asString())
                .as("an admin request not counted is no appointment, so the allowance used does not turn it away")
                .isEqualTo("BOOKED");
        assertThat(adminOnceUsed.get("counted").asBoolean()).isFalse();
        JsonNode urgent = data.contact(ods, "NHS111", "URGENT", manager);
        assertThat(urgent.get("outcome").asString()).isEqualTo("DIVERTED");
        assertThat(urgent.get("reason").asString()).isEqualTo("NHS111_ALLOWANCE_USED");

        assertThat(http.delete(
                                "/api/practices/" + ods + "/contacts/"
                                        + admin.get("id").asLong(),
                                manager)
                        .status())
                .isEqualTo(204);
        JsonNode day = http.get("/api/practices/" + ods + "/capacity", manager).json();
        assertThat(day.get("nhs111Booked").asInt())
                .as("the appointment NHS 111 booked, the admin request taken back giving none of it back")
                .isEqualTo(1);
        assertThat(day.get("clinicians").get(0).get("used").asInt()).isEqualTo(1);
    }

    @Test
    void aClinicianWhoseWorkingDaysNoLongerIncludeTodayTakesNoNewContactsToday_andKeepsThoseBooked() {
        // Before action 1 is in force nobody is turned away for want of room, so only not working today keeps them
        // free.
        String today = PracticeCalendar.dayOf(CapacityTestData.A_WORKING_MORNING)
                .getDayOfWeek()
                .name();
        List<String> notToday =
                EVERY_DAY.stream().filter(day -> !day.equals(today)).toList();
        SafeWorkingPractice practice = data.practiceSetUpWith(allDayWith(
                List.of(
                        clinician("GP 1", 5, EVERY_DAY),
                        clinician("GP 2", 5, EVERY_DAY),
                        clinician("GP 3", 5, EVERY_DAY)),
                "CLOSE"));
        String ods = practice.ods();
        String manager = practice.managerToken();
        long gp1 = practice.clinicianId(0);
        long gp2 = practice.clinicianId(1);
        long gp3 = practice.clinicianId(2);
        assertThat(bookWith(ods, gp1, manager).get("clinician").get("id").asLong())
                .isEqualTo(gp1);

        Map<String, Object> gp1NotToday = clinician("GP 1", 5, notToday);
        gp1NotToday.put("id", gp1);
        Map<String, Object> gp3NotToday = clinician("GP 3", 5, notToday);
        gp3NotToday.put("id", gp3);
        Map<String, Object> gp2Still = clinician("GP 2", 5, EVERY_DAY);
        gp2Still.put("id", gp2);
        data.setUp(ods, manager, allDayWith(List.of(gp1NotToday, gp2Still, gp3NotToday), "CLOSE"));

        for (long asked : List.of(gp1, gp3)) {
            JsonNode booked = bookWith(ods, asked, manager);
            assertThat(booked.get("outcome").asString()).isEqualTo("BOOKED");
            assertThat(booked.get("clinician").get("id").asLong())
                    .as("clinician %d no longer works today, so whoever works today with most room is booked", asked)
                    .isEqualTo(gp2);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(data.contact(ods, "RECEPTION", "ROUTINE", manager)
                            .get("clinician")
                            .get("id")
                            .asLong())
                    .isEqualTo(gp2);
        }
        JsonNode day = http.get("/api/practices/" + ods + "/capacity", manager).json();
        assertThat(day.get("clinicians").findValuesAsString("label"))
                .as("GP 1 stays on today's board with the contact booked before; GP 3, with none, is not at work")
                .containsExactly("GP 1", "GP 2");
        assertThat(day.get("clinicians").findValues("used").stream().map(JsonNode::asInt))
                .containsExactly(1, 5);

        Map<String, Object> gp1Back = clinician("GP 1", 5, EVERY_DAY);
        gp1Back.put("id", gp1);
        data.setUp(ods, manager, allDayWith(List.of(gp1Back, gp2Still, gp3NotToday), "CLOSE"));
        JsonNode back = bookWith(ods, gp1, manager);
        assertThat(back.get("clinician").get("id").asLong())
                .as("working today again, GP 1 is booked as before")
                .isEqualTo(gp1);
        assertThat(back.get("contactNumber").asInt()).isEqualTo(2);
    }

    private JsonNode bookWith(String ods, long clinician, String token) {
        Http.Response booked = http.postJson(
                "/api/practices/" + ods + "/contacts",
                Map.of("channel", "RECEPTION", "kind", "ROUTINE", "clinician", clinician),
                token);
        assertThat(booked.status()).as(booked.body()).isEqualTo(201);
        return booked.json();
    }

    @Test
    void stayingOpenWhenFullTakesOnlineRoutineRequestsOntoTheNextWorkingDaysList() {
        SafeWorkingPractice practice = data.practiceTakingActionOne(
                allDayWith(List.of(clinician("GP 1", 1, EVERY_DAY)), "STAY_OPEN_SIGNPOST"));
        String ods = practice.ods();
        String manager = practice.managerToken();
        assertThat(data.contact(ods, "RECEPTION", "ROUTINE", manager)
                        .get("outcome")
                        .asString())
                .isEqualTo("BOOKED");
        JsonNode online = data.contact(ods, "ONLINE", "ROUTINE", manager);
        assertThat(online.get("outcome").asString()).isEqualTo("WAITLISTED");
        assertThat(online.get("signposts").findValuesAsString("name")).contains("NHS 111");
        JsonNode door = http.get("/api/practices/" + ods + "/front-door").json();
        assertThat(door.get("open").asBoolean())
                .as("open, as its page shows its form now, for the waiting list")
                .isTrue();
        assertThat(door.get("full").asBoolean()).isTrue();
        assertThat(door.get("takesRequests").asBoolean()).isTrue();
        assertThat(Instant.parse(door.get("reopensAt").asString()))
                .as("when it has room for today's requests again")
                .isAfter(clock.instant());
        assertThat(new Http(port).get("/p/" + ods).body())
                .as("the page at that moment: its form, with no room for today's requests")
                .contains("name=\"need\"", "id=\"full-notice\"", "You can still send a routine")
                .doesNotContain("The practice can take your request today.");
    }

    @Test
    void aClinicianOffSickTakesNoNewContactsAndKeepsThoseBooked() {
        SafeWorkingPractice practice =
                data.practiceTakingActionOne(allDayWith(List.of(clinician("GP 1", 5, EVERY_DAY)), "CLOSE"));
        String ods = practice.ods();
        String manager = practice.managerToken();
        long gp = practice.clinicianId(0);
        data.contact(ods, "RECEPTION", "ROUTINE", manager);
        long second =
                data.contact(ods, "RECEPTION", "ROUTINE", manager).get("id").asLong();
        String today = http.get("/api/practices/" + ods + "/capacity", manager)
                .json()
                .get("day")
                .asString();

        Http.Response off = http.putJson(
                "/api/practices/" + ods + "/capacity/days/" + today,
                Map.of("clinicians", List.of(Map.of("id", gp, "cap", 0))),
                manager);
        assertThat(off.status()).as(off.body()).isEqualTo(200);
        assertThat(off.json().get("clinicians").get(0).get("cap").asInt()).isEqualTo(2);
        assertThat(data.contact(ods, "RECEPTION", "ROUTINE", manager)
                        .get("outcome")
                        .asString())
                .isEqualTo("WAITLISTED");
        JsonNode day = http.get("/api/practices/" + ods + "/capacity", manager).json();
        assertThat(day.get("clinicians").get(0).get("used").asInt()).isEqualTo(2);
        assertThat(day.get("status").asString()).isEqualTo("FULL");

        // A contact taken back from a clinician who is off is not room for a new one: the cap comes down with it.
        assertThat(http.delete("/api/practices/" + ods + "/contacts/" + second, manager)
                        .status())
                .isEqualTo(204);
        JsonNode afterUndo =
                http.get("/api/practices/" + ods + "/capacity", manager).json();
        assertThat(afterUndo.get("clinicians").get(0).get("used").asInt()).isEqualTo(1);
        assertThat(afterUndo.get("clinicians").get(0).get("cap").asInt()).isEqualTo(1);
        assertThat(data.contact(ods, "RECEPTION", "ROUTINE", manager)
                        .get("outcome")
                        .asString())
                .isEqualTo("WAITLISTED");
    }

    @Test
    void aUsualCapLoweredBelowWhatIsBookedComesDownAsContactsAreGivenBack() {
        SafeWorkingPractice practice =
                data.practiceTakingActionOne(allDayWith(List.of(clinician("GP 1", 5, EVERY_DAY)), "CLOSE"));
        String ods = practice.ods();
        String manager = practice.managerToken();
        data.contact(ods, "RECEPTION", "ROUTINE", manager);
        long second =
                data.contact(ods, "RECEPTION", "ROUTINE", manager).get("id").asLong();
        data.setUp(ods, manager, allDayWith(List.of(clinician("GP 1", 1, EVERY_DAY)), "CLOSE"));
        assertThat(jdbc.sql("select what from capacity.setup_log where ods_code = :ods order by id desc limit 1")
                        .param("ods", ods)
                        .query(String.class)
                        .single())
                .as("the set-up log says what the save changed")
                .isEqualTo("Set-up saved: cap of GP 1 5→1");
        assertThat(http.get("/api/practices/" + ods + "/capacity", manager)
                        .json()
                        .get("clinicians")
                        .get(0)
                        .get("cap")
                        .asInt())
                .isEqualTo(2);

        assertThat(http.delete("/api/practices/" + ods + "/contacts/" + second, manager)
                        .status())
                .isEqualTo(204);

        JsonNode day = http.get("/api/practices/" + ods + "/capacity", manager).json();
        assertThat(day.get("clinicians").get(0).get("cap").asInt()).isEqualTo(1);
        assertThat(day.get("clinicians").get(0).get("used").asInt()).isEqualTo(1);
        assertThat(data.contact(ods, "RECEPTION", "ROUTINE", manager)
                        .get("outcome")
                        .asString())
                .isEqualTo("WAITLISTED");
    }

    @Test
    void aDayGoneByShowsTheCliniciansItHad_notOneAddedSince_andOneRemovedSinceStillWithItsContacts() {
        SafeWorkingPractice practice = data.practiceSetUpWith(
                allDayWith(List.of(clinician("GP 1", 25, EVERY_DAY), clinician("GP 2", 20, EVERY_DAY)), "CLOSE"));
        String ods = practice.ods();
        String manager = practice.managerToken();
        long gp1 = practice.clinicianId(0);
        long gp2 = practice.clinicianId(1);
        java.time.LocalDate yesterday = PracticeCalendar.dayOf(clock.instant()).minusDays(1);
        // Yesterday as routing left it: the day's row, and each clinician's with what they booked.
        jdbc.sql("insert into capacity.practice_day (ods_code, day) values (:ods, :day)")
                .param("ods", ods)
                .param("day", java.sql.Date.valueOf(yesterday))
                .update();
        jdbc.sql("""
                        insert into capacity.clinician_day (clinician_id, day, cap, used)
                        values (:gp1, :day, 25, 3), (:gp2, :day, 20, 7)
                        """)
                .param("gp1", gp1)
                .param("gp2", gp2)
                .param("day", java.sql.Date.valueOf(yesterday))
                .update();
        Map<String, Object> kept = clinician("GP 1", 25, EVERY_DAY);
        kept.put("id", gp1);
        data.setUp(ods, manager, allDayWith(List.of(kept, clinician("Locum", 25, EVERY_DAY)), "CLOSE"));
        // GP 2 was in fact removed at noon yesterday, having worked the morning.
        jdbc.sql("update capacity.clinician set retired_at = :noon where id = :gp2")
                .param(
                        "noon",
                        java.sql.Timestamp.from(
                                yesterday.atTime(12, 0).atZone(UkTime.ZONE).toInstant()))
                .param("gp2", gp2)
                .update();

        JsonNode past = http.get("/api/practices/" + ods + "/capacity?day=" + yesterday, manager)
                .json();
        assertThat(past.get("clinicians").findValuesAsString("label"))
                .as("GP 2 worked that day and was removed since; the locum came later")
                .containsExactly("GP 1", "GP 2");
        assertThat(past.get("clinicians").findValues("used").stream().map(JsonNode::asInt))
                .containsExactly(3, 7);
        assertThat(past.get("remaining").asInt()).isEqualTo(22 + 13);
        assertThat(http.get("/api/practices/" + ods + "/capacity", manager)
                        .json()
                        .get("clinicians")
                        .findValuesAsString("label"))
                .as("today is the set-up as it is now")
                .containsExactly("GP 1", "Locum");
    }

    @Test
    void aFullPracticeReopensOnTheNextWorkingDayWithRoom_passingOverADayItsCliniciansAreAllOff() {
        SafeWorkingPractice practice =
                data.practiceTakingActionOne(allDayWith(List.of(clinician("GP 1", 1, EVERY_DAY)), "CLOSE"));
        String ods = practice.ods();
        String manager = practice.managerToken();
        long gp = practice.clinicianId(0);
        data.contact(ods, "RECEPTION", "ROUTINE", manager);
        java.util.Set<String> holidays = new java.util.HashSet<>(
                http.get("/api/capacity/bank-holidays", manager).json().findValuesAsString("day"));
        java.time.LocalDate next = PracticeCalendar.dayOf(clock.instant()).plusDays(1);
        while (holidays.contains(next.toString())) {
            next = next.plusDays(1);
        }
        java.time.LocalDate after = next.plusDays(1);
        while (holidays.contains(after.toString())) {
            after = after.plusDays(1);
        }
        assertThat(reopensAt(ods, manager)).isEqualTo(opening(next));

        Http.Response off = http.putJson(
                "/api/practices/" + ods + "/capacity/days/" + next,
                Map.of("clinicians", List.of(Map.of("id", gp, "cap", 0))),
                manager);
        assertThat(off.status()).as(off.body()).isEqualTo(200);
        assertThat(reopensAt(ods, manager))
                .as("nobody takes a contact on " + next + ", so it does not open again then")
                .isEqualTo(opening(after));
        assertThat(Instant.parse(http.get("/api/practices/" + ods + "/front-door")
                        .json()
                        .get("reopensAt")
                        .asString()))
                .isEqualTo(opening(after));
    }

    Instant reopensAt(String ods, String token) {
        JsonNode day = http.get("/api/practices/" + ods + "/capacity", token).json();
        assertThat(day.get("status").asString()).isEqualTo("FULL");
        return Instant.parse(day.get("reopensAt").asString());
    }

    static Instant opening(java.time.LocalDate day) {
        return day.atStartOfDay(org.gpaction.common.UkTime.ZONE).toInstant();
    }

    @Test
    void theHighestCapAcceptedIsTheDailyLimitActionOneOfTheMenuInForceSets() {
        int limit = http.get("/api/actions/menu", data.adminToken())
                .json()
                .get("actions")
                .get(0)
                .get("dailyContactLimit")
                .asInt();
        String ods = data.practice(6_000);
        String manager = data.practiceManagerToken(ods);
        Http.Response over = http.putJson(
                "/api/practices/" + ods + "/capacity/settings",
                settings(List.of(clinician("GP 1", limit + 1, EVERY_DAY)), allDay(), "CLOSE", 0),
                manager);
        assertThat(over.status()).as(over.body()).isEqualTo(400);
        assertThat(over.json().get("errors").findValuesAsString("field")).containsExactly("clinicians[0].dailyCap");
        Http.Response at = http.putJson(
                "/api/practices/" + ods + "/capacity/settings",
                settings(List.of(clinician("GP 1", limit, EVERY_DAY)), allDay(), "CLOSE", 0),
                manager);
        assertThat(at.status()).as(at.body()).isEqualTo(200);
    }

    @Test
    void badSettingsAreRefusedNamingEachFieldAndChangeNothing() {
        String ods = data.practice(6_000);
        String manager = data.practiceManagerToken(ods);
        Map<String, Object> bad = settings(
                List.of(clinician("GP 1", 30, List.of("MONDAY", "FUNDAY")), clinician("gp 1", 10, EVERY_DAY)),
                Map.of("MONDAY", Map.of("opens", "18:30", "closes", "08:00")),
                "SOMETIMES",
                0);
        bad.put("onlineConsultationUrl", "javascript:alert(1)");
        Http.Response refused = http.putJson("/api/practices/" + ods + "/capacity/settings", bad, manager);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").findValuesAsString("field"))
                .contains(
                        "clinicians[0].dailyCap",
                        "clinicians[0].workingDays",
                        "clinicians[1].label",
                        "coreHours.MONDAY.closes",
                        "whenFull",
                        "onlineConsultationUrl");
        assertThat(http.get("/api/practices/" + ods + "/capacity/settings", manager)
                        .status())
                .isEqualTo(404);
        assertThat(http.putJson("/api/practices/" + ods + "/capacity/settings", "{not json", manager)
                        .status())
                .isEqualTo(400);
        Map<String, Object> wrongType = settings(List.of(clinician("GP 1", 5, EVERY_DAY)), allDay(), "CLOSE", 0);
        wrongType.put("clinicians", List.of(Map.of("label", "GP 1", "role", "SALARIED_GP", "dailyCap", "x")));
        Http.Response notANumber = http.putJson("/api/practices/" + ods + "/capacity/settings", wrongType, manager);
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.json().get("errors").findValuesAsString("field"))
                .containsExactly("clinicians[0].dailyCap");
        assertThat(notANumber.json().get("detail").asString())
                .isEqualTo("clinicians[0].dailyCap must be a whole number");
        Http.Response labelForId = http.postJson(
                "/api/practices/" + ods + "/contacts",
                Map.of("channel", "RECEPTION", "kind", "ROUTINE", "clinician", "GP 1"),
                manager);
        assertThat(labelForId.status()).isEqualTo(400);
        assertThat(labelForId.json().get("errors").findValuesAsString("field")).containsExactly("clinician");
        Http.Response badChannel = http.postJson(
                "/api/practices/" + ods + "/contacts", Map.of("channel", "FAX", "kind", "ROUTINE"), manager);
        assertThat(badChannel.status()).isEqualTo(400);
        assertThat(badChannel.json().get("errors").findValuesAsString("field")).containsExactly("channel");
        Http.Response notSetUp = http.postJson(
                "/api/practices/" + ods + "/contacts", Map.of("channel", "RECEPTION", "kind", "ROUTINE"), manager);
        assertThat(notSetUp.status()).isEqualTo(409);
        assertThat(notSetUp.json().get("detail").asString()).contains("not set up");
    }

    @Test
    void aPlaceOpenUntilMidnightClosesAt2400_whichIsRefusedAsAnOpeningTimeAndInCoreHoursNamingTheField() {
        SafeWorkingPractice practice = data.practiceSetUpWith(
                settings(List.of(clinician("GP 1", 25, EVERY_DAY)), coreHours(WEEKDAYS, "08:00", "18:30"), "CLOSE", 0));
        String ods = practice.ods();
        String manager = practice.managerToken();
        String path = "/api/practices/" + ods + "/capacity/settings";

        Map<String, Object> untilMidnight =
                settings(List.of(clinician("GP 1", 25, EVERY_DAY)), coreHours(WEEKDAYS, "08:00", "18:30"), "CLOSE", 0);
        untilMidnight.put(
                "signposts",
                List.of(Map.of(
                        "name",
                        "Late Pharmacy",
                        "kind",
                        "PHARMACY",
                        "hours",
                        Map.of(
                                "FRIDAY",
                                Map.of("opens", "20:00", "closes", "24:00"),
                                "SATURDAY",
                                Map.of("opens", "00:00", "closes", "24:00")))));
        Http.Response saved = http.putJson(path, untilMidnight, manager);
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        JsonNode got = http.get(path, manager).json();
        JsonNode hours = got.get("signposts").get(0).get("hours");
        assertThat(hours.get("FRIDAY").get("closes").asString())
                .as("a place open until midnight is read back closing at 24:00, as it was given")
                .isEqualTo("24:00");
        assertThat(hours.get("SATURDAY").get("opens").asString()).isEqualTo("00:00");
        assertThat(hours.get("SATURDAY").get("closes").asString()).isEqualTo("24:00");
        assertThat(saved.json().get("signposts"))
                .as("the PUT answers as the GET reads")
                .isEqualTo(got.get("signposts"));

        Http.Response putBack = http.putJson(path, got, manager);
        assertThat(putBack.status()).as(putBack.body()).isEqualTo(200);
        assertThat(http.get(path, manager).json())
                .as("what was read, sent back, means the same")
                .isEqualTo(got);
        JsonNode before = http.get(path, manager).json();

        Map<String, Object> opensAt2400 = new java.util.HashMap<>(untilMidnight);
        opensAt2400.put(
                "signposts",
                List.of(Map.of(
                        "name",
                        "Late Pharmacy",
                        "kind",
                        "PHARMACY",
                        "hours",
                        Map.of("FRIDAY", Map.of("opens", "24:00", "closes", "02:00")))));
        Http.Response refused = http.putJson(path, opensAt2400, manager);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").findValuesAsString("field"))
                .containsExactly("signposts[0].hours.FRIDAY.opens");
        assertThat(refused.json().get("detail").asString())
                .isEqualTo("24:00 is only a closing time, the end of the day: give the time Late Pharmacy opens on"
                        + " Friday from 00:00 to 23:59");

        Map<String, Object> coreUntil2400 = new java.util.HashMap<>(untilMidnight);
        coreUntil2400.put("coreHours", coreHours(List.of("MONDAY"), "08:00", "24:00"));
        Http.Response core = http.putJson(path, coreUntil2400, manager);
        assertThat(core.status()).isEqualTo(400);
        assertThat(core.json().get("errors").findValuesAsString("field")).containsExactly("coreHours.MONDAY.closes");
        assertThat(core.json().get("detail").asString())
                .isEqualTo("On Monday the core hours must close by 23:59, as the practice's day ends at midnight:"
                        + " 24:00 is taken only as the time a place to send patients closes");
        assertThat(http.get(path, manager).json()).as("nothing changed").isEqualTo(before);
    }

    @Test
    void clinicianIdsKeepEachClinicianThroughRenamesLabelSwapsAndANewClinicianGivenAnOldLabel() {
        SafeWorkingPractice practice = data.practiceSetUpWith(settings(
                List.of(clinician("GP 1", 25, EVERY_DAY), clinician("GP 2", 20, EVERY_DAY)), allDay(), "CLOSE", 0));
        String ods = practice.ods();
        String manager = practice.managerToken();
        long gp1 = practice.clinicianId(0);
        long gp2 = practice.clinicianId(1);

        // The two swap labels: each keeps its id and its own cap.
        Map<String, Object> one = clinician("GP 2", 25, EVERY_DAY);
        one.put("id", gp1);
        Map<String, Object> two = clinician("GP 1", 20, EVERY_DAY);
        two.put("id", gp2);
        JsonNode swapped = data.setUp(ods, manager, settings(List.of(one, two), allDay(), "CLOSE", 0));
        assertThat(swapped.get("clinicians").findValuesAsString("label")).containsExactly("GP 2", "GP 1");
        assertThat(swapped.get("clinicians").findValues("id").stream().map(JsonNode::asLong))
                .containsExactly(gp1, gp2);

        // GP 1 (by id) renamed Dr Patel, and a new row labelled GP 2, the label the renamed one had: three clinicians.
        Map<String, Object> renamed = clinician("Dr Patel", 25, EVERY_DAY);
        renamed.put("id", gp1);
        Map<String, Object> kept = clinician("GP 1", 20, EVERY_DAY);
        kept.put("id", gp2);
        JsonNode three = data.setUp(
                ods, manager, settings(List.of(renamed, kept, clinician("GP 2", 10, EVERY_DAY)), allDay(), "CLOSE", 0));
        assertThat(three.get("clinicians").findValuesAsString("label")).containsExactly("Dr Patel", "GP 1", "GP 2");
        List<Long> ids = three.get("clinicians").findValues("id").stream()
                .map(JsonNode::asLong)
                .toList();
        assertThat(ids.subList(0, 2)).containsExactly(gp1, gp2);
        assertThat(ids.get(2)).isNotIn(gp1, gp2);
        Http.Response day = http.get("/api/practices/" + ods + "/capacity", manager);
        assertThat(day.json().get("clinicians").findValues("cap").stream().map(JsonNode::asInt))
                .containsExactly(25, 20, 10);

        // One clinician listed twice is refused, naming the second row, and changes nothing.
        Map<String, Object> again = clinician("Dr P", 25, EVERY_DAY);
        again.put("id", gp1);
        Http.Response twice = http.putJson(
                "/api/practices/" + ods + "/capacity/settings",
                settings(List.of(renamed, again), allDay(), "CLOSE", 0),
                manager);
        assertThat(twice.status()).isEqualTo(400);
        assertThat(twice.json().get("errors").findValuesAsString("field")).containsExactly("clinicians[1].id");
        assertThat(http.get("/api/practices/" + ods + "/capacity/settings", manager)
                        .json()
                        .get("clinicians")
                        .findValuesAsString("label"))
                .containsExactly("Dr Patel", "GP 1", "GP 2");
    }

    @Test
    void aClinicianRemovedAndAddedAgainTheSameDayKeepsTheContactsTheyHadToday_notAFreshCap() {
        SafeWorkingPractice practice =
                data.practiceSetUpWith(allDayWith(List.of(clinician("GP 1", 5, EVERY_DAY)), "CLOSE"));
        String ods = practice.ods();
        String manager = practice.managerToken();
        long gp1 = practice.clinicianId(0);
        for (int i = 0; i < 3; i++) {
            data.contact(ods, "RECEPTION", "ROUTINE", manager);
        }
        data.setUp(ods, manager, allDayWith(List.of(clinician("GP 2", 5, EVERY_DAY)), "CLOSE"));
        JsonNode again = data.setUp(
                ods,
                manager,
                allDayWith(List.of(clinician("GP 2", 5, EVERY_DAY), clinician("gp 1", 5, EVERY_DAY)), "CLOSE"));
        assertThat(again.get("clinicians").get(1).get("id").asLong())
                .as("the same clinician back, not a new one")
                .isEqualTo(gp1);
        assertThat(again.get("clinicians").get(1).get("label").asString()).isEqualTo("gp 1");

        JsonNode day = http.get("/api/practices/" + ods + "/capacity", manager).json();
        assertThat(day.get("clinicians").findValuesAsString("label")).containsExactly("GP 2", "gp 1");
        assertThat(day.get("clinicians").findValues("used").stream().map(JsonNode::asInt))
                .as("GP 1 has had 3 of their 5 contacts today, whether or not they were removed for a while")
                .containsExactly(0, 3);
        assertThat(day.get("remaining").asInt()).isEqualTo(5 + 2);
        assertThat(jdbc.sql("select count(*) from capacity.clinician where ods_code = :ods")
                        .param("ods", ods)
                        .query(Integer.class)
                        .single())
                .as("GP 1 and GP 2, and nobody else")
                .isEqualTo(2);
    }

    @Test
    void aClinicianOffTodayAndOnLeaveTomorrowRemovedAndAddedAgainTheSameDayKeepsThoseDays_notAFreshCap() {
        SafeWorkingPractice practice = data.practiceTakingActionOne(
                allDayWith(List.of(clinician("GP 1", 1, EVERY_DAY), clinician("GP 2", 5, EVERY_DAY)), "CLOSE"));
        String ods = practice.ods();
        String manager = practice.managerToken();
        long gp2 = practice.clinicianId(1);
        java.time.LocalDate today = PracticeCalendar.dayOf(clock.instant());
        for (java.time.LocalDate day : List.of(today, today.plusDays(1))) {
            Http.Response off = http.putJson(
                    "/api/practices/" + ods + "/capacity/days/" + day,
                    Map.of("clinicians", List.of(Map.of("id", gp2, "cap", 0))),
                    manager);
            assertThat(off.status()).as(off.body()).isEqualTo(200);
        }

        data.setUp(ods, manager, allDayWith(List.of(clinician("GP 1", 1, EVERY_DAY)), "CLOSE"));
        JsonNode again = data.setUp(
                ods,
                manager,
                allDayWith(List.of(clinician("GP 1", 1, EVERY_DAY), clinician("GP 2", 5, EVERY_DAY)), "CLOSE"));

        JsonNode first = data.contact(ods, "RECEPTION", "ROUTINE", manager);
        assertThat(first.get("clinician").get("label").asString())
                .as("GP 2 is off sick today, removed from the set-up for a while or not")
                .isEqualTo("GP 1");
        assertThat(data.contact(ods, "RECEPTION", "ROUTINE", manager)
                        .get("outcome")
                        .asString())
                .as("GP 1 is full and GP 2 off: the practice is full")
                .isEqualTo("WAITLISTED");
        JsonNode day = http.get("/api/practices/" + ods + "/capacity", manager).json();
        assertThat(day.get("clinicians").findValues("cap").stream().map(JsonNode::asInt))
                .containsExactly(1, 0);
        assertThat(day.get("status").asString()).isEqualTo("FULL");
        JsonNode tomorrow = http.get("/api/practices/" + ods + "/capacity?day=" + today.plusDays(1), manager)
                .json();
        assertThat(tomorrow.get("clinicians").findValues("cap").stream().map(JsonNode::asInt))
                .as("GP 2 is still on leave tomorrow")
                .containsExactly(1, 0);
        assertThat(again.get("clinicians").get(1).get("id").asLong())
                .as("the same clinician back, not a new one")
                .isEqualTo(gp2);
    }

    @Test
    void aLabelAddedAgainIsTheClinicianRemovedLastUnderIt_notOneRemovedBeforeThem() {
        SafeWorkingPractice practice = data.practiceSetUpWith(
                allDayWith(List.of(clinician("GP 1", 5, EVERY_DAY), clinician("GP 2", 5, EVERY_DAY)), "CLOSE"));
        String ods = practice.ods();
        String manager = practice.managerToken();
        long gp1 = practice.clinicianId(0);
        long gp2 = practice.clinicianId(1);
        java.time.LocalDate tomorrow = PracticeCalendar.dayOf(clock.instant()).plusDays(1);
        Http.Response leave = http.putJson(
                "/api/practices/" + ods + "/capacity/days/" + tomorrow,
                Map.of("clinicians", List.of(Map.of("id", gp1, "cap", 0))),
                manager);
        assertThat(leave.status()).as(leave.body()).isEqualTo(200);

        // GP 1 (on leave tomorrow) removed and GP 2 given their label; then that clinician removed in turn.
        Map<String, Object> renamed = clinician("GP 1", 5, EVERY_DAY);
        renamed.put("id", gp2);
        data.setUp(ods, manager, allDayWith(List.of(renamed), "CLOSE"));
        data.setUp(ods, manager, allDayWith(List.of(clinician("GP 3", 5, EVERY_DAY)), "CLOSE"));
        JsonNode again = data.setUp(
                ods,
                manager,
                allDayWith(List.of(clinician("GP 3", 5, EVERY_DAY), clinician("GP 1", 5, EVERY_DAY)), "CLOSE"));

        assertThat(again.get("clinicians").get(1).get("id").asLong())
                .as("GP 1 was last the clinician first labelled GP 2, who had nothing today to come back with")
                .isNotIn(gp1, gp2);
        JsonNode day = http.get("/api/practices/" + ods + "/capacity?day=" + tomorrow, manager)
                .json();
        assertThat(day.get("clinicians").findValues("cap").stream().map(JsonNode::asInt))
                .as("the leave of the clinician removed first is not given to the one added")
                .containsExactly(5, 5);
    }

    @Test
    void aClinicianRemovedYesterdayAndAddedAgainTodayIsANewClinician_notTheOneRemoved() {
        SafeWorkingPractice practice = data.practiceSetUpWith(
                allDayWith(List.of(clinician("GP 1", 5, EVERY_DAY), clinician("GP 2", 5, EVERY_DAY)), "CLOSE"));
        String ods = practice.ods();
        String manager = practice.managerToken();
        long gp2 = practice.clinicianId(1);
        java.time.LocalDate tomorrow = PracticeCalendar.dayOf(clock.instant()).plusDays(1);
        Http.Response leave = http.putJson(
                "/api/practices/" + ods + "/capacity/days/" + tomorrow,
                Map.of("clinicians", List.of(Map.of("id", gp2, "cap", 0))),
                manager);
        assertThat(leave.status()).as(leave.body()).isEqualTo(200);
        data.setUp(ods, manager, allDayWith(List.of(clinician("GP 1", 5, EVERY_DAY)), "CLOSE"));

        clock.advance(java.time.Duration.ofDays(1));
        JsonNode again = data.setUp(
                ods,
                manager,
                allDayWith(List.of(clinician("GP 1", 5, EVERY_DAY), clinician("GP 2", 5, EVERY_DAY)), "CLOSE"));

        assertThat(again.get("clinicians").get(1).get("id").asLong())
                .as("removed yesterday: whoever is added today under the label is someone new")
                .isNotEqualTo(gp2);
        JsonNode day = http.get("/api/practices/" + ods + "/capacity", manager).json();
        assertThat(day.get("clinicians").findValues("cap").stream().map(JsonNode::asInt))
                .as("the leave set for today before the removal went with the clinician removed")
                .containsExactly(5, 5);
    }

    @Test
    void aReserveBeyondWhatAPracticeMayKeepAndALabelWithControlCharactersAreRefusedNamingTheField() {
        String ods = data.practice(6_000);
        String manager = data.practiceManagerToken(ods);
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 1; i <= 22; i++) {
            many.add(clinician("GP " + i, 25, EVERY_DAY));
        }
        Http.Response reserve = http.putJson(
                "/api/practices/" + ods + "/capacity/settings", settings(many, allDay(), "CLOSE", 520), manager);
        assertThat(reserve.status()).as(reserve.body()).isEqualTo(400);
        assertThat(reserve.json().get("errors").findValuesAsString("field")).containsExactly("urgentReserve");
        assertThat(reserve.json().get("detail").asString()).contains("500 contacts or fewer");
        Http.Response tab = http.putJson(
                "/api/practices/" + ods + "/capacity/settings",
                settings(List.of(clinician("GP\t1", 25, EVERY_DAY)), allDay(), "CLOSE", 0),
                manager);
        assertThat(tab.status()).as(tab.body()).isEqualTo(400);
        assertThat(tab.json().get("errors").findValuesAsString("field")).containsExactly("clinicians[0].label");
        assertThat(http.get("/api/practices/" + ods + "/capacity/settings", manager)
                        .status())
                .isEqualTo(404);
    }

    /**
     * GP 1 (cap 20) works Monday to Wednesday, GP 2 (cap 25) Thursday and Friday and GP 3 only on Saturday, outside
     * core hours: their caps add up to 70, but no working day's come to more than Thursday's 25, so a reserve of 25 or
     * more would leave routine need no day at all (every routine request signposted, the online door never opening
     * again) and is refused, naming Thursday.
     */
    @Test
    void aReserveThatLeavesNoWorkingDayRoomForRoutineNeedIsRefusedNamingTheBusiestDaysCaps() {
        String ods = data.practice(6_000);
        String manager = data.practiceManagerToken(ods);
        List<Map<String, Object>> split = List.of(
                clinician("GP 1", 20, List.of("MONDAY", "TUESDAY", "WEDNESDAY")),
                clinician("GP 2", 25, List.of("THURSDAY", "FRIDAY")),
                clinician("GP 3", 25, List.of("SATURDAY")));
        Map<String, Object> weekdays = CapacityTestData.coreHours(CapacityTestData.WEEKDAYS, "08:00", "18:30");
        for (int reserve : List.of(30, 25)) {
            Http.Response refused = http.putJson(
                    "/api/practices/" + ods + "/capacity/settings",
                    settings(split, weekdays, "CLOSE", reserve),
                    manager);
            assertThat(refused.status()).as(reserve + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.json().get("errors").findValuesAsString("field")).containsExactly("urgentReserve");
            assertThat(refused.json().get("detail").asString())
                    .isEqualTo("The urgent reserve (" + reserve + ") must be less than the clinicians' caps come to"
                            + " on their busiest working day, or no day has room for routine need: Thursday's caps"
                            + " come to 25, so lower the reserve or raise Thursday's caps above " + reserve);
        }
        assertThat(http.get("/api/practices/" + ods + "/capacity/settings", manager)
                        .status())
                .as("nothing was saved")
                .isEqualTo(404);
        assertThat(http.putJson(
                                "/api/practices/" + ods + "/capacity/settings",
                                settings(split, weekdays, "CLOSE", 24),
                                manager)
                        .status())
                .as("a reserve of 24 leaves one routine contact a day")
                .isEqualTo(200);
    }

    /**
     * GP 2's cap of -5 is refused, so the reserve is not weighed against it: counted, it would make every day's caps 20
     * and refuse a reserve of 22 beside it, with a busiest day's figure the set-up could never have.
     */
    @Test
    void aReserveIsNotWeighedAgainstACapRefusedBesideIt_onlyTheCapIsNamed() {
        String ods = data.practice(6_000);
        String manager = data.practiceManagerToken(ods);
        Http.Response refused = http.putJson(
                "/api/practices/" + ods + "/capacity/settings",
                settings(
                        List.of(clinician("GP 1", 25, EVERY_DAY), clinician("GP 2", -5, EVERY_DAY)),
                        allDay(),
                        "CLOSE",
                        22),
                manager);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("errors").findValuesAsString("field")).containsExactly("clinicians[1].dailyCap");
    }

    /**
     * Places are told apart by name (the log of changes, the evidence of where patients were sent), so two of one name,
     * as the clinicians' labels are compared (ignoring case and the spaces around it), are refused.
     */
    @Test
    void twoPlacesOfOneNameAreRefusedNamingTheSecond_andChangeNothing() {
        String ods = data.practice(6_000);
        String manager = data.practiceManagerToken(ods);
        Map<String, Object> twice = settings(List.of(clinician("GP 1", 25, EVERY_DAY)), allDay(), "CLOSE", 0);
        twice.put(
                "signposts",
                List.of(
                        Map.of("name", "NHS 111", "kind", "NHS_111", "hours", Map.of()),
                        Map.of("name", "Riverside UTC", "kind", "URGENT_TREATMENT_CENTRE", "hours", Map.of()),
                        Map.of("name", " nhs 111 ", "kind", "NHS_111", "hours", Map.of())));
        Http.Response refused = http.putJson("/api/practices/" + ods + "/capacity/settings", twice, manager);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("errors").findValuesAsString("field")).containsExactly("signposts[2].name");
        assertThat(refused.json().get("detail").asString())
                .isEqualTo("Places 1 and 3 are both named NHS 111: give each place its own name");
        assertThat(http.get("/api/practices/" + ods + "/capacity/settings", manager)
                        .status())
                .as("nothing was saved")
                .isEqualTo(404);
    }

    @Test
    void aCapOrReserveSentWithAFractionIsRefusedNamingTheField_ratherThanCutDownToAWholeNumber() {
        String ods = data.practice(6_000);
        String manager = data.practiceManagerToken(ods);
        Map<String, Object> gp = clinician("GP 1", 25, EVERY_DAY);
        gp.put("dailyCap", 25.7);
        Map<String, Object> fractionalCap = settings(List.of(gp), allDay(), "CLOSE", 0);
        Map<String, Object> fractionalReserve =
                settings(List.of(clinician("GP 1", 25, EVERY_DAY)), allDay(), "CLOSE", 0);
        fractionalReserve.put("urgentReserve", 2.5);
        Map<Map<String, Object>, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put(fractionalCap, "clinicians[0].dailyCap");
        refusals.put(fractionalReserve, "urgentReserve");
        refusals.forEach((bad, field) -> {
            Http.Response refused = http.putJson("/api/practices/" + ods + "/capacity/settings", bad, manager);
            assertThat(refused.status()).as(field + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.json().get("errors").findValuesAsString("field")).containsExactly(field);
            assertThat(refused.json().get("detail").asString()).isEqualTo(field + " must be a whole number");
        });
        assertThat(http.get("/api/practices/" + ods + "/capacity/settings", manager)
                        .status())
                .as("nothing was saved")
                .isEqualTo(404);
    }

    @Test
    void aNulOrAnotherControlCharacterInAPlacesNameOrAddressIsRefusedNamingTheField_andChangesNothing() {
        String ods = data.practice(6_000);
        String manager = data.practiceManagerToken(ods);
        Map<String, Object> nulInName = settings(List.of(clinician("GP 1", 25, EVERY_DAY)), allDay(), "CLOSE", 0);
        nulInName.put(
                "signposts",
                List.of(Map.of("name", "Riverside\u0000UTC", "kind", "URGENT_TREATMENT_CENTRE", "hours", Map.of())));
        Map<String, Object> bellInAddress = settings(List.of(clinician("GP 1", 25, EVERY_DAY)), allDay(), "CLOSE", 0);
        bellInAddress.put(
                "signposts",
                List.of(
                        Map.of("name", "NHS 111", "kind", "NHS_111", "hours", Map.of()),
                        Map.of(
                                "name",
                                "Riverside UTC",
                                "kind",
                                "URGENT_TREATMENT_CENTRE",
                                "address",
                                "1 River\u0007Road")));
        Map<Map<String, Object>, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put(nulInName, "signposts[0].name");
        refusals.put(bellInAddress, "signposts[1].address");
        refusals.forEach((bad, field) -> {
            Http.Response refused = http.putJson("/api/practices/" + ods + "/capacity/settings", bad, manager);
            assertThat(refused.status()).as(field + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.json().get("errors").findValuesAsString("field")).containsExactly(field);
            assertThat(refused.json().get("detail").asString()).contains("text on one line");
        });
        assertThat(http.get("/api/practices/" + ods + "/capacity/settings", manager)
                        .status())
                .as("nothing was saved")
                .isEqualTo(404);
    }

    @Test
    void aDaysCapsForAPracticeNotSetUpAreRefusedAsNotSetUp_notAsAClinicianToFix() {
        String ods = data.practice(6_000);
        String manager = data.practiceManagerToken(ods);
        java.time.LocalDate today = PracticeCalendar.dayOf(clock.instant());
        Http.Response refused = http.putJson(
                "/api/practices/" + ods + "/capacity/days/" + today,
                Map.of("clinicians", List.of(Map.of("id", 1, "cap", 0))),
                manager);
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString())
                .isEqualTo("Safe working is not set up for " + ods
                        + ": a practice manager sets up its clinicians and core hours first");
        assertThat(jdbc.sql("select count(*) from capacity.practice_day where ods_code = :ods")
                        .param("ods", ods)
                        .query(Integer.class)
                        .single())
                .as("nothing was opened or changed")
                .isZero();
    }

    @Test
    void daysBeyondTheYearsOfAnyFiguresOrCapsMoreThanAYearAheadAreQuestionsNamingTheDay() {
        SafeWorkingPractice practice =
                data.practiceSetUpWith(allDayWith(List.of(clinician("GP 1", 25, EVERY_DAY)), "CLOSE"));
        String ods = practice.ods();
        String manager = practice.managerToken();
        long gp = practice.clinicianId(0);
        for (String day : List.of("%2B999999999-12-31", "-999999999-01-01", "1850-01-01")) {
            Http.Response refused = http.get("/api/practices/" + ods + "/capacity?day=" + day, manager);
            assertThat(refused.status()).as(day + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.json().get("errors").findValuesAsString("field")).containsExactly("day");
        }
        java.time.LocalDate today = PracticeCalendar.dayOf(clock.instant());
        Map<String, Object> off = Map.of("clinicians", List.of(Map.of("id", gp, "cap", 0)));
        for (String day : List.of(
                "9999-12-31", "+999999999-12-31", today.plusYears(1).plusDays(1).toString())) {
            Http.Response refused =
                    http.putJson("/api/practices/" + ods + "/capacity/days/" + day.replace("+", "%2B"), off, manager);
            assertThat(refused.status()).as(day + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.json().get("errors").findValuesAsString("field")).containsExactly("day");
        }
        assertThat(http.putJson(
                                "/api/practices/" + ods + "/capacity/days/"
                                        + today.plusYears(1).plusDays(1),
                                off,
                                manager)
                        .json()
                        .get("detail")
                        .asString())
                .isEqualTo("A day's caps can be changed at most a year ahead, up to " + today.plusYears(1));
        assertThat(jdbc.sql("select count(*) from capacity.clinician_day where clinician_id = :id and asked_cap = 0")
                        .param("id", gp)
                        .query(Long.class)
                        .single())
                .as("no day's cap was changed")
                .isZero();
        assertThat(http.putJson("/api/practices/" + ods + "/capacity/days/" + today.plusYears(1), off, manager)
                        .status())
                .as("a year ahead is allowed")
                .isEqualTo(200);
        Http.Response holiday = http.postJson(
                "/api/capacity/bank-holidays", Map.of("day", "+999999999-12-31", "name", "Far off"), data.adminToken());
        assertThat(holiday.status()).as(holiday.body()).isEqualTo(400);
        assertThat(holiday.json().get("errors").findValuesAsString("field")).containsExactly("day");

        Http page = new Http(port);
        assertThat(page.signIn(data.staff("PRACTICE_MANAGER", List.of(ods), null), CapacityTestData.PASSWORD)
                        .status())
                .isLessThan(400);
        Http.Response waitingList = page.get("/safe-working/" + ods + "/waiting-list?day=%2B999999999-12-31");
        assertThat(waitingList.status()).isEqualTo(400);
        assertThat(waitingList.body()).contains("day must be a date from 1 January 2000 to 31 December 2099");
    }

    @Test
    void aClinicianAskedForWhoIsNotThePractices_isRefusedNamingTheFieldAndNothingIsRecorded() {
        SafeWorkingPractice practice =
                data.practiceSetUpWith(settings(List.of(clinician("GP 1", 25, EVERY_DAY)), allDay(), "CLOSE", 0));
        String ods = practice.ods();
        String manager = practice.managerToken();
        long own = practice.clinicianId(0);
        long theirs = data.practiceSetUpWith(settings(List.of(clinician("GP 1", 25, EVERY_DAY)), allDay(), "CLOSE", 0))
                .clinicianId(0);
        Http.Response refused = http.postJson(
                "/api/practices/" + ods + "/contacts",
                Map.of("channel", "RECEPTION", "kind", "ROUTINE", "clinician", theirs),
                manager);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("errors").findValuesAsString("field")).containsExactly("clinician");
        assertThat(refused.json().get("detail").asString()).contains("no clinician " + theirs + " at " + ods);
        assertThat(jdbc.sql("select count(*) from capacity.contact_request where ods_code = :ods")
                        .param("ods", ods)
                        .query(Integer.class)
                        .single())
                .isZero();
        Http.Response booked = http.postJson(
                "/api/practices/" + ods + "/contacts",
                Map.of("channel", "RECEPTION", "kind", "ROUTINE", "clinician", own),
                manager);
        assertThat(booked.status()).as(booked.body()).isEqualTo(201);
        assertThat(booked.json().get("clinician").get("id").asLong()).isEqualTo(own);
    }

    @Test
    void receptionSignpostingWhileThePracticeIsClosedIsRecordedAsOutsideCoreHoursNotAsUnmetDemand() {
        DayOfWeek today = PracticeCalendar.dayOf(clock.instant()).getDayOfWeek();
        SafeWorkingPractice practice = data.practiceSetUpWith(settings(
                List.of(clinician("GP 1", 25, EVERY_DAY)),
                coreHours(List.of(today.plus(1).name()), "08:00", "18:30"),
                "CLOSE",
                0));
        String ods = practice.ods();
        String manager = practice.managerToken();
        Http reception = new Http(port);
        assertThat(reception
                        .signIn(data.staff("RECEPTIONIST", List.of(ods), null), CapacityTestData.PASSWORD)
                        .status())
                .isLessThan(400);
        Http.Response signposted =
                reception.postForm("/safe-working/" + ods + "/diversions", Map.of("kind", "ROUTINE"));
        assertThat(signposted.status()).as(signposted.body()).isEqualTo(302);
        assertThat(jdbc.sql("select outcome, reason from capacity.contact_request where ods_code = :ods")
                        .param("ods", ods)
                        .query()
                        .listOfRows())
                .containsExactly(Map.of("outcome", "DIVERTED", "reason", "OUTSIDE_CORE_HOURS"));
    }

    @Test
    void staffActOnlyForTheirOwnPracticesAndLmcOfficersCannotRecord() {
        SafeWorkingPractice practice =
                data.practiceSetUpWith(allDayWith(List.of(clinician("GP 1", 5, EVERY_DAY)), "CLOSE"));
        String ods = practice.ods();
        String other = data.practice(6_000);
        String manager = practice.managerToken();
        String otherManager = data.practiceManagerToken(other);
        String reception = data.receptionistToken(ods);
        String officer = data.token(data.staff("LMC_OFFICER", List.of(), data.lmc));
        String scrutineer = data.token(data.staff("SCRUTINEER", List.of(), null));
        Map<String, String> contact = Map.of("channel", "RECEPTION", "kind", "ROUTINE");

        for (String outsider : List.of(otherManager, scrutineer)) {
            assertThat(http.postJson("/api/practices/" + ods + "/contacts", contact, outsider)
                            .status())
                    .isEqualTo(404);
            assertThat(http.get("/api/practices/" + ods + "/capacity", outsider).status())
                    .isEqualTo(404);
            assertThat(http.get("/api/practices/" + ods + "/capacity/settings", outsider)
                            .status())
                    .isEqualTo(404);
            assertThat(http.putJson("/api/practices/" + ods + "/capacity/settings", Map.of(), outsider)
                            .status())
                    .isEqualTo(404);
        }
        assertThat(http.postJson("/api/practices/" + ods + "/contacts", contact, officer)
                        .status())
                .isEqualTo(403);
        assertThat(http.putJson("/api/practices/" + ods + "/capacity/settings", Map.of(), reception)
                        .status())
                .as("a receptionist records requests but does not change the set-up")
                .isEqualTo(403);
        assertThat(http.postJson("/api/practices/" + ods + "/contacts", contact, reception)
                        .status())
                .isEqualTo(201);
        for (String outsider : List.of(otherManager, scrutineer)) {
            assertThat(http.postJson("/api/practices/" + ods + "/contacts", contact, outsider)
                            .status())
                    .as("refused as before once the practice's directory row is kept for recording")
                    .isEqualTo(404);
        }
        assertThat(http.postJson("/api/practices/" + ods + "/contacts", contact, officer)
                        .status())
                .isEqualTo(403);
        assertThat(http.postJson("/api/practices/" + ods + "/contacts", contact, null)
                        .status())
                .isEqualTo(401);
        assertThat(http.get("/api/practices/" + ods + "/front-door").status())
                .as("the front door's state is public")
                .isEqualTo(200);
        long recorded = jdbc.sql("select count(*) from capacity.contact_request where ods_code = :ods")
                .param("ods", ods)
                .query(Long.class)
                .single();
        assertThat(recorded).as("only the receptionist's request was recorded").isEqualTo(1);
    }

    @Test
    void theFrontDoorAnswersTheSameUnknownForPracticesNotSetUp() {
        assertThat(http.get("/api/practices/ZZ9999/front-door").status()).isEqualTo(404);
        assertThat(http.get("/p/ZZ9999").status()).isEqualTo(404);
    }

    @Test
    void theSafeWorkingApiIsInTheOpenApiDocumentWithItsRequestBodies() {
        JsonNode paths = http.get("/api/openapi.json").json().get("paths");
        for (String path : List.of(
                "/api/practices/{ods}/capacity/settings",
                "/api/practices/{ods}/capacity/days/{day}",
                "/api/practices/{ods}/contacts",
                "/api/practices/{ods}/contacts/{id}",
                "/api/practices/{ods}/capacity",
                "/api/practices/{ods}/front-door",
                "/api/capacity/demand",
                "/api/capacity/bank-holidays")) {
            assertThat(paths.has(path)).as(path).isTrue();
        }
        assertThat(paths.get("/api/practices/{ods}/contacts")
                        .get("post")
                        .get("requestBody")
                        .toString())
                .contains("ContactRequest");
        assertThat(paths.get("/api/practices/{ods}/capacity/settings")
                        .get("put")
                        .get("requestBody")
                        .toString())
                .contains("SetupRequest");
        assertThat(http.get("/api/openapi.json")
                        .json()
                        .get("components")
                        .get("schemas")
                        .get("SignpostRequest")
                        .get("properties")
                        .get("hours")
                        .get("description")
                        .asString())
                .as("a signpost sent with no hours is open around the clock, as the set-up reads it")
                .contains("no hours", "open around the clock every day");
    }

    @Test
    void administratorsAddAndRemoveBankHolidaysWhichAreThenNotWorkingDays() {
        SafeWorkingPractice practice = data.practiceSetUpWith(
                settings(List.of(clinician("GP 1", 25, EVERY_DAY)), coreHours(WEEKDAYS, "08:00", "18:30"), "CLOSE", 0));
        String ods = practice.ods();
        String manager = practice.managerToken();
        assertThat(http.get("/api/capacity/bank-holidays", manager).json().findValuesAsString("day"))
                .contains("2026-12-25", "2027-12-28");
        assertThat(http.postJson(
                                "/api/capacity/bank-holidays",
                                Map.of("day", "2028-05-08", "name", "A new holiday"),
                                manager)
                        .status())
                .as("only administrators change the holidays")
                .isEqualTo(403);
        Http.Response bad =
                http.postJson("/api/capacity/bank-holidays", Map.of("day", "8 May", "name", "x"), data.adminToken());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").findValuesAsString("field")).containsExactly("day");
        // Thursday 30 December 2027 becomes a holiday: a full practice on the 29th reopens on Friday the 31st.
        assertThat(http.postJson(
                                "/api/capacity/bank-holidays",
                                Map.of("day", "2027-12-30", "name", "Test holiday"),
                                data.adminToken())
                        .status())
                .isEqualTo(201);
        try {
            assertThat(http.get("/api/capacity/bank-holidays", manager).json().findValuesAsString("day"))
                    .contains("2027-12-30");
            JsonNode day = http.get("/api/practices/" + ods + "/capacity?day=2027-12-30", manager)
                    .json();
            assertThat(day.get("status").asString()).isEqualTo("CLOSED");
        } finally {
            assertThat(http.delete("/api/capacity/bank-holidays/2027-12-30", data.adminToken())
                            .status())
                    .isEqualTo(204);
        }
        Http.Response again = http.delete("/api/capacity/bank-holidays/2027-12-30", data.adminToken());
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.header("content-type")).startsWith("application/problem+json");
        assertThat(again.json().get("detail").asString())
                .isEqualTo("2027-12-30 is not a bank holiday: GET /api/capacity/bank-holidays lists them");
        assertThat(http.get("/api/practices/" + ods + "/capacity?day=2027-12-30", manager)
                        .json()
                        .get("status")
                        .asString())
                .isNotEqualTo("CLOSED");
        assertThat(jdbc.sql("""
                                select by || ': ' || what from capacity.bank_holiday_log
                                where what like '%2027-12-30%' and at > now() - interval '1 minute'
                                order by id desc limit 2
                                """).query(String.class).list())
                .as("who added and removed the holiday, and when")
                .containsExactly(
                        TestAdmin.EMAIL + ": Removed 2027-12-30, Test holiday: a working day again",
                        TestAdmin.EMAIL + ": Added 2027-12-30, Test holiday, as a bank holiday");
    }

    @Test
    void aBankHolidayAddedForADayAlreadyOnTheListIsRefused409NamingIt_andNothingChanges() {
        String day = "2090-02-06";
        try {
            assertThat(http.postJson(
                                    "/api/capacity/bank-holidays",
                                    Map.of("day", day, "name", "Test holiday"),
                                    data.adminToken())
                            .status())
                    .isEqualTo(201);
            List<String> logged = bankHolidayLog(day);

            for (String name : List.of("Test holiday", "Another name")) {
                Http.Response again = http.postJson(
                        "/api/capacity/bank-holidays", Map.of("day", day, "name", name), data.adminToken());

                assertThat(again.status()).as(name + ": " + again.body()).isEqualTo(409);
                assertThat(again.header("content-type")).startsWith("application/problem+json");
                assertThat(again.json().get("detail").asString())
                        .isEqualTo("6 February 2090 is already a bank holiday, Test holiday: nothing was added."
                                + " To rename it, remove it and add it again");
                assertThat(http.get("/api/capacity/bank-holidays", data.adminToken()).json().findValues("day").stream()
                                .filter(d -> d.asString().equals(day))
                                .count())
                        .isEqualTo(1);
                assertThat(jdbc.sql("select name from capacity.bank_holiday where day = cast(:day as date)")
                                .param("day", day)
                                .query(String.class)
                                .single())
                        .isEqualTo("Test holiday");
                assertThat(bankHolidayLog(day))
                        .as("nothing logged as added or renamed")
                        .isEqualTo(logged);
            }
        } finally {
            http.delete("/api/capacity/bank-holidays/" + day, data.adminToken());
        }
    }

    private List<String> bankHolidayLog(String day) {
        return jdbc.sql("select what from capacity.bank_holiday_log where what like :day order by id")
                .param("day", "%" + day + "%")
                .query(String.class)
                .list();
    }

    /** These clinicians, core hours all day every day, and no urgent reserve. */
    static Map<String, Object> allDayWith(List<Map<String, Object>> clinicians, String whenFull) {
        return settings(new ArrayList<>(clinicians), allDay(), whenFull, 0);
    }
}
