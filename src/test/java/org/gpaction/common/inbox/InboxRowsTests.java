package org.gpaction.common.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gpaction.support.ScratchDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One row that cannot be acted on is put off while the rows behind it are acted on, and deleted at its last try: on
 * an inbox table in a database of its own.
 */
class InboxRowsTests {

    ScratchDatabase database;
    JdbcClient jdbc;
    List<String> actedOn = new ArrayList<>();

    @BeforeEach
    void anInbox() {
        database = new ScratchDatabase("inbox", 4);
        jdbc = database.jdbc();
        jdbc.sql("""
                        create table public.test_inbox (
                            id bigint generated always as identity primary key,
                            request text not null,
                            failures integer not null default 0,
                            try_after timestamptz)
                        """).update();
        for (String request : List.of("first", "bad", "third")) {
            jdbc.sql("insert into public.test_inbox (request) values (:request)")
                    .param("request", request)
                    .update();
        }
    }

    @AfterEach
    void dropInbox() {
        database.close();
    }

    @Test
    void aRowThatFailsIsPutOffTheOthersAreActedOnAndItGoesAtItsLastTry() {
        assertThat(run(Instant.now())).isEqualTo(2);
        assertThat(actedOn).containsExactly("first", "third");
        assertThat(rows()).containsExactly(Map.entry("bad", 1));
        Instant putOffUntil = jdbc.sql("select try_after from public.test_inbox")
                .query(Timestamp.class)
                .single()
                .toInstant();
        assertThat(putOffUntil).isAfter(Instant.now());

        assertThat(run(Instant.now())).as("not tried again before its time").isZero();
        assertThat(rows()).containsExactly(Map.entry("bad", 1));

        Instant later = Instant.now();
        for (int failure = 2; failure <= InboxRows.MOST_FAILURES; failure++) {
            later = later.plusSeconds(3600);
            run(later);
            assertThat(rows())
                    .as("after failure %d", failure)
                    .isEqualTo(failure < InboxRows.MOST_FAILURES ? Map.of("bad", failure) : Map.of());
        }
    }

    private int run(Instant now) {
        return InboxRows.actOnEach(
                new TransactionTemplate(new DataSourceTransactionManager(database.dataSource())),
                () -> take(now),
                taken -> {
                    if (taken.request().equals("bad")) {
                        throw new IllegalStateException("cannot act on this one");
                    }
                    actedOn.add(taken.request());
                },
                id -> InboxRows.putOff(jdbc, "public.test_inbox", id, now),
                LoggerFactory.getLogger(InboxRowsTests.class),
                "test request");
    }

    private Optional<InboxRows.Taken<String>> take(Instant now) {
        return jdbc.sql("""
                        delete from public.test_inbox
                        where id = (select id from public.test_inbox where try_after is null or try_after <= :now
                                    order by id limit 1 for update skip locked)
                        returning id, request
                        """)
                .param("now", Timestamp.from(now))
                .query((rs, row) -> new InboxRows.Taken<>(rs.getLong("id"), rs.getString("request")))
                .optional();
    }

    private Map<String, Integer> rows() {
        Map<String, Integer> rows = new java.util.TreeMap<>();
        jdbc.sql("select request, failures from public.test_inbox").query(rs -> {
            rows.put(rs.getString(1), rs.getInt(2));
        });
        return rows;
    }
}
