package org.gpaction.events.listing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.StreamSupport;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.events.EventsTestData;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The API's list of upcoming events comes a page at a time, each answer saying how many there are in all, so a caller
 * can reach every one and knows when more follow. The events are stored directly, one more than a page's default.
 */
@GpActionTest
class EventsApiPagesTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FailedAttempts attempts;

    EventsTestData data;
    Http anyone;

    @BeforeEach
    void setUp() {
        data = new EventsTestData(jdbc, port, attempts);
        anyone = new Http(port);
    }

    @AfterEach
    void forgetTheEvents() {
        jdbc.sql("delete from events.event where lmc = :lmc")
                .param("lmc", data.lmc)
                .update();
    }

    @Test
    void everyUpcomingEventCanBeReachedAPageAtATime_andEachAnswerSaysHowManyThereAre() {
        int stored = EventsApiController.DEFAULT_SIZE + 1;
        List<Long> soonestFirst = store(stored);

        JsonNode first = list("");
        assertThat(ids(first)).containsExactlyElementsOf(soonestFirst.subList(0, EventsApiController.DEFAULT_SIZE));
        assertThat(first.get("total").asLong()).isEqualTo(stored);
        JsonNode second = list("&page=2");
        assertThat(ids(second)).containsExactly(soonestFirst.get(stored - 1));
        assertThat(second.get("total").asLong()).isEqualTo(stored);
        assertThat(ids(list("&page=3"))).isEmpty();
        assertThat(ids(list("&size=" + EventsApiController.MAX_SIZE))).containsExactlyElementsOf(soonestFirst);
        assertThat(ids(list("&page=2&size=100"))).containsExactlyElementsOf(soonestFirst.subList(100, 200));
    }

    @Test
    void aPageOrSizeThatIsNoWholeNumberInRangeIsRefusedNamingIt() {
        for (String query : List.of("page=0", "page=two", "size=0", "size=501", "size=-5")) {
            Http.Response refused = anyone.get("/api/events?" + query);
            String field = query.substring(0, query.indexOf('='));
            assertThat(refused.status()).as(query + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.json().get("errors").get(0).get("field").asString())
                    .as(query)
                    .isEqualTo(field);
            assertThat(refused.json().get("detail").asString())
                    .as(query)
                    .contains(field + " must be a whole number from 1 to");
        }
        Http.Response both = anyone.get("/api/events?page=0&size=1000");
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.json().get("errors")).hasSize(2);
    }

    /** Roadshows of this test's LMC an hour apart from tomorrow; their ids, soonest first (as they were made). */
    private List<Long> store(int count) {
        return jdbc
                .sql("""
                        insert into events.event (title, kind, lmc, venue, address, starts_at, ends_at, capacity,
                            description, remind_at, created_by, created_at, updated_at)
                        select 'Stored roadshow ' || i, 'ROADSHOW', :lmc, 'Hall', '1 High Street',
                               cast(:first as timestamptz) + i * interval '1 hour',
                               cast(:first as timestamptz) + i * interval '1 hour' + interval '30 minutes', 10,
                               'Stored for paging.', cast(:first as timestamptz) - interval '1 day', 'test', now(),
                               now()
                        from generate_series(0, :count - 1) as i
                        order by i
                        returning id
                        """)
                .param("lmc", data.lmc)
                .param("first", Timestamp.from(Instant.now().plus(Duration.ofDays(1))))
                .param("count", count)
                .query(Long.class)
                .list()
                .stream()
                .sorted()
                .toList();
    }

    private JsonNode list(String query) {
        Http.Response listed = anyone.get("/api/events?lmc=" + data.lmc.replace(" ", "%20") + query);
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        return listed.json();
    }

    private static List<Long> ids(JsonNode page) {
        assertThat(page.isObject())
                .as("a page saying how many there are in all, not a bare list: %.80s", page)
                .isTrue();
        return StreamSupport.stream(page.get("items").spliterator(), false)
                .map(event -> event.get("id").asLong())
                .toList();
    }
}
