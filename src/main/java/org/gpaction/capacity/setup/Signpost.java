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

    /** "Monday: 08:00 to 20:00" or "Monday: 18:30 to 08:00 the next day", one line per day it opens, Monday first. */
    public List<String> openingTimes() {
        return hours.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey().getDisplayName(TextStyle.FULL, Locale.UK) + ": "
                        + e.getValue().opens() + " to " + e.getValue().closes()
                        + (e.getValue().overnight() ? " the next day" : ""))
                .toList();
    }

    public boolean isAlwaysOpen() {
        return hours.isEmpty();
    }

    /**
     * Until when it is open at this moment (UK time), or empty if it is closed; around the clock answers the end of day.
     * A place open overnight is open until the next morning's closing time, on the evening it opens and on the next
     * morning alike (Monday 18:30 to 08:00 is open on Tuesday from midnight until 08:00).
     */
    public Optional<LocalTime> openUntil(DayOfWeek day, LocalTime time) {
        if (isAlwaysOpen()) {
            return Optional.of(LocalTime.MAX);
        }
        Hours today = hours.get(day);
        if (today != null && today.contains(time)) {
            return Optional.of(today.closes());
        }
        Hours lastNight = hours.get(day.minus(1));
        return lastNight != null && lastNight.containsNextMorning(time)
                ? Optional.of(lastNight.closes())
                : Optional.empty();
    }
}
