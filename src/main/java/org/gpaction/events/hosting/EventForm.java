package org.gpaction.events.hosting;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.gpaction.common.UkTime;
import org.gpaction.events.catalogue.Event;
import org.gpaction.events.catalogue.EventDetails;
import org.gpaction.events.catalogue.EventKind;
import org.gpaction.events.catalogue.InvalidEvent;
import org.gpaction.events.catalogue.Region;

/** The event form as typed: the day and times in UK time, everything as text until checked. */
record EventForm(
        String title,
        String kind,
        String lmc,
        String region,
        String venue,
        String address,
        String joiningLink,
        String day,
        String startTime,
        String endTime,
        String capacity,
        String description,
        String ballotId,
        String campaign) {

    static EventForm empty() {
        return new EventForm("", "", "", "", "", "", "", "", "", "", "", "", "", "");
    }

    static EventForm of(Event event) {
        LocalDateTime start = LocalDateTime.ofInstant(event.startsAt(), UkTime.ZONE);
        LocalDateTime end = LocalDateTime.ofInstant(event.endsAt(), UkTime.ZONE);
        return new EventForm(
                event.title(),
                event.kind().name(),
                event.lmc() == null ? "" : event.lmc(),
                event.region() == null ? "" : event.region().name(),
                event.venue() == null ? "" : event.venue(),
                event.address() == null ? "" : event.address(),
                event.joiningLink() == null ? "" : event.joiningLink(),
                start.toLocalDate().toString(),
                start.toLocalTime().toString(),
                end.toLocalTime().toString(),
                Integer.toString(event.capacity()),
                event.description(),
                event.ballotId() == null ? "" : event.ballotId().toString(),
                event.campaign() == null ? "" : event.campaign());
    }

    /** The details, or the fields whose text is not even a day, time or number. */
    EventDetails toDetails() {
        Map<String, String> problems = new LinkedHashMap<>();
        LocalDate date = parse(day, LocalDate::parse, problems, "day", "Enter the day as a real date, like 2024-07-02");
        LocalTime start = parse(startTime, LocalTime::parse, problems, "startTime", "Enter the start time, like 19:00");
        LocalTime end = parse(endTime, LocalTime::parse, problems, "endTime", "Enter the end time, like 21:00");
        Integer places = parse(capacity, Integer::valueOf, problems, "capacity", "Enter the number of places, like 80");
        Long ballot = blank(ballotId)
                ? null
                : parse(ballotId, Long::valueOf, problems, "ballotId", "A ballot number is a whole number, like 12");
        if (date != null && start != null) {
            notOneInstant(date.atTime(start)).ifPresent(problem -> problems.put("startTime", problem));
        }
        if (date != null && end != null) {
            notOneInstant((start != null && end.isBefore(start) ? date.plusDays(1) : date).atTime(end))
                    .ifPresent(problem -> problems.put("endTime", problem));
        }
        if (!problems.isEmpty()) {
            throw new InvalidEvent(problems);
        }
        Instant startsAt = date == null || start == null
                ? null
                : date.atTime(start).atZone(UkTime.ZONE).toInstant();
        // One day for both times: an end before the start is the next morning (an evening webinar to 00:30), as the
        // page shows it again when the event is changed; the rules still hold an event to 12 hours.
        Instant endsAt = date == null || end == null
                ? null
                : (start != null && end.isBefore(start) ? date.plusDays(1) : date)
                        .atTime(end)
                        .atZone(UkTime.ZONE)
                        .toInstant();
        return new EventDetails(
                title,
                enumOrNull(EventKind.class, kind),
                lmc,
                enumOrNull(Region.class, region),
                venue,
                address,
                joiningLink,
                startsAt,
                endsAt,
                places,
                description,
                ballot,
                campaign);
    }

    /**
     * Why a UK time typed without an offset names no instant, or two: the clocks skip it in spring or show it twice
     * in autumn. Refused either way, so the event starts when its host meant, not an hour off.
     */
    static Optional<String> notOneInstant(LocalDateTime local) {
        return UkTime.missing(local).or(() -> UkTime.twice(local));
    }

    /** The form's own field for a problem found in the details. */
    static String field(String detailsField) {
        return switch (detailsField) {
            case "startsAt" -> "startTime";
            case "endsAt" -> "endTime";
            default -> detailsField;
        };
    }

    private interface Parser<T> {
        T parse(String text);
    }

    private static <T> T parse(String text, Parser<T> parser, Map<String, String> problems, String field, String fix) {
        if (blank(text)) {
            return null;
        }
        try {
            return parser.parse(text.strip());
        } catch (DateTimeParseException | NumberFormatException e) {
            problems.put(field, fix);
            return null;
        }
    }

    static <E extends Enum<E>> E enumOrNull(Class<E> type, String name) {
        if (blank(name)) {
            return null;
        }
        try {
            return Enum.valueOf(type, name.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
