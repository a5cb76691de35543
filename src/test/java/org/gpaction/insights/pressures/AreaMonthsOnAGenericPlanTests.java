package org.gpaction.insights.pressures;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.YearMonth;
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
 * An area's appointments and workforce read its sub-ICB locations' rows, not every location's, even on the plan
 * PostgreSQL keeps for a statement prepared on the server (a generic plan, made without the locations bound). Forced
 * here from the first use, and counted by PostgreSQL's own statistics of the rows read, on a database of its own
 * holding five years of England's 106 sub-ICB locations' figures. England's workforce, set beside every area's, reads
 * every location's rows, once for each version of the data (see Pressures).
 */
class AreaMonthsOnAGenericPlanTests {

    static final int SUB_ICBS = 106;
    static final int MONTHS = 60;
    static final LocalDate FIRST_MONTH = LocalDate.of(2021, 1, 1);
    static final YearMonth LAST_MONTH = YearMonth.from(FIRST_MONTH).plusMonths(MONTHS - 1);

    /** An area of three locations; S002's workforce of the last month was not imported. */
    static final String[] AREA = {"S001", "S002", "S003"};

    /** The locations' appointments and workforce, whose rows read the test counts. */
    private static final String[] AREA_MONTHS = {"appointments_area", "workforce_area"};

    /** England's workforce as it was added up for every page, from every location's rows of every month. */
    private static final String ENGLAND_FROM_EVERY_LOCATION = """
            select month, sum(practices) as practices, sum(practices_gps_not_known) as practices_gps_not_known,
                   sum(total_patients) as patients, sum(gp_fte) as gp_fte, sum(qualified_fte) as qualified_fte
            from insights.workforce_area
            group by month
            order by month
            """;

    static ScratchDatabase database;

    /** England's locations: every one the test imports figures for. */
    static String[] everyLocation() {
        String[] codes = new String[SUB_ICBS];
        for (int s = 1; s <= SUB_ICBS; s++) {
            codes[s - 1] = String.format("S%03d", s);
        }
        return codes;
    }

    @BeforeAll
    static void fiveYearsOfEveryLocationsFigures() {
        database = new ScratchDatabase("area_months_generic_plan", 2);
        database.migrate("insights", MigrationVersion.LATEST);
        JdbcClient jdbc = database.jdbc();
        // Each location: 100,000 appointments a month, 60,000 with a GP, and 250 GPs for about 500,000 patients, of
        // whom about 200 fully qualified (both uneven, so that England's patients per GP are not round).
        jdbc.sql("""
                        insert into insights.appointments_area (month, sub_icb_code, source, appointments, attended,
                            dna, status_unknown, gp, other_staff, hcp_unknown, face_to_face, telephone, home_visit,
                            video_online, mode_unknown, same_day, over_two_weeks, wait_unknown)
                        select m::date, 'S' || lpad(s::text, 3, '0'), 'SUB_ICB', 100000, 95000, 4000, 1000, 60000,
                               40000, 0, 70000, 30000, 0, 0, 0, 40000, 10000, 0
                        from generate_series(cast(:first as date), cast(:first as date) + (:months - 1) * interval
                                             '1 month', interval '1 month') m,
                             generate_series(1, :subIcbs) s
                        """)
                .param("first", FIRST_MONTH)
                .param("months", MONTHS)
                .param("subIcbs", SUB_ICBS)
                .update();
        jdbc.sql("""
                        insert into insights.workforce_area (month, sub_icb_code, practices, total_patients, gp_fte,
                            qualified_fte)
                        select m::date, 'S' || lpad(s::text, 3, '0'), 60,
                               500000 + s * 1013 + extract(month from m)::int * 7,
                               250, 200 + (s % 9) * 0.37 + extract(month from m)::int * 0.01
                        from generate_series(cast(:first as date), cast(:first as date) + (:months - 1) * interval
                                             '1 month', interval '1 month') m,
                             generate_series(1, :subIcbs) s
                        where not (s = 2 and m = cast(:last as date))
                        """)
                .param("first", FIRST_MONTH)
                .param("months", MONTHS)
                .param("subIcbs", SUB_ICBS)
                .param("last", LAST_MONTH.atDay(1))
                .update();
        jdbc.sql("analyze insights.appointments_area").update();
        jdbc.sql("analyze insights.workforce_area").update();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void anAreasMonthsReadOnlyItsLocationsRows() throws Exception {
        try (Connection connection = database.genericPlans()) {
            JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(connection, true));
            PlaceMonths places = new PlaceMonths(jdbc);

            long before = RowsRead.inTransaction(jdbc, "insights", AREA_MONTHS);
            List<MonthFigures> appointments = places.appointments(false, false, AREA, AREA.length);
            List<WorkforceMonth> workforce = places.workforce(false, AREA);
            long read = RowsRead.inTransaction(jdbc, "insights", AREA_MONTHS) - before;

            assertThat(appointments).hasSize(MONTHS).allSatisfy(month -> {
                assertThat(month.appointments()).isEqualTo(300_000);
                assertThat(month.places()).isEqualTo(3);
            });
            assertThat(appointments.subList(0, MONTHS - 1)).allSatisfy(month -> {
                assertThat(month.gpWithWorkforce()).isEqualTo(180_000);
                assertThat(month.gpFte()).isEqualByComparingTo("750");
            });
            assertThat(appointments.get(MONTHS - 1))
                    .as("the last month, without S002's GPs or its appointments set against them")
                    .satisfies(month -> {
                        assertThat(month.month()).isEqualTo(LAST_MONTH);
                        assertThat(month.gpWithWorkforce()).isEqualTo(120_000);
                        assertThat(month.gpFte()).isEqualByComparingTo("500");
                    });
            assertThat(workforce).hasSize(MONTHS);
            assertThat(workforce.get(0).practices()).isEqualTo(180);
            assertThat(workforce.get(0).gpFte()).isEqualByComparingTo(new BigDecimal("750"));
            assertThat(workforce.get(MONTHS - 1).practices()).isEqualTo(120);
            assertThat(read)
                    .as("rows read for the area's appointments, the GPs beside them and its workforce, "
                            + AREA.length * MONTHS + " rows each, of every location's " + SUB_ICBS * MONTHS
                            + " in each table")
                    .isLessThanOrEqualTo(3L * AREA.length * MONTHS);
            connection.rollback();
        }
    }

