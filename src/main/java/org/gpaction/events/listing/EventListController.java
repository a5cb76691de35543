package org.gpaction.events.listing;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.gpaction.events.catalogue.Event;
import org.gpaction.events.catalogue.EventKind;
import org.gpaction.events.catalogue.Events;
import org.gpaction.events.catalogue.Region;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The public list of upcoming events, narrowed by LMC, region and kind with a plain form (no JavaScript needed). */
@Controller
class EventListController {

    static final int PAGE = 200;

    private final Events events;
    private final Clock clock;
    private final int page;

    @Autowired
    EventListController(Events events, Clock clock) {
        this(events, clock, PAGE);
    }

    /** With a page of another length, so that a test need not publish a page of events and more. */
    EventListController(Events events, Clock clock, int page) {
        this.events = events;
        this.clock = clock;
        this.page = page;
    }

    @GetMapping("/events")
    String list(
            @RequestParam(required = false) String lmc,
            @RequestParam(required = false) String region,
            @RequestParam(required = false) String kind,
            Model model) {
        Instant now = clock.instant();
        Events.Filter filter = Filters.of(lmc, region, kind);
        // One more than the page, to tell whether there are more than it shows: a list cut short says so.
        List<Event> upcoming = events.upcoming(filter, now, page + 1);
        model.addAttribute("events", upcoming.subList(0, Math.min(page, upcoming.size())));
        model.addAttribute("more", upcoming.size() > page);
        model.addAttribute("page", page);
        model.addAttribute("filter", filter);
        model.addAttribute("lmcs", events.hostLmcs(now));
        model.addAttribute("regions", Region.values());
        model.addAttribute("kinds", EventKind.values());
        return "events/list";
    }
}
