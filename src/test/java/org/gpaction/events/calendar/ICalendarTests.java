package org.gpaction.events.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.gpaction.events.catalogue.Event;
import org.gpaction.events.catalogue.EventKind;
import org.gpaction.events.catalogue.Region;
import org.junit.jupiter.api.Test;

class ICalendarTests {

    private static final Instant START = Instant.parse("2024-07-02T18:00:00Z");

    @Test
    void textValuesEscapeBackslashesSemicolonsCommasAndLineBreaks() {
        assertThat(ICalendar.escape("a\\b;c,d\r\ne\nf")).isEqualTo("a\\\\b\\;c\\,d\\ne\\nf");
    }

    @Test
    void longLinesAreFoldedAtSeventyFiveOctetsWithoutSplittingACharacter() {
        String line = "DESCRIPTION:" + "é".repeat(40) + "x".repeat(30) + "🙂".repeat(10);
        String folded = ICalendar.fold(line);
        List<String> physical = Arrays.asList(folded.split("\r\n"));
        assertThat(physical).hasSizeGreaterThan(1);
        assertThat(physical)
                .allSatisfy(part ->
                        assertThat(part.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(75));
        assertThat(physical.subList(1, physical.size()))
                .allSatisfy(part -> assertThat(part).startsWith(" "));
        assertThat(folded.replace("\r\n ", "")).isEqualTo(line);
    }

    @Test
    void anEventIsAWholeCalendarInUtcWithCrlfLineEnds() {
        Event event = new Event(
                7,
                "Roadshow; Leeds, with Q&A",
                EventKind.ROADSHOW,
                "Leeds LMC",
                Region.NORTH_EAST_AND_YORKSHIRE,
                "Civic Hall",
                "Portland Crescent\nLeeds LS1 1UR",
                null,
                START,
                START.plusSeconds(7200),
                80,
                "Line one\nLine two",
                null,
                null,
                false,
                START,
                3,
                Instant.parse("2024-06-18T08:30:00Z"));
        String text = new ICalendar("gpaction.example", Instant.parse("2024-06-20T10:00:00Z"))
                .write("GP Action events", null, List.of(event), id -> "https://gpaction.example/events/" + id);

        assertThat(text).startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n").endsWith("END:VCALENDAR\r\n");
        assertThat(text.replace("\r\n", "")).doesNotContain("\n");
        String unfolded = text.replace("\r\n ", "");
        assertThat(unfolded)
                .contains("UID:event-7@gpaction.example\r\n")
                .contains("DTSTART:20240702T180000Z\r\n")
                .contains("DTEND:20240702T200000Z\r\n")
                .contains("SUMMARY:Roadshow\\; Leeds\\, with Q&A\r\n")
                .contains("LOCATION:Civic Hall\\, Portland Crescent\\nLeeds LS1 1UR\r\n")
                .contains("STATUS:CONFIRMED\r\n")
                .contains("DTSTAMP:20240620T100000Z\r\n")
                .contains("SEQUENCE:3\r\n")
                .contains("LAST-MODIFIED:20240618T083000Z\r\n");
    }
}
