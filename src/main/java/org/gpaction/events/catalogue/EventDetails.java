package org.gpaction.events.catalogue;

import java.time.Instant;

/** What a host says about an event, checked by {@link EventRules} before it is stored. */
public record EventDetails(
        String title,
        EventKind kind,
        String lmc,
        Region region,
        String venue,
        String address,
        String joiningLink,
        Instant startsAt,
        Instant endsAt,
        Integer capacity,
        String description,
        Long ballotId,
        String campaign) {

    public EventDetails withLmc(String hostLmc) {
        return new EventDetails(
                title,
                kind,
                hostLmc,
                region,
                venue,
                address,
                joiningLink,
                startsAt,
                endsAt,
                capacity,
                description,
                ballotId,
                campaign);
    }
}
