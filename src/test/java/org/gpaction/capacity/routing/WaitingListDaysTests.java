package org.gpaction.capacity.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.gpaction.capacity.setup.Clinician;
import org.gpaction.capacity.setup.ClinicianRole;
import org.gpaction.capacity.setup.Hours;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.capacity.setup.PracticeSetup;
import org.gpaction.capacity.setup.WhenFull;
import org.junit.jupiter.api.Test;

/**
 * The caps of the days ahead are read once while what they depend on stays as read, and again as soon as any part of
 * it moves, a practice at a time; the requests listed for the days ahead are read every time.
 */
class WaitingListDaysTests {

    static final LocalDate MONDAY = LocalDate.parse("2026-11-30");

    /** Days ahead looked at, by practice, and the days the practice's caps say have no room. */
    final List<String> lookedAhead = new ArrayList<>();

    Set<LocalDate> noRoomOn = Set.of(MONDAY.plusDays(1));

    /** Requests listed, by day; each day has room for two by its caps. */
    Map<LocalDate, Integer> listed = Map.of();

    int listedReads;

    final RoomAhead roomAhead = new RoomAhead(null) {
        @Override
        ToIntFunction<LocalDate> routineRoomFrom(PracticeSetup setup, LocalDate day, Integer capLimit) {
            lookedAhead.add(setup.odsCode() + " from " + day + (capLimit == null ? "" : " held to " + capLimit));
            Set<LocalDate> none = noRoomOn;
            return on -> none.contains(on) ? 0 : 2;
        }

        @Override
        NavigableMap<LocalDate, Integer> waiting(String odsCode, LocalDate from, LocalDate to) {
            listedReads++;
            return new TreeMap<>(listed);
        }
    };

    final WaitingListDays waitingListDays = new WaitingListDays(roomAhead);

    @Test
    void theDayIsLookedForOnceWhileWhatItDependsOnIsAsRead() {
        PracticeSetup setup = setup("A81001");
        var dependsOn = new WaitingListDays.DependsOn(MONDAY, 7, 0, Set.of(), null);

        for (int i = 0; i < 5; i++) {
            assertThat(after(setup, calendar(Set.of()), dependsOn))
                    .as("Tuesday has no room, so Wednesday")
                    .contains(MONDAY.plusDays(2));
        }
        assertThat(lookedAhead).containsExactly("A81001 from " + MONDAY.plusDays(1));
    }

    @Test
    void aNewDay_aSetUpSaved_aDaysCapsChanged_aBankHolidayAddedOrActionOnesLimitChangedLooksAgain() {
        PracticeSetup setup = setup("A81001");
        after(setup, calendar(Set.of()), new WaitingListDays.DependsOn(MONDAY, 7, 0, Set.of(), null));

        noRoomOn = Set.of();
        assertThat(after(setup, calendar(Set.of()), new WaitingListDays.DependsOn(MONDAY, 7, 1, Set.of(), null)))
                .as("Tuesday's cap given back")
                .contains(MONDAY.plusDays(1));
        assertThat(after(setup, calendar(Set.of()), new WaitingListDays.DependsOn(MONDAY, 8, 1, Set.of(), null)))
                .contains(MONDAY.plusDays(1));
        Set<LocalDate> tuesdayOff = Set.of(MONDAY.plusDays(1));
        assertThat(after(setup, calendar(tuesdayOff), new WaitingListDays.DependsOn(MONDAY, 8, 1, tuesdayOff, null)))
                .as("Tuesday made a bank holiday")
                .contains(MONDAY.plusDays(2));
        assertThat(after(
                        setup,
                        calendar(tuesdayOff),
                        new WaitingListDays.DependsOn(MONDAY.plusDays(2), 8, 1, tuesdayOff, null)))
                .contains(MONDAY.plusDays(3));
        after(setup, calendar(tuesdayOff), new WaitingListDays.DependsOn(MONDAY.plusDays(2), 8, 1, tuesdayOff, 20));
        assertThat(lookedAhead).hasSize(6).last().isEqualTo("A81001 from " + MONDAY.plusDays(3) + " held to 20");
    }

    @Test
    void aDayWhoseRoomIsAllPromisedIsPassedOver_asSoonAsItIs() {
        PracticeSetup setup = setup("A81001");
        var dependsOn = new WaitingListDays.DependsOn(MONDAY, 7, 0, Set.of(), null);
        listed = Map.of(MONDAY.plusDays(2), 1);
        assertThat(after(setup, calendar(Set.of()), dependsOn)).contains(MONDAY.plusDays(2));
        listed = Map.of(MONDAY.plusDays(2), 2);
        assertThat(after(setup, calendar(Set.of()), dependsOn))
                .as("Wednesday's two places promised")
                .contains(MONDAY.plusDays(3));
        assertThat(lookedAhead).hasSize(1);
    }

