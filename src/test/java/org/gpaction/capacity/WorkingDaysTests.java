package org.gpaction.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Set;
import org.gpaction.support.GpActionTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Each month's count worked out by hand from a calendar and GOV.UK's list of bank holidays. */
@GpActionTest
class WorkingDaysTests {

    @Autowired
    WorkingDays workingDays;

    @Autowired
    JdbcClient jdbc;

    @Test
    void march2019HadNoBankHolidayAnd21Weekdays() {
        // Friday 1st, then four full weeks.
        assertThat(workingDays.in(YearMonth.of(2019, 3))).isEqualTo(21);
    }

    @Test
    void april2020LostGoodFridayAndEasterMonday() {
        // Wednesday 1st to Thursday 30th: 22 weekdays, less Friday 10th and Monday 13th.
        assertThat(workingDays.in(YearMonth.of(2020, 4))).isEqualTo(20);
    }

    @Test
    void may2020LostVeDayOnFriday8thAndTheSpringBankHoliday() {
        // Friday 1st to Friday 29th: 21 weekdays, less Friday 8th (moved from Monday 4th) and Monday 25th.
        assertThat(workingDays.in(YearMonth.of(2020, 5))).isEqualTo(19);
        assertThat(workingDays.in(YearMonth.of(2020, 5)))
                .isEqualTo(WorkingDays.count(YearMonth.of(2020, 5), Set.of()) - 2);
    }

    @Test
    void june2022LostTheSpringBankHolidayAndThePlatinumJubilee() {
        // Wednesday 1st to Thursday 30th: 22 weekdays, less Thursday 2nd and Friday 3rd.
        assertThat(workingDays.in(YearMonth.of(2022, 6))).isEqualTo(20);
    }

    @Test
    void september2022LostTheStateFuneral() {
        // Thursday 1st to Friday 30th: 22 weekdays, less Monday 19th.
        assertThat(workingDays.in(YearMonth.of(2022, 9))).isEqualTo(21);
    }

    @Test
    void december2022LostBoxingDayAndTheSubstituteForChristmasOnASunday() {
        // Thursday 1st to Friday 30th: 22 weekdays, less Monday 26th and Tuesday 27th.
        assertThat(workingDays.in(YearMonth.of(2022, 12))).isEqualTo(20);
    }

    @Test
    void may2023LostTheEarlyMayHolidayTheCoronationAndTheSpringHoliday() {
        // Monday 1st to Wednesday 31st: 23 weekdays, less Mondays 1st, 8th and 29th.
        assertThat(workingDays.in(YearMonth.of(2023, 5))).isEqualTo(20);
    }

    @Test
    void substituteDaysCountWhenChristmasAndNewYearFallAtAWeekend() {
        // December 2020: 23 weekdays, less Friday 25th and Monday 28th (Boxing Day was a Saturday).
        assertThat(workingDays.in(YearMonth.of(2020, 12))).isEqualTo(21);
        // January 2022: 21 weekdays, less Monday 3rd (New Year's Day was a Saturday).
        assertThat(workingDays.in(YearMonth.of(2022, 1))).isEqualTo(20);
    }

    @Test
    void everyYearShippedIsKnownAndOneBeforeIsNot() {
        for (int year = 2018; year <= 2027; year++) {
            assertThat(workingDays.knows(year)).as("%d", year).isTrue();
        }
        assertThat(workingDays.knows(2017)).isFalse();
        assertThat(workingDays.knows(1990)).isFalse();
    }

    @Test
    void aYearHasAbout250WorkingDays() {
        int days2022 = 0;
        for (int month = 1; month <= 12; month++) {
            days2022 += workingDays.in(YearMonth.of(2022, month));
        }
        // 260 weekdays in 2022, less its 10 bank holidays, none of which fell at a weekend.
        assertThat(days2022).isEqualTo(250);
    }

    @Test
    void aBankHolidayAtAWeekendTakesNoWorkingDay() {
        YearMonth may2027 = YearMonth.of(2027, 5);
        assertThat(WorkingDays.count(may2027, Set.of(LocalDate.of(2027, 5, 1))))
                .as("Saturday 1 May 2027")
                .isEqualTo(WorkingDays.count(may2027, Set.of()));
        assertThat(WorkingDays.count(may2027, Set.of())).isEqualTo(21);
    }

    @Test
    void theVersionChangesWhenOneHolidayMovesADayLaterAndAnotherADayEarlier_thoughTheirCountAndSumStayTheSame() {
        // Tuesday 10 June 2098 moves to Wednesday 11th and Tuesday 1 July to Monday 30 June: as many holidays, their
        // days adding up to the same, yet June has a working day fewer and July one more.
        try {
            add("2098-06-10", "2098-07-01");
            String before = workingDays.version();
            int june = workingDays.in(YearMonth.of(2098, 6));
            int july = workingDays.in(YearMonth.of(2098, 7));

            jdbc.sql("delete from capacity.bank_holiday where day in (date '2098-06-10', date '2098-07-01')")
                    .update();
            add("2098-06-11", "2098-06-30");

            assertThat(workingDays.in(YearMonth.of(2098, 6))).isEqualTo(june - 1);
            assertThat(workingDays.in(YearMonth.of(2098, 7))).isEqualTo(july + 1);
            assertThat(workingDays.version())
                    .as("counts kept by the version are stale")
                    .isNotEqualTo(before);
        } finally {
            jdbc.sql("delete from capacity.bank_holiday where day between date '2098-06-01' and date '2098-07-31'")
                    .update();
        }
    }

    private void add(String... days) {
        for (String day : days) {
            jdbc.sql("insert into capacity.bank_holiday (day, name) values (cast(:day as date), 'Test holiday')")
                    .param("day", day)
                    .update();
        }
    }
}
