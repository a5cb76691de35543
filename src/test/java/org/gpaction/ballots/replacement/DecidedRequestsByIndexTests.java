package org.gpaction.ballots.replacement;

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
 * A page of the decided replacement requests is the first 50 down an index of the decisions, latest first, not every
 * decided request of every ballot read and sorted for each page. Planned as PostgreSQL plans a statement prepared on
 * the server (a generic plan), on a database of its own holding 20 ballots' requests, 10,000 in all.
 */
class DecidedRequestsByIndexTests {

    static ScratchDatabase database;

    @BeforeAll
    static void tenThousandRequests() {
        database = new ScratchDatabase("decided_requests_index", 2);
        database.migrate("ballots", MigrationVersion.LATEST);
        JdbcClient jdbc = database.jdbc();
        BallotFixtures.insertBallots(jdbc, 20);
        jdbc.sql("""
                        insert into ballots.roll_entry (ballot_id, membership_number, added_at, added_by, evidence)
                        select b.id, 'M' || (9000000 + m), timestamptz '2026-03-01 09:00Z', 'system', 'roll'
                        from ballots.ballot b, generate_series(1, 500) m
                        """).update();
        // Every member on every roll asked once; one in fifty still waits, one in seven was declined.
        jdbc.sql("""
                        insert into ballots.replacement_request (ballot_id, membership_number, requested_email,
                            received_at, state, sent_to, decided_by, decided_at, reason)
                        select e.ballot_id, e.membership_number, lower(e.membership_number) || '@example.org', at,
                               case when n % 50 = 0 then 'WAITING' when n % 7 = 0 then 'DECLINED' else 'ISSUED' end,
                               case when n % 50 <> 0 and n % 7 <> 0 then lower(e.membership_number) || '@example.org'
                               end,
                               case when n % 50 <> 0 then 'scrutineer@example.org' end,
                               case when n % 50 <> 0 then at + (n % 97) * interval '1 hour' end,
                               case when n % 50 <> 0 then 'Checked their contact details' end
                        from (select *, row_number() over (order by ballot_id, membership_number) as n,
                                     timestamptz '2026-03-01 09:00Z'
                                         + row_number() over (order by ballot_id, membership_number)
                                             * interval '1 minute' as at
                              from ballots.roll_entry) e
                        """).update();
        jdbc.sql("""
                        insert into ballots.replacement_request_address (request_id, email, first_asked_at,
                            last_asked_at, times)
                        select id, requested_email, received_at, received_at, 1 from ballots.replacement_request
                        """).update();
        jdbc.sql("vacuum analyze").update();
    }

    @AfterAll
    static void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aPageOfDecidedRequestsIsReadDownTheIndexOfDecisions_notSortedFromEveryRequest() throws Exception {
        try (Connection connection = database.genericPlans();
                Statement statement = connection.createStatement()) {
            statement.execute("prepare decided_page (integer, bigint) as "
                    + DecidedRequests.PAGE.replace(":size", "$1").replace(":offset", "$2"));
            List<String> plan = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("explain (costs off) execute decided_page (50, 0)")) {
                while (rows.next()) {
                    plan.add(rows.getString(1));
                }
            }
            assertThat(String.join("\n", plan))
                    .contains("Limit")
                    .contains("Index Scan using replacement_request_decided on replacement_request r")
                    .doesNotContain("Sort Key: r.decided_at");
            connection.rollback();
        }
    }

    /**
     * How many were decided in all, which every page shows, is counted from an index of the decided requests' states
     * alone (index-only, no row of the table read once it is vacuumed), not from every decided request's row.
     */
    @Test
    void howManyWereDecidedIsCountedFromAnIndexAlone_notFromEveryDecidedRequestsRow() throws Exception {
        try (Connection connection = database.genericPlans();
                Statement statement = connection.createStatement()) {
            statement.execute("prepare decided_counts as " + DecidedRequests.COUNTS);
            List<String> plan = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery(
                    "explain (analyze, costs off, timing off, summary off) execute decided_counts")) {
                while (rows.next()) {
                    plan.add(rows.getString(1));
                }
            }
            assertThat(String.join("\n", plan))
                    .contains("Index Only Scan")
                    .contains("Heap Fetches: 0")
                    .doesNotContain("Seq Scan")
                    .doesNotContain("Bitmap Heap Scan");
            connection.rollback();
        }
    }
}
