package org.gpaction.ballots.ballot;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.gpaction.ballots.BallotFixtures;
import org.gpaction.support.ScratchDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The clock asks each tick, for each ballot due to open without a trustee's key, whether it has logged why since the
 * ballot was last scheduled; the latest scheduling is then one step back down an index of the ballot's log by ballot,
 * action and id, not every scheduling's row read from the table. Planned as PostgreSQL plans a statement prepared on
 * the server (a generic plan), on a database of its own holding 60 ballots' logs of 4,000 entries each.
 */
class LatestSchedulingByIndexTests {

    static ScratchDatabase database;

    @BeforeAll
    static void sixtyBallotsLogs() {
        database = new ScratchDatabase("ballot_log_index", 2);
        database.migrate("ballots", MigrationVersion.LATEST);
        JdbcClient jdbc = database.jdbc();
        BallotFixtures.insertBallots(jdbc, 60);
        // Each ballot scheduled three times, then its roll, replacement links and refusals logged one by one.
        jdbc.sql("""
                        insert into ballots.ballot_log (ballot_id, at, actor, action, detail)
                        select b.id, timestamptz '2026-02-01 09:00Z' + e * interval '1 minute', 'system',
                               case when e in (1, 3, 5) then 'SCHEDULED'
                                    when e in (2, 4) then 'UNSCHEDULED'
                                    when e % 7 = 0 then 'REPLACEMENT_REFUSED'
                                    when e % 3 = 0 then 'ENROLLED'
                                    else 'REPLACEMENT_ISSUED' end,
                               'Entry ' || e
                        from ballots.ballot b, generate_series(1, 4000) e
                        """).update();
        jdbc.sql("vacuum analyze ballots.ballot_log").update();
    }

    @AfterAll
    static void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void theLatestSchedulingIsOneStepBackDownTheLogsIndex() throws Exception {
        try (Connection connection = database.genericPlans();
                Statement statement = connection.createStatement()) {
            statement.execute("prepare since_scheduled (bigint, text[]) as"
                    + " select exists (select 1 from ballots.ballot_log l"
                    + " where l.ballot_id = $1 and l.action = any($2) and " + BallotLogEntries.SINCE_SCHEDULED + ")");
            List<String> plan = new ArrayList<>();
            try (ResultSet rows =
                    statement.executeQuery("explain (costs off) execute since_scheduled (30, array['NOT_OPENED'])")) {
                while (rows.next()) {
                    plan.add(rows.getString(1));
                }
            }
            assertThat(String.join("\n", plan))
                    .contains("Limit")
                    .contains("Scan Backward using ballot_log_ballot_action_id on ballot_log s");
            connection.rollback();
        }
    }
}
