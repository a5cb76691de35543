package org.gpaction.events.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.gpaction.common.GpActionProperties;
import org.gpaction.events.catalogue.Events;
import org.gpaction.support.GpActionTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A calendar cannot page through a feed, so a feed with more events than it holds ends at the start of a day and
 * says in it which. It is read here as of a day far ahead, a year nobody else's events reach, with the events stored directly.
 */
@GpActionTest
class CalendarFeedLengthTests {

    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ON_DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.UK);

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Events events;

    @Autowired
    GpActionProperties app;

    /** Tells this test's events from any other's. */
    final String lmc = "Feed LMC " + UUID.randomUUID().toString().substring(0, 8);

    /** The first of January of a year far ahead, at noon (GMT then): when the feed is read. */
    final LocalDate newYear =
            LocalDate.of(2100 + 2 * ThreadLocalRandom.current().nextInt(400), 1, 1);

    @AfterEach
    void forgetTheEvents() {
        jdbc.sql("delete from events.event where lmc = :lmc").param("lmc", lmc).update();
    }

    @Test
    void aFeedWithMoreEventsThanItHoldsEndsAtTheStartOfADay_andSaysWhichDay() {
        // Three a day from the 2nd (02:00, 10:00 and 18:00 UTC, the same day in UK time all year), two on the 2nd.
        Instant first = newYear.plusDays(1).atTime(10, 0).toInstant(ZoneOffset.UTC);
        store(first, CalendarController.MOST + 1, 8);
        // The one more than the feed holds is the third of a day: that day is left out whole.
        LocalDate firstLeftOut = newYear.plusDays(1 + (CalendarController.MOST * 8 + 10) / 24);

        String feed = feedAsOf(newYear);

        List<Map<String, String>> listed = CalendarRevisionTests.vevents(feed);
        assertThat(listed).hasSize(CalendarController.MOST - 2);
        Instant dayLeftOut = firstLeftOut.atStartOfDay(ZoneOffset.UTC).toInstant();
        assertThat(listed)
                .extracting(event -> event.get("DTSTART"))
                .allSatisfy(start -> assertThat(start).isLessThan(UTC.format(dayLeftOut)))
                .contains(UTC.format(dayLeftOut.minusSeconds(6 * 3600)));
        assertThat(description(feed))
                .contains("starts before " + ON_DAY.format(firstLeftOut) + " (UK time)")
                .contains(app.link("/events"));
    }

    /**
     * A calendar keeps an event the feed leaves out: one moved more than a year ahead must stay in it, or subscribers
     * keep it at its old date.
     */
    @Test
    void anEventMoreThanAYearAheadIsInTheFeed_whichNamesNoDayItEndsBefore() {
        Instant yearsAhead = newYear.plusYears(3).atTime(10, 0).toInstant(ZoneOffset.UTC);
        store(yearsAhead, 1, 1);

        String feed = feedAsOf(newYear);

        assertThat(CalendarRevisionTests.vevents(feed))
                .extracting(event -> event.get("DTSTART"))
                .containsExactly(UTC.format(yearsAhead));
        assertThat(description(feed))
                .doesNotContain("starts before")
                .contains("Every GP Action event not yet over")
                .contains(app.link("/events"));
    }

    @Test
    void aSingleEventsFileSaysNothingOfAWindow() {
        store(newYear.plusDays(3).atTime(10, 0).toInstant(ZoneOffset.UTC), 1, 1);
        long id = jdbc.sql("select id from events.event where lmc = :lmc")
                .param("lmc", lmc)
                .query(Long.class)
                .single();

        String file = new String(
                new CalendarController(events, app, clockAt(newYear)).event(id).getBody(),
                java.nio.charset.StandardCharsets.UTF_8);

        assertThat(CalendarRevisionTests.vevents(file)).hasSize(1);
        assertThat(file).doesNotContain("X-WR-CALDESC");
    }

    /** Roadshows of this test's LMC, each an hour long, {@code hoursApart} apart from {@code first}. */
    private void store(Instant first, int count, int hoursApart) {
        jdbc.sql("""
                        insert into events.event (title, kind, lmc, venue, address, starts_at, ends_at, capacity,
                            description, remind_at, created_by, created_at, updated_at)
                        select 'Stored roadshow ' || i, 'ROADSHOW', :lmc, 'Hall', '1 High Street',
                               cast(:first as timestamptz) + i * :apart * interval '1 hour',
                               cast(:first as timestamptz) + i * :apart * interval '1 hour' + interval '1 hour', 10,
                               'Stored for the feed.', cast(:first as timestamptz) - interval '1 day', 'test',
                               now(), now()
                        from generate_series(0, :count - 1) as i
                        """)
                .param("lmc", lmc)
                .param("first", Timestamp.from(first))
                .param("apart", hoursApart)
                .param("count", count)
                .update();
    }

    private String feedAsOf(LocalDate day) {
        return new String(
                new CalendarController(events, app, clockAt(day)).feed().getBody(),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Clock clockAt(LocalDate day) {
        return Clock.fixed(day.atTime(12, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
    }

    /** The feed's description, unfolded and unescaped. */
    private static String description(String feed) {
        String unfolded = feed.replace("\r\n ", "");
        int from = unfolded.indexOf("\r\nX-WR-CALDESC:");
        assertThat(from).as("the feed describes itself").isPositive();
        String value = unfolded.substring(from + "\r\nX-WR-CALDESC:".length(), unfolded.indexOf("\r\n", from + 2));
        return value.replace("\\,", ",")
                .replace("\\;", ";")
                .replace("\\n", "\n")
                .replace("\\\\", "\\");
    }
}
