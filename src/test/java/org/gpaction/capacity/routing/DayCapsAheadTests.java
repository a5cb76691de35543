package org.gpaction.capacity.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.gpaction.capacity.CapacityTestData;
import org.gpaction.capacity.CapacityTestData.SafeWorkingPractice;
import org.gpaction.capacity.OnAWorkingMorning;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.common.UkTime;
import org.gpaction.practices.Practice;
import org.gpaction.practices.Practices;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.MovingClock;
import org.gpaction.support.MovingClocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A cap changed for a day to come, from the set-up page, holds on that day, and the day still follows the set-up for
 * everyone else: routed through the real service and database at an instant on that day.
 */
@GpActionTest
@Import(MovingClocks.class)
@ExtendWith(OnAWorkingMorning.class)
class DayCapsAheadTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Routing routing;

    @Autowired
    Practices practices;

    @Autowired
    MovingClock clock;

    @Test
    void aClinicianMarkedOffNextWeekIsOffThatDayAndAClinicianAddedSinceWorksIt() {
        Http api = new Http(port);
        CapacityTestData data = new CapacityTestData(jdbc, api);
        Map<String, Object> first = CapacityTestData.clinician("GP 1", 1, CapacityTestData.EVERY_DAY);
        SafeWorkingPractice setUp = data.practiceTakingActionOne(
                CapacityTestData.settings(List.of(first), CapacityTestData.allDay(), "CLOSE", 0));
        String ods = setUp.ods();
        String managerToken = setUp.managerToken();
        long gp1 = setUp.clinicianId(0);
        // Wednesday 20 January 2027: a week after the working morning the clock is set to, and no bank holiday.
        LocalDate ahead = PracticeCalendar.dayOf(clock.instant()).plusDays(7);

        Http manager = new Http(port);
        manager.signIn(data.staff("PRACTICE_MANAGER", List.of(ods), null), CapacityTestData.PASSWORD);
        manager.get("/safe-working/" + ods + "/day-caps");
        Http.Response off = manager.postForm(
                "/safe-working/" + ods + "/day-caps",
                Map.of("clinician", String.valueOf(gp1), "day", ahead.toString(), "cap", "0"));
        assertThat(off.status()).isEqualTo(302);
        assertThat(off.header("location")).endsWith("/safe-working/" + ods + "/setup");
        assertThat(manager.get("/safe-working/" + ods + "/setup").body())
                .contains("GP 1 is off on " + BoardController.DAY.format(ahead))
                .contains("Caps for " + BoardController.DAY.format(ahead) + " only: GP 1 off (cap 0)");

        first.put("id", gp1);
        data.setUp(
                ods,
                managerToken,
                CapacityTestData.settings(
                        List.of(first, CapacityTestData.clinician("GP 2", 1, CapacityTestData.EVERY_DAY)),
                        CapacityTestData.allDay(),
                        "CLOSE",
                        0));

        Practice practice = practices.find(ods).orElseThrow();
        Routing.Routed booked = route(practice, ahead, LocalTime.of(10, 0));
        assertThat(booked.decision()).isInstanceOf(Router.Booked.class);
        assertThat(booked.clinician().label()).isEqualTo("GP 2");
        assertThat(route(practice, ahead, LocalTime.of(10, 5)).decision())
                .as("GP 1 is off and GP 2 is full")
                .isInstanceOf(Router.Waitlisted.class);
        assertThat(jdbc.sql("select used from capacity.clinician_day where clinician_id = :id and day = :day")
                        .param("id", gp1)
                        .param("day", Date.valueOf(ahead))
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    Routing.Routed route(Practice practice, LocalDate day, LocalTime time) {
        Instant at = day.atTime(time).atZone(UkTime.ZONE).toInstant();
        return routing.route(practice, new Router.Request(Channel.RECEPTION, RequestKind.ROUTINE, null), "test", at);
    }
}
