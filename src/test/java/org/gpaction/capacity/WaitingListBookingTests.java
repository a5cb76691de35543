package org.gpaction.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.capacity.CapacityTestData.EVERY_DAY;
import static org.gpaction.capacity.CapacityTestData.WaitingOverAWeekend.FIRST_CARRIED;
import static org.gpaction.capacity.CapacityTestData.WaitingOverAWeekend.TODAY;
import static org.gpaction.capacity.CapacityTestData.WaitingOverAWeekend.WORKING_DAY_BEFORE;
import static org.gpaction.capacity.CapacityTestData.allDay;
import static org.gpaction.capacity.CapacityTestData.clinician;
import static org.gpaction.capacity.CapacityTestData.settings;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.gpaction.capacity.CapacityTestData.SafeWorkingPractice;
import org.gpaction.capacity.CapacityTestData.WaitingOverAWeekend;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.MovingClock;
import org.gpaction.support.MovingClocks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Reception books a patient from the waiting list: once, with a clinician who has room today, within the cap as any
 * booking is, and the evidence counts it as the waiting list served rather than as a second request.
 */
@GpActionTest
@Import(MovingClocks.class)
@ExtendWith(OnAWorkingMorning.class)
class WaitingListBookingTests {

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

    /** A practice whose one clinician (cap 1) is full today, with one request on the waiting list. */
    record Full(String ods, String manager, String reception, long gp, long waiting, LocalDate today) {}

    Full fullWithOneWaiting() {
        SafeWorkingPractice practice =
                data.practiceTakingActionOne(settings(List.of(clinician("GP 1", 1, EVERY_DAY)), allDay(), "CLOSE", 0));
        String ods = practice.ods();
        String manager = practice.managerToken();
        String reception = data.receptionistToken(ods);
        long gp = practice.clinicianId(0);
        assertThat(data.contact(ods, "RECEPTION", "ROUTINE", reception)
                        .get("outcome")
                        .asString())
                .isEqualTo("BOOKED");
        JsonNode waiting = data.contact(ods, "RECEPTION", "ROUTINE", reception);
        assertThat(waiting.get("outcome").asString()).isEqualTo("WAITLISTED");
        return new Full(
                ods, manager, reception, gp, waiting.get("id").asLong(), PracticeCalendar.dayOf(clock.instant()));
    }

