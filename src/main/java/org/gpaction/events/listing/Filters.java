package org.gpaction.events.listing;

import org.gpaction.events.catalogue.EventKind;
import org.gpaction.events.catalogue.Events;
import org.gpaction.events.catalogue.Region;

/** A filter from query parameters; anything unknown is ignored rather than refused, as a search box would. */
final class Filters {

    private Filters() {}

    static Events.Filter of(String lmc, String region, String kind) {
        // No LMC's name holds a control character, and PostgreSQL refuses a NUL in text: dropped, as a search box
        // would.
        String name = lmc == null ? "" : lmc.replaceAll("\\p{Cntrl}", "").strip();
        return new Events.Filter(
                name.isEmpty() ? null : name, value(Region.class, region), value(EventKind.class, kind));
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
