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
}
