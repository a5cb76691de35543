package org.gpaction.events.listing;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.gpaction.common.web.ListPage;
import org.gpaction.common.web.PageNumber;
import org.gpaction.events.catalogue.EventKind;
import org.gpaction.events.catalogue.Events;
import org.gpaction.events.catalogue.Region;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The public list of upcoming events, a page at a time, narrowed by LMC, region and kind with a plain form (no
 * JavaScript needed).
 */
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
            @RequestParam(name = "page", required = false) String pageAsked,
            Model model) {
        int number = PageNumber.asked(pageAsked);
        Instant now = clock.instant();
        Events.Filter filter = Filters.of(lmc, region, kind);
        Events.Page listed = events.upcomingPage(filter, now, ListPage.offset(number, page), page);
        // A page past the last (an old link, the list shorter since) is refused naming the pages there are, rather
        // than shown empty or answered with another page as if it were the one asked for.
        ListPage shown = ListPage.refusedIfPast(number, listed.total(), page);
        model.addAttribute("events", listed.events());
        model.addAttribute("total", listed.total());
        model.addAttribute("number", shown.number());
        model.addAttribute("pages", shown.pages());
        model.addAttribute("firstShown", shown.firstShown(listed.events().size()));
        model.addAttribute("lastShown", shown.lastShown(listed.events().size()));
        model.addAttribute("linkLmc", ifSent(lmc));
        model.addAttribute("linkRegion", ifSent(region));
        model.addAttribute("linkKind", ifSent(kind));
        model.addAttribute("filter", filter);
        model.addAttribute("lmcs", events.hostLmcs(now));
        model.addAttribute("regions", Region.values());
        model.addAttribute("kinds", EventKind.values());
        return "events/list";
    }

    /**
     * A filter as it was sent, for the other pages' links to carry: none when it was not sent or left blank, which the
     * link expression leaves out rather than write as an empty parameter.
     */
    private static List<String> ifSent(String value) {
        return value == null || value.isBlank() ? List.of() : List.of(value);
    }
}
