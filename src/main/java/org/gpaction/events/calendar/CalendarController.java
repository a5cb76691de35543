package org.gpaction.events.calendar;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.gpaction.common.GpActionProperties;
import org.gpaction.common.UkTime;
import org.gpaction.events.catalogue.Event;
import org.gpaction.events.catalogue.Events;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** An event to add to a calendar, and a feed of the events to come, cancelled ones marked so, to subscribe to. */
@RestController
class CalendarController {

    static final MediaType CALENDAR = new MediaType("text", "calendar", StandardCharsets.UTF_8);

    /** The most events the feed holds: with more, it ends at the start of a day and says which. */
    static final int MOST = 1000;

    private static final DateTimeFormatter ON_DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.UK);

    private final Events events;
    private final GpActionProperties app;
    private final Clock clock;

    CalendarController(Events events, GpActionProperties app, Clock clock) {
        this.events = events;
        this.app = app;
        this.clock = clock;
    }

    @GetMapping("/events/{id:\\d+}/event.ics")
    ResponseEntity<byte[]> event(@PathVariable long id) {
        Event event = events.find(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "There is no event " + id));
        return calendar("event-" + id + ".ics", event.title(), null, List.of(event));
    }

    /**
     * The feed: every event not yet over, as a calendar keeps an event left out at the time it last had. A calendar
     * cannot ask for more than it is given, so with more than it holds the feed ends before a day (never part of one)
     * and says in its description which day and where every event is listed.
     */
    @GetMapping("/events.ics")
    ResponseEntity<byte[]> feed() {
        List<Event> listed = events.inCalendarFeed(clock.instant(), MOST + 1);
        String about = "Every GP Action event not yet over, cancelled ones marked so; every event is listed at "
                + app.link("/events");
        if (listed.size() > MOST) {
            // Ended at the start of the day of the first left out, so that every day it covers is there whole.
            LocalDate end = listed.get(MOST).startsAt().atZone(UkTime.ZONE).toLocalDate();
            Instant before = startOf(end);
            listed = listed.stream()
                    .filter(event -> event.startsAt().isBefore(before))
                    .toList();
            about = "Every GP Action event not yet over that starts before " + ON_DAY.format(end)
                    + " (UK time), cancelled ones marked so. Later ones join it as the days pass; every event is listed"
                    + " at " + app.link("/events");
        }
        return calendar("gp-action-events.ics", "GP Action events", about, listed);
    }

    private static Instant startOf(LocalDate day) {
        return day.atStartOfDay(UkTime.ZONE).toInstant();
    }

    private ResponseEntity<byte[]> calendar(String fileName, String name, String about, List<Event> listed) {
        String text = new ICalendar(app.baseUrl().getHost(), clock.instant())
                .write(name, about, listed, id -> app.link("/events/" + id));
        return ResponseEntity.ok()
                .contentType(CALENDAR)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(fileName)
                                .build()
                                .toString())
                .body(text.getBytes(StandardCharsets.UTF_8));
    }
}
