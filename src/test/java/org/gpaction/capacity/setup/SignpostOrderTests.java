package org.gpaction.capacity.setup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Patients are shown first the places open at that moment, A&E last among them, and when each closes. */
class SignpostOrderTests {

    static final Signpost A_AND_E =
            new Signpost("County Hospital A&E", SignpostKind.EMERGENCY_DEPARTMENT, "1 Hospital Road", "999", Map.of());
    static final Signpost NHS_111 = new Signpost("NHS 111", SignpostKind.NHS_111, "", "111", Map.of());
    static final Signpost PHARMACY = new Signpost(
            "High Street Pharmacy",
            SignpostKind.PHARMACY,
            "2 High Street",
            "01234 567890",
            Map.of(DayOfWeek.MONDAY, new Hours(LocalTime.of(9, 0), LocalTime.of(17, 30))));
    static final Signpost UTC = new Signpost(
            "Town Urgent Treatment Centre",
            SignpostKind.URGENT_TREATMENT_CENTRE,
            "3 Station Road",
            "01234 000000",
            Map.of(
                    DayOfWeek.MONDAY, new Hours(LocalTime.of(8, 0), LocalTime.of(20, 0)),
                    DayOfWeek.SATURDAY, new Hours(LocalTime.of(10, 0), LocalTime.of(16, 0))));

    static PracticeSetup withSignposts(List<Signpost> signposts) {
        return new PracticeSetup(
                "A81001",
                List.of(),
                Map.of(),
                true,
                0,
                WhenFull.CLOSE,
                null,
                "https://consult.example.org",
                signposts,
                "manager@practice.test",
                null);
    }

    final PracticeSetup setup = withSignposts(List.of(A_AND_E, PHARMACY, NHS_111, UTC));

    @Test
    void onAMondayAfternoonEverythingIsOpenAndAAndEComesLast() {
        assertThat(setup.signpostsInOrderAt(DayOfWeek.MONDAY, LocalTime.of(14, 0)))
                .containsExactly(PHARMACY, NHS_111, UTC, A_AND_E);
    }

    @Test
    void aPlaceClosedAtThatMomentComesAfterEveryPlaceOpenIncludingAAndE() {
        assertThat(setup.signpostsInOrderAt(DayOfWeek.MONDAY, LocalTime.of(18, 0)))
                .containsExactly(NHS_111, UTC, A_AND_E, PHARMACY);
        assertThat(setup.signpostsInOrderAt(DayOfWeek.SUNDAY, LocalTime.of(12, 0)))
                .containsExactly(NHS_111, A_AND_E, PHARMACY, UTC);
    }

    @Test
    void eachPlaceSaysUntilWhenItIsOpen() {
        assertThat(UTC.openUntil(DayOfWeek.SATURDAY, LocalTime.of(15, 59))).contains(LocalTime.of(16, 0));
        assertThat(UTC.openUntil(DayOfWeek.SATURDAY, LocalTime.of(16, 0))).isEmpty();
        assertThat(UTC.openUntil(DayOfWeek.SATURDAY, LocalTime.of(9, 59))).isEmpty();
        assertThat(NHS_111.openUntil(DayOfWeek.SUNDAY, LocalTime.of(3, 0))).contains(LocalTime.MAX);
    }

    static final Signpost OUT_OF_HOURS = new Signpost(
            "GP Out of Hours",
            SignpostKind.URGENT_TREATMENT_CENTRE,
            "4 Bridge Street",
            "01234 111111",
            Map.of(DayOfWeek.MONDAY, new Hours(LocalTime.of(18, 30), LocalTime.of(8, 0))));