    @Test
    void englandsMonthsAreThoseOfItsLocations() throws Exception {
        try (Connection connection = database.genericPlans()) {
            JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(connection, true));
            PlaceMonths places = new PlaceMonths(jdbc);
            String[] allButOne = java.util.Arrays.copyOf(everyLocation(), SUB_ICBS - 1);

            List<MonthFigures> appointments = places.appointments(false, true, everyLocation(), null);
            List<WorkforceMonth> workforce = places.englandWorkforce(everyLocation());
            List<WorkforceMonth> withoutOne = places.englandWorkforce(allButOne);

            assertThat(appointments).hasSize(MONTHS);
            assertThat(appointments.get(0).appointments()).isEqualTo(SUB_ICBS * 100_000L);
            assertThat(appointments.get(MONTHS - 1).gpWithWorkforce()).isEqualTo((SUB_ICBS - 1) * 60_000L);
            assertThat(workforce.get(0).practices()).isEqualTo(SUB_ICBS * 60);
            assertThat(workforce.get(MONTHS - 1).practices()).isEqualTo((SUB_ICBS - 1) * 60);
            assertThat(workforce)
                    .as("England's months as they were added up from every location's")
                    .containsExactlyElementsOf(englandFromEveryLocation(jdbc));
            assertThat(withoutOne.get(0).practices())
                    .as("a location not among England's adds nothing")
                    .isEqualTo((SUB_ICBS - 1) * 60);
            assertThat(withoutOne)
                    .allSatisfy(
                            month -> assertThat(month.englandPatientsPerGp()).isEqualTo(month.patientsPerGp()));
            connection.rollback();
        }
    }

    private static List<WorkforceMonth> englandFromEveryLocation(JdbcClient jdbc) {
        return jdbc.sql(ENGLAND_FROM_EVERY_LOCATION)
                .query((rs, row) -> {
                    WorkforceMonth month = new WorkforceMonth(
                            YearMonth.from(rs.getDate("month").toLocalDate()),
                            rs.getInt("practices"),
                            rs.getInt("practices_gps_not_known"),
                            rs.getLong("patients"),
                            rs.getBigDecimal("gp_fte"),
                            rs.getBigDecimal("qualified_fte"),
                            null);
                    return month.withEnglandPatientsPerGp(month.patientsPerGp());
                })
                .list();
    }
}
