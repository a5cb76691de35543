package org.gpaction.capacity.setup;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A local urgent care setting patients are sent to when the practice is full.
 *
 * @param hours opening hours per weekday, UK time; empty means open around the clock (NHS 111, A&E)
 */
public record Signpost(String name, SignpostKind kind, String address, String phone, Map<DayOfWeek, Hours> hours) {

    public Signpost {
        hours = Map.copyOf(hours);
    }

    /** "Monday: 08:00 to 20:00", one line per day it opens, Monday first. */
    public List<String> openingTimes() {
        return hours.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey().getDisplayName(TextStyle.FULL, Locale.UK) + ": "
                        + e.getValue().opens() + " to " + e.getValue().closes())
                .toList();
    }

    public boolean isAlwaysOpen() {
        return hours.isEmpty();
    }

    /** Until when it is open at this moment, or empty if it is closed; around the clock answers the end of day. */
    public Optional<LocalTime> openUntil(DayOfWeek day, LocalTime time) {
        if (isAlwaysOpen()) {
            return Optional.of(LocalTime.MAX);
        }
        Hours today = hours.get(day);
        return today != null && today.contains(time) ? Optional.of(today.closes()) : Optional.empty();
    }
}
