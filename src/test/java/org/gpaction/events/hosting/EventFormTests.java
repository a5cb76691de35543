package org.gpaction.events.hosting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import org.gpaction.events.catalogue.Event;
import org.gpaction.events.catalogue.EventDetails;
import org.gpaction.events.catalogue.EventKind;
import org.gpaction.events.catalogue.InvalidEvent;
import org.junit.jupiter.api.Test;

class EventFormTests {

    private static EventForm webinar(String day, String start, String end) {
        return new EventForm(
                "Evening webinar",
                "WEBINAR",
                "Somerset LMC",
                "",
                "",
                "",
                "https://meet.example.org/j/1",
                day,
                start,
                end,
                "100",
                "What the action means",
                "",
                "");
    }

    @Test
    void anEndBeforeTheStartIsTheNextMorningInUkTime() {
        EventDetails details = webinar("2027-03-27", "20:00", "00:30").toDetails();
        // Saturday 27 March 2027 is GMT; the clocks go forward at 01:00 on the Sunday, after the webinar ends.
        assertThat(details.startsAt()).isEqualTo(Instant.parse("2027-03-27T20:00:00Z"));
        assertThat(details.endsAt()).isEqualTo(Instant.parse("2027-03-28T00:30:00Z"));

        EventDetails summer = webinar("2027-07-01", "19:00", "21:00").toDetails();
        assertThat(summer.endsAt()).isEqualTo(Instant.parse("2027-07-01T20:00:00Z"));
    }

    @Test
    void aTimeInTheHourTheClocksSkipIsAProblemNotMovedAnHour() {
        // The clocks go forward from 01:00 to 02:00 on Sunday 28 March 2027.
        InvalidEvent start = catchThrowableOfType(
                InvalidEvent.class,
                () -> webinar("2027-03-28", "01:30", "03:00").toDetails());
        assertThat(start.problems())
                .containsOnlyKeys("startTime")
                .containsEntry(
                        "startTime",
                        "01:30 on 28 March 2027 does not exist in UK time: the clocks go forward from 01:00 to 02:00."
                                + " Choose a time before 01:00 or from 02:00");
        InvalidEvent end = catchThrowableOfType(
                InvalidEvent.class,
                () -> webinar("2027-03-27", "23:00", "01:15").toDetails());
        assertThat(end.problems()).containsOnlyKeys("endTime");
        assertThat(webinar("2027-03-28", "00:30", "02:30").toDetails().endsAt())
                .isEqualTo(Instant.parse("2027-03-28T01:30:00Z"));
    }

    @Test
    void aTimeInTheHourTheClocksRepeatIsAProblemNotGivenTheSummerOffset() {
        // The clocks go back from 02:00 to 01:00 on Sunday 31 October 2027: 01:00 to 01:59 happen twice.
        InvalidEvent start = catchThrowableOfType(
                InvalidEvent.class,
                () -> webinar("2027-10-31", "01:30", "03:00").toDetails());
        assertThat(start.problems())
                .containsOnlyKeys("startTime")
                .containsEntry(
                        "startTime",
                        "01:30 on 31 October 2027 happens twice in UK time: the clocks go back from 02:00 to 01:00."
                                + " Choose a time before 01:00 or from 02:00");
        InvalidEvent end = catchThrowableOfType(
                InvalidEvent.class,
                () -> webinar("2027-10-30", "23:00", "01:15").toDetails());
        assertThat(end.problems())
                .containsOnlyKeys("endTime")
                .containsEntry(
                        "endTime",
                        "01:15 on 31 October 2027 happens twice in UK time: the clocks go back from 02:00 to 01:00."
                                + " Choose a time before 01:00 or from 02:00");
        EventDetails around = webinar("2027-10-31", "00:59", "02:00").toDetails();
        assertThat(around.startsAt()).isEqualTo(Instant.parse("2027-10-30T23:59:00Z"));
        assertThat(around.endsAt()).isEqualTo(Instant.parse("2027-10-31T02:00:00Z"));
    }

    @Test
    void anEventAcrossMidnightShowsOnItsFormAsItWasEnteredAndSavesAgainUnchanged() {
        // 20:00 on 1 July 2027 to 00:30 on 2 July, BST, as the API may have published it.
        Event saved = new Event(
                7,
                "Evening webinar",
                EventKind.WEBINAR,
                "Somerset LMC",
                null,
                null,
                null,
                "https://meet.example.org/j/1",
                Instant.parse("2027-07-01T19:00:00Z"),
                Instant.parse("2027-07-01T23:30:00Z"),
                100,
                "What the action means",
                null,
                null,
                false,
                null,
                0,
                null);

        EventForm shown = EventForm.of(saved);

        assertThat(shown.day()).isEqualTo("2027-07-01");
        assertThat(shown.endTime()).isEqualTo("00:30");
        assertThat(shown.toDetails().endsAt()).isEqualTo(saved.endsAt());
    }
}
