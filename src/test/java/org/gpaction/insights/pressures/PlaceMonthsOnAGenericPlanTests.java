package org.gpaction.insights.pressures;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.LocalDate;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.gpaction.support.RowsRead;
import org.gpaction.support.ScratchDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A practice's appointments and workforce read that practice's rows, not every practice's, even on the plan
 * PostgreSQL keeps for a statement prepared on the server (a generic plan, made without the practices bound). Forced
 * here from the first use, and counted by PostgreSQL's own statistics of the rows read, on a database of its own
 * holding two years of 2,000 practices' figures.
 */
class PlaceMonthsOnAGenericPlanTests {

    static final int PRACTICES = 2000;
    static final int MONTHS = 24;
    static final LocalDate FIRST_MONTH = LocalDate.of(2023, 1, 1);

    /** The practices' appointments and workforce, whose rows read the test counts. */
    private static final String[] PRACTICE_MONTHS = {"appointments_practice", "workforce_practice"};

    static ScratchDatabase database;

    @BeforeAll
    static void twoYearsOfPracticeFigures() {
        database = new ScratchDatabase("pressures_generic_plan", 2);
        database.migrate("insights", MigrationVersion.LATEST);
        JdbcClient jdbc = database.jdbc();
        // Each practice: 1,000 appointments a month, 600 with a GP, and 2.5 GPs for 5,000 patients.
        jdbc.sql("""
                        insert into insights.appointments_practice (month, ods_code, sub_icb_code, appointments,
                            attended, dna, status_unknown, gp, other_staff, hcp_unknown, face_to_face, telephone,
                            home_visit, video_online, mode_unknown, same_day, over_two_weeks, wait_unknown)
                        select m::date, 'A' || lpad(p::text, 5, '0'), '00L', 1000, 950, 40, 10, 600, 400, 0, 700,
                               300, 0, 0, 0, 400, 100, 0
                        from generate_series(cast(:first as date), cast(:first as date) + (:months - 1) * interval
                                             '1 month', interval '1 month') m,
                             generate_series(1, :practices) p
                        """)
                .param("first", FIRST_MONTH)
                .param("months", MONTHS)
                .param("practices", PRACTICES)
                .update();
        jdbc.sql("""
                        insert into insights.workforce_practice (month, ods_code, sub_icb_code, total_patients,
                            gp_fte, qualified_fte)
                        select m::date, 'A' || lpad(p::text, 5, '0'), '00L', 5000, 2.5, 2.0
                        from generate_series(cast(:first as date), cast(:first as date) + (:months - 1) * interval
                                             '1 month', interval '1 month') m,
                             generate_series(1, :practices) p
                        """)
                .param("first", FIRST_MONTH)
                .param("months", MONTHS)
                .param("practices", PRACTICES)
                .update();
        jdbc.sql("analyze insights.appointments_practice").update();
        jdbc.sql("analyze insights.workforce_practice").update();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void aPracticesMonthsReadOnlyThatPracticesRows() throws Exception {
        try (Connection connection = database.genericPlans()) {
            JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(connection, true));
            PlaceMonths places = new PlaceMonths(jdbc);
            String[] practice = {"A00001"};

            long before = RowsRead.inTransaction(jdbc, "insights", PRACTICE_MONTHS);
            List<MonthFigures> appointments = places.appointments(true, false, practice, null);
            List<WorkforceMonth> workforce = places.workforce(true, practice);
            long read = RowsRead.inTransaction(jdbc, "insights", PRACTICE_MONTHS) - before;

            assertThat(appointments).hasSize(MONTHS).allSatisfy(month -> {
                assertThat(month.appointments()).isEqualTo(1000);
                assertThat(month.gpWithWorkforce()).isEqualTo(600);
            });
            assertThat(workforce).hasSize(MONTHS).allSatisfy(month -> {
                assertThat(month.practices()).isEqualTo(1);
                assertThat(month.patients()).isEqualTo(5000);
            });
            assertThat(read)
                    .as("rows read for one practice's " + 2 * MONTHS + ", of every practice's "
                            + 2 * PRACTICES * MONTHS)
                    .isLessThan(PRACTICES);
            connection.rollback();
        }
    }

    @Test
    void aPracticesRowsUnderALocationReadOnlyThatPracticesRows() throws Exception {
        try (Connection connection = database.genericPlans()) {
            JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(connection, true));
            PlaceMonths places = new PlaceMonths(jdbc);
            String[] practice = {"A00001"};

            long before = RowsRead.inTransaction(jdbc, "insights", PRACTICE_MONTHS);
            List<MonthFigures> appointments =
                    places.appointmentsUnder(new String[] {"00L"}, new String[] {"00L"}, practice, 1);
            List<WorkforceMonth> workforce = places.workforceUnder(new String[] {"00L"}, practice);
            long read = RowsRead.inTransaction(jdbc, "insights", PRACTICE_MONTHS) - before;

            assertThat(appointments).hasSize(MONTHS).allSatisfy(month -> {
                assertThat(month.appointments()).isEqualTo(1000);
                assertThat(month.places()).isEqualTo(1);
            });
            assertThat(workforce)
                    .hasSize(MONTHS)
                    .allSatisfy(month -> assertThat(month.patients()).isEqualTo(5000));
            assertThat(places.appointmentsUnder(new String[] {"99X"}, new String[] {"99X"}, practice, 1))
                    .as("no rows under another location")
                    .isEmpty();
            assertThat(read)
                    .as("rows read for one practice's " + 2 * MONTHS + ", of every practice's "
                            + 2 * PRACTICES * MONTHS)
                    .isLessThan(PRACTICES);
            connection.rollback();
        }
    }
}
