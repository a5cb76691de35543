package org.gpaction.capacity.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gpaction.capacity.ReplayCommand;
import org.gpaction.capacity.routing.DiversionReason;
import org.gpaction.capacity.routing.RequestKind;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.capacity.setup.WhenFull;
import org.gpaction.common.imports.ImportRejected;
import org.junit.jupiter.api.Test;

class DemandReplayTests {

    /** The real file in the project's shared data, of which the application ships a copy. */
    static final Path SHARED_FILE = Path.of("../shared/data/capacity/online-requests-C84667.csv");

    /** The real year, read once for the class: no replay changes what it is given. */
    private static List<DemandReplay.Submissions> realDemand;

    /** One clinician at 20 staying open when full, over the real year: replayed once, as two tests look at it. */
    private static DemandReplay.Result stayingOpenOneAt20;

    static List<DemandReplay.Submissions> realDemand() {
        if (realDemand == null) {
            realDemand = List.copyOf(DemandFile.read(
                    ReplaySetUps.SAMPLE_NAME,
                    new java.io.ByteArrayInputStream(ReplaySetUps.sample()),
                    ReplaySetUps.MOST_BYTES));
        }
        return realDemand;
    }

    private static DemandReplay.Result stayingOpenOneAt20() {
        if (stayingOpenOneAt20 == null) {
            DemandReplay.SetUp oneAt20 = onTheShippedCalendar(1, 20, true, 0, WhenFull.STAY_OPEN_SIGNPOST);
            stayingOpenOneAt20 = DemandReplay.replay(realDemand(), oneAt20);
        }
        return stayingOpenOneAt20;
    }

    /** A set-up on the contract's core hours and the bank holidays the application ships. */
    static DemandReplay.SetUp onTheShippedCalendar(
            int clinicians, int cap, boolean countAdmin, int urgentReserve, WhenFull whenFull) {
        return new DemandReplay.SetUp(
                clinicians,
                cap,
                countAdmin,
                urgentReserve,
                whenFull,
                new PracticeCalendar(ReplaySetUps.contractCoreHours(), ReplaySetUps.shippedBankHolidays()));
    }

    static DemandReplay.SetUp threeCliniciansAt25(WhenFull whenFull) {
        return onTheShippedCalendar(3, 25, false, 0, whenFull);
    }

