package org.gpaction.ballots.ballot;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.Year;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.common.UkTime;

/**
 * A date and time typed as the GOV.UK date-input pattern asks for it (day, month and year boxes, then a time on the
 * 24-hour clock), read as UK time. A time the clocks skip when they go forward, or pass twice when they go back, is
 * refused rather than guessed: a ballot's deadline must mean one instant that the person typing it chose. In the hour
 * passed twice, BST or GMT after the time says which, and a time there comes back into its box so written, so that a
 * draft given such a time through the API saves again from its form at that instant.
 */
final class UkDateTimeEntry {

    /** The four boxes of one date and time. */
    enum Part {
        DAY,
        MONTH,
        YEAR,
        TIME
    }

    /** What was typed, as text. */
    record Typed(String day, String month, String year, String time) {

        boolean blank() {
            return isBlank(day) && isBlank(month) && isBlank(year) && isBlank(time);
        }

        static Typed of(Instant instant) {
            if (instant == null) {
                return new Typed("", "", "", "");
            }
            LocalDateTime local = LocalDateTime.ofInstant(instant, UkTime.ZONE);
            return new Typed(
                    String.valueOf(local.getDayOfMonth()),
                    String.valueOf(local.getMonthValue()),
                    String.valueOf(local.getYear()),
                    TIME.format(local) + (UkTime.happensTwice(local) ? " " + zoneAt(instant) : ""));
        }
    }

    /** The instant typed, or what to fix and which boxes to fix it in. */
    record Reading(Instant instant, String problem, Set<Part> parts) {

        static Reading of(Instant instant) {
            return new Reading(instant, null, Set.of());
        }

        static Reading problem(String problem, Set<Part> parts) {
            return new Reading(null, problem, Set.copyOf(parts));
        }

        static Reading missing() {
            return new Reading(null, null, Set.of());
        }

