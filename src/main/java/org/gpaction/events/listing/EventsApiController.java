package org.gpaction.events.listing;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.gpaction.common.GpActionProperties;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.common.web.JsonApi;
import org.gpaction.events.catalogue.Event;
import org.gpaction.events.catalogue.Events;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The public list of upcoming events, a page at a time. A webinar's joining link is never in it. */
@RestController
@JsonApi
class EventsApiController {

    record EventView(
            long id,
            String title,
            String kind,
            String lmc,
            String region,
            String venue,
            String address,
            Instant startsAt,
            Instant endsAt,
            int capacity,
            String description,
            Long ballotId,
            String campaign,
            String url,
            String calendar) {}

    /**
     * A page of the list.
     *
     * @param total every event the list holds, on this page and the others: more follow this page while the pages up to
     *     it hold fewer
     */
    record EventsPage(List<EventView> items, long total) {}

    /** A page as long as the public page's list, so that a caller who never pages sees what it does. */
    static final int DEFAULT_SIZE = EventListController.PAGE;

    static final int MAX_SIZE = 500;

    private final Events events;
    private final GpActionProperties app;
    private final Clock clock;

    EventsApiController(Events events, GpActionProperties app, Clock clock) {
        this.events = events;
        this.app = app;
        this.clock = clock;
    }

    @GetMapping("/api/events")
    @Operation(
            summary = "Upcoming events (public)",
            description = "Not yet over and not cancelled, soonest first, a page at a time: {\"items\":[…],\"total\":N}"
                    + " where total counts every event listed, so more follow a page while page × size is less than"
                    + " total. lmc, region (NORTH_EAST_AND_YORKSHIRE, NORTH_WEST, MIDLANDS, EAST_OF_ENGLAND, LONDON,"
                    + " SOUTH_EAST or SOUTH_WEST) and kind (ROADSHOW or WEBINAR), each in any case or as its label"
                    + " (South West), narrow the list. 400 naming region, kind, page or size when it is none of the"
                    + " values it takes.")
    EventsPage upcoming(
            @RequestParam(required = false) String lmc,
            @RequestParam(required = false) String region,
            @RequestParam(required = false) String kind,
            @Parameter(description = "The page, from 1") @RequestParam(required = false) String page,
            @Parameter(description = "Events per page, 1 to " + MAX_SIZE + " (" + DEFAULT_SIZE + " if left out)")
                    @RequestParam(required = false)
                    String size) {
        List<Map<String, String>> errors = new ArrayList<>();
        int pageNumber = number(page, 1, Integer.MAX_VALUE, "page", errors);
        int pageSize = number(size, DEFAULT_SIZE, MAX_SIZE, "size", errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequest(
                    errors.stream().map(error -> error.get("message")).collect(Collectors.joining("; ")), errors);
        }
        Events.Filter filter = Filters.strict(lmc, region, kind);
        Instant now = clock.instant();
        List<EventView> items = events.upcoming(filter, now, (pageNumber - 1L) * pageSize, pageSize).stream()
                .map(this::view)
                .toList();
        return new EventsPage(items, events.upcomingCount(filter, now));
    }

    /** A whole number from 1 to {@code max}, or {@code absent} when left out; anything else is added to the errors. */
    private static int number(String value, int absent, int max, String name, List<Map<String, String>> errors) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= 1 && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Said as any other number out of range.
        }
        errors.add(Map.of("field", name, "message", name + " must be a whole number from 1 to " + max));
        return absent;
    }

    private EventView view(Event event) {
        return new EventView(
                event.id(),
                event.title(),
                event.kind().name(),
                event.lmc(),
                event.region() == null ? null : event.region().name(),
                event.venue(),
                event.address(),
                event.startsAt(),
                event.endsAt(),
                event.capacity(),
                event.description(),
                event.ballotId(),
                event.campaign(),
                app.link("/events/" + event.id()),
                app.link("/events/" + event.id() + "/event.ics"));
    }
}
