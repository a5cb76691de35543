package org.gpaction.events.hosting;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gpaction.common.UkTime;
import org.gpaction.events.catalogue.Event;
import org.gpaction.events.catalogue.EventDetails;
import org.gpaction.events.catalogue.EventKind;
import org.gpaction.events.catalogue.InvalidEvent;
import org.gpaction.events.catalogue.Region;

/**
 * The event form as typed: the day and times in UK time, everything as text until checked. A time in the hour the
 * clocks show twice in autumn also carries which of the two is meant ({@link #FIRST}, in summer time, or
 * {@link #SECOND}, after the clocks go back), asked on the page only then.
 */
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
        String campaign,
        String startWhich,
        String endWhich) {

    static final String FIRST = "FIRST";
    static final String SECOND = "SECOND";

    static EventForm empty() {
        return hostedBy("");
    }

    static EventForm hostedBy(String lmc) {
        return new EventForm("", "", lmc, "", "", "", "", "", "", "", "", "", "", "", "", "");
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
                event.campaign() == null ? "" : event.campaign(),
                which(event.startsAt()),
                which(event.endsAt()));
    }

    /** Whether the start as typed is in the hour the clocks show twice, so the page asks which one is meant. */
    public boolean startTwice() {
        LocalDate date = quietly(day, LocalDate::parse);
        LocalTime start = quietly(startTime, LocalTime::parse);
        return date != null && start != null && UkTime.happensTwice(date.atTime(start));
    }

    /** Whether the end as typed is in the hour the clocks show twice, so the page asks which one is meant. */
    public boolean endTwice() {
        LocalDate date = quietly(day, LocalDate::parse);
        LocalTime end = quietly(endTime, LocalTime::parse);
        return date != null
                && end != null
                && UkTime.happensTwice(
                        endDay(date, quietly(startTime, LocalTime::parse), end).atTime(end));
    }

    /** {@link #FIRST} or {@link #SECOND} for an instant in the hour the clocks show twice, else "". */
    private static String which(Instant instant) {
        List<ZoneOffset> offsets =
                UkTime.ZONE.getRules().getValidOffsets(LocalDateTime.ofInstant(instant, UkTime.ZONE));
        if (offsets.size() < 2) {
            return "";
        }
        return UkTime.ZONE.getRules().getOffset(instant).equals(offsets.get(0)) ? FIRST : SECOND;
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
        Instant startsAt =
                date == null || start == null ? null : instant(date.atTime(start), startWhich, "startTime", problems);
        Instant endsAt = date == null || end == null
                ? null
                : instant(endDay(date, start, end).atTime(end), endWhich, "endTime", problems);
        if (!problems.isEmpty()) {
            throw new InvalidEvent(problems);
        }
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
     * One day for both times: an end before the start is the next morning (an evening webinar to 00:30), as the page
     * shows it again when the event is changed; the rules still hold an event to 12 hours. Both in the hour the clocks
     * show twice, an end before the start on the clock is that same night (from the first 01:40 to the second 01:10),
     * the next being over a day on, and which of the two ends is asked as for any end in that hour.
     */
    private static LocalDate endDay(LocalDate date, LocalTime start, LocalTime end) {
        if (start == null || !end.isBefore(start)) {
            return date;
        }
        return UkTime.happensTwice(date.atTime(start)) && UkTime.happensTwice(date.atTime(end))
                ? date
                : date.plusDays(1);
    }

    /**
     * The instant of a UK time typed without an offset, or null with the problem put for the field: a time the clocks
     * skip in spring is refused, and one they show twice in autumn unless the form says which of the two is meant.
     */
    private static Instant instant(LocalDateTime local, String which, String field, Map<String, String> problems) {
        Optional<String> problem = UkTime.missing(local);
        if (problem.isEmpty() && !FIRST.equals(which) && !SECOND.equals(which)) {
            problem = UkTime.twice(local)
                    .map(twice -> twice + ", or say which " + local.toLocalTime() + " you mean: the first, in summer"
                            + " time (BST), or the second, after the clocks go back (GMT)");
        }
        if (problem.isPresent()) {
            problems.put(field, problem.get());
            return null;
        }
        ZonedDateTime zoned = local.atZone(UkTime.ZONE);
        return (SECOND.equals(which) ? zoned.withLaterOffsetAtOverlap() : zoned.withEarlierOffsetAtOverlap())
                .toInstant();
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

    /** The text read, or null if it is empty or cannot be. */
    private static <T> T quietly(String text, Parser<T> parser) {
        return parse(text, parser, new LinkedHashMap<>(), "", "");
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
