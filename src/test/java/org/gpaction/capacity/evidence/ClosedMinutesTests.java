package org.gpaction.capacity.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalTime;
import java.util.List;
import org.gpaction.capacity.setup.Hours;
import org.junit.jupiter.api.Test;

/** The front door's closed minutes in a day: each minute of core hours once, however many reasons it was closed. */
class ClosedMinutesTests {

    static final Hours CORE = new Hours(LocalTime.of(8, 0), LocalTime.of(18, 30));

    static LocalTime[] span(int fromHour, int fromMinute, int toHour, int toMinute) {
        return new LocalTime[] {LocalTime.of(fromHour, fromMinute), LocalTime.of(toHour, toMinute)};
    }

    @Test
    void fullFromTenAndPausedFromTwelveToTwoIsClosedFromTenOnly() {
        List<LocalTime[]> spans = List.of(new LocalTime[] {LocalTime.of(10, 0), LocalTime.MAX}, span(12, 0, 14, 0));

        assertThat(FrontDoorClosures.minutesInCoreHours(spans, CORE)).isEqualTo(510);
    }

    @Test
    void spansApartAddUp_andOnlyTheirPartInCoreHoursCounts() {
        List<LocalTime[]> spans = List.of(span(17, 0, 23, 0), span(0, 0, 9, 0), span(12, 0, 12, 30));

        assertThat(FrontDoorClosures.minutesInCoreHours(spans, CORE)).isEqualTo(60 + 30 + 90);
    }

    @Test
    void overlappingAndTouchingSpansCountEachMinuteOnce_inWhateverOrderTheyCome() {
        List<LocalTime[]> spans =
                List.of(span(13, 0, 15, 0), span(9, 0, 11, 0), span(10, 0, 12, 0), span(12, 0, 13, 0));

        assertThat(FrontDoorClosures.minutesInCoreHours(spans, CORE)).isEqualTo(6 * 60);
    }

    @Test
    void spansOutsideCoreHoursCountNothing() {
        assertThat(FrontDoorClosures.minutesInCoreHours(List.of(span(19, 0, 23, 0), span(6, 0, 8, 0)), CORE))
                .isZero();
        assertThat(FrontDoorClosures.minutesInCoreHours(List.of(), CORE)).isZero();
    }

    @Test
    void todaysSpansAreCutAtTheTimeNow_soOnlyTheMinutesAlreadyClosedCount() {
        List<LocalTime[]> spans = List.of(new LocalTime[] {LocalTime.of(10, 0), LocalTime.MAX}, span(7, 0, 9, 0));

        List<LocalTime[]> sofar = FrontDoorClosures.upTo(spans, LocalTime.of(10, 45));

        assertThat(FrontDoorClosures.minutesInCoreHours(sofar, CORE)).isEqualTo(60 + 45);
        assertThat(FrontDoorClosures.upTo(List.<LocalTime[]>of(span(11, 0, 12, 0)), LocalTime.of(10, 45)))
                .as("a span still to come today is left out")
                .isEmpty();
    }
}
