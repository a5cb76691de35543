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
        return webinar(day, start, "", end, "");
    }

    /** The webinar with which of the two times the clocks show twice is meant for its start and end. */
    private static EventForm webinar(String day, String start, String startWhich, String end, String endWhich) {
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
                "",
                startWhich,
                endWhich);
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
                                + " Choose a time before 01:00 or from 02:00, or say which 01:30 you mean: the first,"
                                + " in summer time (BST), or the second, after the clocks go back (GMT)");
        InvalidEvent end = catchThrowableOfType(
                InvalidEvent.class,
                () -> webinar("2027-10-30", "23:00", "01:15").toDetails());
        assertThat(end.problems())
                .containsOnlyKeys("endTime")
                .containsEntry(
                        "endTime",
                        "01:15 on 31 October 2027 happens twice in UK time: the clocks go back from 02:00 to 01:00."
                                + " Choose a time before 01:00 or from 02:00, or say which 01:15 you mean: the first,"
                                + " in summer time (BST), or the second, after the clocks go back (GMT)");
        EventDetails around = webinar("2027-10-31", "00:59", "02:00").toDetails();
        assertThat(around.startsAt()).isEqualTo(Instant.parse("2027-10-30T23:59:00Z"));
        assertThat(around.endsAt()).isEqualTo(Instant.parse("2027-10-31T02:00:00Z"));
    }

    @Test
    void aTimeInTheHourTheClocksRepeatIsTheOneTheFormSaysIsMeant() {
        // 01:30 on Sunday 31 October 2027 is 00:30 UTC the first time (BST) and 01:30 UTC the second (GMT).
        EventDetails firstToSecond =
                webinar("2027-10-31", "01:30", "FIRST", "01:45", "SECOND").toDetails();
        assertThat(firstToSecond.startsAt()).isEqualTo(Instant.parse("2027-10-31T00:30:00Z"));
        assertThat(firstToSecond.endsAt()).isEqualTo(Instant.parse("2027-10-31T01:45:00Z"));
        EventDetails second =
                webinar("2027-10-31", "01:30", "SECOND", "03:00", "").toDetails();
        assertThat(second.startsAt()).isEqualTo(Instant.parse("2027-10-31T01:30:00Z"));

        InvalidEvent unknown = catchThrowableOfType(
                InvalidEvent.class,
                () -> webinar("2027-10-31", "01:30", "THIRD", "03:00", "").toDetails());
        assertThat(unknown.problems()).containsOnlyKeys("startTime");
        assertThat(webinar("2027-07-01", "19:00", "SECOND", "21:00", "FIRST")
                        .toDetails()
                        .startsAt())
                .as("a choice left over from a time typed before is nothing to a time that happens once")
                .isEqualTo(Instant.parse("2027-07-01T18:00:00Z"));
    }

    @Test
    void anEventInTheHourTheClocksRepeatShowsOnItsFormWhichTimeItIsAndSavesAgainUnchanged() {
        // From 01:10 the first time (BST) to 01:40 the second (GMT) on 31 October 2027, as the API may have published
        // it.
        Event saved = webinarAt(Instant.parse("2027-10-31T00:10:00Z"), Instant.parse("2027-10-31T01:40:00Z"));

        EventForm shown = EventForm.of(saved);

        assertThat(shown.startTime()).isEqualTo("01:10");
        assertThat(shown.startWhich()).isEqualTo("FIRST");
        assertThat(shown.endTime()).isEqualTo("01:40");
        assertThat(shown.endWhich()).isEqualTo("SECOND");
        assertThat(shown.startTwice()).isTrue();
        assertThat(shown.endTwice()).isTrue();
        assertThat(shown.toDetails().startsAt()).isEqualTo(saved.startsAt());
        assertThat(shown.toDetails().endsAt()).isEqualTo(saved.endsAt());
        EventForm summer =
                EventForm.of(webinarAt(Instant.parse("2027-07-01T18:00:00Z"), Instant.parse("2027-07-01T20:00:00Z")));
        assertThat(summer.startWhich()).isEmpty();
        assertThat(summer.startTwice()).isFalse();
        assertThat(summer.endTwice()).isFalse();
    }

    @Test
    void anEndInTheHourTheClocksRepeatEarlierOnTheClockThanItsStartIsAskedWhichAndCanBeThatNightsSecond() {
        // From the first 01:40 (00:40 UTC, BST) to the second 01:10 (01:10 UTC, GMT) on 31 October 2027: 30 minutes.
        EventForm typed = webinar("2027-10-31", "01:40", "FIRST", "01:10", "");
        assertThat(typed.endTwice()).as("the page asks which 01:10").isTrue();
        InvalidEvent unsaid = catchThrowableOfType(InvalidEvent.class, typed::toDetails);
        assertThat(unsaid.problems()).containsOnlyKeys("endTime");
        assertThat(unsaid.problems().get("endTime")).startsWith("01:10 on 31 October 2027 happens twice in UK time");

        EventDetails chosen =
                webinar("2027-10-31", "01:40", "FIRST", "01:10", "SECOND").toDetails();

        assertThat(chosen.startsAt()).isEqualTo(Instant.parse("2027-10-31T00:40:00Z"));
        assertThat(chosen.endsAt()).isEqualTo(Instant.parse("2027-10-31T01:10:00Z"));
        assertThat(webinar("2027-10-31", "20:00", "", "01:10", "").toDetails().endsAt())
                .as("an end before a start outside that hour is still the next morning")
                .isEqualTo(Instant.parse("2027-11-01T01:10:00Z"));
        assertThat(webinar("2027-10-30", "22:00", "", "01:10", "SECOND")
                        .toDetails()
                        .endsAt())
                .as("as is an end in that hour after an evening start the day before")
                .isEqualTo(Instant.parse("2027-10-31T01:10:00Z"));
    }

    @Test
    void anEventFromTheFirstToTheSecondTimeOfTheHourTheClocksRepeatEndingEarlierOnTheClockSavesAgainUnchanged() {
        Event saved = webinarAt(Instant.parse("2027-10-31T00:40:00Z"), Instant.parse("2027-10-31T01:10:00Z"));

        EventForm shown = EventForm.of(saved);

        assertThat(shown.startTime()).isEqualTo("01:40");
        assertThat(shown.endTime()).isEqualTo("01:10");
        assertThat(shown.endWhich()).isEqualTo("SECOND");
        assertThat(shown.endTwice()).isTrue();
        assertThat(shown.toDetails().startsAt()).isEqualTo(saved.startsAt());
        assertThat(shown.toDetails().endsAt()).isEqualTo(saved.endsAt());
    }

    private static Event webinarAt(Instant startsAt, Instant endsAt) {
        return new Event(
                7,
                "Evening webinar",
                EventKind.WEBINAR,
                "Somerset LMC",
                null,
                null,
                null,
                "https://meet.example.org/j/1",
                startsAt,
                endsAt,
                100,
                "What the action means",
                null,
                null,
                false,
                null,
                0,
                null);
    }

    @Test
    void anEventAcrossMidnightShowsOnItsFormAsItWasEnteredAndSavesAgainUnchanged() {
        // 20:00 on 1 July 2027 to 00:30 on 2 July, BST, as the API may have published it.
        Event saved = webinarAt(Instant.parse("2027-07-01T19:00:00Z"), Instant.parse("2027-07-01T23:30:00Z"));

        EventForm shown = EventForm.of(saved);

        assertThat(shown.day()).isEqualTo("2027-07-01");
        assertThat(shown.endTime()).isEqualTo("00:30");
        assertThat(shown.toDetails().endsAt()).isEqualTo(saved.endsAt());
    }
}