    @Test
    void everyRequestOfTheRealYearGetsExactlyOneOutcome() throws IOException {
        DemandReplay.Result result = DemandReplay.replay(realDemand(), threeCliniciansAt25(WhenFull.CLOSE));
        assertThat(result.requests()).isEqualTo(8_716);
        assertThat(result.booked() + result.diverted() + result.waitlisted()).isEqualTo(8_716);
        assertThat(result.days()).hasSize(356);
        Map<LocalDate, Integer> perDay = new HashMap<>();
        Map<LocalDate, Integer> adminPerDay = new HashMap<>();
        List<String> lines = new String(ReplaySetUps.sample(), StandardCharsets.UTF_8)
                .lines()
                .toList();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            perDay.merge(LocalDate.parse(cells[0]), Integer.parseInt(cells[3]), Integer::sum);
            if (cells[2].equals("Admin")) {
                adminPerDay.merge(LocalDate.parse(cells[0]), Integer.parseInt(cells[3]), Integer::sum);
            }
        }
        assertThat(adminPerDay.values().stream().mapToInt(Integer::intValue).sum())
                .as("the file has admin requests, which this set-up does not count")
                .isPositive();
        for (DemandReplay.DayResult day : result.days()) {
            assertThat(day.booked() + day.diverted() + day.waitlisted()).isEqualTo(day.requests());
            assertThat(day.requests()).as("requests on %s", day.day()).isEqualTo(perDay.get(day.day()));
            assertThat(day.booked())
                    .as("booked on %s beyond 3 clinicians at 25 and admin", day.day())
                    .isLessThanOrEqualTo(75 + adminPerDay.getOrDefault(day.day(), 0));
        }
    }

    @Test
    void withOneClinicianTheBusiestDaysFillAndTheFrontDoorCloses() throws IOException {
        DemandReplay.SetUp one = onTheShippedCalendar(1, 25, true, 0, WhenFull.CLOSE);
        DemandReplay.Result result = DemandReplay.replay(realDemand(), one);
        assertThat(result.diverted()).isPositive();
        assertThat(result.frontDoorClosedMinutes()).isPositive();
        int fullDiversions = result.days().stream()
                .mapToInt(d -> d.divertedBecause().getOrDefault(DiversionReason.FULL, 0))
                .sum();
        assertThat(fullDiversions).isPositive();
        result.days().forEach(d -> assertThat(d.booked()).as("on %s", d.day()).isLessThanOrEqualTo(25));
    }

    @Test
    void withRoomToSpareNothingIsUnmetThoughRequestsOutsideCoreHoursAreSignposted() throws IOException {
        DemandReplay.SetUp plenty = onTheShippedCalendar(50, 25, true, 0, WhenFull.CLOSE);
        DemandReplay.Result result = DemandReplay.replay(realDemand(), plenty);
        int outsideHours = result.days().stream()
                .mapToInt(d -> d.divertedBecause().getOrDefault(DiversionReason.OUTSIDE_CORE_HOURS, 0))
                .sum();
        assertThat(outsideHours)
                .as("the real year has requests at night and at weekends")
                .isPositive()
                .isEqualTo(result.diverted());
        assertThat(result.waitlisted()).isZero();
        assertThat(result.unmet()).isZero();
    }

    @Test
    void stayingOpenWaitlistsInsteadOfClosingAndTheListIsServedNextWorkingDay() throws IOException {
        DemandReplay.Result result = stayingOpenOneAt20();
        assertThat(result.waitlisted()).isPositive();
        assertThat(result.frontDoorClosedMinutes()).isZero();
        assertThat(result.days().stream()
                        .mapToInt(DemandReplay.DayResult::fromWaitingList)
                        .sum())
                .isPositive();
        assertThat(result.requests()).isEqualTo(8_716);
    }

    /**
     * Staying open, the waiting list's code runs on the real year: every request is accounted for once, and every one
     * waitlisted is booked from the list, dropped when the list carries it no further, or still listed at the end.
     */
    @Test
    void everyRequestOfTheRealYearGetsExactlyOneOutcome_andEveryOneWaitlistedLeavesTheListOnce_stayingOpen() {
        DemandReplay.Result result = stayingOpenOneAt20();
        assertThat(result.requests()).isEqualTo(8_716);
        assertThat(result.booked() + result.diverted() + result.waitlisted()).isEqualTo(8_716);
        for (DemandReplay.DayResult day : result.days()) {
            assertThat(day.booked() + day.diverted() + day.waitlisted())
                    .as("outcomes on %s", day.day())
                    .isEqualTo(day.requests());
        }
        int fromList = result.days().stream()
                .mapToInt(DemandReplay.DayResult::fromWaitingList)
                .sum();
        assertThat(result.waitlisted())
                .as("the set-up fills some days of the real year")
                .isPositive();
        assertThat(fromList).as("some are booked from the list").isPositive();
        assertThat(result.waitlisted())
                .as(
                        "waitlisted = booked from the list (%d) + no longer carried (%d) + still listed at the end (%d)",
                        fromList, result.noLongerCarried(), result.stillListed())
                .isEqualTo(fromList + result.noLongerCarried() + result.stillListed());
    }

    /**
     * One place a day. Monday's three requests: one booked, two waitlisted, promised Tuesday 4 and Wednesday 5 March.
     * Every working day after brings one new request at 10:00, which takes the day's place, as live: nothing keeps it
     * for the list.
     */
    @Test
    void aRequestOnTheWaitingListIsCarriedNoFurtherThanTheLiveListCarriesIt_andIsNeverBookedFromIt() {
        DemandReplay.SetUp oneAtOne = onTheShippedCalendar(1, 1, true, 0, WhenFull.STAY_OPEN_SIGNPOST);
        LocalDate monday = LocalDate.parse("2025-03-03");
        List<DemandReplay.Submissions> demand = new java.util.ArrayList<>();
        demand.add(new DemandReplay.Submissions(monday, LocalTime.of(10, 0), RequestKind.ROUTINE, 3));
        for (int later = 1; later <= 11; later++) {
            LocalDate day = monday.plusDays(later);
            int requests = day.getDayOfWeek().getValue() <= 5 ? 1 : 0;
            demand.add(new DemandReplay.Submissions(day, LocalTime.of(10, 0), RequestKind.ROUTINE, requests));
        }
        DemandReplay.Result result = DemandReplay.replay(demand, oneAtOne);

        assertThat(result.waitlisted()).isEqualTo(2);
        Map<LocalDate, Integer> dropped = new HashMap<>();
        result.days().forEach(day -> dropped.put(day.day(), day.noLongerCarried()));
        assertThat(result.days().stream()
                        .mapToInt(DemandReplay.DayResult::fromWaitingList)
                        .sum())
                .as("each day's new request took its one place before the list was served")
                .isZero();
        assertThat(dropped.get(LocalDate.parse("2025-03-12")))
                .as("on Wednesday 12th, the sixth working day after, the live list no longer carries Tuesday 4th's")
                .isEqualTo(1);
        assertThat(dropped.get(LocalDate.parse("2025-03-13"))).isEqualTo(1);
        assertThat(result.noLongerCarried()).isEqualTo(2);
        assertThat(result.unmet())
                .as("each was counted unmet once, on its own day")
                .isEqualTo(2);
        assertThat(result.booked() + result.diverted() + result.waitlisted()).isEqualTo(result.requests());
    }

    @Test
    void aDayIsPromisedNoMoreThanItsRoom_andItsListIsServedFromTheRoomItsNewRequestsLeave() {
        DemandReplay.SetUp oneAtTwo = onTheShippedCalendar(1, 2, true, 0, WhenFull.STAY_OPEN_SIGNPOST);
        LocalDate monday = LocalDate.parse("2025-03-03");
        DemandReplay.Result result = DemandReplay.replay(
                List.of(
                        new DemandReplay.Submissions(monday, LocalTime.of(10, 0), RequestKind.ROUTINE, 6),
                        new DemandReplay.Submissions(monday.plusDays(1), LocalTime.of(10, 0), RequestKind.ROUTINE, 0),
                        new DemandReplay.Submissions(monday.plusDays(2), LocalTime.of(10, 0), RequestKind.ROUTINE, 1),
                        new DemandReplay.Submissions(monday.plusDays(3), LocalTime.of(10, 0), RequestKind.ROUTINE, 0)),
                oneAtTwo);

        assertThat(result.days().stream()
                        .map(day -> day.day().getDayOfWeek() + " " + day.booked() + " booked, " + day.waitlisted()
                                + " waitlisted, " + day.fromWaitingList() + " from the list")
                        .toList())
                .containsExactly(
                        "MONDAY 2 booked, 4 waitlisted, 0 from the list",
                        "TUESDAY 0 booked, 0 waitlisted, 2 from the list",
                        "WEDNESDAY 1 booked, 0 waitlisted, 1 from the list",
                        "THURSDAY 0 booked, 0 waitlisted, 1 from the list");
        assertThat(result.noLongerCarried()).isZero();
    }

    /**
     * One place a day, and only Monday 3, Tuesday 4 and Wednesday 5 March working within a month (the weekdays after
     * made bank holidays). Monday's second request is promised Tuesday; on Tuesday, Tuesday's new request takes its
     * place, so Monday's still waits and is carried onto Wednesday's list, where it holds Wednesday's one place: as
     * live, Tuesday's second request is promised no day and is signposted, not promised Wednesday too.
     */
    @Test
    void aRequestStillWaitingFromAnEarlierListHoldsAPlaceOfTheNextWorkingDay_soNoMoreAreFreeForPromises() {
        LocalDate monday = LocalDate.parse("2025-03-03");
        java.util.Set<LocalDate> holidays = new java.util.HashSet<>(ReplaySetUps.shippedBankHolidays());
        for (LocalDate day = monday.plusDays(3); day.isBefore(monday.plusDays(45)); day = day.plusDays(1)) {
            holidays.add(day);
        }
        DemandReplay.SetUp oneAtOne = new DemandReplay.SetUp(
                1,
                1,
                true,
                0,
                WhenFull.STAY_OPEN_SIGNPOST,
                new PracticeCalendar(ReplaySetUps.contractCoreHours(), holidays));
        DemandReplay.Result result = DemandReplay.replay(
                List.of(
                        new DemandReplay.Submissions(monday, LocalTime.of(10, 0), RequestKind.ROUTINE, 2),
                        new DemandReplay.Submissions(monday.plusDays(1), LocalTime.of(10, 0), RequestKind.ROUTINE, 2),
                        new DemandReplay.Submissions(monday.plusDays(2), LocalTime.of(10, 0), RequestKind.ROUTINE, 0)),
                oneAtOne);

        assertThat(result.days().stream()
                        .map(day -> day.day().getDayOfWeek() + " " + day.booked() + " booked, " + day.waitlisted()
                                + " waitlisted, " + day.diverted() + " signposted, " + day.fromWaitingList()
                                + " from the list")
                        .toList())
                .containsExactly(
                        "MONDAY 1 booked, 1 waitlisted, 0 signposted, 0 from the list",
                        "TUESDAY 1 booked, 0 waitlisted, 1 signposted, 0 from the list",
                        "WEDNESDAY 0 booked, 0 waitlisted, 0 signposted, 1 from the list");
        assertThat(result.stillListed()).isZero();
    }

    @Test
    void whenTheCapsComeOnlyToTheUrgentReserveRoutineNeedIsSignpostedAsTheRouterWouldNotWaitlistedForADayWithNoRoom() {
        DemandReplay.SetUp allReserve = onTheShippedCalendar(1, 5, true, 5, WhenFull.STAY_OPEN_SIGNPOST);
        LocalDate monday = LocalDate.parse("2025-03-03");
        DemandReplay.Result result = DemandReplay.replay(
                List.of(
                        new DemandReplay.Submissions(monday, LocalTime.of(10, 0), RequestKind.ROUTINE, 3),
                        new DemandReplay.Submissions(monday.plusDays(1), LocalTime.of(10, 0), RequestKind.ROUTINE, 2)),
                allReserve);
        assertThat(result.waitlisted())
                .as("no working day ahead has room beyond the reserve, so no waiting list is for one")
                .isZero();
        assertThat(result.days())
                .allSatisfy(day -> assertThat(day.divertedBecause().get(DiversionReason.FULL))
                        .isEqualTo(day.requests()));
        assertThat(result.diverted()).isEqualTo(5);

        DemandReplay.Result realYear = DemandReplay.replay(realDemand(), allReserve);
        assertThat(realYear.waitlisted()).isZero();
        assertThat(realYear.requests()).isEqualTo(8_716);
    }

    @Test
    void theShippedCopyIsTheRealFile() throws IOException {
        assertThat(SHARED_FILE)
                .as("the project's shared data beside the checkout (../shared/data), which the shipped copy must equal")
                .exists();
        assertThat(ReplaySetUps.sample()).isEqualTo(Files.readAllBytes(SHARED_FILE));
        assertThat(ReplaySetUps.shippedBankHolidays())
                .contains(
                        LocalDate.parse("2018-01-01"),
                        LocalDate.parse("2022-09-19"),
                        LocalDate.parse("2025-12-25"),
                        LocalDate.parse("2027-12-28"))
                .hasSize(51 + 32);
    }

    @Test
    void theCommandPrintsEachDayAndTheTotals() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ReplayCommand.run(
                new String[] {"replay", "--clinicians", "3", "--cap", "25"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed.lines().filter(l -> l.matches("\\d{4}-\\d{2}-\\d{2},.*")))
                .hasSize(356);
        assertThat(printed).contains("8716 requests over 356 days with 3 clinicians at 25 a day");
        assertThat(ReplayCommand.run(
                        new String[] {"replay", "--cap", "40"}, new PrintStream(out), new PrintStream(err)))
                .isEqualTo(2);
    }

    @Test
    void theCommandTellsOfOneClinicianInTheSingular() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ReplayCommand.run(
                new String[] {"replay", "--clinicians", "1", "--cap", "25"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("8716 requests over 356 days with 1 clinician at 25 a day");
    }

    @Test
    void theCommandRefusesEachBadOptionNamingItAndWhatItTakes_withThePagesLimits() {
        Map<List<String>, List<String>> refused = new java.util.LinkedHashMap<>();
        refused.put(List.of("--cap", "x"), List.of("--cap", "0 to 25"));
        refused.put(List.of("--cap", "40"), List.of("--cap", "0 to 25"));
        refused.put(List.of("--clinicians"), List.of("--clinicians", "needs a value", "1 to 50"));
        refused.put(List.of("--clinicians", "51"), List.of("--clinicians", "1 to 50"));
        refused.put(List.of("--reserve", "501"), List.of("--reserve", "0 to 500"));
        refused.put(List.of("--reserve", "-1"), List.of("--reserve", "0 to 500"));
        refused.put(List.of("--when-full", "sometimes"), List.of("--when-full", "CLOSE or STAY_OPEN_SIGNPOST"));
        refused.put(List.of("--when-full"), List.of("--when-full", "needs a value"));
        for (Map.Entry<List<String>, List<String>> bad : refused.entrySet()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            List<String> args = new java.util.ArrayList<>(List.of("replay"));
            args.addAll(bad.getKey());
            int exit = ReplayCommand.run(
                    args.toArray(String[]::new),
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            String said = err.toString(StandardCharsets.UTF_8);
            assertThat(exit).as(bad.getKey() + ": " + said).isEqualTo(2);
            String first = said.lines().findFirst().orElse("");
            assertThat(first)
                    .as(bad.getKey().toString())
                    .startsWith("replay: ")
                    .contains(bad.getValue())
                    .doesNotContain("For input string", "out of bounds", "No enum constant");
            assertThat(out.size()).as("nothing replayed").isZero();
        }
    }

    @Test
    void aQuarterHourThatIsNotATimeIsReportedUnderItsOwnColumn_notTheDate() {
        byte[] bad = ("date,quarter_hour_starting,request_type,submissions\n"
                        + "2024-11-01,8am,Clinical,2\n"
                        + "2024-11-01,08:15,Clinical,1\n")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> DemandFile.read("bad.csv", new java.io.ByteArrayInputStream(bad), 1_000_000))
                .isInstanceOfSatisfying(
                        ImportRejected.class,
                        e -> assertThat(e.problems())
                                .extracting(p -> p.line() + ":" + p.field() + ":" + p.message())
                                .containsExactly(
                                        "2:quarter_hour_starting:quarter_hour_starting must be a time as hh:mm"));
    }

    @Test
    void aBadDemandFileIsRefusedWholeNamingLineAndField() {
        byte[] bad = ("date,quarter_hour_starting,request_type,submissions\n"
                        + "2024-11-01,08:00,Clinical,2\n"
                        + "2024-11-01,08:07,Clinical,1\n"
                        + "2024-13-01,08:15,Admin,1\n"
                        + "2024-11-01,08:30,Visit,1\n"
                        + "2024-11-01,08:45,Admin,many\n")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> DemandFile.read("bad.csv", new java.io.ByteArrayInputStream(bad), 1_000_000))
                .isInstanceOfSatisfying(
                        ImportRejected.class,
                        e -> assertThat(e.problems())
                                .extracting(p -> p.line() + ":" + p.field())
                                .containsExactly(
                                        "3:quarter_hour_starting", "4:date", "5:request_type", "6:submissions"));
    }
}
