package org.gpaction.events.listing;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gpaction.common.GpActionProperties;
import org.gpaction.common.web.JsonApi;
import org.gpaction.common.web.ListPage;
import org.gpaction.common.web.PageParameters;
import org.gpaction.events.catalogue.Event;
import org.gpaction.events.catalogue.Events;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

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

    /** The header saying how many events the list holds in all, on the page answered and the others. */
    static final String TOTAL_COUNT = "X-Total-Count";

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
            description = "Not yet over and not cancelled, soonest first: a bare list, a page at a time (the first "
                    + DEFAULT_SIZE + " when page and size are left out). X-Total-Count says how many events are listed"
                    + " in all, and while more follow the page, its Link header gives the next page's address"
                    + " (rel=next, root-relative, keeping the filter). lmc, region (NORTH_EAST_AND_YORKSHIRE,"
                    + " NORTH_WEST, MIDLANDS, EAST_OF_ENGLAND, LONDON, SOUTH_EAST or SOUTH_WEST) and kind (ROADSHOW or"
                    + " WEBINAR), each in any case or as its label (South West), narrow the list; an LMC's event with"
                    + " no region of its own is listed under the region of each of the LMC's practices in the"
                    + " practices directory. 400 naming region,"
                    + " kind, page or size when it is none of the values it takes.",
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "A page of the list",
                            headers = {
                                @Header(
                                        name = TOTAL_COUNT,
                                        description = "How many events are listed in all, on this page and the others",
                                        schema = @Schema(type = "integer")),
                                @Header(
                                        name = HttpHeaders.LINK,
                                        description = "Only while more follow this page: the next page's address,"
                                                + " such as </api/events?page=2&size=" + DEFAULT_SIZE
                                                + ">; rel=\"next\"",
                                        schema = @Schema(type = "string"))
                            },
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            array = @ArraySchema(schema = @Schema(implementation = EventView.class)))))
    ResponseEntity<List<EventView>> upcoming(
            @RequestParam(required = false) String lmc,
            @RequestParam(required = false) String region,
            @RequestParam(required = false) String kind,
            @Parameter(description = "The page, from 1", schema = @Schema(type = "integer", minimum = "1"))
                    @RequestParam(required = false)
                    String page,
            @Parameter(
                            description = "Events per page, 1 to " + MAX_SIZE + " (" + DEFAULT_SIZE + " if left out)",
                            schema = @Schema(type = "integer", minimum = "1", maximum = "" + MAX_SIZE))
                    @RequestParam(required = false)
                    String size) {
        PageParameters asked = new PageParameters();
        int pageNumber = asked.page(page);
        int pageSize = asked.size(size, DEFAULT_SIZE, MAX_SIZE);
        asked.check();
        Events.Filter filter = Filters.strict(lmc, region, kind);
        Instant now = clock.instant();
        Events.Page listed = events.upcomingPage(filter, now, ListPage.offset(pageNumber, pageSize), pageSize);
        List<EventView> items = listed.events().stream().map(this::view).toList();
        long total = listed.total();
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok().header(TOTAL_COUNT, String.valueOf(total));
        if ((long) pageNumber * pageSize < total) {
            answer.header(HttpHeaders.LINK, "<" + next(lmc, region, kind, pageNumber, pageSize) + ">; rel=\"next\"");
        }
        return answer.body(items);
    }

    /**
     * The next page's address, root-relative as the API's Location headers are, with the filter as the caller sent
     * it, each value encoded whole (an LMC's name may hold an ampersand or a plus).
     */
    private static String next(String lmc, String region, String kind, int page, int size) {
        UriComponentsBuilder next = UriComponentsBuilder.fromPath("/api/events");
        Map<String, String> filter = new LinkedHashMap<>();
        filter.put("lmc", lmc);
        filter.put("region", region);
        filter.put("kind", kind);
        filter.values().removeIf(value -> value == null || value.isBlank());
        filter.keySet().forEach(name -> next.queryParam(name, "{" + name + "}"));
        return next.queryParam("page", page + 1)
                .queryParam("size", size)
                .encode()
                .buildAndExpand(filter)
                .toUriString();
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