    @Test
    void aPatientOnTheWaitingListIsBookedFromItOnce_andCountedAsTheWaitingListServedNotAsNewDemand() {
        Full practice = fullWithOneWaiting();

        Http.Response noRoom = book(practice, practice.waiting(), Map.of());
        assertThat(noRoom.status()).as(noRoom.body()).isEqualTo(409);
        assertThat(noRoom.json().get("detail").asString())
                .contains("No clinician has room")
                .contains("stays on the waiting list");
        assertThat(servings(practice.waiting())).isZero();

        capToday(practice, 2);
        Http.Response booked = book(practice, practice.waiting(), Map.of("clinician", practice.gp()));
        assertThat(booked.status()).as(booked.body()).isEqualTo(201);
        JsonNode answer = booked.json();
        assertThat(answer.get("outcome").asString()).isEqualTo("BOOKED");
        assertThat(answer.get("servedFrom").asLong()).isEqualTo(practice.waiting());
        assertThat(answer.get("clinician").get("label").asString()).isEqualTo("GP 1");
        assertThat(answer.get("contactNumber").asInt()).isEqualTo(2);
        assertThat(answer.get("cap").asInt()).isEqualTo(2);

        Http.Response again = book(practice, practice.waiting(), Map.of());
        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(again.json().get("detail").asString())
                .contains("already booked from the waiting list with GP 1 on 13 January 2027 at 10:00am (request "
                        + answer.get("id").asLong() + ")");
        assertThat(servings(practice.waiting())).isOne();

        JsonNode day = http.get("/api/practices/" + practice.ods() + "/capacity", practice.reception())
                .json();
        assertThat(day.get("clinicians").get(0).get("used").asInt()).isEqualTo(2);
        assertThat(day.get("booked").asInt())
                .as("the patient's request was counted when it came")
                .isEqualTo(1);
        assertThat(day.get("waitlisted").asInt()).isEqualTo(1);
        assertThat(day.has("servedFromWaitingList"))
                .as("the day's answer keeps its shape")
                .isFalse();

        JsonNode demand = http.get(
                        "/api/capacity/demand?practice=" + practice.ods() + "&from=" + practice.today() + "&to="
                                + practice.today(),
                        practice.manager())
                .json()
                .get("days")
                .get(0);
        assertThat(demand.get("requests").asInt())
                .as("two patients asked, not three")
                .isEqualTo(2);
        assertThat(demand.get("reception").asInt()).isEqualTo(2);
        assertThat(demand.get("booked").asInt()).isEqualTo(1);
        assertThat(demand.get("waitlisted").asInt()).isEqualTo(1);

        JsonNode list = http.get(
                        "/api/practices/" + practice.ods() + "/waiting-list?day=" + answerForDay(practice),
                        practice.reception())
                .json();
        assertThat(list.get("requests")).hasSize(1);
        assertThat(list.get("requests").get(0).get("id").asLong()).isEqualTo(practice.waiting());
        assertThat(list.get("requests").get(0).get("servedBy").get("id").asLong())
                .isEqualTo(answer.get("id").asLong());

        Http manager = new Http(port);
        manager.signIn(data.staff("PRACTICE_MANAGER", List.of(practice.ods()), null), CapacityTestData.PASSWORD);
        List<String> csv = manager.get("/safe-working/" + practice.ods() + "/evidence.csv?from=" + practice.today()
                        + "&to=" + practice.today())
                .body()
                .lines()
                .toList();
        List<String> header = List.of(csv.get(0).replace("\uFEFF", "").split(","));
        List<String> row = List.of(csv.get(1).split(","));
        assertThat(header).endsWith("front_door_closed_minutes", "served_from_waiting_list");
        assertThat(csv.get(1)).startsWith(practice.today() + ",1,2,2,0,0,0,2,0,1,0,1,");
        assertThat(row.get(header.indexOf("served_from_waiting_list"))).isEqualTo("1");
    }

    @Test
    void aBookingFromTheWaitingListUndoneLetsThePatientBeBookedAgain_andTheRequestItServedIsUndoneOnlyAfterIt() {
        Full practice = fullWithOneWaiting();
        capToday(practice, 3);
        long first =
                book(practice, practice.waiting(), Map.of()).json().get("id").asLong();

        Http.Response undoWaiting = http.delete(
                "/api/practices/" + practice.ods() + "/contacts/" + practice.waiting(), practice.reception());
        assertThat(undoWaiting.status()).as(undoWaiting.body()).isEqualTo(409);
        assertThat(undoWaiting.json().get("detail").asString())
                .contains("booked from the waiting list as request " + first)
                .contains("undo that booking first");

        assertThat(http.delete("/api/practices/" + practice.ods() + "/contacts/" + first, practice.reception())
                        .status())
                .isEqualTo(204);
        Http.Response second = book(practice, practice.waiting(), Map.of());
        assertThat(second.status()).as(second.body()).isEqualTo(201);
        assertThat(second.json().get("contactNumber").asInt())
                .as("the undone booking gave its contact back")
                .isEqualTo(2);
        assertThat(servings(practice.waiting())).isOne();
    }

