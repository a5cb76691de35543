package org.gpaction.ballots.ballot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.gpaction.ballots.ballot.UkDateTimeEntry.Part;
import org.gpaction.ballots.ballot.UkDateTimeEntry.Reading;
import org.gpaction.ballots.ballot.UkDateTimeEntry.Typed;
import org.junit.jupiter.api.Test;

class UkDateTimeEntryTests {

    static Reading read(String day, String month, String year, String time) {
        return UkDateTimeEntry.read(new Typed(day, month, year, time), "voting closes");
    }

    @Test
    void middayOn29July2024IsElevenUtcBecauseOfSummerTimeAndMiddayIn15JanuaryIsTwelve() {
        assertThat(read("29", "7", "2024", "12:00").instant()).isEqualTo(Instant.parse("2024-07-29T11:00:00Z"));
        assertThat(read("15", "01", "2024", "12:00").instant()).isEqualTo(Instant.parse("2024-01-15T12:00:00Z"));
    }

    @Test
    void spacesAroundTheBoxesAHourOfOneDigitADotAndAMonthByNameAreAccepted() {
        assertThat(read(" 27 ", "3", "2027", "9:05").instant()).isEqualTo(Instant.parse("2027-03-27T09:05:00Z"));
        assertThat(read("27", "March", "2027", "17.30").instant()).isEqualTo(Instant.parse("2027-03-27T17:30:00Z"));
        assertThat(read("27", "mar", "2027", "00:00").instant()).isEqualTo(Instant.parse("2027-03-27T00:00:00Z"));
    }

    @Test
    void nothingTypedIsLeftForTheCheckOfAMissingValue() {
        Reading nothing = read("", " ", null, "");
        assertThat(nothing.ok()).isTrue();
        assertThat(nothing.instant()).isNull();
    }

    @Test
    void aMissingDayIsNamedAndOnlyTheDayBoxIsMarked() {
        Reading reading = read("", "3", "2027", "12:00");
        assertThat(reading.problem()).isEqualTo("The date voting closes must include a day");
        assertThat(reading.parts()).containsExactly(Part.DAY);
    }

    @Test
    void aMissingMonthAndYearAreNamedTogether() {
        Reading reading = read("27", "", "", "12:00");
        assertThat(reading.problem()).isEqualTo("The date voting closes must include a month and year");
        assertThat(reading.parts()).containsExactlyInAnyOrder(Part.MONTH, Part.YEAR);
    }

    @Test
    void aTimeWithoutADateAsksForTheDateWithAnExample() {
        assertThat(read("", "", "", "12:00").problem())
                .isEqualTo("Enter the date voting closes, for example 27 3 2027");
    }

    @Test
    void the31stOfFebruarySaysHowManyDaysFebruaryHasThatYear() {
        Reading reading = read("31", "2", "2027", "12:00");
        assertThat(reading.problem())
                .isEqualTo("The date voting closes must be a real date: February 2027 has 28 days");
        assertThat(reading.parts()).containsExactlyInAnyOrder(Part.DAY, Part.MONTH);
        assertThat(read("29", "2", "2028", "12:00").ok())
                .as("2028 is a leap year")
                .isTrue();
    }

    @Test
    void aDayMonthOrYearOutOfRangeNamesTheBoxToFix() {
        assertThat(read("40", "1", "2027", "12:00").parts()).containsExactly(Part.DAY);
        assertThat(read("x", "1", "2027", "12:00").problem()).contains("the day is a number from 1 to 31");
        assertThat(read("1", "13", "2027", "12:00").problem()).contains("the month is a number from 1 to 12");
        assertThat(read("1", "13", "2027", "12:00").parts()).containsExactly(Part.MONTH);
        assertThat(read("1", "1", "27", "12:00").problem())
                .isEqualTo("The year in the date voting closes must have 4 numbers, like 2027");
    }

    @Test
    void aMissingTimeAndATimeNotInHoursAndMinutesAreRefusedInTheTimeBox() {
        Reading missing = read("27", "3", "2027", "");
        assertThat(missing.problem()).isEqualTo("Enter the time voting closes, for example 12:00");
        assertThat(missing.parts()).containsExactly(Part.TIME);
        for (String time : new String[] {"noon", "12pm", "1200", "24:00", "12:60", "12:5"}) {
            Reading reading = read("27", "3", "2027", time);
            assertThat(reading.problem())
                    .as(time)
                    .isEqualTo(
                            "Enter the time voting closes as hours and minutes on the 24-hour clock, like 09:00 or 17:30");
            assertThat(reading.parts()).containsExactly(Part.TIME);
        }
    }

