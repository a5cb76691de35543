package org.gpaction.events;

import java.time.Clock;
import java.util.List;
import org.gpaction.events.catalogue.Event;
import org.gpaction.events.catalogue.Events;
import org.springframework.stereotype.Service;

/**
 * Upcoming events for other pages to show: the public start page, and a ballot's pages while it is open. Used from
 * templates ({@code ${@upcomingEvents.next(3)}}), so showing events needs no code in those modules.
 */
@Service
public class UpcomingEvents {

    /** One event as another page lists it. */
    public record Listed(long id, String title, String kind, String host, String when, String where) {}

    /** The first events of a list, with how many it holds in all, so that a page showing fewer can say so. */
    public record Shown(List<Listed> events, long total) {

        public long more() {
            return total - events.size();
        }
    }

    /** The most another page lists. */
    static final int MOST = 20;

    private final Events events;
    private final Clock clock;

    UpcomingEvents(Events events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    public Shown next(int count) {
        return shown(
                events.upcomingPage(new Events.Filter(null, null, null), clock.instant(), 0, Math.min(count, MOST)));
    }

    public Shown forBallot(long ballotId) {
        return shown(events.upcomingForBallot(ballotId, clock.instant(), MOST));
    }

    private static Shown shown(Events.Page page) {
        return new Shown(page.events().stream().map(UpcomingEvents::listed).toList(), page.total());
    }

    private static Listed listed(Event event) {
        return new Listed(event.id(), event.title(), event.kind().label(), event.host(), event.when(), event.where());
    }
}
