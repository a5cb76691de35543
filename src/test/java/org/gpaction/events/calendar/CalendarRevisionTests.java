package org.gpaction.events.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gpaction.common.UkTime;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.events.EventsTestData;
import org.gpaction.events.catalogue.Event;
import org.gpaction.events.catalogue.Events;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A calendar app that saved an event, or subscribes to the feed, replaces its copy only when the event's SEQUENCE
 * goes up (RFC 5545, 3.8.7.4): it goes up with each change of time, place or status, and LAST-MODIFIED follows every
 * change. Read back from the files as a calendar app reads them: lines unfolded, properties by name.
 */
@GpActionTest
class CalendarRevisionTests {

    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FailedAttempts attempts;

    @Autowired
    Events events;

    EventsTestData data;
    Http anyone;

    @BeforeEach
    void setUp() {
        data = new EventsTestData(jdbc, port, attempts);
        anyone = new Http(port);
    }

    @Test
    void theSequenceGoesUpWithEachChangeOfTimePlaceOrStatusAndLastModifiedWithEveryChange() {
        long id = data.publish(
                data.roadshow(EventsTestData.title("Roadshow"), Instant.now().plus(Duration.ofDays(14)), 50));
        assertRevision(id, 0, "1 High Street");

        data.changeAsHost(event(id), Map.of("description", "Now with the new action menu."));
        assertRevision(id, 0, "1 High Street");

        data.changeAsHost(event(id), Map.of("address", "10 High Street, London, E1 1AA"));
        assertRevision(id, 1, "10 High Street");

        LocalDateTime start = LocalDateTime.ofInstant(event(id).startsAt(), UkTime.ZONE);
        data.changeAsHost(
                event(id),
                Map.of("startTime", start.plusMinutes(30).toLocalTime().toString()));
        Map<String, String> moved = assertRevision(id, 2, "10 High Street");
        assertThat(moved.get("DTSTART")).isEqualTo(UTC.format(event(id).startsAt()));

        data.changeAsHost(event(id), Map.of("capacity", "60"));
        assertRevision(id, 2, "10 High Street");

        data.cancelAsHost(id);
        Map<String, String> cancelled =
                single(anyone.get("/events/" + id + "/event.ics"), id).orElseThrow();
        Map<String, String> cancelledInFeed =
                single(anyone.get("/events.ics"), id).orElseThrow();
        for (Map<String, String> event : List.of(cancelled, cancelledInFeed)) {
            assertThat(event.get("STATUS")).isEqualTo("CANCELLED");
            assertThat(event.get("SEQUENCE")).isEqualTo("3");
            assertThat(event.get("LAST-MODIFIED"))
                    .isEqualTo(UTC.format(event(id).updatedAt()));
        }
    }

    @Test
    void aCancelledEventStaysInTheFeedMarkedCancelledUntilItWouldHaveEnded() {
        Instant startsAt = Instant.now().plus(Duration.ofDays(7));
        long id = data.publish(data.roadshow(EventsTestData.title("Roadshow called off"), startsAt, 50));
        data.cancelAsHost(id);

        Map<String, String> listed = single(anyone.get("/events.ics"), id)
                .orElseThrow(() -> new AssertionError("a subscribed calendar keeps an event the feed leaves out"));
        assertThat(listed.get("STATUS")).isEqualTo("CANCELLED");
        assertThat(Integer.parseInt(listed.get("SEQUENCE")))
                .isEqualTo(event(id).revision())
                .isPositive();

        jdbc.sql("""
                        update events.event set starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour'
                        where id = :id
                        """).param("id", id).update();
        assertThat(single(anyone.get("/events.ics"), id))
                .as("gone from the feed once it would have ended")
                .isEmpty();
    }

    /** The event as its own file and the feed both give it: the same SEQUENCE and LAST-MODIFIED, and its place. */
    private Map<String, String> assertRevision(long id, int sequence, String place) {
        Map<String, String> own =
                single(anyone.get("/events/" + id + "/event.ics"), id).orElseThrow();
        Map<String, String> inFeed = single(anyone.get("/events.ics"), id).orElseThrow();
        for (Map<String, String> event : List.of(own, inFeed)) {
            assertThat(event.get("SEQUENCE")).isEqualTo(Integer.toString(sequence));
            assertThat(event.get("LAST-MODIFIED"))
                    .as("the last change of any kind, in UTC")
                    .isEqualTo(UTC.format(event(id).updatedAt()));
            assertThat(event.get("LOCATION")).contains(place);
            assertThat(event.get("STATUS")).isEqualTo("CONFIRMED");
        }
        return own;
    }

    private Event event(long id) {
        return events.find(id).orElseThrow();
    }

    /** The VEVENT of this event in a calendar file, if it has one; fails on a file a calendar app would refuse. */
    private static Optional<Map<String, String>> single(Http.Response file, long id) {
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.header("content-type")).startsWith("text/calendar");
        List<Map<String, String>> found = new ArrayList<>();
        for (Map<String, String> event : vevents(file.body())) {
            if (event.get("UID").startsWith("event-" + id + "@")) {
                found.add(event);
            }
        }
        assertThat(found).as("one VEVENT for the event").hasSizeLessThanOrEqualTo(1);
        return found.stream().findFirst();
    }

    /** Each VEVENT's properties by name, parameters dropped; a property given twice in one VEVENT fails. */
    static List<Map<String, String>> vevents(String text) {
        assertThat(text).endsWith("\r\n");
        assertThat(text.replace("\r\n", ""))
                .as("every line ends CRLF")
                .doesNotContain("\n")
                .doesNotContain("\r");
        String unfolded = text.replace("\r\n ", "").replace("\r\n\t", "");
        List<Map<String, String>> events = new ArrayList<>();
        Map<String, String> current = null;
        for (String line : unfolded.split("\r\n")) {
            int colon = line.indexOf(':');
            assertThat(colon).as("a content line is name:value: " + line).isPositive();
            String name = line.substring(0, colon).split(";", 2)[0];
            String value = line.substring(colon + 1);
            if (line.equals("BEGIN:VEVENT")) {
                current = new LinkedHashMap<>();
            } else if (line.equals("END:VEVENT")) {
                assertThat(current).containsKeys("UID", "DTSTAMP", "DTSTART", "SEQUENCE", "LAST-MODIFIED");
                assertThat(current.get("SEQUENCE")).matches("\\d+");
                assertThat(current.get("LAST-MODIFIED")).matches("\\d{8}T\\d{6}Z");
                events.add(current);
                current = null;
            } else if (current != null) {
                assertThat(current.put(name, value))
                        .as(name + " once in a VEVENT")
                        .isNull();
            }
        }
        return events;
    }
}