    /** As a batch of requests decided together asks, none of them written until all are. */
    @Test
    void eachDayPromisedCountsAsListedForTheNextAsk_theListedReadOnce() {
        PracticeSetup setup = setup("A81001");
        listed = Map.of(MONDAY.plusDays(2), 1);
        Supplier<Optional<LocalDate>> promising = waitingListDays.promising(
                setup, calendar(Set.of()), new WaitingListDays.DependsOn(MONDAY, 7, 0, Set.of(), null));
        assertThat(listedReads).as("nothing read before the first ask").isZero();

        List<Optional<LocalDate>> promised = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            promised.add(promising.get());
        }
        assertThat(promised)
                .as("Tuesday has no room, Wednesday one place left, Thursday and Friday two")
                .containsExactly(
                        Optional.of(MONDAY.plusDays(2)),
                        Optional.of(MONDAY.plusDays(3)),
                        Optional.of(MONDAY.plusDays(3)),
                        Optional.of(MONDAY.plusDays(4)));
        assertThat(listedReads).isEqualTo(1);
        assertThat(lookedAhead).hasSize(1);
    }

    /**
     * Three requests still wait from Monday's list: Tuesday has no room, so all are carried onto Wednesday's list, whose
     * two places they take first, and the third onto Thursday's, which has one place left.
     */
    @Test
    void requestsStillWaitingFromTodaysListHoldTheNextPlacesFirst_whatOneDayCannotTakeIsCarriedOn() {
        PracticeSetup setup = setup("A81001");
        listed = Map.of(MONDAY, 3);
        Supplier<Optional<LocalDate>> promising = waitingListDays.promising(
                setup, calendar(Set.of()), new WaitingListDays.DependsOn(MONDAY, 7, 0, Set.of(), null));

        assertThat(List.of(promising.get(), promising.get()))
                .containsExactly(Optional.of(MONDAY.plusDays(3)), Optional.of(MONDAY.plusDays(4)));
    }

    @Test
    void eachPracticeKeepsItsOwn() {
        var dependsOn = new WaitingListDays.DependsOn(MONDAY, 7, 0, Set.of(), null);
        after(setup("A81001"), calendar(Set.of()), dependsOn);
        after(setup("B82002"), calendar(Set.of()), dependsOn);
        after(setup("A81001"), calendar(Set.of()), dependsOn);
        after(setup("B82002"), calendar(Set.of()), dependsOn);
        assertThat(lookedAhead)
                .containsExactly("A81001 from " + MONDAY.plusDays(1), "B82002 from " + MONDAY.plusDays(1));
    }

    /**
     * Room for 3 a day, on a Wednesday whose list and Tuesday's still wait (2 and 1): Thursday's list is those 3 and its
     * own 1, so its room takes the 3 carried and its own request is carried on to Friday, whose place it holds. Before,
     * a day's own requests its room could not take were carried nowhere, so Friday was promised as if empty.
     */
    @Test
    void whatADaysRoomCannotTake_carriedOrItsOwn_holdsThePlacesOfTheNextWorkingDay() {
        LocalDate tuesday = MONDAY.plusDays(1);
        LocalDate wednesday = MONDAY.plusDays(2);
        LocalDate thursday = MONDAY.plusDays(3);
        LocalDate friday = MONDAY.plusDays(4);
        NavigableMap<LocalDate, Integer> waiting = new TreeMap<>(Map.of(tuesday, 2, wednesday, 1, thursday, 1));

        Map<LocalDate, Integer> held = Router.placesHeldAfter(calendar(Set.of()), wednesday, on -> 3, waiting);

        assertThat(held).containsEntry(thursday, 4).containsEntry(friday, 1).hasSize(2);
    }

    /**
     * Room for 3 a day, on a Wednesday with no list still waiting: Thursday's list holds 4 (its cap cut after they were
     * promised) and Friday's 3. Thursday's room takes 3 of its own and the fourth is carried onto Friday's list ahead of
     * Friday's own, so Friday's room takes that one and two of its own, and the third is carried on to Saturday. Before,
     * a day ahead carried nothing on unless requests from the lists of the day asked about or earlier were carried
     * onto it.
     */
    @Test
    void aDayAheadPromisedBeyondItsRoomCarriesItsOwnExtraRequestsOnToTheNextWorkingDay() {
        LocalDate wednesday = MONDAY.plusDays(2);
        LocalDate thursday = MONDAY.plusDays(3);
        LocalDate friday = MONDAY.plusDays(4);
        LocalDate saturday = MONDAY.plusDays(5);
        NavigableMap<LocalDate, Integer> waiting = new TreeMap<>(Map.of(thursday, 4, friday, 3));

        Map<LocalDate, Integer> held = Router.placesHeldAfter(calendar(Set.of()), wednesday, on -> 3, waiting);

        assertThat(held)
                .containsEntry(thursday, 4)
                .containsEntry(friday, 4)
                .containsEntry(saturday, 1)
                .hasSize(3);
    }

    /**
     * Room for 1 a day, weekdays only, on a Wednesday: Thursday, whose list holds 2, has been made a holiday since. It
     * holds its own 2 places there, and both are carried onto Friday's list, whose room takes one, so the other holds
     * Monday's place (the weekend is not worked).
     */
    @Test
    void aListOnADayNoLongerWorkedHoldsItsPlaces_andIsCarriedOntoTheNextWorkingDays() {
        LocalDate wednesday = MONDAY.plusDays(2);
        LocalDate thursday = MONDAY.plusDays(3);
        LocalDate friday = MONDAY.plusDays(4);
        LocalDate nextMonday = MONDAY.plusDays(7);
        NavigableMap<LocalDate, Integer> waiting = new TreeMap<>(Map.of(thursday, 2));

        Map<LocalDate, Integer> held = Router.placesHeldAfter(weekdays(Set.of(thursday)), wednesday, on -> 1, waiting);

        assertThat(held)
                .containsEntry(thursday, 2)
                .containsEntry(friday, 2)
                .containsEntry(nextMonday, 1)
                .hasSize(3);
    }

    /**
     * Room for 1 a day, weekdays only, on a Wednesday: Thursday's list holds 10 (its cap cut after they were promised).
     * Each working day's room takes one of them, so the places held fall by one a day, to 5 on the fifth working day
     * after Thursday; the list is carried no further than that, so the day after holds none.
     */
    @Test
    void aDayAheadsOwnExtraRequestsAreCarriedAtMostFiveWorkingDays() {
        LocalDate wednesday = MONDAY.plusDays(2);
        LocalDate thursday = MONDAY.plusDays(3);
        NavigableMap<LocalDate, Integer> waiting = new TreeMap<>(Map.of(thursday, 10));

        Map<LocalDate, Integer> held = Router.placesHeldAfter(weekdays(Set.of()), wednesday, on -> 1, waiting);

        assertThat(held)
                .containsEntry(thursday, 10)
                .containsEntry(MONDAY.plusDays(4), 9)
                .containsEntry(MONDAY.plusDays(7), 8)
                .containsEntry(MONDAY.plusDays(8), 7)
                .containsEntry(MONDAY.plusDays(9), 6)
                .containsEntry(MONDAY.plusDays(10), 5)
                .hasSize(6);
    }

    /** One decision's day: a new count of the days promised for each. */
    Optional<LocalDate> after(PracticeSetup setup, PracticeCalendar calendar, WaitingListDays.DependsOn dependsOn) {
        return waitingListDays.promising(setup, calendar, dependsOn).get();
    }

    static PracticeCalendar calendar(Set<LocalDate> bankHolidays) {
        Map<DayOfWeek, Hours> hours = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            hours.put(day, new Hours(LocalTime.of(8, 0), LocalTime.of(18, 30)));
        }
        return new PracticeCalendar(hours, bankHolidays);
    }

    static PracticeCalendar weekdays(Set<LocalDate> bankHolidays) {
        Map<DayOfWeek, Hours> hours = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY) {
                hours.put(day, new Hours(LocalTime.of(8, 0), LocalTime.of(18, 30)));
            }
        }
        return new PracticeCalendar(hours, bankHolidays);
    }

    static PracticeSetup setup(String odsCode) {
        return new PracticeSetup(
                odsCode,
                List.of(new Clinician(1, "GP 1", ClinicianRole.SALARIED_GP, 25, Set.of(DayOfWeek.values()))),
                calendar(Set.of()).coreHours(),
                true,
                0,
                WhenFull.CLOSE,
                null,
                null,
                List.of(),
                "manager@example.org",
                Instant.parse("2026-11-01T09:00:00Z"));
    }
}
