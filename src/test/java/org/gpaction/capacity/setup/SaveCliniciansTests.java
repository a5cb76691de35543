package org.gpaction.capacity.setup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.capacity.CapacityTestData.EVERY_DAY;
import static org.gpaction.capacity.CapacityTestData.allDay;
import static org.gpaction.capacity.CapacityTestData.clinician;
import static org.gpaction.capacity.CapacityTestData.settings;

import java.sql.Date;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.gpaction.capacity.CapacityTestData;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Saving the clinicians changes today's caps, so it is given today's row held by its transaction, as routing takes it
 * ({@link SaveClinicians.HeldDay}, which only {@link SaveClinicians#holdToday} makes): the day's cap follows the usual
 * one.
 */
@GpActionTest
class SaveCliniciansTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SaveClinicians clinicians;

    @Autowired
    PracticeSetups setups;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    Clock clock;

    @Test
    void cliniciansSavedWithTodaysRowHeld_changeTodaysCapWithTheUsualOne() {
        CapacityTestData data = new CapacityTestData(jdbc, new Http(port));
        String ods = data.practiceSetUpWith(settings(List.of(clinician("GP 1", 25, EVERY_DAY)), allDay(), "CLOSE", 0))
                .ods();
        long gp = setups.clinicians(ods).get(0).id();
        Instant now = clock.instant();
        List<SetupRules.ClinicianRequestChecked> lowered = List.of(new SetupRules.ClinicianRequestChecked(
                gp, "GP 1", ClinicianRole.SALARIED_GP, 20, EnumSet.allOf(DayOfWeek.class)));

        new TransactionTemplate(transactions)
                .executeWithoutResult(status ->
                        clinicians.save(clinicians.holdToday(ods, PracticeCalendar.dayOf(now)), lowered, now));

        assertThat(setups.clinicians(ods).get(0).dailyCap()).isEqualTo(20);
        assertThat(jdbc.sql("select cap from capacity.clinician_day where clinician_id = :id and day = :today")
                        .param("id", gp)
                        .param("today", Date.valueOf(PracticeCalendar.dayOf(now)))
                        .query(Integer.class)
                        .single())
                .as("today's cap")
                .isEqualTo(20);
    }
}