    @Test
    void aTimeTheClocksSkipWhenTheyGoForwardIsRefusedWithTheHourToAvoid() {
        Reading reading = read("28", "3", "2027", "01:30");
        assertThat(reading.ok()).isFalse();
        assertThat(reading.problem())
                .isEqualTo("01:30 on 28 March 2027 does not exist in UK time: the clocks go forward from 01:00 to"
                        + " 02:00. Choose a time before 01:00 or from 02:00");
        assertThat(reading.parts()).containsExactly(Part.TIME);
        assertThat(read("28", "3", "2027", "02:00").instant()).isEqualTo(Instant.parse("2027-03-28T01:00:00Z"));
    }

    @Test
    void aTimeThatHappensTwiceWhenTheClocksGoBackIsRefusedRatherThanGuessed() {
        Reading reading = read("31", "10", "2027", "01:15");
        assertThat(reading.ok()).isFalse();
        assertThat(reading.problem())
                .isEqualTo("01:15 on 31 October 2027 happens twice in UK time: the clocks go back from 02:00 to"
                        + " 01:00. Choose a time before 01:00 or from 02:00, or put BST or GMT after the time to say"
                        + " which: 01:15 BST is the first, 01:15 GMT the second");
        assertThat(read("31", "10", "2027", "00:59").instant()).isEqualTo(Instant.parse("2027-10-30T23:59:00Z"));
        assertThat(read("31", "10", "2027", "02:00").instant()).isEqualTo(Instant.parse("2027-10-31T02:00:00Z"));
    }

    @Test
    void aDraftsTimesComeBackIntoTheBoxesInUkTime() {
        Typed typed = Typed.of(Instant.parse("2027-07-29T11:00:00Z"));
        assertThat(typed).isEqualTo(new Typed("29", "7", "2027", "12:00"));
        assertThat(UkDateTimeEntry.read(typed, "voting closes").instant())
                .isEqualTo(Instant.parse("2027-07-29T11:00:00Z"));
    }

    @Test
    void aTimeInTheHourTheClocksPassTwiceComesBackIntoTheBoxesSayingWhichAndReadsAsTheSameInstant() {
        // The clocks go back at 02:00 BST on 31 October 2027: 01:30 UK time is 00:30 UTC, then 01:30 UTC.
        Instant first = Instant.parse("2027-10-31T00:30:00Z");
        Instant second = Instant.parse("2027-10-31T01:30:00Z");
        assertThat(Typed.of(first)).isEqualTo(new Typed("31", "10", "2027", "01:30 BST"));
        assertThat(Typed.of(second)).isEqualTo(new Typed("31", "10", "2027", "01:30 GMT"));
        assertThat(UkDateTimeEntry.read(Typed.of(first), "voting closes").instant())
                .isEqualTo(first);
        assertThat(UkDateTimeEntry.read(Typed.of(second), "voting closes").instant())
                .isEqualTo(second);
        assertThat(read("31", "10", "2027", "1.30 gmt").instant()).isEqualTo(second);
        assertThat(read("31", "10", "2027", "01:30BST").instant()).isEqualTo(first);
    }

    @Test
    void bstOrGmtThatIsNotTheClocksOnThatDayIsRefusedSayingWhichTheyShow() {
        assertThat(read("29", "7", "2027", "12:00 BST").instant()).isEqualTo(Instant.parse("2027-07-29T11:00:00Z"));
        assertThat(read("15", "1", "2027", "12:00 GMT").instant()).isEqualTo(Instant.parse("2027-01-15T12:00:00Z"));
        Reading wrong = read("29", "7", "2027", "12:00 GMT");
        assertThat(wrong.ok()).isFalse();
        assertThat(wrong.problem())
                .isEqualTo("UK clocks show BST at 12:00 on 29 July 2027, not GMT: enter the time as the clocks show"
                        + " it, without GMT");
        assertThat(wrong.parts()).containsExactly(Part.TIME);
    }
}
