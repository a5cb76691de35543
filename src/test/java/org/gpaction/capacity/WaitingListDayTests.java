package org.gpaction.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gpaction.capacity.CapacityTestData.EVERY_DAY;
import static org.gpaction.capacity.CapacityTestData.allDay;
import static org.gpaction.capacity.CapacityTestData.clinician;
import static org.gpaction.capacity.CapacityTestData.settings;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gpaction.capacity.CapacityTestData.SafeWorkingPractice;
import org.gpaction.capacity.setup.PracticeCalendar;
import org.gpaction.common.UkTime;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.MovingClock;
import org.gpaction.support.MovingClocks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The day a request beyond today's room is put on the waiting list for is the next working day with room for routine
 * need, passing over one whose caps come to no more than the urgent reserve, or whose room is all promised to requests
 * listed for it already or carried onto its list, and following the caps of the days ahead as they are changed. The
 * board and the front door say the practice opens again on the first of those days with room by its caps, which is
 * the waiting list's day unless that day's room is all promised.
 */
@GpActionTest
@Import(MovingClocks.class)
@ExtendWith(OnAWorkingMorning.class)
class WaitingListDayTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MovingClock clock;

    Http http;
    CapacityTestData data;

    @BeforeEach
    void httpAndTestData() {
        http = new Http(port);
        data = new CapacityTestData(jdbc, http);
    }

    @Test
    void aRequestBeyondTodaysRoomWaitsForTheNextWorkingDayWithRoom_asTheCapsOfTheDaysAheadAreChanged() {
        SafeWorkingPractice practice =
                data.practiceTakingActionOne(settings(List.of(clinician("GP 1", 2, EVERY_DAY)), allDay(), "CLOSE", 1));
        String ods = practice.ods();
        String manager = practice.managerToken();
        String reception = data.receptionistToken(ods);
        long gp = practice.clinicianId(0);
        LocalDate next = workingDayAfter(PracticeCalendar.dayOf(clock.instant()));
        LocalDate after = workingDayAfter(next);

        assertThat(outcome(data.contact(ods, "RECEPTION", "ROUTINE", reception)))
                .isEqualTo("BOOKED");
        JsonNode first = data.contact(ods, "RECEPTION", "ROUTINE", reception);
        assertThat(first.get("forDay").asString())
                .as("only the urgent reserve is left today")
                .isEqualTo(next.toString());

        // A cap cut after a promise undoes nothing: the request promised next stays on its list, and what next's room
        // cannot take is carried on to after's.
        capOn(ods, manager, gp, next, 1);
        LocalDate third = workingDayAfter(after);
        JsonNode passedOver = data.contact(ods, "RECEPTION", "ROUTINE", reception);
        assertThat(passedOver.get("forDay").asString())
                .as("a cap of 1 on " + next + " is all the reserve of 1, so nobody routine can be seen then: the one"
                        + " promised it is carried onto " + after + "'s list and holds its one place")
                .isEqualTo(third.toString());
        assertThat(waitlistedFor(passedOver.get("id").asLong())).isEqualTo(third);
        assertThat(reopensAt(ods, manager))
                .as("the board says the practice opens again on " + after + ", the first day with room by its caps,"
                        + " though its one place is held already")
                .isEqualTo(opening(after));
        LocalDate fourth = workingDayAfter(third);
        String fourthDay = java.time.format.DateTimeFormatter.ofPattern("EEEE d MMMM", java.util.Locale.UK)
                .format(fourth);
        assertThat(fullMeans(receptionist(ods).get("/safe-working/" + ods).body()))
                .as("the board names the day the next request waits for, as the router counts it: " + third
                        + "'s one place is promised now")
                .startsWith("· routine requests go on the waiting list for " + fourthDay);

        capOn(ods, manager, gp, next, 0);
        assertThat(data.contact(ods, "RECEPTION", "ROUTINE", reception)
                        .get("forDay")
                        .asString())
                .as(next + " still has no room, so the request listed for it still holds " + after + "'s one place, and"
                        + " the one promised " + third + " holds that day's")
                .isEqualTo(fourth.toString());

        capOn(ods, manager, gp, next, 3);
        JsonNode roomAgain = data.contact(ods, "RECEPTION", "ROUTINE", reception);
        assertThat(roomAgain.get("forDay").asString())
                .as("with a cap of 3, " + next + " has room for two beyond the reserve, one promised already")
                .isEqualTo(next.toString());
        assertThat(waitlistedFor(roomAgain.get("id").asLong())).isEqualTo(next);
    }

    /**
     * One clinician with room for two routine contacts a day: once today is full, two patients are promised tomorrow,
     * and the third the day after, not a place tomorrow that two others were promised already. A promise undone gives
     * its place back.
     */
    @Test
    void aDayIsPromisedToNoMorePatientsThanItHasRoomFor_theNextIsPromisedTheDayAfter() {
        SafeWorkingPractice practice =
                data.practiceTakingActionOne(settings(List.of(clinician("GP 1", 2, EVERY_DAY)), allDay(), "CLOSE", 0));
        String ods = practice.ods();
        String reception = data.receptionistToken(ods);
        LocalDate next = workingDayAfter(PracticeCalendar.dayOf(clock.instant()));
        LocalDate after = workingDayAfter(next);
        for (int i = 0; i < 2; i++) {
            assertThat(outcome(data.contact(ods, "RECEPTION", "ROUTINE", reception)))
                    .isEqualTo("BOOKED");
        }

        List<String> promised = new java.util.ArrayList<>();
        List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JsonNode waiting = data.contact(ods, "RECEPTION", "ROUTINE", reception);
            promised.add(waiting.get("forDay").asString());
            ids.add(waiting.get("id").asLong());
        }
        assertThat(promised)
                .as("%s has room for two", next)
                .containsExactly(next.toString(), next.toString(), after.toString());
        assertThat(waitlistedFor(ids.get(2))).isEqualTo(after);

        Http.Response undone = http.delete("/api/practices/" + ods + "/contacts/" + ids.get(0), reception);
        assertThat(undone.status()).as(undone.body()).isLessThan(300);
        assertThat(data.contact(ods, "RECEPTION", "ROUTINE", reception)
                        .get("forDay")
                        .asString())
                .as("the request undone no longer holds its place on %s", next)
                .isEqualTo(next.toString());
    }

    /**
     * Tomorrow has room for three, and two requests still wait from earlier lists (today's, and the working day
     * before's): the list is worked oldest first, so they take two of tomorrow's places and only one more patient may
     * be promised tomorrow. A request undone holds no place. The board says the same day as the router promises.
     */
    @Test
    void requestsStillWaitingFromEarlierListsHoldTheNextWorkingDaysPlacesFirst() {
        SafeWorkingPractice practice =
                data.practiceTakingActionOne(settings(List.of(clinician("GP 1", 3, EVERY_DAY)), allDay(), "CLOSE", 0));
        String ods = practice.ods();
        String reception = data.receptionistToken(ods);
        LocalDate today = PracticeCalendar.dayOf(clock.instant());
        LocalDate next = workingDayAfter(today);
        LocalDate after = workingDayAfter(next);
        LocalDate before = workingDayBefore(today);
        data.waitlisted(ods, "RECEPTION", workingDayBefore(before), before);
        data.waitlisted(ods, "RECEPTION", before, today);
        long undone = data.waitlisted(ods, "RECEPTION", before, today);
        jdbc.sql("update capacity.contact_request set undone_at = received_at + interval '1 minute' where id = :id")
                .param("id", undone)
                .update();
        for (int i = 0; i < 3; i++) {
            assertThat(outcome(data.contact(ods, "RECEPTION", "ROUTINE", reception)))
                    .isEqualTo("BOOKED");
        }

        List<String> promised = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            promised.add(data.contact(ods, "RECEPTION", "ROUTINE", reception)
                    .get("forDay")
                    .asString());
        }
        assertThat(promised)
                .as("%s has room for 3, 2 of them held by the requests carried onto its list", next)
                .containsExactly(next.toString(), after.toString(), after.toString());
        String afterDay = java.time.format.DateTimeFormatter.ofPattern("EEEE d MMMM", java.util.Locale.UK)
                .format(after);
        assertThat(fullMeans(receptionist(ods).get("/safe-working/" + ods).body()))
                .startsWith("· routine requests go on the waiting list for " + afterDay);
    }

    @Test
    void aPracticeThatStaysOpenWhenFullWaitlistsOnlineRequestsForTheNextWorkingDayWithRoomToo() {
        SafeWorkingPractice practice = data.practiceTakingActionOne(
                settings(List.of(clinician("GP 1", 1, EVERY_DAY)), allDay(), "STAY_OPEN_SIGNPOST", 0));
        String ods = practice.ods();
        String manager = practice.managerToken();
        long gp = practice.clinicianId(0);
        LocalDate next = workingDayAfter(PracticeCalendar.dayOf(clock.instant()));
        capOn(ods, manager, gp, next, 0);

        assertThat(outcome(data.contact(ods, "ONLINE", "ROUTINE", manager))).isEqualTo("BOOKED");
        JsonNode waiting = data.contact(ods, "ONLINE", "ROUTINE", manager);
        assertThat(waiting.get("forDay").asString())
                .isEqualTo(workingDayAfter(next).toString());
        assertThat(Instant.parse(http.get("/api/practices/" + ods + "/front-door")
                        .json()
                        .get("reopensAt")
                        .asString()))
                .isEqualTo(opening(workingDayAfter(next)));
    }

    /**
     * A set-up whose reserve would leave no day room is refused, so here no day has room because the one clinician's
     * cap is 0.
     */
    @Test
    void withNoWorkingDayWithRoomToComeRoutineNeedIsSignpostedAndTheFrontDoorTakesNoRequests() {
        SafeWorkingPractice practice = data.practiceTakingActionOne(
                settings(List.of(clinician("GP 1", 0, EVERY_DAY)), allDay(), "STAY_OPEN_SIGNPOST", 0));
        String ods = practice.ods();
        String manager = practice.managerToken();

        for (String channel : List.of("RECEPTION", "ONLINE")) {
            JsonNode answer = data.contact(ods, channel, "ROUTINE", manager);
            assertThat(outcome(answer))
                    .as("every day's caps come to nothing: no day would see a routine patient")
                    .isEqualTo("DIVERTED");
            assertThat(answer.get("reason").asString()).isEqualTo("FULL");
        }
        JsonNode door = http.get("/api/practices/" + ods + "/front-door").json();
        assertThat(door.get("full").asBoolean()).isTrue();
        assertThat(door.get("takesRequests").asBoolean())
                .as("there is no waiting list to take requests onto")
                .isFalse();
        assertThat(door.get("open").asBoolean()).as("its page only signposts").isFalse();
        assertThat(door.get("reopensAt").isNull()).isTrue();
    }

    @Test
    void fullTheBoardSaysWhatHappensToRoutineRequestsInEachFrontDoorMode() {
        LocalDate next = workingDayAfter(PracticeCalendar.dayOf(clock.instant()));
        String nextDay = java.time.format.DateTimeFormatter.ofPattern("EEEE d MMMM", java.util.Locale.UK)
                .format(next);
        for (String whenFull : List.of("CLOSE", "STAY_OPEN_SIGNPOST")) {
            SafeWorkingPractice practice = data.practiceTakingActionOne(
                    settings(List.of(clinician("GP 1", 1, EVERY_DAY)), allDay(), whenFull, 0));
            String ods = practice.ods();
            Http reception = receptionist(ods);
            assertThat(outcome(data.contact(ods, "RECEPTION", "ROUTINE", practice.managerToken())))
                    .isEqualTo("BOOKED");

            String shown = fullMeans(reception.get("/safe-working/" + ods).body());
            assertThat(shown)
                    .as(whenFull)
                    .startsWith("· routine requests go on the waiting list for " + nextDay)
                    .doesNotContain("opens again")
                    .doesNotContain("no more safe capacity");
            if (whenFull.equals("CLOSE")) {
                assertThat(shown)
                        .isEqualTo("· routine requests go on the waiting list for " + nextDay
                                + "; the online front door is closed until " + UkTime.format(opening(next)));
            } else {
                assertThat(shown)
                        .isEqualTo("· routine requests go on the waiting list for " + nextDay
                                + ", online ones too: the online front door stays open");
            }

            Http.Response urgent = reception.postForm("/safe-working/" + ods + "/requests", Map.of("kind", "URGENT"));
            assertThat(reception.get(pathOf(urgent)).body())
                    .as("urgent need finds no room left today and is never waitlisted")
                    .contains("Urgent request signposted elsewhere")
                    .contains("No clinician has room left today, the urgent reserve included. Suggest:");

            for (String kind : List.of("ROUTINE", "ADMIN")) {
                Http.Response nhs111 = reception.postForm(
                        "/safe-working/" + ods + "/requests", Map.of("kind", kind, "channel", "NHS111"));
                assertThat(reception.get(pathOf(nhs111)).body())
                        .as("NHS 111 books only for today, so routine need (and counted admin) beyond today's room is"
                                + " signposted though " + nextDay + " has room")
                        .contains(" request signposted elsewhere")
                        .contains("The practice is full for routine need today and NHS 111 books only same-day"
                                + " appointments, so it is not put on the waiting list. Suggest:")
                        .doesNotContain("no working day within a month has room");
            }
        }
    }

    @Test
    void contactsLeftTodaySayHowMuchOfTheUrgentReserveIsLeft_andBeforeActionOneThatNoneIsKept() {
        SafeWorkingPractice practice =
                data.practiceTakingActionOne(settings(List.of(clinician("GP 1", 3, EVERY_DAY)), allDay(), "CLOSE", 2));
        String ods = practice.ods();
        for (int i = 0; i < 2; i++) {
            assertThat(outcome(data.contact(ods, "RECEPTION", "URGENT", practice.managerToken())))
                    .isEqualTo("BOOKED");
        }
        Http reception = receptionist(ods);
        assertThat(reception.get("/safe-working/" + ods).body())
                .as("one contact is left, so only one can be kept for urgent need, not the reserve of 2")
                .contains("id=\"remaining\">1 (of which 1 kept for urgent need)<");
        assertThat(reception.get("/safe-working/" + ods + "/waiting-list").body())
                .contains("Contacts left today: 1 (of which 1 kept for urgent need).");

        SafeWorkingPractice notYet =
                data.practiceSetUpWith(settings(List.of(clinician("GP 1", 3, EVERY_DAY)), allDay(), "CLOSE", 2));
        String board =
                receptionist(notYet.ods()).get("/safe-working/" + notYet.ods()).body();
        assertThat(board)
                .as("before action 1 nothing is kept back: every contact can be booked for any need")
                .contains("id=\"remaining\">3 (none kept for urgent need until action 1 is in force)<")
                .doesNotContain("kept for urgent need)");
    }

    @Test
    void withNoWorkingDayWithRoomToComeTheBoardSaysRoutineRequestsAreSignposted() {
        SafeWorkingPractice practice =
                data.practiceTakingActionOne(settings(List.of(clinician("GP 1", 0, EVERY_DAY)), allDay(), "CLOSE", 0));
        String ods = practice.ods();
        Http reception = receptionist(ods);
        assertThat(fullMeans(reception.get("/safe-working/" + ods).body()))
                .isEqualTo("· no working day within a month has room: routine requests are signposted elsewhere");
        Http.Response routine = reception.postForm("/safe-working/" + ods + "/requests", Map.of("kind", "ROUTINE"));
        assertThat(reception.get(pathOf(routine)).body())
                .contains("Routine request signposted elsewhere")
                .contains("The practice is full today and no working day within a month has room for its waiting list."
                        + " Suggest:");
    }

    private static String pathOf(Http.Response redirect) {
        assertThat(redirect.status()).as(redirect.body()).isIn(302, 303);
        return java.net.URI.create(redirect.header("location")).getPath();
    }

    private Http receptionist(String ods) {
        Http page = new Http(port);
        assertThat(page.signIn(data.staff("RECEPTIONIST", List.of(ods), null), CapacityTestData.PASSWORD)
                        .status())
                .isLessThan(400);
        return page;
    }

    private static final java.util.regex.Pattern FULL_MEANS =
            java.util.regex.Pattern.compile("<span id=\"full-means\">([^<]*)</span>");

    /** What the board says a full day means, unescaped as a reader sees it; fails if it says nothing. */
    private static String fullMeans(String board) {
        java.util.regex.Matcher found = FULL_MEANS.matcher(board);
        assertThat(found.find()).as("the board says what full means").isTrue();
        return org.springframework.web.util.HtmlUtils.htmlUnescape(found.group(1))
                .strip();
    }

    private void capOn(String ods, String manager, long clinician, LocalDate day, int cap) {
        Http.Response changed = http.putJson(
                "/api/practices/" + ods + "/capacity/days/" + day,
                Map.of("clinicians", List.of(Map.of("id", clinician, "cap", cap))),
                manager);
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    }

    /** The day after {@code day} that is not a bank holiday: the set-ups here work every day of the week. */
    private LocalDate workingDayAfter(LocalDate day) {
        Set<LocalDate> holidays = new HashSet<>(jdbc.sql("select day from capacity.bank_holiday")
                .query((rs, row) -> rs.getDate("day").toLocalDate())
                .list());
        LocalDate next = day.plusDays(1);
        while (holidays.contains(next)) {
            next = next.plusDays(1);
        }
        return next;
    }

    /** The working day before {@code day}: the set-ups here work every day of the week but bank holidays. */
    private LocalDate workingDayBefore(LocalDate day) {
        Set<LocalDate> holidays = new HashSet<>(jdbc.sql("select day from capacity.bank_holiday")
                .query((rs, row) -> rs.getDate("day").toLocalDate())
                .list());
        LocalDate before = day.minusDays(1);
        while (holidays.contains(before)) {
            before = before.minusDays(1);
        }
        return before;
    }

    private LocalDate waitlistedFor(long id) {
        return jdbc.sql("select waitlisted_for from capacity.contact_request where id = :id")
                .param("id", id)
                .query((rs, row) -> rs.getDate(1).toLocalDate())
                .single();
    }

    private Instant reopensAt(String ods, String token) {
        JsonNode day = http.get("/api/practices/" + ods + "/capacity", token).json();
        assertThat(day.get("status").asString()).isEqualTo("FULL");
        return Instant.parse(day.get("reopensAt").asString());
    }

    private static Instant opening(LocalDate day) {
        return day.atStartOfDay(UkTime.ZONE).toInstant();
    }

    private static String outcome(JsonNode answer) {
        return answer.get("outcome").asString();
    }
}
