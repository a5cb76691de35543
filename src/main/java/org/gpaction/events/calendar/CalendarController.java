package org.gpaction.events.calendar;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.gpaction.common.GpActionProperties;
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

/** An event to add to a calendar, and a feed of every upcoming event, cancelled ones marked so, to subscribe to. */
@RestController
class CalendarController {

    static final MediaType CALENDAR = new MediaType("text", "calendar", StandardCharsets.UTF_8);

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
        return calendar("event-" + id + ".ics", event.title(), List.of(event));
    }

    @GetMapping("/events.ics")
    ResponseEntity<byte[]> feed() {
        return calendar("gp-action-events.ics", "GP Action events", events.inCalendarFeed(clock.instant(), 1000));
    }

    private ResponseEntity<byte[]> calendar(String fileName, String name, List<Event> listed) {
        String text = new ICalendar(app.baseUrl().getHost(), clock.instant())
                .write(name, listed, id -> app.link("/events/" + id));
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
