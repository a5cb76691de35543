package org.gpaction.common;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Deadlines and days are Europe/London; instants are stored in UTC. */
public final class UkTime {

    public static final ZoneId ZONE = ZoneId.of("Europe/London");

    private static final DateTimeFormatter DISPLAY =
            DateTimeFormatter.ofPattern("d MMMM yyyy 'at' h:mma", Locale.UK).withZone(ZONE);

    private UkTime() {}

    /** For example "29 July 2024 at 12:00pm". */
    public static String format(Instant instant) {
        return DISPLAY.format(instant).replace("AM", "am").replace("PM", "pm");
    }
}
