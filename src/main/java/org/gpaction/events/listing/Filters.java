package org.gpaction.events.listing;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.gpaction.common.web.InvalidRequest;
import org.gpaction.events.catalogue.EventKind;
import org.gpaction.events.catalogue.Events;
import org.gpaction.events.catalogue.Region;

/**
 * A filter from query parameters. A region or kind is its name or its label in any case ({@code london},
 * {@code South West}, {@code webinar}). The page ignores one it does not know, as a search box would; the API refuses
 * one, naming the parameter and the values it takes, so that a client's typo is not read as "every event".
 */
final class Filters {

    private Filters() {}

    static Events.Filter of(String lmc, String region, String kind) {
        return new Events.Filter(lmc(lmc), value(Region.class, region), value(EventKind.class, kind));
    }

    /** As {@link #of}, refusing with {@link InvalidRequest} a region or kind that is none of the values it takes. */
    static Events.Filter strict(String lmc, String region, String kind) {
        return new Events.Filter(lmc(lmc), known(Region.class, region, "region"), known(EventKind.class, kind, "kind"));
    }

    private static String lmc(String lmc) {
        // No LMC's name holds a control character, and PostgreSQL refuses a NUL in text: dropped, as a search box
        // would.
        String name = lmc == null ? "" : lmc.replaceAll("\\p{Cntrl}", "").strip();
        return name.isEmpty() ? null : name;
    }

    private static <E extends Enum<E>> E known(Class<E> type, String name, String parameter) {
        E value = value(type, name);
        if (value == null && name != null && !name.isBlank()) {
            throw InvalidRequest.field(
                    parameter,
                    "\"" + name.strip() + "\" is not a " + parameter + ": use one of "
                            + Arrays.stream(type.getEnumConstants())
                                    .map(Enum::name)
                                    .collect(Collectors.joining(", "))
                            + " (in any case), or leave " + parameter + " out for every one");
        }
        return value;
    }

    private static <E extends Enum<E>> E value(Class<E> type, String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        // A name or a label, in any case: "london" is LONDON, and "South West" and "south_west" are SOUTH_WEST.
        String wanted = name.strip().replaceAll("[\\s-]+", "_").toUpperCase(Locale.ROOT);
        return Arrays.stream(type.getEnumConstants())
                .filter(value -> value.name().equals(wanted))
                .findFirst()
                .orElse(null);
    }
}
