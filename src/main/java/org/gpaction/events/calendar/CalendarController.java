package org.gpaction.events.calendar;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
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

/** An event to add to a calendar, and a feed of the coming year's events, cancelled ones marked so, to subscribe to. */
@RestController
class CalendarController {

    static final MediaType CALENDAR = new MediaType("text", "calendar", StandardCharsets.UTF_8);

    /** How far ahead of today the feed looks. */
    static final Period AHEAD = Period.ofYears(1);

    /** The most events the feed holds: with more in its window, it ends at an earlier day and says so. */
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
     * The feed: a calendar cannot ask for more than it is given, so the feed holds a window of days (never part of a
     * day) and says in its description where it ends and where every event is listed.
     */
    @GetMapping("/events.ics")
    ResponseEntity<byte[]> feed() {
        Instant now = clock.instant();
        LocalDate end = now.atZone(UkTime.ZONE).toLocalDate().plus(AHEAD);
        List<Event> listed = events.inCalendarFeed(now, startOf(end), MOST + 1);
        if (listed.size() > MOST) {
            // Ended at the start of the day of the first left out, so that every day it covers is there whole.
            end = listed.get(MOST).startsAt().atZone(UkTime.ZONE).toLocalDate();
            Instant before = startOf(end);
            listed = listed.stream()
                    .filter(event -> event.startsAt().isBefore(before))
                    .toList();
        }
        String about = "Every GP Action event not yet over that starts before " + ON_DAY.format(end)
                + " (UK time), cancelled ones marked so. Later ones join it as the days pass; every event is listed at "
                + app.link("/events");
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
