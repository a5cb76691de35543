package org.gpaction.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.capacity.CapacityTestData.EVERY_DAY;
import static org.gpaction.capacity.CapacityTestData.allDay;
import static org.gpaction.capacity.CapacityTestData.clinician;
import static org.gpaction.capacity.CapacityTestData.settings;

import java.util.List;
import java.util.Map;
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
import tools.jackson.databind.JsonNode;

/**
 * Who a request is booked with when reception chooses nobody: never a clinician off today, and otherwise whoever has
 * most room, for a new request and for a patient booked from the waiting list alike.
 */
@GpActionTest
@Import(MovingClocks.class)
@ExtendWith(OnAWorkingMorning.class)
class ClinicianChoiceTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Http http;
    CapacityTestData data;

    @BeforeEach
    void httpAndTestData() {
        http = new Http(port);
        data = new CapacityTestData(jdbc, http);
    }

    /** A practice without action 1 in force, whose manager may change today's caps. */
    record Practice(String ods, String manager, String reception, long gp1, long gp2, String today) {}

    Practice withoutActionOne(int gp1Cap, int gp2Cap) {
        String ods = data.practice(6_000);
        String manager = data.practiceManagerToken(ods);
        JsonNode saved = data.setUp(
                ods,
                manager,
                settings(
                        List.of(clinician("GP 1", gp1Cap, EVERY_DAY), clinician("GP 2", gp2Cap, EVERY_DAY)),
                        allDay(),
                        "CLOSE",
                        0));
        String today = http.get("/api/practices/" + ods + "/capacity", manager)
                .json()
                .get("day")
                .asString();
        return new Practice(
                ods,
                manager,
                data.receptionistToken(ods),
                saved.get("clinicians").get(0).get("id").asLong(),
                saved.get("clinicians").get(1).get("id").asLong(),
                today);
    }

    @Test
    void beforeActionOneIsInForceAClinicianOffTodayIsNotBooked_newRequestsGoToTheOtherClinician() {
        Practice practice = withoutActionOne(25, 25);
        assertThat(bookedWith(practice, practice.gp2())).isEqualTo("GP 2");
        capToday(practice, practice.gp1(), 0);

        JsonNode routine = data.contact(practice.ods(), "RECEPTION", "ROUTINE", practice.reception());

        assertThat(routine.get("outcome").asString()).isEqualTo("BOOKED");
        assertThat(routine.get("clinician").get("label").asString())
                .as("GP 1 is off sick, though GP 2 has more contacts")
                .isEqualTo("GP 2");
    }

    @Test
    void aClinicianSentHomeAfterBookingIsPassedOver_evenWhenEveryoneElseIsPastTheirCap() {
        Practice practice = withoutActionOne(2, 2);
        assertThat(bookedWith(practice, practice.gp1())).isEqualTo("GP 1");
        for (int i = 0; i < 3; i++) {
            assertThat(bookedWith(practice, practice.gp2()))
                    .as("before action 1 is in force, a cap turns nobody away")
                    .isEqualTo("GP 2");
        }
        capToday(practice, practice.gp1(), 0);

        JsonNode routine = data.contact(practice.ods(), "RECEPTION", "ROUTINE", practice.reception());

        assertThat(routine.get("clinician").get("label").asString())
                .as("GP 1 went home with one booked; GP 2 is past their cap of 2 but at work")
                .isEqualTo("GP 2");
    }

    @Test
    void whoeverHasMostRoomIsBooked_soASmallCapDoesNotFillFirst_forANewRequestAndFromTheWaitingList() {
        String ods = data.practice(6_000);
        String manager = data.practiceManagerToken(ods);
        data.takeActionOne(ods, manager);
        JsonNode saved = data.setUp(
                ods,
                manager,
                settings(
                        List.of(clinician("GP 1", 1, EVERY_DAY), clinician("ANP", 1, EVERY_DAY)),
                        allDay(),
                        "CLOSE",
                        0));
        String today = http.get("/api/practices/" + ods + "/capacity", manager)
                .json()
                .get("day")
                .asString();
        Practice practice = new Practice(
                ods,
                manager,
                data.receptionistToken(ods),
                saved.get("clinicians").get(0).get("id").asLong(),
                saved.get("clinicians").get(1).get("id").asLong(),
                today);
        assertThat(data.contact(ods, "RECEPTION", "ROUTINE", practice.reception())
                        .get("outcome")
                        .asString())
                .isEqualTo("BOOKED");
        assertThat(data.contact(ods, "RECEPTION", "ROUTINE", practice.reception())
                        .get("outcome")
                        .asString())
                .isEqualTo("BOOKED");
        JsonNode waiting = data.contact(ods, "RECEPTION", "ROUTINE", practice.reception());
        assertThat(waiting.get("outcome").asString()).isEqualTo("WAITLISTED");
        capToday(practice, practice.gp1(), 25);
        capToday(practice, practice.gp2(), 10);
        for (int i = 1; i < 10; i++) {
            bookedWith(practice, practice.gp1());
        }
        for (int i = 1; i < 9; i++) {
            bookedWith(practice, practice.gp2());
        }

        JsonNode routine = data.contact(ods, "RECEPTION", "ROUTINE", practice.reception());
        assertThat(routine.get("clinician").get("label").asString())
                .as("GP 1 has 10 booked of 25, the ANP 9 of 10: GP 1 has most room")
                .isEqualTo("GP 1");

        Http.Response served = http.postJson(
                "/api/practices/" + ods + "/waiting-list/" + waiting.get("id").asLong() + "/booking",
                Map.of(),
                practice.reception());
        assertThat(served.status()).as(served.body()).isEqualTo(201);
        assertThat(served.json().get("clinician").get("label").asString())
                .as("GP 1 has 11 booked of 25, the ANP 9 of 10: GP 1 has most room")
                .isEqualTo("GP 1");
    }

    private String bookedWith(Practice practice, long clinician) {
        Http.Response booked = http.postJson(
                "/api/practices/" + practice.ods() + "/contacts",
                Map.of("channel", "RECEPTION", "kind", "ROUTINE", "clinician", clinician),
                practice.reception());
        assertThat(booked.status()).as(booked.body()).isEqualTo(201);
        return booked.json().get("clinician").get("label").asString();
    }

    private void capToday(Practice practice, long clinician, int cap) {
        Http.Response changed = http.putJson(
                "/api/practices/" + practice.ods() + "/capacity/days/" + practice.today(),
                Map.of("clinicians", List.of(Map.of("id", clinician, "cap", cap))),
                practice.manager());
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    }
}
