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

    private final Events events;
    private final Clock clock;

    UpcomingEvents(Events events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    public List<Listed> next(int count) {
        return events.upcoming(new Events.Filter(null, null, null), clock.instant(), Math.min(count, 20)).stream()
                .map(UpcomingEvents::listed)
                .toList();
    }

    public List<Listed> forBallot(long ballotId) {
        return events.upcomingForBallot(ballotId, clock.instant()).stream()
                .map(UpcomingEvents::listed)
                .toList();
    }

    private static Listed listed(Event event) {
        return new Listed(event.id(), event.title(), event.kind().label(), event.host(), event.when(), event.where());
    }
}
