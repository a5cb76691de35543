package org.gpaction.capacity.setup;

import static org.gpaction.capacity.setup.SetupMistakes.abbreviate;
import static org.gpaction.capacity.setup.SetupMistakes.text;
import static org.gpaction.capacity.setup.SetupRules.END_OF_DAY;
import static org.gpaction.capacity.setup.SetupRules.name;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** The rules of a set-up's opening hours, the practice's core hours and each place's alike, and of its day names. */
final class HoursRules {

    private final SetupMistakes mistakes;

    HoursRules(SetupMistakes mistakes) {
        this.mistakes = mistakes;
    }

    /**
     * Opening and closing times by weekday. A signpost's mistakes name the place as well as the day, as a set-up lists
     * several places and each has its own times; {@code place} is null for the practice's own core hours.
     */
    Map<DayOfWeek, Hours> byDay(String field, Map<String, SetupRequest.HoursRequest> given, String place) {
        Map<DayOfWeek, Hours> hours = new EnumMap<>(DayOfWeek.class);
        if (given == null) {
            return hours;
        }
        given.forEach((dayName, times) -> {
            DayOfWeek day = dayOfWeek(field, dayName);
            if (day == null || times == null) {
                return;
            }
            String at = field + "." + day;
            if (place != null
                    && text(times.opens()).isEmpty() != text(times.closes()).isEmpty()) {
                String missing = text(times.opens()).isEmpty() ? "opens" : "closes";
                mistakes.add(
                        at + "." + missing,
                        "Give the time " + place + " " + missing + " on " + name(day)
                                + ", or leave both times empty if it is closed that day");
                return;
            }
            LocalTime opens = time(at + ".opens", times.opens(), place, "opens", day);
            LocalTime closes = time(at + ".closes", times.closes(), place, "closes", day);
            if (opens != null && closes != null) {
                // A place to send patients may be open overnight (closing at or before it opens, the next day); the
                // practice's own core hours are one span within a day, as its days turn over at midnight.
                if (place == null && !closes.isAfter(opens)) {
                    mistakes.add(
                            at + ".closes", "On " + name(day) + " the closing time must be after the opening time");
                } else {
                    hours.put(day, new Hours(opens, closes));
                }
            }
        });
        return hours;
    }

    /**
     * A time as hh:mm. "24:00" is the end of the day, taken only as the time a place to send patients closes (kept as
     * 00:00, which closes at midnight too); the practice's core hours close within their own day, by 23:59.
     */
    private LocalTime time(String field, String value, String place, String which, DayOfWeek day) {
        if (END_OF_DAY.equals(text(value))) {
            if (place != null && which.equals("closes")) {
                return LocalTime.MIDNIGHT;
            }
            mistakes.add(
                    field,
                    which.equals("opens")
                            ? "24:00 is only a closing time, the end of the day: give the time "
                                    + (place == null ? "the core hours open" : place + " opens") + " on "
                                    + name(day) + " from 00:00 to 23:59"
                            : "On " + name(day) + " the core hours must close by 23:59, as the practice's day ends at"
                                    + " midnight: 24:00 is taken only as the time a place to send patients closes");
            return null;
        }
        try {
            return LocalTime.parse(text(value));
        } catch (DateTimeParseException e) {
            mistakes.add(
                    field,
                    place == null
                            ? "Give the time as hh:mm on the 24-hour clock, for example 08:00"
                            : "Give the time " + place + " " + which + " on " + name(day)
                                    + " as hh:mm on the 24-hour clock, for example 08:00");
            return null;
        }
    }

    DayOfWeek dayOfWeek(String field, String value) {
        try {
            return DayOfWeek.valueOf(text(value).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            mistakes.add(field, "Days are MONDAY to SUNDAY; " + abbreviate(text(value)) + " is not one");
            return null;
        }
    }
}
