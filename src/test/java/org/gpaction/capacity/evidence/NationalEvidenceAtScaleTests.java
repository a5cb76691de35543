package org.gpaction.capacity.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.gpaction.support.DebianPostgres;
import org.gpaction.support.RowsRead;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * England's figures for a few weeks read those weeks' rows, not every row kept since the first: counted by
 * PostgreSQL's own statistics of the rows read, on PostgreSQL 15 (the production version: the tests' own PostgreSQL
 * 18 can skip through an index led by the practice, which 15 cannot, so there the whole table is read).
 */
class NationalEvidenceAtScaleTests {

    static final int PRACTICES = 500;
    static final LocalDate FIRST_KEPT = LocalDate.of(2025, 1, 6);

    @TempDir
    static Path work;

    static DebianPostgres server;

    @BeforeAll
    static void productionPostgres() throws Exception {
        server = DebianPostgres.start(work);
        Flyway.configure()
                .dataSource(server.jdbcUrl(), DebianPostgres.USER, server.password())
                .schemas("capacity")
                .createSchemas(true)
                .locations("classpath:db/migration/capacity")
                .load()
                .migrate();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void englandsDailyDemandReadsNoDayFoldedBeforeTheWeeksAsked() throws Exception {
        try (Connection connection = transaction()) {
            JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(connection, true));
            // A year of days folded into counts, one row per practice a day, and the four weeks kept since.
            jdbc.sql("""
                            insert into capacity.request_day (ods_code, day, first_full_at, served_from_waiting_list)
                            select 'A' || lpad(p::text, 5, '0'), d::date, d + time '09:30', 1
                            from generate_series(cast(:first as date) - 365, cast(:first as date) - 1,
                                                 interval '1 day') d,
                                 generate_series(1, :practices) p
                            """)
                    .param("first", FIRST_KEPT)
                    .param("practices", PRACTICES)
                    .update();
            jdbc.sql("""
                            insert into capacity.contact_request (ods_code, day, received_at, channel, kind, outcome)
                            select 'A' || lpad(p::text, 5, '0'), d::date, d + time '08:30', 'RECEPTION', 'ROUTINE',
                                   'BOOKED'
                            from generate_series(cast(:first as date), cast(:first as date) + 27, interval '1 day') d,
                                 generate_series(1, :practices) p
                            """)
                    .param("first", FIRST_KEPT)
                    .param("practices", PRACTICES)
                    .update();
            jdbc.sql("analyze capacity.request_day").update();
            jdbc.sql("analyze capacity.contact_request").update();

            long before = RowsRead.inTransaction(jdbc, "capacity", "request_day");
            List<Demand.DayCounts> days =
                    new Demand(jdbc, Clock.systemUTC()).daily(null, FIRST_KEPT, FIRST_KEPT.plusDays(27));
            long read = RowsRead.inTransaction(jdbc, "capacity", "request_day") - before;

            assertThat(days).hasSize(28).allSatisfy(day -> {
                assertThat(day.practices()).isEqualTo(PRACTICES);
                assertThat(day.requests()).isEqualTo(PRACTICES);
            });
            // The planner may look up the newest day folded (a few rows), but never reads a whole day's.
            assertThat(read)
                    .as("rows of request_day read, of the " + 365 * PRACTICES + " folded before the weeks asked")
                    .isLessThan(PRACTICES);
            connection.rollback();
        }
    }

    @Test
    void englandsAlertStatesForAWeekReadThatWeeksOnly() throws Exception {
        try (Connection connection = transaction()) {
            JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(connection, true));
            // Sixty weeks confirmed, each week's by every practice in it.
            jdbc.sql("""
                            insert into capacity.alert_state (ods_code, week_of, suggested, confirmed, confirmed_by,
                                confirmed_at)
                            select 'A' || lpad(p::text, 5, '0'), w::date, 'GREEN', 'AMBER', 'manager@example.org',
                                   w + interval '4 days'
                            from generate_series(cast(:first as date) - 59 * 7, cast(:first as date),
                                                 interval '7 days') w,
                                 generate_series(1, :practices) p
                            """)
                    .param("first", FIRST_KEPT)
                    .param("practices", PRACTICES)
                    .update();
            jdbc.sql("analyze capacity.alert_state").update();

            long before = RowsRead.inTransaction(jdbc, "capacity", "alert_state");
            var sitrep = new AlertStates(new Demand(jdbc, Clock.systemUTC()), jdbc, Clock.systemUTC())
                    .sitrep(null, FIRST_KEPT);
            long read = RowsRead.inTransaction(jdbc, "capacity", "alert_state") - before;

            assertThat(sitrep.get(AlertState.AMBER)).isEqualTo(PRACTICES);
            assertThat(read)
                    .as("rows of alert_state read for one week's " + PRACTICES + ", of " + 60 * PRACTICES)
                    .isEqualTo(PRACTICES);
            connection.rollback();
        }
    }

    /** A connection in one transaction throughout, so the statistics read are its own, counted so far. */
    private static Connection transaction() throws Exception {
        Connection connection = DriverManager.getConnection(server.jdbcUrl(), DebianPostgres.USER, server.password());
        connection.setAutoCommit(false);
        return connection;
    }
}
