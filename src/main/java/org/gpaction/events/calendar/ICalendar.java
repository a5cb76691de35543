package org.gpaction.events.calendar;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.gpaction.events.catalogue.Event;
import org.gpaction.events.catalogue.EventKind;

/**
 * Events as iCalendar (RFC 5545): times in UTC, text escaped (backslash, semicolon, comma, line breaks) and lines
 * folded at 75 octets without splitting a character, each line ended CRLF. Each event's SEQUENCE goes up with every
 * change of its time, place or status, and its LAST-MODIFIED is its last change of any kind. Written by hand: it is
 * these few lines.
 */
final class ICalendar {

    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final int MAX_OCTETS = 75;

    private final StringBuilder text = new StringBuilder();
    private final String host;
    private final Instant stamp;

    /**
     * @param host the application's host name, which makes each event's UID unique in the world
     * @param stamp when the calendar was made (DTSTAMP)
     */
    ICalendar(String host, Instant stamp) {
        this.host = host;
        this.stamp = stamp;
    }

    /**
     * A whole calendar of the events, each with its public page's address; with a description of the whole ({@code
     * about}, or null for none), which calendar apps show with its name.
     */
    String write(String name, String about, List<Event> events, java.util.function.LongFunction<String> pageOf) {
        line("BEGIN:VCALENDAR");
        line("VERSION:2.0");
        line("PRODID:-//GP Action//Events//EN");
        line("CALSCALE:GREGORIAN");
        line("METHOD:PUBLISH");
        line("X-WR-CALNAME:" + escape(name));
        if (about != null) {
            line("X-WR-CALDESC:" + escape(about));
        }
        for (Event event : events) {
            event(event, pageOf.apply(event.id()));
        }
        line("END:VCALENDAR");
        return text.toString();
    }

    private void event(Event event, String page) {
        line("BEGIN:VEVENT");
        line("UID:event-" + event.id() + "@" + host);
        line("DTSTAMP:" + UTC.format(stamp));
        // Without these a calendar app that saved the event keeps its copy when the time or place changes.
        line("SEQUENCE:" + event.revision());
        line("LAST-MODIFIED:" + UTC.format(event.updatedAt()));
        line("DTSTART:" + UTC.format(event.startsAt()));
        line("DTEND:" + UTC.format(event.endsAt()));
        line("SUMMARY:" + escape(event.title()));
        line("DESCRIPTION:"
                + escape(event.kind().label() + " hosted by " + event.host() + ".\n\n" + event.description() + "\n\n"
                        + page));
        line("LOCATION:"
                + escape(event.kind() == EventKind.WEBINAR ? "Online" : event.venue() + ", " + event.address()));
        line("URL:" + page);
        line("STATUS:" + (event.cancelled() ? "CANCELLED" : "CONFIRMED"));
        line("END:VEVENT");
    }

    /** TEXT values: backslash, semicolon and comma escaped, any line break as \n. */
    static String escape(String value) {
        return value.replace("\\", "\\\\")
                .replace(";", "\\;")
                .replace(",", "\\,")
                .replace("\r\n", "\n")
                .replace("\r", "\n")
                .replace("\n", "\\n");
    }

    /** One content line, folded: at most 75 octets a line, continuations starting with a space. */
    private void line(String content) {
        text.append(fold(content)).append("\r\n");
    }

    static String fold(String content) {
        StringBuilder folded = new StringBuilder();
        int octets = 0;
        int limit = MAX_OCTETS;
        for (int i = 0; i < content.length(); ) {
            int codePoint = content.codePointAt(i);
            String character = new String(Character.toChars(codePoint));
            int size = character.getBytes(StandardCharsets.UTF_8).length;
            if (octets + size > limit) {
                folded.append("\r\n ");
                // The leading space counts towards the next line's 75.
                octets = 1;
            }
            folded.append(character);
            octets += size;
            i += Character.charCount(codePoint);
        }
        return folded.toString();
    }
}
