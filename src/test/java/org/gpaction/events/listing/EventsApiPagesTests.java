package org.gpaction.events.listing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * The API's list of upcoming events is a bare list, as callers have always read it, a page at a time: each answer says
 * in X-Total-Count how many there are in all, and while more follow, its Link header gives the next page's address,
 * so a caller can reach every one. The events are stored directly, one more than a page's default.
 */
@GpActionTest
class EventsApiPagesTests {

    private static final Pattern NEXT = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"next\"");

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
    void aCallerWhoNeverPagesGetsTheBareListOfTheFirstPage_andFollowingNextReachesEveryEvent() {
        int stored = EventsApiController.DEFAULT_SIZE + 1;
        List<Long> soonestFirst = store(stored);
        String lmc = "/api/events?lmc=" + data.lmc.replace(" ", "%20");

        Http.Response first = list(lmc, stored);
        assertThat(ids(first)).containsExactlyElementsOf(soonestFirst.subList(0, EventsApiController.DEFAULT_SIZE));
        String second = next(first);
        assertThat(second)
                .as("root-relative, as the API's Location headers are, keeping the filter")
                .startsWith("/api/events?")
                .contains("lmc=" + data.lmc.replace(" ", "%20"))
                .contains("page=2")
                .contains("size=" + EventsApiController.DEFAULT_SIZE);
        Http.Response last = list(second, stored);
        assertThat(ids(last)).containsExactly(soonestFirst.get(stored - 1));
        assertThat(last.header("Link")).as("nothing follows the last page").isNull();

        assertThat(everyPageFrom(lmc + "&size=100", stored)).containsExactlyElementsOf(soonestFirst);
        assertThat(everyPageFrom(lmc + "&kind=roadshow&size=7", stored)).containsExactlyElementsOf(soonestFirst);
        Http.Response whole = list(lmc + "&size=" + EventsApiController.MAX_SIZE, stored);
        assertThat(ids(whole)).containsExactlyElementsOf(soonestFirst);
        assertThat(whole.header("Link")).isNull();
        Http.Response beyond = list(lmc + "&page=3", stored);
        assertThat(ids(beyond)).isEmpty();
        assertThat(beyond.header("Link")).isNull();
        assertThat(ids(list(lmc + "&page=2&size=100", stored)))
                .containsExactlyElementsOf(soonestFirst.subList(100, 200));
    }

    @Test
    void theNextPagesAddressKeepsAnLmcWithCharactersAQueryReservesAsTheCallerSentIt() {
        String lmc = data.lmc + " & Co+";
        store(3, lmc);
        try {
            Http.Response first = list("/api/events?size=2&lmc=" + URLEncoder.encode(lmc, StandardCharsets.UTF_8), 3);
            assertThat(ids(first)).hasSize(2);
            assertThat(ids(list(next(first), 3))).hasSize(1);
        } finally {
            jdbc.sql("delete from events.event where lmc = :lmc")
                    .param("lmc", lmc)
                    .update();
        }
    }

    @Test
    void aPageOrSizeThatIsNoWholeNumberInRangeIsRefusedNamingItAndItsRange() {
        String page = "The page number in the address (page=) must be a whole number from 1: correct it, or leave it"
                + " out for the first page.";
        String size = "The page size in the address (size=) must be a whole number from 1 to 500: correct it, or"
                + " leave it out for pages of 200.";
        for (String query : List.of(
                "page=abc",
                "page=0",
                "page=-1",
                "page=%2B2",
                "page=%D9%A3",
                "size=0",
                "size=501",
                "size=-5",
                "size=99999999999")) {
            Http.Response refused = anyone.get("/api/events?" + query);
            String field = query.substring(0, query.indexOf('='));
            assertThat(refused.status()).as(query + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.json().get("errors").get(0).get("field").asString())
                    .as(query)
                    .isEqualTo(field);
            assertThat(refused.json().get("detail").asString()).as(query).isEqualTo(field.equals("page") ? page : size);
        }
        Http.Response both = anyone.get("/api/events?page=0&size=1000");
        assertThat(both.status()).isEqualTo(400);
        assertThat(both.json().get("errors")).hasSize(2);
        assertThat(both.json().get("detail").asString()).isEqualTo(page + " " + size);
    }

    /** A page far past the end is past the end as any other is: an empty page, not a refusal. */
    @Test
    void aPageFarPastTheEndIsAnEmptyPage() {
        store(2);

        Http.Response beyond = list("/api/events?lmc=" + data.lmc.replace(" ", "%20") + "&page=99999999999&size=1", 2);

        assertThat(ids(beyond)).isEmpty();
        assertThat(beyond.header("Link")).isNull();
    }

    /** Roadshows of this test's LMC an hour apart from tomorrow; their ids, soonest first (as they were made). */
    private List<Long> store(int count) {
        return store(count, data.lmc);
    }

    private List<Long> store(int count, String lmc) {
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
                .param("lmc", lmc)
                .param("first", Timestamp.from(Instant.now().plus(Duration.ofDays(1))))
                .param("count", count)
                .query(Long.class)
                .list()
                .stream()
                .sorted()
                .toList();
    }

    /** The ids on every page from the one asked for, following each page's next address until there is none. */
    private List<Long> everyPageFrom(String address, long total) {
        List<Long> ids = new ArrayList<>();
        for (String page = address; page != null; ) {
            Http.Response answer = list(page, total);
            ids.addAll(ids(answer));
            page = answer.header("Link") == null ? null : next(answer);
            assertThat(ids.size()).as("pages followed from " + address).isLessThanOrEqualTo((int) total);
        }
        return ids;
    }

    /** A page, answered 200 with the count of every event listed. */
    private Http.Response list(String address, long total) {
        Http.Response listed = anyone.get(address);
        assertThat(listed.status()).as(address + ": " + listed.body()).isEqualTo(200);
        assertThat(listed.header("X-Total-Count")).as(address).isEqualTo(String.valueOf(total));
        return listed;
    }

    private static String next(Http.Response page) {
        String link = page.header("Link");
        assertThat(link).as("a Link header to the next page").isNotNull();
        Matcher next = NEXT.matcher(link);
        assertThat(next.find()).as(link).isTrue();
        return next.group(1);
    }

    private static List<Long> ids(Http.Response page) {
        JsonNode listed = page.json();
        assertThat(listed.isArray())
                .as("a bare list, as the API has always answered: %.80s", listed)
                .isTrue();
        return StreamSupport.stream(listed.spliterator(), false)
                .map(event -> event.get("id").asLong())
                .toList();
    }
}
