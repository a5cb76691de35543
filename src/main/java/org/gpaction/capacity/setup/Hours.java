package org.gpaction.capacity.setup;

import java.time.LocalTime;

/**
 * Opening hours on one weekday, UK time: open from {@code opens} up to but not including {@code closes}. A closing time
 * at or before the opening time runs into the next day (a GP out-of-hours service open 18:30 to 08:00; 00:00 closes
 * at midnight, and is what a closing time of 24:00 is kept as, read back as 24:00): only signposts may have one, as core
 * hours are checked to close after they open. Times are read on the
 * clock on the wall, so a night the clocks change is no longer or shorter in these terms.
 */
public record Hours(LocalTime opens, LocalTime closes) {

    /**
     * The closing time as it is given: hh:mm, and midnight as 24:00, the end of the opening day, so that a client
     * sending back what it read says the same (00:00 given as a closing time means that too, but reads as the start
     * of a day).
     */
    public String closingTime() {
        return closes.equals(LocalTime.MIDNIGHT) ? SetupRules.END_OF_DAY : closes.toString();
    }

    /** Closes the next day (at or before its opening time, read as the next day's). */
    public boolean overnight() {
        return !closes.isAfter(opens);
    }

    /** Open at this time on its own day: from opening to closing, or to midnight when it runs into the next day. */
    public boolean contains(LocalTime time) {
        return !time.isBefore(opens) && (overnight() || time.isBefore(closes));
    }

    /** Still open at this time on the next day, running on from the night before. */
    public boolean containsNextMorning(LocalTime time) {
        return overnight() && time.isBefore(closes);
    }
}
