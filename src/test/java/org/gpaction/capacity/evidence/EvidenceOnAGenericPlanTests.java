package org.gpaction.capacity.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Clock;
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
 * A practice's or an area's figures read those practices' rows, not every practice's rows for the days asked, even on
 * the plan PostgreSQL keeps for a statement prepared on the server (a generic plan, made without the days or practices
 * bound: the driver prepares a statement on its fifth use, and PostgreSQL keeps the generic plan after five more if it
 * seems to cost no more). Forced here from the first use, and counted by PostgreSQL's own statistics of the rows read,
 * on a database of its own holding 300 practices' figures.
 */
class EvidenceOnAGenericPlanTests {

    static final int PRACTICES = 300;
    static final LocalDate FIRST_KEPT = LocalDate.of(2025, 1, 6);
    static final List<String> AREA = List.of("A00001", "A00002", "A00003");

    /** The evidence's tables, whose rows read each test counts. */
    private static final String[] EVIDENCE = {"contact_request", "request_day", "request_count", "alert_state"};

    static ScratchDatabase database;

    @BeforeAll
    static void aYearOfFiguresKept() {
        database = new ScratchDatabase("evidence_generic_plan", 2);
        database.migrate("capacity", MigrationVersion.LATEST);
        JdbcClient jdbc = database.jdbc();
        // A year folded into counts before the first day kept: two requests a day, one turned away as full at 09:30.
        jdbc.sql("""
                        insert into capacity.request_day (ods_code, day, first_full_at, served_from_waiting_list)
                        select 'A' || lpad(p::text, 5, '0'), d::date,
                               (d::date + time '09:30') at time zone 'Europe/London', 0
                        from generate_series(cast(:first as date) - 365, cast(:first as date) - 1,
                                             interval '1 day') d,
                             generate_series(1, :practices) p
                        """).param("first", FIRST_KEPT).param("practices", PRACTICES).update();
        jdbc.sql("""
                        insert into capacity.request_count (ods_code, day, hour, channel, kind, outcome, reason,
                            requests)
                        select 'A' || lpad(p::text, 5, '0'), d::date, 9, 'RECEPTION', 'ROUTINE', o.outcome, o.reason, 1
                        from generate_series(cast(:first as date) - 365, cast(:first as date) - 1,
                                             interval '1 day') d,
                             generate_series(1, :practices) p,
                             (values ('BOOKED', null), ('DIVERTED', 'FULL')) o (outcome, reason)
                        """).param("first", FIRST_KEPT).param("practices", PRACTICES).update();
        // Four weeks kept since: a booking at 08:30 and a request turned away as full at 09:00, each day.
        jdbc.sql("""
                        insert into capacity.contact_request (ods_code, day, received_at, channel, kind, outcome,
                            reason)
                        select 'A' || lpad(p::text, 5, '0'), d::date,
                               (d::date + o.at) at time zone 'Europe/London', 'RECEPTION', 'ROUTINE', o.outcome,
                               o.reason
                        from generate_series(cast(:first as date), cast(:first as date) + 27, interval '1 day') d,
                             generate_series(1, :practices) p,
                             (values (time '08:30', 'BOOKED', null), (time '09:00', 'DIVERTED', 'FULL'))
                                 o (at, outcome, reason)
                        """).param("first", FIRST_KEPT).param("practices", PRACTICES).update();
        // Every practice confirmed a state for each of the ten weeks before the first week kept, and that week.
        jdbc.sql("""
                        insert into capacity.alert_state (ods_code, week_of, suggested, confirmed, confirmed_by,
                            confirmed_at)
                        select 'A' || lpad(p::text, 5, '0'), w::date, 'GREEN', 'AMBER', 'manager@example.org',
                               w + interval '4 days'
                        from generate_series(cast(:first as date) - 70, cast(:first as date), interval '7 days') w,
                             generate_series(1, :practices) p
                        """).param("first", FIRST_KEPT).param("practices", PRACTICES).update();
        jdbc.sql("analyze capacity.request_day").update();
        jdbc.sql("analyze capacity.request_count").update();
        jdbc.sql("analyze capacity.contact_request").update();
        jdbc.sql("analyze capacity.alert_state").update();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Test
    void aPracticesWeekReadsOnlyThatPracticesRows() throws Exception {
        try (Connection connection = database.genericPlans()) {
            JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(connection, true));
            AlertStates states = new AlertStates(new Demand(jdbc, Clock.systemUTC()), jdbc, Clock.systemUTC());

            long before = RowsRead.inTransaction(jdbc, "capacity", EVIDENCE);
            AlertStates.Week week = states.week("A00001", FIRST_KEPT.plusDays(7));
            long read = RowsRead.inTransaction(jdbc, "capacity", EVIDENCE) - before;

            assertThat(week.requests()).isEqualTo(14);
            assertThat(week.unmet()).isEqualTo(7);
            assertThat(week.daysFull()).isEqualTo(7);
            assertThat(week.daysFullBefore10()).isEqualTo(7);
            assertThat(read)
                    .as("rows read for one practice's 14 requests, of the " + 14 * PRACTICES + " that week")
                    .isLessThan(PRACTICES);
            connection.rollback();
        }
    }