    @Test
    void aPlaceClosingAtOrBeforeItOpensIsOpenIntoTheNextMorning() {
        assertThat(OUT_OF_HOURS.openUntil(DayOfWeek.MONDAY, LocalTime.of(18, 29)))
                .isEmpty();
        assertThat(OUT_OF_HOURS.openUntil(DayOfWeek.MONDAY, LocalTime.of(19, 0)))
                .contains(LocalTime.of(8, 0));
        assertThat(OUT_OF_HOURS.openUntil(DayOfWeek.MONDAY, LocalTime.of(7, 0)))
                .as("Sunday has no night of its own")
                .isEmpty();
        assertThat(OUT_OF_HOURS.openUntil(DayOfWeek.TUESDAY, LocalTime.of(0, 0)))
                .contains(LocalTime.of(8, 0));
        assertThat(OUT_OF_HOURS.openUntil(DayOfWeek.TUESDAY, LocalTime.of(7, 59)))
                .contains(LocalTime.of(8, 0));
        assertThat(OUT_OF_HOURS.openUntil(DayOfWeek.TUESDAY, LocalTime.of(8, 0)))
                .isEmpty();
        assertThat(OUT_OF_HOURS.openUntil(DayOfWeek.TUESDAY, LocalTime.of(19, 0)))
                .isEmpty();
        assertThat(OUT_OF_HOURS.openingTimes()).containsExactly("Monday: 18:30 to 08:00 the next day");
        assertThat(withSignposts(List.of(PHARMACY, OUT_OF_HOURS))
                        .signpostsInOrderAt(DayOfWeek.TUESDAY, LocalTime.of(7, 0)))
                .containsExactly(OUT_OF_HOURS, PHARMACY);
    }

    @Test
    void aPlaceOpenOvernightOnSundayIsOpenOnMondayMorning() {
        Signpost sundayNight = new Signpost(
                "Night Pharmacy",
                SignpostKind.PHARMACY,
                "",
                "",
                Map.of(DayOfWeek.SUNDAY, new Hours(LocalTime.of(22, 0), LocalTime.of(0, 0))));
        assertThat(sundayNight.openUntil(DayOfWeek.SUNDAY, LocalTime.of(23, 59)))
                .contains(LocalTime.MIDNIGHT);
        assertThat(sundayNight.openUntil(DayOfWeek.MONDAY, LocalTime.of(0, 0))).isEmpty();
        Signpost allNight = new Signpost(
                "All Night",
                SignpostKind.PHARMACY,
                "",
                "",
                Map.of(DayOfWeek.SUNDAY, new Hours(LocalTime.of(20, 0), LocalTime.of(6, 0))));
        assertThat(allNight.openUntil(DayOfWeek.MONDAY, LocalTime.of(5, 0))).contains(LocalTime.of(6, 0));
    }

    static Signpost withHours(Map<DayOfWeek, Hours> hours) {
        return new Signpost("GP Out of Hours", SignpostKind.URGENT_TREATMENT_CENTRE, "", "111", hours);
    }

    static Hours hours(String opens, String closes) {
        return new Hours(LocalTime.parse(opens), LocalTime.parse(closes));
    }

    @Test
    void hoursThatRunOnIntoEachOtherAreFollowedToWhereThePlaceActuallyCloses() {
        Signpost nightThenDay = withHours(Map.of(
                DayOfWeek.MONDAY, hours("18:30", "08:00"),
                DayOfWeek.TUESDAY, hours("08:00", "18:30")));
        assertThat(nightThenDay.openUntil(DayOfWeek.TUESDAY, LocalTime.of(7, 0)))
                .as("Tuesday 07:00, on Monday's night, which runs on into Tuesday's day")
                .contains(LocalTime.of(18, 30));
        assertThat(nightThenDay.openUntil(DayOfWeek.MONDAY, LocalTime.of(19, 0)))
                .contains(LocalTime.of(18, 30));

        Signpost nightDayNight = withHours(Map.of(
                DayOfWeek.MONDAY, hours("18:30", "08:00"),
                DayOfWeek.TUESDAY, hours("08:00", "08:00")));
        assertThat(nightDayNight.openUntil(DayOfWeek.TUESDAY, LocalTime.of(7, 0)))
                .as("Tuesday's hours run on through its own night to Wednesday 08:00")
                .contains(LocalTime.of(8, 0));

        Signpost toMidnightThenFromMidnight = withHours(Map.of(
                DayOfWeek.FRIDAY, hours("20:00", "00:00"),
                DayOfWeek.SATURDAY, hours("00:00", "02:00")));
        assertThat(toMidnightThenFromMidnight.openUntil(DayOfWeek.FRIDAY, LocalTime.of(23, 0)))
                .contains(LocalTime.of(2, 0));
        assertThat(toMidnightThenFromMidnight.openUntil(DayOfWeek.SATURDAY, LocalTime.of(2, 0)))
                .isEmpty();

        Signpost aGapBetween = withHours(Map.of(
                DayOfWeek.MONDAY, hours("18:30", "08:00"),
                DayOfWeek.TUESDAY, hours("08:30", "18:30")));
        assertThat(aGapBetween.openUntil(DayOfWeek.TUESDAY, LocalTime.of(7, 0)))
                .as("closed from 08:00 to 08:30, so the night ends at 08:00")
                .contains(LocalTime.of(8, 0));
    }

