package org.gpaction.capacity.evidence;

import static java.time.DayOfWeek.SUNDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.gpaction.capacity.setup.Hours;
import org.gpaction.capacity.setup.SetupsInForce;
import org.gpaction.capacity.setup.WhenFull;
import org.gpaction.common.UkTime;
import org.junit.jupiter.api.Test;

/**
 * The front door's closed minutes in a day: each minute of core hours once, however many reasons it was closed, each part
 * of the day with the set-up in force then.
 */
class ClosedMinutesTests {

    static final Hours CORE = new Hours(LocalTime.of(8, 0), LocalTime.of(18, 30));

    static LocalTime[] span(int fromHour, int fromMinute, int toHour, int toMinute) {
        return new LocalTime[] {LocalTime.of(fromHour, fromMinute), LocalTime.of(toHour, toMinute)};
    }

    /** A whole day closing when full, with the same core hours throughout. */
    static final List<FrontDoorClosures.Part> CLOSING_ALL_DAY =
            List.of(new FrontDoorClosures.Part(LocalTime.MIN, LocalTime.MAX, true, CORE));

    @Test
    void fullFromTenAndPausedFromTwelveToTwoIsClosedFromTenOnly() {
        List<LocalTime[]> full = List.<LocalTime[]>of(new LocalTime[] {LocalTime.of(10, 0), LocalTime.MAX});

        assertThat(FrontDoorClosures.minutesClosed(full, List.<LocalTime[]>of(span(12, 0, 14, 0)), CLOSING_ALL_DAY))
                .isEqualTo(510);
    }

    @Test
    void spansApartAddUp_andOnlyTheirPartInCoreHoursCounts() {
        List<LocalTime[]> spans = List.of(span(17, 0, 23, 0), span(0, 0, 9, 0), span(12, 0, 12, 30));

        assertThat(FrontDoorClosures.minutesClosed(spans, List.of(), CLOSING_ALL_DAY))
                .isEqualTo(60 + 30 + 90);
        assertThat(FrontDoorClosures.minutesClosed(List.of(), spans, CLOSING_ALL_DAY))
                .as("paused the same times")
                .isEqualTo(60 + 30 + 90);
    }

    @Test
    void overlappingAndTouchingSpansCountEachMinuteOnce_inWhateverOrderTheyCome() {
        List<LocalTime[]> full = List.of(span(13, 0, 15, 0), span(9, 0, 11, 0));
        List<LocalTime[]> paused = List.of(span(10, 0, 12, 0), span(12, 0, 13, 0));

        assertThat(FrontDoorClosures.minutesClosed(full, paused, CLOSING_ALL_DAY))
                .isEqualTo(6 * 60);
    }

    @Test
    void spansOutsideCoreHoursCountNothing() {
        List<LocalTime[]> outside = List.of(span(19, 0, 23, 0), span(6, 0, 8, 0));

        assertThat(FrontDoorClosures.minutesClosed(outside, outside, CLOSING_ALL_DAY))
                .isZero();
        assertThat(FrontDoorClosures.minutesClosed(List.of(), List.of(), CLOSING_ALL_DAY))
                .isZero();
    }

    @Test
    void todaysSpansAreCutAtTheTimeNow_soOnlyTheMinutesAlreadyClosedCount() {
        List<LocalTime[]> spans = List.of(new LocalTime[] {LocalTime.of(10, 0), LocalTime.MAX}, span(7, 0, 9, 0));

        List<LocalTime[]> sofar = FrontDoorClosures.upTo(spans, LocalTime.of(10, 45));

        assertThat(FrontDoorClosures.minutesClosed(sofar, List.of(), CLOSING_ALL_DAY))
                .isEqualTo(60 + 45);
        assertThat(FrontDoorClosures.upTo(List.<LocalTime[]>of(span(11, 0, 12, 0)), LocalTime.of(10, 45)))
                .as("a span still to come today is left out")
                .isEmpty();
    }

