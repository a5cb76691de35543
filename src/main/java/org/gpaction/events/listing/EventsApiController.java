package org.gpaction.events.listing;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.gpaction.common.GpActionProperties;
import org.gpaction.common.web.JsonApi;
import org.gpaction.events.catalogue.Event;
import org.gpaction.events.catalogue.Events;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The public list of upcoming events. A webinar's joining link is never in it. */
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
            description = "Not yet over and not cancelled, soonest first; lmc, region (NORTH_EAST_AND_YORKSHIRE,"
                    + " NORTH_WEST, MIDLANDS, EAST_OF_ENGLAND, LONDON, SOUTH_EAST or SOUTH_WEST) and kind (ROADSHOW or"
                    + " WEBINAR), each in any case or as its label (South West), narrow the list. 400 naming region"
                    + " or kind when it is none of these.")
    List<EventView> upcoming(
            @RequestParam(required = false) String lmc,
            @RequestParam(required = false) String region,
            @RequestParam(required = false) String kind) {
        return events.upcoming(Filters.strict(lmc, region, kind), clock.instant(), EventListController.PAGE).stream()
                .map(this::view)
                .toList();
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