    @Test
    void aPlaceOpenTheWholeWeekThroughItsHoursDoesNotCloseAndIsShownOpen24Hours() {
        Map<DayOfWeek, Hours> everyDay = new java.util.EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            everyDay.put(day, hours("00:00", "00:00"));
        }
        Signpost allWeek = withHours(everyDay);
        assertThat(allWeek.openUntil(DayOfWeek.WEDNESDAY, LocalTime.of(3, 0))).contains(LocalTime.MAX);

        Map<DayOfWeek, Hours> butSunday = new java.util.EnumMap<>(everyDay);
        butSunday.put(DayOfWeek.SUNDAY, hours("00:00", "23:00"));
        Signpost closedAnHourAWeek = withHours(butSunday);
        assertThat(closedAnHourAWeek.openUntil(DayOfWeek.MONDAY, LocalTime.of(9, 0)))
                .as("Monday 09:00 runs on through the week to Sunday 23:00")
                .contains(LocalTime.of(23, 0));
        assertThat(closedAnHourAWeek.openingTimes()).contains("Monday: 00:00 to midnight", "Sunday: 00:00 to 23:00");
    }

    @Test
    void acrossTheNightTheClocksGoForwardTheWallClockIsFollowed() {
        // 28 March 2027: 01:00 GMT becomes 02:00 BST during Saturday's night; the place's hours are wall-clock times.
        Signpost weekend = withHours(Map.of(
                DayOfWeek.SATURDAY, hours("18:30", "08:00"),
                DayOfWeek.SUNDAY, hours("08:00", "18:30")));
        assertThat(weekend.openUntil(DayOfWeek.SUNDAY, LocalTime.of(7, 30))).contains(LocalTime.of(18, 30));
    }

    @Test
    void theClosingFollowedOnSaysOnWhichDayItFallsAndAWeekOpenIsNoClosingAtAll() {
        Signpost nightDayNight = withHours(Map.of(
                DayOfWeek.MONDAY, hours("18:30", "08:00"),
                DayOfWeek.TUESDAY, hours("08:00", "08:00")));
        assertThat(nightDayNight.closingAfter(DayOfWeek.TUESDAY, LocalTime.of(7, 0)))
                .contains(new Signpost.Closing(1, LocalTime.of(8, 0)));
        assertThat(nightDayNight.closingAfter(DayOfWeek.MONDAY, LocalTime.of(19, 0)))
                .contains(new Signpost.Closing(2, LocalTime.of(8, 0)));
        assertThat(nightDayNight.isOpenAllWeek()).isFalse();

        Map<DayOfWeek, Hours> everyDay = new java.util.EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            everyDay.put(day, hours("00:00", "00:00"));
        }
        Signpost allWeek = withHours(everyDay);
        assertThat(allWeek.closingAfter(DayOfWeek.WEDNESDAY, LocalTime.of(3, 0)))
                .hasValueSatisfying(closing -> assertThat(closing.never()).isTrue());
        assertThat(allWeek.isOpenAllWeek()).isTrue();
        assertThat(NHS_111.isOpenAllWeek()).isTrue();
        assertThat(OUT_OF_HOURS.isOpenAllWeek()).isFalse();
        everyDay.put(DayOfWeek.SUNDAY, hours("00:00", "23:00"));
        assertThat(withHours(everyDay).isOpenAllWeek()).isFalse();
        assertThat(withHours(everyDay).closingAfter(DayOfWeek.MONDAY, LocalTime.of(9, 0)))
                .contains(new Signpost.Closing(6, LocalTime.of(23, 0)));
    }
}
