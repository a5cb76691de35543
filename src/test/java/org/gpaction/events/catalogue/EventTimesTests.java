package org.gpaction.events.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventTimesTests {

    private static Event at(String startsAt, String endsAt) {
        return new Event(
                1,
                "Roadshow",
                EventKind.ROADSHOW,
                null,
                Region.LONDON,
                "A hall",
                "1 High Street",
                null,
                Instant.parse(startsAt),
                Instant.parse(endsAt),
                100,
                "What it covers",
                null,
                null,
                false,
                null,
                0,
                Instant.parse(startsAt));
    }

    @Test
    void middayAndMidnightAreWrittenInWordsAndAnEndAtMidnightIsTheEndOfTheDay() {
        // UK time is UTC+1 in July.
        assertThat(at("2024-07-02T11:00:00Z", "2024-07-02T13:00:00Z").when())
                .isEqualTo("Tuesday 2 July 2024, midday to 2:00pm (UK time)");
        assertThat(at("2024-07-02T21:00:00Z", "2024-07-02T23:00:00Z").when())
                .isEqualTo("Tuesday 2 July 2024, 10:00pm to midnight (UK time)");
        assertThat(at("2024-07-02T17:00:00Z", "2024-07-03T23:00:00Z").when())
                .isEqualTo("Tuesday 2 July 2024, 6:00pm to midnight at the end of Wednesday 3 July 2024 (UK time)");
        assertThat(at("2024-07-02T18:00:00Z", "2024-07-02T20:00:00Z").when())
                .isEqualTo("Tuesday 2 July 2024, 7:00pm to 9:00pm (UK time)");
    }

    @Test
    void aStartAtMidnightIsTheStartOfItsDay_notReadAsTheEndOfIt() {
        // 00:00 to 02:00 on Tuesday 2 July: "Tuesday 2 July 2024, midnight to 2:00am" is read by many as Tuesday night.
        assertThat(at("2024-07-01T23:00:00Z", "2024-07-02T01:00:00Z").when())
                .isEqualTo("Tuesday 2 July 2024, midnight at the start of the day to 2:00am (UK time)");
        assertThat(at("2024-07-01T23:00:00Z", "2024-07-02T11:00:00Z").when())
                .isEqualTo("Tuesday 2 July 2024, midnight at the start of the day to midday (UK time)");
    }

    @Test
    void aTimeInTheHourTheClocksShowTwiceSaysWhichOneItIs_andNoOtherTimeDoes() {
        // The clocks went back from 02:00 BST to 01:00 GMT on Sunday 26 October 2025 (01:00 UTC).
        assertThat(at("2025-10-26T00:40:00Z", "2025-10-26T01:10:00Z").when())
                .as("the first 1:40 to the second 1:10 is half an hour, not an end before its start")
                .isEqualTo("Sunday 26 October 2025, 1:40am BST to 1:10am GMT (UK time)");
        assertThat(at("2025-10-25T23:30:00Z", "2025-10-26T01:30:00Z").when())
                .isEqualTo("Sunday 26 October 2025, 12:30am to 1:30am GMT (UK time)");
        assertThat(at("2025-10-26T00:15:00Z", "2025-10-26T03:00:00Z").when())
                .isEqualTo("Sunday 26 October 2025, 1:15am BST to 3:00am (UK time)");
        assertThat(at("2025-10-25T18:00:00Z", "2025-10-25T20:00:00Z").when())
                .isEqualTo("Saturday 25 October 2025, 7:00pm to 9:00pm (UK time)");
    }
}
