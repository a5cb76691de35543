package org.gpaction.capacity.setup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PracticeCalendarTests {

    static final Hours CONTRACT = new Hours(LocalTime.of(8, 0), LocalTime.of(18, 30));

    static Map<DayOfWeek, Hours> weekdays() {
        Map<DayOfWeek, Hours> hours = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : SetupRules.WEEKDAYS) {
            hours.put(day, CONTRACT);
        }
        return hours;
    }

    final PracticeCalendar calendar = new PracticeCalendar(
            weekdays(),
            Set.of(LocalDate.parse("2025-12-25"), LocalDate.parse("2025-12-26"), LocalDate.parse("2026-04-03")));

    @Test
    void theDayTurnsOverAtMidnightUkTimeInSummer() {
        // 23:30 UTC on 29 March 2026 is already 00:30 BST on the 30th.
        assertThat(PracticeCalendar.dayOf(Instant.parse("2026-03-29T22:59:59Z")))
                .isEqualTo("2026-03-29");
        assertThat(PracticeCalendar.dayOf(Instant.parse("2026-03-29T23:00:00Z")))
                .isEqualTo("2026-03-30");
    }

    @Test
    void theDayTurnsOverAtMidnightUkTimeInWinter() {
        assertThat(PracticeCalendar.dayOf(Instant.parse("2026-01-14T23:59:59Z")))
                .isEqualTo("2026-01-14");
        assertThat(PracticeCalendar.dayOf(Instant.parse("2026-01-15T00:00:00Z")))
                .isEqualTo("2026-01-15");
    }

    @Test
    void onTheDayTheClocksGoForwardTheDayIsTwentyThreeHoursLong() {
        // 29 March 2026: midnight is 00:00 UTC; the next midnight is 23:00 UTC.
        assertThat(PracticeCalendar.dayOf(Instant.parse("2026-03-29T00:00:00Z")))
                .isEqualTo("2026-03-29");
        assertThat(PracticeCalendar.dayOf(Instant.parse("2026-03-28T23:59:59Z")))
                .isEqualTo("2026-03-28");
        assertThat(PracticeCalendar.dayOf(Instant.parse("2026-03-29T22:59:59Z")))
                .isEqualTo("2026-03-29");
    }

    @Test
    void onTheDayTheClocksGoBackTheDayIsTwentyFiveHoursLong() {
        // 25 October 2026: midnight is 23:00 UTC the day before; the next midnight is 00:00 UTC on the 26th.
        assertThat(PracticeCalendar.dayOf(Instant.parse("2026-10-24T23:00:00Z")))
                .isEqualTo("2026-10-25");
        assertThat(PracticeCalendar.dayOf(Instant.parse("2026-10-25T23:59:59Z")))
                .isEqualTo("2026-10-25");
        assertThat(PracticeCalendar.dayOf(Instant.parse("2026-10-26T00:00:00Z")))
                .isEqualTo("2026-10-26");
    }

    @Test
    void coreHoursAreInUkTimeOnEitherSideOfTheClockChange() {
        // Friday 27 March 2026 (GMT) opens at 08:00 UTC; Monday 30 March (BST) opens at 07:00 UTC.
        assertThat(calendar.isOpenAt(Instant.parse("2026-03-27T07:59:00Z"))).isFalse();
        assertThat(calendar.isOpenAt(Instant.parse("2026-03-27T08:00:00Z"))).isTrue();
        assertThat(calendar.nextOpenAt(Instant.parse("2026-03-27T18:30:00Z")))
                .contains(Instant.parse("2026-03-30T07:00:00Z"));
        assertThat(calendar.isOpenAt(Instant.parse("2026-03-30T17:29:00Z"))).isTrue();
        assertThat(calendar.isOpenAt(Instant.parse("2026-03-30T17:30:00Z"))).isFalse();
    }

    @Test
    void aBankHolidayIsNotAWorkingDay() {
        assertThat(calendar.isWorkingDay(LocalDate.parse("2026-04-03"))).isFalse();
        assertThat(calendar.isOpenAt(Instant.parse("2026-04-03T10:00:00Z"))).isFalse();
        // Christmas Eve 2025 is a Wednesday; Christmas and Boxing Day are holidays, then the weekend.
        assertThat(calendar.nextWorkingDayAfter(LocalDate.parse("2025-12-24"))).contains(LocalDate.parse("2025-12-29"));
        assertThat(calendar.openingAfter(LocalDate.parse("2025-12-24")))
                .contains(Instant.parse("2025-12-29T08:00:00Z"));
    }

    @Test
    void aFullPracticeReopensAtTheNextWorkingDaysOpening() {
        // Full on Friday 24 October 2026 (BST): Monday 26 October is GMT, so 08:00 is 08:00 UTC.
        assertThat(calendar.openingAfter(LocalDate.parse("2026-10-23")))
                .contains(Instant.parse("2026-10-26T08:00:00Z"));
    }

    @Test
    void aPracticeWithNoCoreHoursNeverOpens() {
        PracticeCalendar closed = new PracticeCalendar(Map.of(), Set.of());
        assertThat(closed.nextOpenAt(Instant.parse("2026-01-01T00:00:00Z"))).isEmpty();
    }

    @Test
    void fiveWorkingDaysBeforeAMondayAfterChristmasPassOverTheWeekendsAndBankHolidays() {
        // Monday 29 December 2025: the 25th and 26th are bank holidays, so the five working days before it are the
        // 24th, 23rd, 22nd, 19th and 18th.
        assertThat(calendar.firstOfWorkingDaysBefore(LocalDate.parse("2025-12-29"), 5))
                .isEqualTo("2025-12-18");
        assertThat(calendar.firstOfWorkingDaysBefore(LocalDate.parse("2025-12-29"), 1))
                .isEqualTo("2025-12-24");
    }

    @Test
    void workingDaysBeforeADayReachBackAtMostAMonth() {
        PracticeCalendar mondaysOnly = new PracticeCalendar(Map.of(DayOfWeek.MONDAY, CONTRACT), Set.of());
        assertThat(mondaysOnly.firstOfWorkingDaysBefore(LocalDate.parse("2026-02-02"), 5))
                .as("five Mondays back is 29 December, beyond a month; the reach stops at 5 January")
                .isEqualTo("2026-01-05");
        PracticeCalendar closed = new PracticeCalendar(Map.of(), Set.of());
        assertThat(closed.firstOfWorkingDaysBefore(LocalDate.parse("2026-02-02"), 5))
                .isEqualTo("2026-02-02");
    }
}