    @Test
    void anAreasDaysFoldedAndKeptReadOnlyItsPracticesRows() throws Exception {
        try (Connection connection = database.genericPlans()) {
            JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(connection, true));

            long before = RowsRead.inTransaction(jdbc, "capacity", EVIDENCE);
            List<Demand.DayCounts> days =
                    new Demand(jdbc, Clock.systemUTC()).daily(AREA, FIRST_KEPT.minusDays(14), FIRST_KEPT.plusDays(13));
            long read = RowsRead.inTransaction(jdbc, "capacity", EVIDENCE) - before;

            assertThat(days).hasSize(28).allSatisfy(day -> {
                assertThat(day.practices()).isEqualTo(3);
                assertThat(day.requests()).isEqualTo(6);
                assertThat(day.diverted()).isEqualTo(3);
                assertThat(day.practicesFull()).isEqualTo(3);
                assertThat(day.practicesFullBefore10()).isEqualTo(3);
            });
            // At most three rows a practice a day (two requests, counted or kept, and a day folded), each read at most
            // twice: for the counts, and for when the day was first full.
            int areasRows = AREA.size() * 28 * 3;
            assertThat(read)
                    .as("rows read for the area's " + areasRows + ", of every practice's " + PRACTICES * 28 * 3)
                    .isLessThanOrEqualTo(2 * areasRows);
            connection.rollback();
        }
    }

    @Test
    void anAreasAlertStatesReadOnlyItsPracticesRows() throws Exception {
        try (Connection connection = database.genericPlans()) {
            JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(connection, true));
            AlertStates states = new AlertStates(new Demand(jdbc, Clock.systemUTC()), jdbc, Clock.systemUTC());

            long before = RowsRead.inTransaction(jdbc, "capacity", EVIDENCE);
            var confirmed = states.sitrep(AREA, FIRST_KEPT);
            int notConfirmed = states.recordingButNotConfirmed(AREA, FIRST_KEPT.plusDays(7));
            long read = RowsRead.inTransaction(jdbc, "capacity", EVIDENCE) - before;

            assertThat(confirmed.get(AlertState.AMBER)).isEqualTo(3);
            assertThat(notConfirmed)
                    .as("the area's practices, recording and not confirming the second week")
                    .isEqualTo(3);
            assertThat(read)
                    .as("rows read for three practices' states and requests, of every practice's")
                    .isLessThan(PRACTICES);
            connection.rollback();
        }
    }

    @Test
    void anAreasPracticesThatConfirmedAWeekAreFoundByTheirOwnStatesNotTheWeeksEveryState() throws Exception {
        try (Connection connection = database.genericPlans()) {
            JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(connection, true));
            AlertStates states = new AlertStates(new Demand(jdbc, Clock.systemUTC()), jdbc, Clock.systemUTC());

            long before = RowsRead.inTransaction(jdbc, "capacity", EVIDENCE);
            int keptWeek = states.recordingButNotConfirmed(AREA, FIRST_KEPT);
            int foldedWeek = states.recordingButNotConfirmed(AREA, FIRST_KEPT.minusDays(7));
            long read = RowsRead.inTransaction(jdbc, "capacity", EVIDENCE) - before;

            assertThat(List.of(keptWeek, foldedWeek))
                    .as("every practice recorded and confirmed both weeks")
                    .containsExactly(0, 0);
            // Each week: the area's 42 requests, kept or counted, its 21 days folded, and its 3 states.
            assertThat(read)
                    .as("rows read for the area's two weeks, of the " + 2 * PRACTICES + " states confirmed then")
                    .isLessThan(PRACTICES);
            connection.rollback();
        }
    }
}
