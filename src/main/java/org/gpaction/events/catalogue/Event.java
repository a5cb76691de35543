package org.gpaction.events.catalogue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import org.gpaction.common.UkTime;

/**
 * A roadshow or webinar as stored. The joining link of a webinar is for confirmed registrants' reminders only: pages
 * and the public API never show it.
 *
 * @param revision how many times its time, place or status has changed: its SEQUENCE in calendar files
 * @param updatedAt when anything about it last changed: its LAST-MODIFIED in calendar files
 */
public record Event(
        long id,
        String title,
        EventKind kind,
        String lmc,
        Region region,
        String venue,
        String address,
        String joiningLink,
        Instant startsAt,
        Instant endsAt,
        int capacity,
        String description,
        Long ballotId,
        String campaign,
        boolean cancelled,
        Instant remindAt,
        int revision,
        Instant updatedAt) {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.UK);

    /** Who hosts it: the LMC, or the region when no single LMC does. */
    public String host() {
        if (lmc != null && region != null) {
            return lmc + " (" + region.label() + ")";
        }
        return lmc != null ? lmc : region.label();
    }

    /**
     * For example "Tuesday 2 July 2024, 7:00pm to 9:00pm (UK time)", with "midday" and "midnight" for 12:00 and 00:00.
     * An end at midnight is the end of the day before: "Tuesday 2 July 2024, 10:00pm to midnight (UK time)"; a start at
     * midnight the start of its day: "Tuesday 2 July 2024, midnight at the start of the day to 2:00am (UK time)", as
     * "Tuesday, midnight" alone is read by many as Tuesday night, a day late.
     */
    public String when() {
        LocalDateTime start = LocalDateTime.ofInstant(startsAt, UkTime.ZONE);
        LocalDateTime end = LocalDateTime.ofInstant(endsAt, UkTime.ZONE);
        String text = DAY.format(start) + ", "
                + (isMidnight(start) ? "midnight at the start of the day" : UkTime.timeOfDay(startsAt)) + " to ";
        if (isMidnight(end)) {
            LocalDate dayEnded = end.toLocalDate().minusDays(1);
            return text + "midnight"
                    + (dayEnded.equals(start.toLocalDate()) ? "" : " at the end of " + DAY.format(dayEnded))
                    + " (UK time)";
        }
        if (!end.toLocalDate().equals(start.toLocalDate())) {
            text += DAY.format(end) + ", ";
        }
        return text + UkTime.timeOfDay(endsAt) + " (UK time)";
    }

    /** Where, as the public sees it: the venue and address, or "Online" for a webinar. */
    public String where() {
        return kind == EventKind.WEBINAR ? "Online" : venue + ", " + address;
    }

    /**
     * Whether these details give the event another time or place (a webinar's place is "online"): what every
     * registrant is told of, and what makes calendars replace their copy.
     */
    public boolean movedBy(EventDetails details) {
        return !startsAt.equals(details.startsAt())
                || !endsAt.equals(details.endsAt())
                || kind != details.kind()
                || !Objects.equals(venue, details.venue())
                || !Objects.equals(address, details.address());
    }

    public LocalDate day() {
        return LocalDate.ofInstant(startsAt, UkTime.ZONE);
    }

    public boolean hasStarted(Instant now) {
        return !startsAt.isAfter(now);
    }

    /** Open to registration: not cancelled and not yet started. */
    public boolean openAt(Instant now) {
        return !cancelled && startsAt.isAfter(now);
    }

    private static boolean isMidnight(LocalDateTime at) {
        return at.toLocalTime().truncatedTo(ChronoUnit.MINUTES).equals(LocalTime.MIDNIGHT);
    }
}