    @Test
    void badRequestsAreRefusedNamingWhatToFix_andChangeNothing() {
        Full practice = fullWithOneWaiting();
        capToday(practice, 5);
        String path = "/api/practices/" + practice.ods() + "/waiting-list/";
        long booked =
                jdbc.sql("""
                        select id from capacity.contact_request where ods_code = :ods and outcome = 'BOOKED'
                        """).param("ods", practice.ods()).query(Long.class).single();

        assertThat(book(practice, 987_654_321L, Map.of()).status()).isEqualTo(404);
        Http.Response notWaiting = book(practice, booked, Map.of());
        assertThat(notWaiting.status()).isEqualTo(404);
        assertThat(notWaiting.json().get("detail").asString())
                .isEqualTo("There is no request " + booked + " on " + practice.ods() + "'s waiting list");

        Http.Response noClinician = book(practice, practice.waiting(), Map.of("clinician", 987_654_321L));
        assertThat(noClinician.status()).isEqualTo(400);
        assertThat(noClinician.json().get("errors").findValuesAsString("field")).containsExactly("clinician");
        Http.Response notANumber =
                http.postJson(path + practice.waiting() + "/booking", "{\"clinician\":\"GP 1\"}", practice.reception());
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.json().get("errors").findValuesAsString("field")).containsExactly("clinician");
        Http.Response empty = http.postJson(path + practice.waiting() + "/booking", "", practice.reception());
        assertThat(empty.status()).isEqualTo(400);
        assertThat(http.get(path.replaceAll("/$", "") + "?day=2026-02-30", practice.reception())
                        .status())
                .isEqualTo(400);

        String otherPractice = data.practice(6_000);
        String otherReception = data.receptionistToken(otherPractice);
        assertThat(http.postJson(path + practice.waiting() + "/booking", Map.of(), otherReception)
                        .status())
                .as("another practice's staff are told there is no such practice they can see")
                .isEqualTo(404);
        String officer = data.token(data.staff("LMC_OFFICER", List.of(), data.lmc));
        Http.Response officerBooks = http.postJson(
                path + practice.waiting() + "/booking", "{\"clinician\":" + "1".repeat(70_000) + "}", officer);
        assertThat(officerBooks.status())
                .as("an LMC officer is refused before the (oversized) body is read")
                .isEqualTo(403);
        assertThat(http.get(path.replaceAll("/$", ""), officer).status()).isEqualTo(403);

