package org.gpaction.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.capacity.CapacityTestData.EVERY_DAY;
import static org.gpaction.capacity.CapacityTestData.WaitingOverAWeekend.FIRST_CARRIED;
import static org.gpaction.capacity.CapacityTestData.WaitingOverAWeekend.TODAY;
import static org.gpaction.capacity.CapacityTestData.WaitingOverAWeekend.WORKING_DAY_BEFORE;
import static org.gpaction.capacity.CapacityTestData.allDay;
import static org.gpaction.capacity.CapacityTestData.clinician;
import static org.gpaction.capacity.CapacityTestData.settings;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
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
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * A request sent through the online front door that staff judge not genuine is withdrawn, from the board or through
 * the API, at any time on its day (not only in an undo's two minutes): its contact or its place on the waiting list
 * is given back, the evidence no longer counts it as demand, and the set-up log says who withdrew it and when.
 */
@GpActionTest
@Import(MovingClocks.class)
@ExtendWith(OnAWorkingMorning.class)
class FrontDoorWithdrawalTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    WebApplicationContext context;

    @Autowired
    MovingClock clock;

    MockMvc mvc;
    Http http;
    CapacityTestData data;

    @BeforeEach
    void mockMvc() {
        mvc = MockMvcBuilders.webAppContextSetup(context)
                .apply(SecurityMockMvcConfigurers.springSecurity())
                .build();
        http = new Http(port);
        data = new CapacityTestData(jdbc, http);
    }

    @Test
    void anOnlineRequestWithdrawnThroughTheApiAnHourLater_givesItsContactBack_leavesTheEvidence_andIsLogged()
            throws Exception {
        String ods = data.practiceTakingActionOne(
                        settings(List.of(clinician("GP 1", 25, EVERY_DAY)), allDay(), "CLOSE", 2))
                .ods();
        String receptionist = data.staff("RECEPTIONIST", List.of(ods), null);
        String token = data.token(receptionist);
        long id = sendOnline(ods, "URGENT");
        assertThat(used(ods)).isEqualTo(1);
        assertThat(onlineDemand(ods)).isEqualTo(1);

        Http.Response undo = http.delete("/api/practices/" + ods + "/contacts/" + id, token);
        assertThat(undo.status()).as("an online request is still not undone").isEqualTo(409);
        assertThat(undo.body()).contains("cannot be undone; withdraw it instead if it is not genuine");

        clock.advance(Duration.ofHours(1));
        Http.Response withdrawn =
                http.postJson("/api/practices/" + ods + "/contacts/" + id + "/withdrawal", Map.of(), token);

        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(204);
        assertThat(used(ods)).as("the contact is given back").isZero();
        assertThat(onlineDemand(ods)).as("the evidence counts it no more").isZero();
        assertThat(jdbc.sql("""
                        select by || ' ' || what from capacity.setup_log
                        where ods_code = :ods and what like 'Online request%'
                        """).param("ods", ods).query(String.class).list())
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith(receptionist + " Online request " + id + " withdrawn as not genuine: an urgent request")
                .endsWith("booked, its contact given back");
        assertThat(jdbc.sql("select undone_by from capacity.contact_request where id = :id")
                        .param("id", id)
                        .query(String.class)
                        .single())
                .isEqualTo(receptionist);

        Http.Response again =
                http.postJson("/api/practices/" + ods + "/contacts/" + id + "/withdrawal", Map.of(), token);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("was already withdrawn");
        long byReception =
                data.contact(ods, "RECEPTION", "ROUTINE", token).get("id").asLong();
        Http.Response notOnline =
                http.postJson("/api/practices/" + ods + "/contacts/" + byReception + "/withdrawal", Map.of(), token);
        assertThat(notOnline.status()).isEqualTo(409);
        assertThat(notOnline.body()).contains("not sent through the online front door", "undo it");
        assertThat(used(ods)).as("a refused withdrawal changes nothing").isEqualTo(1);
    }

    /**
     * With one GP at 1 and the day full, an online routine request waits for tomorrow, holding its one place, so the
     * next waits for the day after; withdrawn, its place is free again and the next online request waits for tomorrow.
     */
    @Test
    void aWaitlistedOnlineRequestWithdrawnFreesItsPlaceAhead() throws Exception {
        var practice = data.practiceTakingActionOne(
                settings(List.of(clinician("GP 1", 1, EVERY_DAY)), allDay(), "STAY_OPEN_SIGNPOST", 0));
        String ods = practice.ods();
        LocalDate today = PracticeCalendar.dayOf(clock.instant());
        data.contact(ods, "RECEPTION", "ROUTINE", practice.managerToken());
        long first = sendOnline(ods, "ROUTINE");
        assertThat(waitlistedFor(first)).isEqualTo(today.plusDays(1));
        long second = sendOnline(ods, "ROUTINE");
        assertThat(waitlistedFor(second)).as("tomorrow's one place is held").isEqualTo(today.plusDays(2));

        Http.Response withdrawn = http.postJson(
                "/api/practices/" + ods + "/contacts/" + first + "/withdrawal", Map.of(), practice.managerToken());

        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(204);
        long third = sendOnline(ods, "ROUTINE");
        assertThat(waitlistedFor(third)).as("tomorrow's place is free again").isEqualTo(today.plusDays(1));
    }

    /**
     * On Wednesday 13 January, at a practice open Monday to Friday, today's list carries those of the 5 working days
     * before it, back over the weekend to Wednesday 6 January (7 days back, so a bound of 5 days on the calendar would
     * refuse it): an online request still waiting since Tuesday 5 January, the working day before, is carried no more,
     * so it is part of evidence already closed and is not withdrawn (its list offers no button for it), while one
     * waiting since Wednesday 6 January is still carried and is withdrawn.
     */
    @Test
    void aWaitlistedOnlineRequestNoLongerCarriedIsNotWithdrawn_andNoListOffersIt() throws Exception {
        WaitingOverAWeekend waiting = data.waitingOverAWeekend("ONLINE");
        String ods = waiting.ods();
        assertThat(PracticeCalendar.dayOf(clock.instant())).isEqualTo(TODAY);
        long notCarried = waiting.notCarried();
        long carried = waiting.carried();
        String receptionist = data.staff("RECEPTIONIST", List.of(ods), null);
        String token = data.token(receptionist);

        Http.Response refused =
                http.postJson("/api/practices/" + ods + "/contacts/" + notCarried + "/withdrawal", Map.of(), token);

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.body())
                .contains(
                        "Request " + notCarried + " was put on the waiting list of Tuesday 5 January",
                        "no longer carried onto today's list",
                        "cannot be withdrawn");
        assertThat(jdbc.sql("select undone_at is null from capacity.contact_request where id = :id")
                        .param("id", notCarried)
                        .query(Boolean.class)
                        .single())
                .as("a refused withdrawal changes nothing")
                .isTrue();
        assertThat(jdbc.sql("select count(*) from capacity.setup_log where ods_code = :ods and what like 'Online%'")
                        .param("ods", ods)
                        .query(Integer.class)
                        .single())
                .isZero();

        Http reception = new Http(port);
        assertThat(reception.signIn(receptionist, CapacityTestData.PASSWORD).status())
                .isLessThan(400);
        String ownDay = reception
                .get("/safe-working/" + ods + "/waiting-list?day=" + WORKING_DAY_BEFORE)
                .body();
        assertThat(ownDay)
                .as("its own day's list still shows it, without a withdrawal that would only be refused")
                .contains("id=\"waiting-" + notCarried + "\"")
                .doesNotContain("/requests/" + notCarried + "/withdraw");
        String todays = reception
                .get("/safe-working/" + ods + "/waiting-list?day=" + TODAY)
                .body();
        assertThat(todays)
                .doesNotContain("id=\"waiting-" + notCarried + "\"")
                .contains("/requests/" + carried + "/withdraw");
        assertThat(reception
                        .get("/safe-working/" + ods + "/waiting-list?day=" + FIRST_CARRIED)
                        .body())
                .as("one still carried is offered on its own day's list too")
                .contains("/requests/" + carried + "/withdraw");

        Http.Response withdrawn =
                http.postJson("/api/practices/" + ods + "/contacts/" + carried + "/withdrawal", Map.of(), token);
        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(204);
    }

    @Test
    void theBoardOffersWithdrawOnlyForOnlineRequests_andItsFormNeedsItsCsrfToken() throws Exception {
        String ods = data.practiceTakingActionOne(
                        settings(List.of(clinician("GP 1", 25, EVERY_DAY)), allDay(), "CLOSE", 0))
                .ods();
        String receptionist = data.staff("RECEPTIONIST", List.of(ods), null);
        long byReception = data.contact(ods, "RECEPTION", "ROUTINE", data.token(receptionist))
                .get("id")
                .asLong();
        long online = sendOnline(ods, "ROUTINE");
        Http reception = new Http(port);
        assertThat(reception.signIn(receptionist, CapacityTestData.PASSWORD).status())
                .isLessThan(400);
        String board = reception.get("/safe-working/" + ods).body();
        assertThat(board)
                .contains("/safe-working/" + ods + "/requests/" + online + "/withdraw")
                .contains("Withdraw as not genuine")
                .doesNotContain("/requests/" + byReception + "/withdraw");

        Http.Response forged =
                reception.postFormExactly("/safe-working/" + ods + "/requests/" + online + "/withdraw", Map.of());
        assertThat(forged.status()).as("without the form's CSRF token").isEqualTo(403);
        assertThat(used(ods)).isEqualTo(2);

        Http.Response withdrawn =
                reception.postForm("/safe-working/" + ods + "/requests/" + online + "/withdraw", Map.of());

        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(302);
        String after = reception.get("/safe-working/" + ods).body();
        assertThat(after)
                .contains("Online request " + online + " was withdrawn as not genuine.")
                .doesNotContain("id=\"request-" + online + "\"");
        assertThat(used(ods)).isEqualTo(1);
    }

    /** An online request sent from an address of its own; its id. */
    long sendOnline(String ods, String need) throws Exception {
        String address = "192.0.2." + ThreadLocalRandom.current().nextInt(1, 255);
        int status = mvc.perform(MockMvcRequestBuilders.post("/p/" + ods)
                        .param("need", need)
                        .with(SecurityMockMvcRequestPostProcessors.csrf())
                        .with(request -> {
                            request.setRemoteAddr(address);
                            return request;
                        }))
                .andReturn()
                .getResponse()
                .getStatus();
        assertThat(status).isEqualTo(302);
        return jdbc.sql("select max(id) from capacity.contact_request where ods_code = :ods and channel = 'ONLINE'")
                .param("ods", ods)
                .query(Long.class)
                .single();
    }

    int used(String ods) {
        return jdbc.sql("""
                        select coalesce(sum(d.used), 0)::int from capacity.clinician_day d
                        join capacity.clinician c on c.id = d.clinician_id
                        where c.ods_code = :ods and d.day = :day
                        """)
                .param("ods", ods)
                .param("day", java.sql.Date.valueOf(PracticeCalendar.dayOf(clock.instant())))
                .query(Integer.class)
                .single();
    }

    LocalDate waitlistedFor(long id) {
        return jdbc.sql("select waitlisted_for from capacity.contact_request where id = :id")
                .param("id", id)
                .query(java.sql.Date.class)
                .single()
                .toLocalDate();
    }

    /** Online requests today by the evidence API, as the practice's manager reads them. */
    int onlineDemand(String ods) {
        LocalDate today = PracticeCalendar.dayOf(clock.instant());
        JsonNode days = http.get(
                        "/api/capacity/demand?practice=" + ods + "&from=" + today + "&to=" + today, data.adminToken())
                .json()
                .get("days");
        int online = 0;
        for (JsonNode day : days) {
            online += day.get("online").asInt();
        }
        return online;
    }
}
