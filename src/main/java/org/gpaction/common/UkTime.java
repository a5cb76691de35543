package org.gpaction.common;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.Locale;
import java.util.Optional;

/** Deadlines and days are Europe/London; instants are stored in UTC. */
public final class UkTime {

    public static final ZoneId ZONE = ZoneId.of("Europe/London");

    private static final DateTimeFormatter TIME_OF_DAY = DateTimeFormatter.ofPattern("h:mma", Locale.UK);

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.UK);

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);

    private UkTime() {}

    /**
     * Why a time of day typed for the UK cannot be one, or empty: a time in the hour the clocks skip in spring
     * ("01:30 on 28 March 2027 does not exist in UK time...") would otherwise be moved silently an hour on.
     */
    public static Optional<String> missing(LocalDateTime local) {
        if (!ZONE.getRules().getValidOffsets(local).isEmpty()) {
            return Optional.empty();
        }
        ZoneOffsetTransition change = ZONE.getRules().getTransition(local);
        return Optional.of(CLOCK.format(local.toLocalTime()) + " on " + DAY.format(local.toLocalDate())
                + " does not exist in UK time: the clocks go forward from "
                + CLOCK.format(change.getDateTimeBefore()) + " to " + CLOCK.format(change.getDateTimeAfter())
                + ". Choose a time before " + CLOCK.format(change.getDateTimeBefore()) + " or from "
                + CLOCK.format(change.getDateTimeAfter()));
    }

    /**
     * Why a time of day typed for the UK is not one instant, or empty: a time in the hour the clocks pass twice in
     * autumn ("01:30 on 31 October 2027 happens twice in UK time...") would otherwise be given the summer offset
     * silently, an hour before the second time the clocks show it.
     */
    public static Optional<String> twice(LocalDateTime local) {
        if (!happensTwice(local)) {
            return Optional.empty();
        }
        ZoneOffsetTransition change = ZONE.getRules().getTransition(local);
        return Optional.of(CLOCK.format(local.toLocalTime()) + " on " + DAY.format(local.toLocalDate())
                + " happens twice in UK time: the clocks go back from "
                + CLOCK.format(change.getDateTimeBefore()) + " to " + CLOCK.format(change.getDateTimeAfter())
                + ". Choose a time before " + CLOCK.format(change.getDateTimeAfter()) + " or from "
                + CLOCK.format(change.getDateTimeBefore()));
    }

    /** Whether the clocks show this UK time of day twice: in the hour they pass twice when they go back in autumn. */
    public static boolean happensTwice(LocalDateTime local) {
        return ZONE.getRules().getValidOffsets(local).size() > 1;
    }

    /**
     * For example "29 July 2024 at 3:15pm", read after "at", "on" or "until". Midday is "29 July 2024 at midday", and
     * midnight "midnight at the start of 29 July 2024": "12:00am" is read by many as the end of that day, a day late.
     * A time in the hour the clocks show twice says which of the two it is, "31 October 2027 at 1:30am GMT": a
     * deadline written without it could be read an hour early or late.
     */
    public static String format(Instant instant) {
        LocalDateTime local = LocalDateTime.ofInstant(instant, ZONE);
        if (local.toLocalTime().truncatedTo(ChronoUnit.MINUTES).equals(LocalTime.MIDNIGHT)) {
            return "midnight at the start of " + DAY.format(local);
        }
        return DAY.format(local) + " at " + timeOfDay(instant);
    }

    /**
     * A day alone, "30 November 2026", as the day in {@link #format} is written: for a week named by its Monday ("the
     * week of 30 November 2026"), a table's day or a refusal's. Downloads, form values and the API's figures keep the
     * ISO form; the API's refusals do too, except where the API shares its check with a page, which then says the day
     * in words for both (set-up's and bank holidays' range of dates, the uptake's first action menu).
     */
    public static String day(LocalDate day) {
        return DAY.format(day);
    }

    /**
     * The time of day alone, for a day the reader already knows: "3:15pm", or "midday" and "midnight" as GOV.UK writes
     * them rather than "12:00pm" and "12:00am". In the hour the clocks show twice, "1:40am BST" or "1:40am GMT", so
     * that an event from the first 1:40 to the second 1:10 is not read as ending before it starts, nor a 1:30 end an hour
     * out.
     */
    public static String timeOfDay(Instant instant) {
        LocalDateTime local = LocalDateTime.ofInstant(instant, ZONE);
        LocalTime minute = local.toLocalTime().truncatedTo(ChronoUnit.MINUTES);
        if (minute.equals(LocalTime.NOON)) {
            return "midday";
        }
        if (minute.equals(LocalTime.MIDNIGHT)) {
            return "midnight";
        }
        String time = TIME_OF_DAY.format(local).replace("AM", "am").replace("PM", "pm");
        if (!happensTwice(local)) {
            return time;
        }
        return time + (ZONE.getRules().isDaylightSavings(instant) ? " BST" : " GMT");
    }

    /**
     * The time with the preposition a sentence needs before it: "on 29 July 2024 at 3:15pm", "on 29 July 2024 at
     * midday", but "at midnight at the start of 29 July 2024", as "on midnight" is not English. For sentences that say
     * when something happens or happened ("it opens by itself …", "sent to you …").
     */
    public static String onOrAt(Instant instant) {
        String time = format(instant);
        return (time.startsWith("midnight") ? "at " : "on ") + time;
    }
}
