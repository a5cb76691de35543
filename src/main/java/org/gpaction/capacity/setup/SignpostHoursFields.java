package org.gpaction.capacity.setup;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.util.MultiValueMap;

/**
 * A signpost's opening hours on the set-up page: open around the clock, or times for each weekday it opens (a day with
 * both times empty is a day it is closed). The API says "around the clock" by giving no hours at all; the page asks
 * for it outright, so that a place whose times were typed in, or forgotten, never shows to patients as open 24 hours
 * by mistake. Row {@code i}'s fields are s{i}.open and s{i}.hours.MONDAY.opens, .closes and so on.
 */
final class SignpostHoursFields {

    static final String AROUND_THE_CLOCK = "always";
    static final String AT_TIMES = "times";

    private SignpostHoursFields() {}

    /** The fields for a saved signpost. */
    static void write(int row, Signpost signpost, MultiValueMap<String, String> values) {
        values.add(choice(row), signpost.isAlwaysOpen() ? AROUND_THE_CLOCK : AT_TIMES);
        signpost.hours().forEach((day, hours) -> {
            values.add(time(row, day, "opens"), hours.opens().toString());
            // A place open until midnight shows as open until 24:00, the way it is usually written.
            values.add(time(row, day, "closes"), hours.closingTime());
        });
    }

    /** The hours a row gives, as the API takes them: none at all for around the clock. */
    static Map<String, SetupRequest.HoursRequest> read(int row, MultiValueMap<String, String> params) {
        Map<String, SetupRequest.HoursRequest> hours = new LinkedHashMap<>();
        if (AROUND_THE_CLOCK.equals(params.getFirst(choice(row)))) {
            return hours;
        }
        for (DayOfWeek day : DayOfWeek.values()) {
            String opens = params.getFirst(time(row, day, "opens"));
            String closes = params.getFirst(time(row, day, "closes"));
            if (!blank(opens) || !blank(closes)) {
                hours.put(day.name(), new SetupRequest.HoursRequest(opens, closes));
            }
        }
        return hours;
    }

    /**
     * What the page refuses before the set-up's rules see the hours: a place marked open around the clock that also
     * has times, and a place with no times that is not marked open around the clock. Each names the place, and its
     * field is the API's ({@code field} is the signpost's, such as signposts[1]).
     */
    static List<Map<String, String>> mistakes(
            int row, String field, String place, MultiValueMap<String, String> params) {
        List<Map<String, String>> mistakes = new ArrayList<>();
        String chosen = params.getFirst(choice(row));
        List<DayOfWeek> timed = new ArrayList<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            if (!blank(params.getFirst(time(row, day, "opens"))) || !blank(params.getFirst(time(row, day, "closes")))) {
                timed.add(day);
            }
        }
        if (AROUND_THE_CLOCK.equals(chosen)) {
            if (!timed.isEmpty()) {
                mistakes.add(mistake(
                        field + ".open",
                        place + " is marked open around the clock but has times for "
                                + SetupRules.name(timed.get(0))
                                + ": empty its times, or choose that it opens at the times given"));
            }
        } else if (timed.isEmpty()) {
            mistakes.add(
                    blank(chosen)
                            ? mistake(
                                    field + ".open",
                                    "Say when " + place
                                            + " is open: around the clock, or at the times given for each day")
                            : mistake(
                                    field + ".hours.MONDAY.opens",
                                    "Give the times " + place
                                            + " opens on at least one day, or choose that it is open around the"
                                            + " clock"));
        }
        return mistakes;
    }

    private static Map<String, String> mistake(String field, String message) {
        Map<String, String> mistake = new LinkedHashMap<>();
        mistake.put("field", field);
        mistake.put("message", message);
        return mistake;
    }

    private static String choice(int row) {
        return "s" + row + ".open";
    }

    private static String time(int row, DayOfWeek day, String which) {
        return "s" + row + ".hours." + day + "." + which;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