        boolean ok() {
            return problem == null;
        }
    }

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);

    private static final Pattern NUMBER = Pattern.compile("\\d{1,4}");
    private static final Pattern CLOCK =
            Pattern.compile("(\\d{1,2})[:.](\\d{2})(?:\\s*(BST|GMT))?", Pattern.CASE_INSENSITIVE);

    /** A time of day as typed, with the BST or GMT after it if one was. */
    private record ClockTime(LocalTime time, String zone) {}

    private UkDateTimeEntry() {}

    /**
     * Reads one date and time. {@code when} completes "the date … must include a day", as "voting opens" or "of the
     * roll cut-off". Nothing typed at all is left for the caller's check of a missing value.
     */
    static Reading read(Typed typed, String when) {
        if (typed.blank()) {
            return Reading.missing();
        }
        List<String> missing = new ArrayList<>();
        Set<Part> missingParts = EnumSet.noneOf(Part.class);
        if (isBlank(typed.day())) {
            missing.add("day");
            missingParts.add(Part.DAY);
        }
        if (isBlank(typed.month())) {
            missing.add("month");
            missingParts.add(Part.MONTH);
        }
        if (isBlank(typed.year())) {
            missing.add("year");
            missingParts.add(Part.YEAR);
        }
        if (missing.size() == 3) {
            return Reading.problem("Enter the date " + when + ", for example 27 3 2027", missingParts);
        }
        if (!missing.isEmpty()) {
            return Reading.problem("The date " + when + " must include a " + words(missing), missingParts);
        }
        Integer day = number(typed.day());
        Month month = month(typed.month());
        String year = typed.year().strip();
        if (day == null || day < 1 || day > 31) {
            return Reading.problem(
                    "The date " + when + " must be a real date: the day is a number from 1 to 31", Set.of(Part.DAY));
        }
        if (month == null) {
            return Reading.problem(
                    "The date " + when + " must be a real date: the month is a number from 1 to 12",
                    Set.of(Part.MONTH));
        }
        if (!year.matches("\\d{4}")) {
            return Reading.problem(
                    "The year in the date " + when + " must have 4 numbers, like 2027", Set.of(Part.YEAR));
        }
        int yearValue = Integer.parseInt(year);
        int days = month.length(Year.isLeap(yearValue));
        if (day > days) {
            return Reading.problem(
                    "The date " + when + " must be a real date: "
                            + month.getDisplayName(TextStyle.FULL, Locale.UK) + " " + yearValue + " has " + days
                            + " days",
                    Set.of(Part.DAY, Part.MONTH));
        }
        LocalDate date = LocalDate.of(yearValue, month, day);
        if (isBlank(typed.time())) {
            return Reading.problem("Enter the time " + when + ", for example 12:00", Set.of(Part.TIME));
        }
        ClockTime time = time(typed.time());
        if (time == null) {
            return Reading.problem(
                    "Enter the time " + when + " as hours and minutes on the 24-hour clock, like 09:00 or 17:30",
                    Set.of(Part.TIME));
        }
        LocalDateTime local = LocalDateTime.of(date, time.time());
        Optional<String> skipped = UkTime.missing(local);
        if (skipped.isPresent()) {
            return Reading.problem(skipped.get(), Set.of(Part.TIME));
        }
        ZonedDateTime zoned = local.atZone(UkTime.ZONE);
        if (UkTime.happensTwice(local)) {
            if (time.zone() == null) {
                String clock = TIME.format(local);
                return Reading.problem(
                        UkTime.twice(local).orElseThrow() + ", or put BST or GMT after the time to say which: " + clock
                                + " BST is the first, " + clock + " GMT the second",
                        Set.of(Part.TIME));
            }
            return Reading.of(
                    (time.zone().equals("BST") ? zoned.withEarlierOffsetAtOverlap() : zoned.withLaterOffsetAtOverlap())
                            .toInstant());
        }
        String shown = zoneAt(zoned.toInstant());
        if (time.zone() != null && !time.zone().equals(shown)) {
            return Reading.problem(
                    "UK clocks show " + shown + " at " + TIME.format(local) + " on "
                            + DAY.format(local) + ", not " + time.zone()
                            + ": enter the time as the clocks show it, without " + time.zone(),
                    Set.of(Part.TIME));
        }
        return Reading.of(zoned.toInstant());
    }

    /** BST or GMT, as UK clocks show the instant. */
    private static String zoneAt(Instant instant) {
        return UkTime.ZONE.getRules().isDaylightSavings(instant) ? "BST" : "GMT";
    }

    private static Integer number(String text) {
        String stripped = text.strip();
        return NUMBER.matcher(stripped).matches() ? Integer.parseInt(stripped) : null;
    }

    /** A month as a number, or its name or first three letters, as GOV.UK advises accepting. */
    private static Month month(String text) {
        String stripped = text.strip();
        Integer number = number(stripped);
        if (number != null) {
            return number >= 1 && number <= 12 ? Month.of(number) : null;
        }
        if (stripped.length() < 3) {
            return null;
        }
        String lower = stripped.toLowerCase(Locale.ROOT);
        for (Month month : Month.values()) {
            String name = month.getDisplayName(TextStyle.FULL, Locale.UK).toLowerCase(Locale.ROOT);
            if (name.equals(lower) || name.substring(0, 3).equals(lower)) {
                return month;
            }
        }
        return null;
    }

    private static ClockTime time(String text) {
        Matcher clock = CLOCK.matcher(text.strip());
        if (!clock.matches()) {
            return null;
        }
        try {
            return new ClockTime(
                    LocalTime.of(Integer.parseInt(clock.group(1)), Integer.parseInt(clock.group(2))),
                    clock.group(3) == null ? null : clock.group(3).toUpperCase(Locale.ROOT));
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static String words(List<String> parts) {
        return parts.size() == 1 ? parts.get(0) : parts.get(0) + " and " + parts.get(1);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
