package org.gpaction.capacity.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.capacity.CapacityTestData.EVERY_DAY;
import static org.gpaction.capacity.CapacityTestData.allDay;
import static org.gpaction.capacity.CapacityTestData.clinician;
import static org.gpaction.capacity.CapacityTestData.settings;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.gpaction.capacity.CapacityTestData;
import org.gpaction.capacity.CapacityTestData.SafeWorkingPractice;
import org.gpaction.capacity.OnAWorkingMorning;
import org.gpaction.capacity.setup.PracticeCalendar;
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
 * A booking's write holds the clinician to action 1's daily contact limit it is given, as the decision did, and not
 * only to the cap the practice set: a clinician set at 25 with 20 booked takes no 21st under a limit of 20, while the
 * day is as read, whether booked alone or with others. Given no limit (action 1 not in force), no cap holds, not even
 * the one the practice set: a clinician booked to it takes more (the router's decision books past the cap then too).
 */
@GpActionTest
@Import(MovingClocks.class)
@ExtendWith(OnAWorkingMorning.class)
class CapLimitWritesTests {

    static final int LIMIT = 20;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MovingClock clock;

    @Autowired
    DayWrites writes;

    @Test
    void aBookingIsNotWrittenPastTheLimitGiven_butIsWithoutOne() {
        CapacityTestData data = new CapacityTestData(jdbc, new Http(port));
        SafeWorkingPractice practice =
                data.practiceTakingActionOne(settings(List.of(clinician("GP 1", 25, EVERY_DAY)), allDay(), "CLOSE", 0));
        String ods = practice.ods();
        long gp = practice.clinicianId(0);
        for (int i = 0; i < LIMIT; i++) {
            assertThat(data.contact(ods, "RECEPTION", "ROUTINE", practice.managerToken())
                            .get("outcome")
                            .asString())
                    .isEqualTo("BOOKED");
        }
        LocalDate day = PracticeCalendar.dayOf(clock.instant());
        Instant now = clock.instant();
        Router.Request routine = new Router.Request(Channel.RECEPTION, RequestKind.ROUTINE, null);
        DayWrites.Row row =
                DayWrites.Row.booked(now, routine, "test", new ClinicianLoad(gp, "GP 1", 25, LIMIT + 1), false);

        assertThat(writes.bookIfUnchanged(
                        ods, day, changes(ods, day), gp, LIMIT, false, now, routine, "test", null, false))
                .isEmpty();
        assertThat(writes.recordTogether(ods, day, changes(ods, day), LIMIT, 0, List.of(row)))
                .isEmpty();
        assertThat(used(gp, day)).as("nothing written").isEqualTo(LIMIT);

        // With no limit no cap holds at all, not even the one the practice set: full to its own cap, the clinician
        // still takes both bookings (held to the cap set, neither would be written).
        jdbc.sql("update capacity.clinician_day set cap = used where clinician_id = :gp and day = :day")
                .param("gp", gp)
                .param("day", Date.valueOf(day))
                .update();
        assertThat(writes.bookIfUnchanged(
                        ods, day, changes(ods, day), gp, null, false, now, routine, "test", null, false))
                .get()
                .extracting(DayWrites.Written::contactNumber)
                .isEqualTo(LIMIT + 1);
        assertThat(writes.recordTogether(ods, day, changes(ods, day), null, 0, List.of(row)))
                .get()
                .asList()
                .hasSize(1);
        assertThat(used(gp, day)).isEqualTo(LIMIT + 2);
    }

    private long changes(String ods, LocalDate day) {
        return jdbc.sql("select changes from capacity.practice_day where ods_code = :ods and day = :day")
                .param("ods", ods)
                .param("day", Date.valueOf(day))
                .query(Long.class)
                .single();
    }

    private int used(long clinician, LocalDate day) {
        return jdbc.sql("select used from capacity.clinician_day where clinician_id = :id and day = :day")
                .param("id", clinician)
                .param("day", Date.valueOf(day))
                .query(Integer.class)
                .single();
    }
}
