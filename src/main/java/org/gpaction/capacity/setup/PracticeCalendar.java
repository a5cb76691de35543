package org.gpaction.capacity.setup;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.gpaction.common.UkTime;

/**
 * A practice's working time in UK time: core hours per weekday, with England and Wales bank holidays never working
 * days. The day turns over at midnight UK time, whatever the offset from UTC that day.
 */
public record PracticeCalendar(Map<DayOfWeek, Hours> coreHours, Set<LocalDate> bankHolidays) {

    /**
     * How many days ahead a working day is looked for (the day a full practice opens again, the waiting list's day): far
     * enough to pass any run of holidays and weekends; a practice with no core hours at all never opens.
     */
    public static final int LOOK_AHEAD_DAYS = 31;

    public PracticeCalendar {
        coreHours = Map.copyOf(coreHours);
        bankHolidays = Set.copyOf(bankHolidays);
    }

    public static LocalDate dayOf(Instant instant) {
        return instant.atZone(UkTime.ZONE).toLocalDate();
    }

    public boolean isWorkingDay(LocalDate day) {
        return coreHours.containsKey(day.getDayOfWeek()) && !bankHolidays.contains(day);
    }

    public boolean isOpenAt(Instant instant) {
        ZonedDateTime local = instant.atZone(UkTime.ZONE);
        return isWorkingDay(local.toLocalDate())
                && coreHours.get(local.getDayOfWeek()).contains(local.toLocalTime());
    }

    /** The first moment at or after {@code from} that falls inside core hours. */
    public Optional<Instant> nextOpenAt(Instant from) {
        return nextOpenAt(from, day -> true);
    }

    /**
     * The first moment after {@code from} that falls inside core hours of a day {@code hasRoom} for routine need: a day
     * on which the clinicians' caps come to no more than the urgent reserve is passed over.
     */
    public Optional<Instant> nextOpenAt(Instant from, Predicate<LocalDate> hasRoom) {
        if (isOpenAt(from) && hasRoom.test(dayOf(from))) {
            return Optional.of(from);
        }
        LocalDate day = dayOf(from);
        for (int i = 0; i <= LOOK_AHEAD_DAYS; i++, day = day.plusDays(1)) {
            if (isWorkingDay(day) && hasRoom.test(day)) {
                Instant opening = opening(day);
                if (opening.isAfter(from)) {
                    return Optional.of(opening);
                }
            }
        }
        return Optional.empty();
    }

    /** When the next working day after {@code day} opens: when a full practice has room again. */
    public Optional<Instant> openingAfter(LocalDate day) {
        return nextWorkingDayAfter(day).map(this::opening);
    }

    /** When the next working day after {@code day} that {@code hasRoom} for routine need opens. */
    public Optional<Instant> openingAfter(LocalDate day, Predicate<LocalDate> hasRoom) {
        return nextWorkingDayAfter(day, hasRoom).map(this::opening);
    }

    public Optional<LocalDate> nextWorkingDayAfter(LocalDate day) {
        return nextWorkingDayAfter(day, next -> true);
    }

    /**
     * The next working day after {@code day} that {@code hasRoom} for routine need: the day a full practice opens
     * again, and the day a request beyond today's room waits for.
     */
    public Optional<LocalDate> nextWorkingDayAfter(LocalDate day, Predicate<LocalDate> hasRoom) {
        LocalDate next = day.plusDays(1);
        for (int i = 0; i < LOOK_AHEAD_DAYS; i++, next = next.plusDays(1)) {
            if (isWorkingDay(next) && hasRoom.test(next)) {
                return Optional.of(next);
            }
        }
        return Optional.empty();
    }

    /**
     * The first of the {@code count} working days before {@code day}, looking back at most 31 days (so a practice open
     * one day a week reaches back a month, not five weeks); {@code day} itself when none comes before it in that time.
     */
    public LocalDate firstOfWorkingDaysBefore(LocalDate day, int count) {
        LocalDate first = day;
        int found = 0;
        for (LocalDate earlier = day.minusDays(1);
                found < count && !earlier.isBefore(day.minusDays(LOOK_AHEAD_DAYS));
                earlier = earlier.minusDays(1)) {
            if (isWorkingDay(earlier)) {
                first = earlier;
                found++;
            }
        }
        return first;
    }

    private Instant opening(LocalDate day) {
        return day.atTime(coreHours.get(day.getDayOfWeek()).opens())
                .atZone(UkTime.ZONE)
                .toInstant();
    }
}