        assertThat(servings(practice.waiting())).isZero();
        assertThat(jdbc.sql("""
                        select sum(d.used) from capacity.clinician_day d
                        join capacity.clinician c on c.id = d.clinician_id where c.ods_code = :ods
                        """)
                        .param("ods", practice.ods())
                        .query(Integer.class)
                        .single())
                .isOne();
    }

    private LocalDate answerForDay(Full practice) {
        return jdbc.sql("select waitlisted_for from capacity.contact_request where id = :id")
                .param("id", practice.waiting())
                .query((rs, row) -> rs.getDate(1).toLocalDate())
                .single();
    }

    /** A booking sent with a field it does not take is refused naming it, and the patient stays on the list. */
    @Test
    void aBookingWithAFieldItDoesNotTakeIsRefusedNamingIt_andThePatientStaysOnTheList() {
        Full practice = fullWithOneWaiting();
        capToday(practice, 2);

        Http.Response refused = book(practice, practice.waiting(), Map.of("clinicianId", practice.gp()));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("errors").findValuesAsString("field")).containsExactly("clinicianId");
        assertThat(refused.json().get("detail").asString())
                .isEqualTo("clinicianId is not a field this request takes: send clinician instead");
        assertThat(servings(practice.waiting())).isZero();
    }

    /**
     * On Wednesday 13 January, at a practice open Monday to Friday, today's list carries those of the 5 working days
     * before it, back over the weekend to Wednesday 6 January (7 days back): a request still waiting since Tuesday 5
     * January, the working day before, is on no list still worked, so it is not booked from the waiting list, through
     * the API or the page, and uses no clinician's contact, and its own day's list offers no "Book today" for it; one
     * waiting since Wednesday 6 January is offered on its own day's list and today's, and booked.
     */
    @Test
    void aRequestNoLongerCarriedIsNotBookedFromTheWaitingList_andNoListOffersIt() {
        WaitingOverAWeekend waiting = data.waitingOverAWeekend("RECEPTION");
        String ods = waiting.ods();
        String reception = data.receptionistToken(ods);
        assertThat(PracticeCalendar.dayOf(clock.instant())).isEqualTo(TODAY);
        long notCarried = waiting.notCarried();
        long carried = waiting.carried();
        String notCarriedSaid = "Request " + notCarried + " was put on the waiting list of Tuesday 5 January";

        Http.Response refused = http.postJson(
                "/api/practices/" + ods + "/waiting-list/" + notCarried + "/booking", Map.of(), reception);

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString())
                .contains(notCarriedSaid, "no longer carried onto today's list", "record a new request");
        assertThat(servings(notCarried)).isZero();

        Http page = new Http(port);
        assertThat(page.signIn(data.staff("RECEPTIONIST", List.of(ods), null), CapacityTestData.PASSWORD)
                        .status())
                .isLessThan(400);
        String ownDay = page.get("/safe-working/" + ods + "/waiting-list?day=" + WORKING_DAY_BEFORE)
                .body();
        assertThat(ownDay)
                .as("its own day's list still shows it, without a booking that would only be refused")
                .contains("id=\"waiting-" + notCarried + "\"")
                .doesNotContain("/waiting-list/" + notCarried + "/booking")
                .contains("No longer carried onto today");
        assertThat(page.get("/safe-working/" + ods + "/waiting-list?day=" + TODAY)
                        .body())
                .doesNotContain("id=\"waiting-" + notCarried + "\"")
                .contains("/waiting-list/" + carried + "/booking");
        assertThat(page.get("/safe-working/" + ods + "/waiting-list?day=" + FIRST_CARRIED)
                        .body())
                .as("one still carried is offered on its own day's list too")
                .contains("/waiting-list/" + carried + "/booking");

        Http.Response sent = page.postForm(
                "/safe-working/" + ods + "/waiting-list/" + notCarried + "/booking",
                Map.of("day", WORKING_DAY_BEFORE.toString()));
        assertThat(sent.status()).as(sent.body()).isEqualTo(302);
        assertThat(page.get("/safe-working/" + ods + "/waiting-list?day=" + WORKING_DAY_BEFORE)
                        .body())
                .as("the page's form, sent anyway, is refused with the reason")
                .contains(notCarriedSaid, "record a new request");
        assertThat(servings(notCarried)).isZero();
        assertThat(jdbc.sql("""
                        select coalesce(sum(d.used), 0)::int from capacity.clinician_day d
                        join capacity.clinician c on c.id = d.clinician_id where c.ods_code = :ods
                        """).param("ods", ods).query(Integer.class).single())
                .as("no clinician's contact was used")
                .isZero();

        Http.Response booked =
                http.postJson("/api/practices/" + ods + "/waiting-list/" + carried + "/booking", Map.of(), reception);
        assertThat(booked.status()).as(booked.body()).isEqualTo(201);
        assertThat(booked.json().get("servedFrom").asLong()).isEqualTo(carried);
    }

    private Http.Response book(Full practice, long waiting, Map<String, Object> body) {
        return http.postJson(
                "/api/practices/" + practice.ods() + "/waiting-list/" + waiting + "/booking",
                body,
                practice.reception());
    }

    private void capToday(Full practice, int cap) {
        Http.Response changed = http.putJson(
                "/api/practices/" + practice.ods() + "/capacity/days/" + practice.today(),
                Map.of("clinicians", List.of(Map.of("id", practice.gp(), "cap", cap))),
                practice.manager());
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    }

    private int servings(long waiting) {
        return jdbc.sql("""
                        select count(*) from capacity.contact_request
                        where served_from = :id and undone_at is null and from_waiting_list
                        """).param("id", waiting).query(Integer.class).single();
    }
}
