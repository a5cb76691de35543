package org.gpaction.capacity.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.gpaction.capacity.CapacityTestData;
import org.gpaction.practices.Practice;
import org.gpaction.practices.Practices;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The day turns over at midnight UK time, on the two DST days too, and a bank holiday is not a working day: routed
 * through the real service and database at chosen instants.
 */
@GpActionTest
class DayTurnoverTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Routing routing;

    @Autowired
    Practices practices;

    Practice practiceWithOneClinicianAtOne(boolean everyDay) {
        Http http = new Http(port);
        CapacityTestData data = new CapacityTestData(jdbc, http);
        Map<String, Object> hours = everyDay
                ? CapacityTestData.coreHours(CapacityTestData.EVERY_DAY, "00:00", "23:59:59")
                : CapacityTestData.coreHours(CapacityTestData.WEEKDAYS, "08:00", "18:30");
        String ods = data.practiceTakingActionOne(CapacityTestData.settings(
                        List.of(CapacityTestData.clinician("GP 1", 1, CapacityTestData.EVERY_DAY)), hours, "CLOSE", 0))
                .ods();
        return practices.find(ods).orElseThrow();
    }

    Router.Decision route(Practice practice, String instant) {
        return routing.route(
                        practice,
                        new Router.Request(Channel.RECEPTION, RequestKind.ROUTINE, null),
                        "test",
                        Instant.parse(instant))
                .decision();
    }

    @Test
    void onTheDayTheClocksGoForwardTheNewDayStartsAt2300Utc() {
        Practice practice = practiceWithOneClinicianAtOne(true);
        assertThat(route(practice, "2026-03-29T22:58:00Z")).isInstanceOf(Router.Booked.class);
        assertThat(route(practice, "2026-03-29T22:59:00Z")).isInstanceOf(Router.Waitlisted.class);
        // 23:00 UTC is midnight BST: a new day with a new cap.
        assertThat(route(practice, "2026-03-29T23:00:30Z")).isInstanceOf(Router.Booked.class);
    }

    @Test
    void onTheDayTheClocksGoBackTheDayLastsUntilMidnightUtc() {
        Practice practice = practiceWithOneClinicianAtOne(true);
        // 23:30 UTC on 24 October is 00:30 BST on the 25th; 23:30 UTC on the 25th is still the 25th (GMT).
        assertThat(route(practice, "2026-10-24T23:30:00Z")).isInstanceOf(Router.Booked.class);
        assertThat(route(practice, "2026-10-25T23:30:00Z")).isInstanceOf(Router.Waitlisted.class);
        assertThat(route(practice, "2026-10-26T00:00:30Z")).isInstanceOf(Router.Booked.class);
    }

    @Test
    void aFullPracticeIsOpenAgainTheNextWorkingDayAfterTheBankHoliday() {
        Practice practice = practiceWithOneClinicianAtOne(false);
        // Thursday 2 April 2026 fills; Good Friday and Easter Monday are bank holidays.
        assertThat(route(practice, "2026-04-02T09:00:00Z")).isInstanceOf(Router.Booked.class);
        Router.Decision full = route(practice, "2026-04-02T09:05:00Z");
        assertThat(full).isEqualTo(new Router.Waitlisted(java.time.LocalDate.parse("2026-04-07")));
        assertThat(route(practice, "2026-04-03T09:00:00Z"))
                .isEqualTo(new Router.Diverted(DiversionReason.OUTSIDE_CORE_HOURS));
        assertThat(route(practice, "2026-04-07T07:30:00Z"))
                .as("08:30 BST on Tuesday")
                .isInstanceOf(Router.Booked.class);
    }
}