    @Test
    void eachPartOfADayCountsWithTheChoiceAndCoreHoursInForceThen() {
        Hours fromTen = new Hours(LocalTime.of(10, 0), LocalTime.of(18, 30));
        List<FrontDoorClosures.Part> parts = List.of(
                new FrontDoorClosures.Part(LocalTime.MIN, LocalTime.of(9, 0), true, CORE),
                new FrontDoorClosures.Part(LocalTime.of(9, 0), LocalTime.of(12, 0), false, CORE),
                new FrontDoorClosures.Part(LocalTime.of(12, 0), LocalTime.MAX, true, fromTen));
        List<LocalTime[]> full = List.<LocalTime[]>of(new LocalTime[] {LocalTime.of(8, 30), LocalTime.MAX});
        List<LocalTime[]> paused = List.of(span(9, 30, 10, 0), span(12, 30, 13, 0));

        assertThat(FrontDoorClosures.minutesClosed(full, paused, parts))
                .as("full and closing 08:30 to 09:00, open when full but paused 09:30 to 10:00, closing from 12:00")
                .isEqualTo(30 + 30 + 390);
        assertThat(FrontDoorClosures.minutesClosed(
                        full,
                        List.of(),
                        List.of(new FrontDoorClosures.Part(LocalTime.MIN, LocalTime.MAX, false, CORE))))
                .as("a practice that stayed open all day was closed only while paused")
                .isZero();
        assertThat(FrontDoorClosures.minutesClosed(
                        full, paused, List.of(new FrontDoorClosures.Part(LocalTime.MIN, LocalTime.MAX, true, null))))
                .as("no core hours that weekday then, so none closed in them")
                .isZero();
    }

    @Test
    void aDayIsCutIntoPartsAtTheMinuteOfEachChange_andADayBeforeAnyKeptCountsWithTheFirst() {
        LocalDate day = LocalDate.of(2027, 1, 13);
        Hours fromNine = new Hours(LocalTime.of(9, 0), LocalTime.of(18, 30));
        List<SetupsInForce.InForce> kept = List.of(
                new SetupsInForce.InForce(at(day.minusDays(3), 12, 0, 0), WhenFull.CLOSE, Map.of(WEDNESDAY, CORE)),
                new SetupsInForce.InForce(at(day, 9, 15, 41), WhenFull.STAY_OPEN_SIGNPOST, Map.of(WEDNESDAY, fromNine)),
                new SetupsInForce.InForce(at(day.plusDays(1), 8, 0, 0), WhenFull.CLOSE, Map.of(WEDNESDAY, fromNine)));

        assertThat(FrontDoorClosures.parts(day, kept))
                .containsExactly(
                        new FrontDoorClosures.Part(LocalTime.MIN, LocalTime.of(9, 15), true, CORE),
                        new FrontDoorClosures.Part(LocalTime.of(9, 15), LocalTime.MAX, false, fromNine));
        assertThat(FrontDoorClosures.parts(day.minusDays(7), kept))
                .containsExactly(new FrontDoorClosures.Part(LocalTime.MIN, LocalTime.MAX, true, CORE));
        assertThat(FrontDoorClosures.parts(day.plusDays(7), kept))
                .containsExactly(new FrontDoorClosures.Part(LocalTime.MIN, LocalTime.MAX, true, fromNine));
    }

    @Test
    void aChangeAtMidnightUkTimeIsInForceAllThatDay_andNoneOfTheDayBefore() {
        LocalDate day = LocalDate.of(2027, 6, 16);
        Hours fromNine = new Hours(LocalTime.of(9, 0), LocalTime.of(18, 30));
        List<SetupsInForce.InForce> kept = List.of(
                new SetupsInForce.InForce(at(day.minusDays(30), 12, 0, 0), WhenFull.CLOSE, Map.of(WEDNESDAY, CORE)),
                // 00:00 British Summer Time, 23:00 the day before in UTC.
                new SetupsInForce.InForce(
                        at(day, 0, 0, 0), WhenFull.STAY_OPEN_SIGNPOST, Map.of(WEDNESDAY, fromNine, TUESDAY, fromNine)));

        assertThat(FrontDoorClosures.parts(day, kept))
                .containsExactly(new FrontDoorClosures.Part(LocalTime.MIN, LocalTime.MAX, false, fromNine));
        assertThat(FrontDoorClosures.parts(day.minusDays(1), kept))
                .containsExactly(new FrontDoorClosures.Part(LocalTime.MIN, LocalTime.MAX, true, null));
    }

