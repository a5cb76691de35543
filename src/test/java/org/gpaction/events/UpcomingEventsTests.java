package org.gpaction.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.events.catalogue.Events;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Other pages list the next few upcoming events, the start page three and a ballot's pages twenty of the ballot's: a
 * list cut short says how many there are in all and links to the whole list, rather than passing over the rest.
 */
@GpActionTest
class UpcomingEventsTests {

    private static final Pattern SHOWING = Pattern.compile("Showing the next 3 of (\\d+) roadshows and webinars");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FailedAttempts attempts;

    @Autowired
    Events events;

    @Autowired
    UpcomingEvents upcoming;

    EventsTestData data;

    @BeforeEach
    void setUp() {
        data = new EventsTestData(jdbc, port, attempts);
    }

    @AfterEach
    void forgetTheEvents() {
        jdbc.sql("delete from events.event where lmc = :lmc")
                .param("lmc", data.lmc)
                .update();
    }

    @Test
    void theStartPageSaysHowManyEventsThereAreBeyondTheThreeItShows_andLinksToThemAll() {
        store(21, null);
        long before = upcomingCount();

        String start = new Http(port).get("/").body().replaceAll("\\s+", " ");

        long after = upcomingCount();
        Matcher showing = SHOWING.matcher(start);
        assertThat(showing.find()).as(start).isTrue();
        assertThat(Long.parseLong(showing.group(1))).isBetween(Math.min(before, after), Math.max(before, after));
        assertThat(before).isGreaterThanOrEqualTo(21);
        assertThat(start).contains("href=\"/events\">All roadshows and webinars");
    }

    /** A ballot's pages list twenty of its events, and say how many there are in all when it has more. */
    @Test
    void aBallotsListOfTwentyEventsSaysHowManyItHasInAll() {
        long ballot = -Math.abs(UUID.randomUUID().getMostSignificantBits() >>> 1) - 1;
        store(21, ballot);

        UpcomingEvents.Shown shown = upcoming.forBallot(ballot);

        assertThat(shown.events()).hasSize(UpcomingEvents.MOST);
        assertThat(shown.total()).isEqualTo(21);
        assertThat(shown.more()).isOne();
        assertThat(upcoming.forBallot(ballot - 1).events()).isEmpty();
    }

    private long upcomingCount() {
        return events.upcomingCount(new Events.Filter(null, null, null), Instant.now());
    }

    /** Roadshows of this test's LMC an hour apart from tomorrow, of this ballot (null for none). */
    private void store(int count, Long ballot) {
        jdbc.sql("""
                        insert into events.event (title, kind, lmc, venue, address, starts_at, ends_at, capacity,
                            description, ballot_id, remind_at, created_by, created_at, updated_at)
                        select 'Stored roadshow ' || i, 'ROADSHOW', :lmc, 'Hall', '1 High Street',
                               cast(:first as timestamptz) + i * interval '1 hour',
                               cast(:first as timestamptz) + i * interval '1 hour' + interval '30 minutes', 10,
                               'Stored for a list.', cast(:ballot as bigint), cast(:first as timestamptz) - interval '1 day', 'test',
                               now(), now()
                        from generate_series(0, :count - 1) as i
                        """)
                .param("lmc", data.lmc)
                .param("first", Timestamp.from(Instant.now().plus(Duration.ofDays(1))))
                .param("ballot", ballot)
                .param("count", count)
                .update();
    }
}
