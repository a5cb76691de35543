package org.gpaction.common;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A setting's length of time as a page tells a person it: "48 hours", "30 minutes", "3 days and 6 hours". */
public final class DurationWords {

    /** Up to this, a time is told in hours: a link "expires in 48 hours", as people expect, not "in 2 days". */
    private static final Duration IN_HOURS_UP_TO = Duration.ofHours(48);

    private DurationWords() {}

    /** Days, hours and minutes, each left out when none; seconds are not told. */
    public static String inWords(Duration duration) {
        boolean inHours = duration.compareTo(IN_HOURS_UP_TO) <= 0;
        List<String> parts = new ArrayList<>();
        add(parts, inHours ? 0 : duration.toDays(), "day");
        add(parts, inHours ? duration.toHours() : duration.toHoursPart(), "hour");
        add(parts, duration.toMinutesPart(), "minute");
        if (parts.isEmpty()) {
            return "less than a minute";
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    private static void add(List<String> parts, long n, String unit) {
        if (n > 0) {
            parts.add(n + " " + unit + (n == 1 ? "" : "s"));
        }
    }
}