    @Test
    void onTheDayTheClocksGoForwardAChangeIsCutAtItsTimeInSummerTime() {
        LocalDate day = LocalDate.of(2027, 3, 28);
        Hours sunday = new Hours(LocalTime.of(9, 0), LocalTime.of(13, 0));
        List<SetupsInForce.InForce> kept = List.of(
                new SetupsInForce.InForce(at(day.minusDays(7), 12, 0, 0), WhenFull.CLOSE, Map.of(SUNDAY, sunday)),
                new SetupsInForce.InForce(
                        Instant.parse("2027-03-28T09:15:00Z"), WhenFull.STAY_OPEN_SIGNPOST, Map.of(SUNDAY, sunday)),
                // 00:30 on Monday in summer time, still the Sunday in UTC.
                new SetupsInForce.InForce(
                        Instant.parse("2027-03-28T23:30:00Z"), WhenFull.CLOSE, Map.of(SUNDAY, sunday)));

        assertThat(FrontDoorClosures.parts(day, kept))
                .containsExactly(
                        new FrontDoorClosures.Part(LocalTime.MIN, LocalTime.of(10, 15), true, sunday),
                        new FrontDoorClosures.Part(LocalTime.of(10, 15), LocalTime.MAX, false, sunday));
        assertThat(FrontDoorClosures.parts(day.plusDays(1), kept))
                .containsExactly(
                        new FrontDoorClosures.Part(LocalTime.MIN, LocalTime.of(0, 30), false, null),
                        new FrontDoorClosures.Part(LocalTime.of(0, 30), LocalTime.MAX, true, null));
    }

    @Test
    void onTheDayTheClocksGoBackAChangeIsCutAtItsTimeInGreenwichTime_andOneJustAfterMidnightInSummerTime() {
        LocalDate day = LocalDate.of(2026, 10, 25);
        Hours sunday = new Hours(LocalTime.of(9, 0), LocalTime.of(13, 0));
        Hours sundayFromTen = new Hours(LocalTime.of(10, 0), LocalTime.of(13, 0));
        List<SetupsInForce.InForce> kept = List.of(
                new SetupsInForce.InForce(at(day.minusDays(7), 12, 0, 0), WhenFull.CLOSE, Map.of(SUNDAY, sunday)),
                // 00:30 summer time on the Sunday, still the Saturday in UTC.
                new SetupsInForce.InForce(
                        Instant.parse("2026-10-24T23:30:00Z"), WhenFull.STAY_OPEN_SIGNPOST, Map.of(SUNDAY, sunday)),
                new SetupsInForce.InForce(
                        Instant.parse("2026-10-25T12:00:00Z"), WhenFull.CLOSE, Map.of(SUNDAY, sundayFromTen)));

        assertThat(FrontDoorClosures.parts(day, kept))
                .containsExactly(
                        new FrontDoorClosures.Part(LocalTime.MIN, LocalTime.of(0, 30), true, sunday),
                        new FrontDoorClosures.Part(LocalTime.of(0, 30), LocalTime.of(12, 0), false, sunday),
                        new FrontDoorClosures.Part(LocalTime.of(12, 0), LocalTime.MAX, true, sundayFromTen));
        assertThat(FrontDoorClosures.parts(day.minusDays(1), kept))
                .as("the Saturday ended at 23:00 UTC, before the change")
                .containsExactly(new FrontDoorClosures.Part(LocalTime.MIN, LocalTime.MAX, true, null));
    }

    private static Instant at(LocalDate day, int hour, int minute, int second) {
        return day.atTime(hour, minute, second).atZone(UkTime.ZONE).toInstant();
    }
}
