package org.gpaction.capacity.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.LocalDate;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.gpaction.support.RowsRead;
import org.gpaction.support.ScratchDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A practice's waiting list is read from the requests put on it, not from every request the practice has made in the
 * months kept: on a database of its own holding 21 practices' 250 days of requests, counted by PostgreSQL's own
 * statistics of the rows read.
 */
class WaitingListAtScaleTests {

    static final int DAYS = 250;
    static final int REQUESTS_A_DAY = 20;

    @Test
    void aDaysWaitingListReadsOnlyTheRequestsOnItsDaysLists() throws Exception {
        try (ScratchDatabase database = new ScratchDatabase("waiting_list_scale", 4)) {
            database.migrate("capacity", MigrationVersion.LATEST);
            try (Connection connection = database.dataSource().getConnection()) {
                // One transaction throughout, so the statistics read are this connection's own, counted so far.
                connection.setAutoCommit(false);
                JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(connection, true));
                monthsOfRequests(jdbc);
                LocalDate day = LocalDate.of(2025, 6, 30);

                long before = RowsRead.inTransaction(jdbc, "capacity", "contact_request");
                List<WaitingList.Entry> list = new WaitingList(jdbc).waitingFor("A00001", day, day.minusDays(6));
                long read = RowsRead.inTransaction(jdbc, "capacity", "contact_request") - before;

                assertThat(list).as("a week of lists, four a day").hasSize(28);
                assertThat(read)
                        .as("requests read to find the 28 on the lists, of the practice's " + DAYS * REQUESTS_A_DAY)
                        .isLessThan(100);
                connection.rollback();
            }
        }
    }

    /** Every fifth request of each day put on the next day's waiting list, none of them served. */
    private static void monthsOfRequests(JdbcClient jdbc) {
        jdbc.sql("""
                        insert into capacity.contact_request (ods_code, day, received_at, channel, kind, outcome,
                            waitlisted_for, reason)
                        select 'A' || lpad(p::text, 5, '0'), d, d + time '08:00' + n * interval '10 minutes',
                               'RECEPTION', 'ROUTINE',
                               case when n % 5 = 0 then 'WAITLISTED' when n % 5 = 1 then 'DIVERTED' else 'BOOKED' end,
                               case when n % 5 = 0 then d + 1 end,
                               case when n % 5 = 1 then 'FULL' end
                        from generate_series(1, 21) p,
                             generate_series(date '2025-01-01', date '2025-01-01' + :days - 1, interval '1 day') s (t),
                             lateral (select t::date as d) dd,
                             generate_series(1, :perDay) n
                        """).param("days", DAYS).param("perDay", REQUESTS_A_DAY).update();
        jdbc.sql("analyze capacity.contact_request").update();
    }
}
