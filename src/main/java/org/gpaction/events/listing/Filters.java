package org.gpaction.events.listing;

import org.gpaction.events.catalogue.EventKind;
import org.gpaction.events.catalogue.Events;
import org.gpaction.events.catalogue.Region;

/** A filter from query parameters; anything unknown is ignored rather than refused, as a search box would. */
final class Filters {

    private Filters() {}

    static Events.Filter of(String lmc, String region, String kind) {
        return new Events.Filter(
                lmc == null || lmc.isBlank() ? null : lmc.strip(),
                value(Region.class, region),
                value(EventKind.class, kind));
    }

    private static <E extends Enum<E>> E value(Class<E> type, String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, name.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
