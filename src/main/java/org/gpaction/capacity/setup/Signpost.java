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

    private static final long DAY = 86_400;
    /** How far ahead a place's hours are followed: open for a whole week from a moment, it does not close. */
    private static final long WEEK = 7 * DAY;

    /**
     * When a place open at a moment closes next: {@code daysAhead} days after that moment's day (UK time), at
     * {@code at}; {@link LocalTime#MAX} when it stays open for the whole week ahead.
     */
    public record Closing(int daysAhead, LocalTime at) {

        static final Closing NEVER = new Closing(0, LocalTime.MAX);

        public boolean never() {
            return at.equals(LocalTime.MAX);
        }
    }

    public Signpost {
        hours = Map.copyOf(hours);
    }

    /**
     * "Monday: 08:00 to 20:00", "Monday: 18:30 to 08:00 the next day" or "Monday: 20:00 to midnight", one line per day
     * it opens, Monday first.
     */
    public List<String> openingTimes() {
        return hours.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey().getDisplayName(TextStyle.FULL, Locale.UK) + ": "
                        + e.getValue().opens() + " to "
                        + (e.getValue().closes().equals(LocalTime.MIDNIGHT)
                                ? "midnight"
                                : e.getValue().closes() + (e.getValue().overnight() ? " the next day" : "")))
                .toList();
    }

    public boolean isAlwaysOpen() {
        return hours.isEmpty();
    }

    /**
     * Open around the clock every day, whether given no hours or hours that run on into each other all week (00:00 to
     * midnight every day): patients are told it is open 24 hours rather than shown seven days of times.
     */
    public boolean isOpenAllWeek() {
        return closingAfter(DayOfWeek.MONDAY, LocalTime.MIDNIGHT)
                .map(Closing::never)
                .orElse(false);
    }

    /**
     * Until when it is open at this moment (UK time), or empty if it is closed; open for the whole week ahead answers
     * {@link LocalTime#MAX}. See {@link #closingAfter}.
     */
    public Optional<LocalTime> openUntil(DayOfWeek day, LocalTime time) {
        return closingAfter(day, time).map(Closing::at);
    }

    /**
     * When it closes after this moment (UK time), or empty if it is closed then. Hours that run on into each other are
     * followed to where the place actually closes: a place open overnight is open until the next morning's closing time,
     * on the evening it opens and on the next morning alike (Monday 18:30 to 08:00 is open on Tuesday from midnight
     * until 08:00), and on past it when that morning's own hours start as the night's end (Tuesday 08:00 to 18:30 too:
     * open at 07:00 on Tuesday until 18:30). Followed for a week at most: open all that time, it does not close
     * ({@link Closing#never()}). Times are on the clock on the wall, so a night the clocks change holds.
     */
    public Optional<Closing> closingAfter(DayOfWeek day, LocalTime time) {
        if (isAlwaysOpen()) {
            return Optional.of(Closing.NEVER);
        }
        long now = time.toSecondOfDay();
        long until = now;
        boolean ranOn = true;
        while (ranOn && until - now < WEEK) {
            ranOn = false;
            // Each day's hours from the day before this moment's to a week after it, in seconds from its day's start.
            for (int k = -1; k <= 8; k++) {
                Hours open = hours.get(day.plus(k));
                if (open == null) {
                    continue;
                }
                long starts = k * DAY + open.opens().toSecondOfDay();
                long ends = k * DAY + open.closes().toSecondOfDay() + (open.overnight() ? DAY : 0);
                if (starts <= until && until < ends) {
                    until = ends;
                    ranOn = true;
                }
            }
        }
        if (until == now) {
            return Optional.empty();
        }
        if (until - now >= WEEK) {
            return Optional.of(Closing.NEVER);
        }
        return Optional.of(new Closing((int) (until / DAY), LocalTime.ofSecondOfDay(until % DAY)));
    }
}
