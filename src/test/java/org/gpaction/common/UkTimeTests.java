package org.gpaction.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class UkTimeTests {

    @Test
    void midnightIsTheStartOfTheDayItBeginsNotTwelveAm() {
        // 23:00 UTC in summer is 00:00 on 29 July in UK time: the deadline is the start of 29 July, not its end.
        assertThat(UkTime.format(Instant.parse("2026-07-28T23:00:00Z")))
                .isEqualTo("midnight at the start of 29 July 2026")
                .doesNotContain("12:00am");
        assertThat(UkTime.format(Instant.parse("2026-12-01T00:00:00Z")))
                .isEqualTo("midnight at the start of 1 December 2026");
    }

    @Test
    void middayIsMidday() {
        assertThat(UkTime.format(Instant.parse("2026-07-29T11:00:00Z")))
                .isEqualTo("29 July 2026 at midday")
                .doesNotContain("12:00pm");
        assertThat(UkTime.format(Instant.parse("2026-12-01T12:00:00Z"))).isEqualTo("1 December 2026 at midday");
    }

    @Test
    void otherTimesKeepTheirClockTime() {
        assertThat(UkTime.format(Instant.parse("2026-07-28T23:01:00Z"))).isEqualTo("29 July 2026 at 12:01am");
        assertThat(UkTime.format(Instant.parse("2026-07-29T14:30:00Z"))).isEqualTo("29 July 2026 at 3:30pm");
        assertThat(UkTime.format(Instant.parse("2026-07-29T10:59:00Z"))).isEqualTo("29 July 2026 at 11:59am");
    }

    @Test
    void aSentenceSaysAtMidnightButOnADayAtOtherTimes() {
        assertThat(UkTime.onOrAt(Instant.parse("2026-07-28T23:00:00Z")))
                .as("not \"on midnight\"")
                .isEqualTo("at midnight at the start of 29 July 2026");
        assertThat(UkTime.onOrAt(Instant.parse("2026-12-01T00:00:00Z")))
                .isEqualTo("at midnight at the start of 1 December 2026");
        assertThat(UkTime.onOrAt(Instant.parse("2026-07-29T11:00:00Z"))).isEqualTo("on 29 July 2026 at midday");
        assertThat(UkTime.onOrAt(Instant.parse("2026-07-29T13:00:00Z"))).isEqualTo("on 29 July 2026 at 2:00pm");
        assertThat(UkTime.onOrAt(Instant.parse("2026-07-28T23:01:00Z"))).isEqualTo("on 29 July 2026 at 12:01am");
    }

    @Test
    void aTimeInTheHourTheClocksShowTwiceSaysWhichOfTheTwoItIs() {
        // On 31 October 2027 the clocks go back at 02:00 BST to 01:00 GMT: 01:30 is shown at 00:30 and at 01:30 UTC.
        assertThat(UkTime.format(Instant.parse("2027-10-31T00:30:00Z"))).isEqualTo("31 October 2027 at 1:30am BST");
        assertThat(UkTime.format(Instant.parse("2027-10-31T01:30:00Z"))).isEqualTo("31 October 2027 at 1:30am GMT");
        assertThat(UkTime.onOrAt(Instant.parse("2027-10-31T01:30:00Z"))).isEqualTo("on 31 October 2027 at 1:30am GMT");
        assertThat(UkTime.format(Instant.parse("2027-10-31T02:30:00Z")))
                .as("after the repeated hour a time is shown once, so needs no zone")
                .isEqualTo("31 October 2027 at 2:30am");
        assertThat(UkTime.format(Instant.parse("2027-10-30T23:30:00Z"))).isEqualTo("31 October 2027 at 12:30am");
    }

    @Test
    void aTimeOfDayAloneIsOnTheUkClockWithMiddayAndMidnightInWords() {
        assertThat(UkTime.timeOfDay(Instant.parse("2027-07-14T08:05:00Z"))).isEqualTo("9:05am");
        assertThat(UkTime.timeOfDay(Instant.parse("2027-12-08T13:05:00Z"))).isEqualTo("1:05pm");
        assertThat(UkTime.timeOfDay(Instant.parse("2027-07-14T11:00:00Z"))).isEqualTo("midday");
        assertThat(UkTime.timeOfDay(Instant.parse("2027-12-08T00:00:00Z"))).isEqualTo("midnight");
        assertThat(UkTime.timeOfDay(Instant.parse("2027-10-31T00:30:00Z"))).isEqualTo("1:30am BST");
        assertThat(UkTime.timeOfDay(Instant.parse("2027-10-31T01:30:00Z"))).isEqualTo("1:30am GMT");
    }

    @Test
    void aDayAloneIsWrittenAsTheDayOfATime() {
        assertThat(UkTime.day(LocalDate.of(2026, 11, 30))).isEqualTo("30 November 2026");
        assertThat(UkTime.day(LocalDate.of(2027, 1, 4))).isEqualTo("4 January 2027");
        assertThat(UkTime.format(Instant.parse("2027-01-04T15:00:00Z")))
                .as("the same day as a time gives it")
                .startsWith(UkTime.day(LocalDate.of(2027, 1, 4)) + " at ");
    }
}
