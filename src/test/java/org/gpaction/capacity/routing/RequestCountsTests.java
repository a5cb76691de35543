package org.gpaction.capacity.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.capacity.CapacityTestData;
import org.gpaction.capacity.setup.PracticeSetups;
import org.gpaction.practices.Practice;
import org.gpaction.practices.Practices;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.MovingClock;
import org.gpaction.support.MovingClocks;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Requests older than the period kept are added into counts and deleted, and every evidence page, pack, export and
 * count that covers their days reads the same before and after: recorded through the real routing on days long past,
 * read as staff read them. The fold is off the schedule on the test database (JobsOffTheSchedule), so only a test's
 * call takes the requests it recorded and read back.
 */
@GpActionTest
@Import(MovingClocks.class)
class RequestCountsTests {

    /** Tuesday and Wednesday 10 and 11 June 2025 (BST): well past the 13 months kept, whenever this runs. */
    static final String DAY_1 = "2025-06-10";

    static final String DAY_2 = "2025-06-11";

    static final String DAY_3 = "2025-06-12";

    static final String DAY_4 = "2025-06-13";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Routing routing;

    @Autowired
    DayCorrections corrections;

    @Autowired
    RequestCounts counts;

    @Autowired
    Practices practices;

    @Autowired
    PracticeSetups setups;

    @Autowired
    WaitingListBookings waitingList;

    @Autowired
    DayFills fills;

    @Autowired
    MovingClock clock;

    @Test
    void oldRequestsAreFoldedIntoCountsThatGiveEveryEvidenceFigureAsBefore() {
        Http http = new Http(port);
        CapacityTestData data = new CapacityTestData(jdbc, http);
        Practice busy = practiceOpenInTheWorkingWeek(data, 6_000);
        Practice undoneOnly = practiceOpenInTheWorkingWeek(data, 6_000);
        Http manager = signedIn(data, data.staff("PRACTICE_MANAGER", List.of(busy.odsCode()), null));
        Http officer = signedIn(data, data.staff("LMC_OFFICER", List.of(), data.lmc));
        String token = data.practiceManagerToken(busy.odsCode());

        // 08:30 to 19:00 BST: two booked, then full (diverted online, waitlisted at reception), signposted by
        // reception,
        // NHS 111, outside core hours, and one request undone a minute after it was made.
        route(busy, Channel.RECEPTION, RequestKind.ROUTINE, DAY_1 + "T07:30:00Z");
        route(busy, Channel.ONLINE, RequestKind.ROUTINE, DAY_1 + "T07:40:00Z");
        route(busy, Channel.ONLINE, RequestKind.ROUTINE, DAY_1 + "T08:10:00Z");
        route(busy, Channel.RECEPTION, RequestKind.ROUTINE, DAY_1 + "T08:20:00Z");
        routing.divertByReception(busy, RequestKind.ADMIN, "test", Instant.parse(DAY_1 + "T10:00:00Z"));
        route(busy, Channel.NHS111, RequestKind.URGENT, DAY_1 + "T11:00:00Z");
        long undone = route(busy, Channel.ONLINE, RequestKind.ROUTINE, DAY_1 + "T12:00:00Z");
        corrections.undo(busy, undone, Instant.parse(DAY_1 + "T12:01:00Z"), "reception@capacity.test");
        route(busy, Channel.ONLINE, RequestKind.ADMIN, DAY_1 + "T18:00:00Z");
        route(busy, Channel.RECEPTION, RequestKind.ROUTINE, DAY_2 + "T13:15:00Z");
        long undoneAlone = route(undoneOnly, Channel.RECEPTION, RequestKind.ROUTINE, DAY_1 + "T09:00:00Z");
        corrections.undo(undoneOnly, undoneAlone, Instant.parse(DAY_1 + "T09:01:00Z"), "reception@capacity.test");
        long today = route(
                busy, Channel.RECEPTION, RequestKind.ROUTINE, Instant.now().toString());

        Map<String, String> recorded = evidence(busy, manager, officer, http, token, data.lmc);
        assertThat(recorded.get("csv"))
                .as(
                        "7 requests on 10 June, the undone one left out: 2 booked, 4 diverted (2 full, 1 outside core hours,"
                                + " 1 by reception), 1 waitlisted, full from 08:40")
                .contains("2025-06-10,1,7,3,3,1,1,4,2,2,4,1,2,1,0,0,1,0,1")
                .contains("2025-06-11,1,1,1,0,0,0,1,0,1,0,0,0,0,0,0,0,0,0");
        assertThat(recorded.get("sitrep"))
                .as("a practice whose only request was undone recorded none that week, as on the area's evidence")
                .containsPattern("Recording requests or full but not yet confirmed</th>\\s*<td[^>]*>1<");

        assertThat(counts.foldInOldRequests()).isGreaterThanOrEqualTo(10);

        assertThat(oldRequestsOf(busy, undoneOnly)).isZero();
        assertThat(jdbc.sql("select count(*) from capacity.contact_request where id = :id")
                        .param("id", today)
                        .query(Integer.class)
                        .single())
                .as("today's request is kept as recorded")
                .isOne();
        assertThat(evidence(busy, manager, officer, http, token, data.lmc)).isEqualTo(recorded);

        // More requests on a day already folded: the first turned away comes earlier than the one folded, and the
        // counts folded again add to those there.
        route(busy, Channel.ONLINE, RequestKind.URGENT, DAY_1 + "T07:05:00Z");
        route(busy, Channel.RECEPTION, RequestKind.ROUTINE, DAY_2 + "T13:20:00Z");
        Map<String, String> partlyFolded = evidence(busy, manager, officer, http, token, data.lmc);
        assertThat(partlyFolded).isNotEqualTo(recorded);

        counts.foldInOldRequests();

        assertThat(oldRequestsOf(busy, undoneOnly)).isZero();
        Map<String, String> folded = evidence(busy, manager, officer, http, token, data.lmc);
        assertThat(folded).isEqualTo(partlyFolded);
        assertThat(folded.get("csv"))
                .contains("2025-06-10,1,8,3,4,1,2,4,2,2,5,1,3,1,0,0,1,0,1")
                .contains("2025-06-11,1,2,2,0,0,0,2,0,2,0,0,0,0,0,0,0,0,0");
        assertThat(counts.foldInOldRequests()).as("nothing is folded twice").isZero();
        assertThat(evidence(busy, manager, officer, http, token, data.lmc)).isEqualTo(folded);
    }

    @Test
    void
            nhs111AdminRequestsThePracticeDoesNotCountAreNoNhs111BookingInTheEvidence_asOnTheBoard_beforeAndAfterFolding() {
        Http http = new Http(port);
        CapacityTestData data = new CapacityTestData(jdbc, http);
        Map<String, Object> settings = CapacityTestData.settings(
                List.of(CapacityTestData.clinician("GP 1", 25, CapacityTestData.EVERY_DAY)),
                CapacityTestData.coreHours(CapacityTestData.WEEKDAYS, "08:00", "18:30"),
                "CLOSE",
                0);
        settings.put("countAdmin", false);
        Practice practice = practices
                .find(data.practiceTakingActionOne(6_000, settings).ods())
                .orElseThrow();
        String token = data.practiceManagerToken(practice.odsCode());
        // An allowance of 2: the admin requests, not counted, take none of it and are booked after it is used.
        route(practice, Channel.NHS111, RequestKind.ADMIN, DAY_3 + "T09:00:00Z");
        route(practice, Channel.NHS111, RequestKind.ROUTINE, DAY_3 + "T09:10:00Z");
        route(practice, Channel.NHS111, RequestKind.URGENT, DAY_3 + "T09:20:00Z");
        route(practice, Channel.NHS111, RequestKind.ADMIN, DAY_3 + "T09:30:00Z");
        String board = "/api/practices/" + practice.odsCode() + "/capacity?day=" + DAY_3;
        assertThat(http.get(board, token).json().get("nhs111Booked").asInt()).isEqualTo(2);
        String demand = "/api/capacity/demand?practice=" + practice.odsCode() + "&from=" + DAY_3 + "&to=" + DAY_3;

        JsonNode recorded = http.get(demand, token).json().get("days").get(0);
        assertThat(recorded.get("nhs111").asInt())
                .as("four requests from NHS 111")
                .isEqualTo(4);
        assertThat(recorded.get("nhs111Booked").asInt())
                .as("the two same-day appointments the board shows NHS 111 booked")
                .isEqualTo(2);

        counts.foldInOldRequests();

        assertThat(oldRequestsOf(practice)).isZero();
        assertThat(http.get(demand, token).json().get("days").get(0)).isEqualTo(recorded);
    }

    @Test
    void theFrontDoorIsClosedWhileThePracticeIsFullAndOpenAgainOnceItBooksARoutineRequest_beforeAndAfterFolding() {
        Http http = new Http(port);
        CapacityTestData data = new CapacityTestData(jdbc, http);
        Practice practice = practiceOpenInTheWorkingWeek(data, 6_000);
        Http manager = signedIn(data, data.staff("PRACTICE_MANAGER", List.of(practice.odsCode()), null));
        long gp = setups.clinicians(practice.odsCode()).get(0).id();
        // Thursday 12 June 2025, BST: full at 08:40 (the second booking left no room), a patient turned away online at
        // 09:10 and one waitlisted at 09:40; three more contacts allowed for the day, one booked for an urgent need at
        // 11:00 (which the reserve could have taken: it says nothing of routine room), one routine at 11:30, which
        // shows there was room again, and one online at 12:00 that fills the day again, though nobody is turned away.
        LocalDate day = LocalDate.parse(DAY_3);
        route(practice, Channel.RECEPTION, RequestKind.ROUTINE, DAY_3 + "T07:30:00Z");
        route(practice, Channel.ONLINE, RequestKind.ROUTINE, DAY_3 + "T07:40:00Z");
        route(practice, Channel.ONLINE, RequestKind.ROUTINE, DAY_3 + "T08:10:00Z");
        route(practice, Channel.RECEPTION, RequestKind.ROUTINE, DAY_3 + "T08:40:00Z");
        corrections.changeDay(
                practice, day, LocalDate.now(), List.of(new ContactsApiController.DayChange(gp, 5)), "test");
        route(practice, Channel.RECEPTION, RequestKind.URGENT, DAY_3 + "T10:00:00Z");
        route(practice, Channel.RECEPTION, RequestKind.ROUTINE, DAY_3 + "T10:30:00Z");
        route(practice, Channel.ONLINE, RequestKind.ROUTINE, DAY_3 + "T11:00:00Z");
        String evidence = "/safe-working/" + practice.odsCode() + "/evidence.csv?from=" + DAY_3 + "&to=" + DAY_3;
        String recorded = body(manager, evidence);
        assertThat(recorded)
                .as("closed 08:40 to 11:30 and 12:00 to 18:30, not from 08:40 to the end of core hours")
                .contains(DAY_3 + ",1,7,4,3,0,1,6,0,5,1,1,1,0,0,0,0,0,1,560,0");

        assertThat(counts.foldInOldRequests()).isGreaterThanOrEqualTo(7);

        assertThat(oldRequestsOf(practice)).isZero();
        assertThat(body(manager, evidence)).isEqualTo(recorded);
        assertThat(page(manager, "/safe-working/" + practice.odsCode() + "/evidence?period=day&on=" + DAY_3))
                .contains("id=\"total-closed-minutes\">560<");
    }

    @Test
    void aDayMadeFullByAChangeToItsCapsWithNobodyAsking_isFoldedAndCountsTheSameAfter() {
        Http http = new Http(port);
        CapacityTestData data = new CapacityTestData(jdbc, http);
        Practice practice = practiceOpenInTheWorkingWeek(data, 6_000);
        Http manager = signedIn(data, data.staff("PRACTICE_MANAGER", List.of(practice.odsCode()), null));
        // Tuesday 10 June 2025, BST: no room for anyone from 08:30, and no request all day.
        fills.afterChange(practice.odsCode(), LocalDate.parse(DAY_1), true, Instant.parse(DAY_1 + "T07:30:00Z"));
        String evidence = "/safe-working/" + practice.odsCode() + "/evidence.csv?from=" + DAY_1 + "&to=" + DAY_1;
        String recorded = body(manager, evidence);
        assertThat(recorded.strip())
                .as("a day of no requests, the practice recording on it as full before 10:00, closed 08:30 to 18:30")
                .endsWith(DAY_1 + ",1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,600,0");

        counts.foldInOldRequests();

        assertThat(jdbc.sql("select count(*) from capacity.day_filled where ods_code = :ods")
                        .param("ods", practice.odsCode())
                        .query(Integer.class)
                        .single())
                .as("folded into the day's counts")
                .isZero();
        assertThat(body(manager, evidence)).isEqualTo(recorded);
    }

    @Test
    void aChangeRecordsNoMomentOfFillingWhenItLeavesRoom_actionOneIsNotInForce_coreHoursAreOver_orTheDayIsNotWorked() {
        CapacityTestData data = new CapacityTestData(jdbc, new Http(port));
        Practice practice = practiceOpenInTheWorkingWeek(data, 6_000);
        String ods = practice.odsCode();
        long gp = setups.clinicians(ods).get(0).id();
        // Days long past (BST), each with no routine room unless a cap is given for it: core hours 08:00 to 18:30 on
        // weekdays.
        LocalDate leftRoom = LocalDate.parse(DAY_1);
        corrections.changeDay(
                practice, leftRoom, LocalDate.now(), List.of(new ContactsApiController.DayChange(gp, 1)), "test");
        fills.afterChange(ods, leftRoom, true, Instant.parse(DAY_1 + "T09:00:00Z"));
        fills.afterChange(ods, LocalDate.parse(DAY_2), true, Instant.parse(DAY_2 + "T17:45:00Z"));
        LocalDate saturday = LocalDate.parse("2025-06-14");
        fills.afterChange(ods, saturday, true, Instant.parse("2025-06-14T09:00:00Z"));
        Practice notTakingActionOne = practices
                .find(data.practiceSetUpWith(CapacityTestData.settings(
                                List.of(CapacityTestData.clinician("GP 1", 2, CapacityTestData.EVERY_DAY)),
                                CapacityTestData.coreHours(CapacityTestData.WEEKDAYS, "08:00", "18:30"),
                                "CLOSE",
                                0))
                        .ods())
                .orElseThrow();
        fills.afterChange(
                notTakingActionOne.odsCode(), LocalDate.parse(DAY_3), true, Instant.parse(DAY_3 + "T09:00:00Z"));

        assertThat(filledMoments(ods))
                .as("room left, core hours over, a Saturday")
                .isZero();
        assertThat(filledMoments(notTakingActionOne.odsCode()))
                .as("action 1 not in force")
                .isZero();
        fills.afterChange(ods, LocalDate.parse(DAY_3), true, Instant.parse(DAY_3 + "T09:00:00Z"));
        assertThat(filledMoments(ods))
                .as("the same change on a weekday in core hours with no room left is recorded")
                .isOne();
    }

    private int filledMoments(String ods) {
        return jdbc.sql("select count(*) from capacity.day_filled where ods_code = :ods")
                .param("ods", ods)
                .query(Integer.class)
                .single();
    }

    @Test
    void aBookingUndoneLaterStillShowsTheFrontDoorHadRoomWhenItWasMade() {
        Http http = new Http(port);
        CapacityTestData data = new CapacityTestData(jdbc, http);
        Practice practice = practiceOpenInTheWorkingWeek(data, 6_000);
        Http manager = signedIn(data, data.staff("PRACTICE_MANAGER", List.of(practice.odsCode()), null));
        long gp = setups.clinicians(practice.odsCode()).get(0).id();
        // Friday 13 June 2025, BST: full at 08:40 (the second booking left no room) and turning patients away from
        // 09:10; a third contact allowed, booked at 10:00 (filling the day again) and undone a minute later (entered in
        // error); the cap put back, and turning away again from 11:00.
        LocalDate day = LocalDate.parse(DAY_4);
        route(practice, Channel.RECEPTION, RequestKind.ROUTINE, DAY_4 + "T07:30:00Z");
        route(practice, Channel.RECEPTION, RequestKind.ROUTINE, DAY_4 + "T07:40:00Z");
        route(practice, Channel.ONLINE, RequestKind.ROUTINE, DAY_4 + "T08:10:00Z");
        corrections.changeDay(
                practice, day, LocalDate.now(), List.of(new ContactsApiController.DayChange(gp, 3)), "test");
        long booked = route(practice, Channel.RECEPTION, RequestKind.ROUTINE, DAY_4 + "T09:00:00Z");
        corrections.undo(practice, booked, Instant.parse(DAY_4 + "T09:01:00Z"), "reception@capacity.test");
        corrections.changeDay(
                practice, day, LocalDate.now(), List.of(new ContactsApiController.DayChange(gp, 2)), "test");
        route(practice, Channel.ONLINE, RequestKind.ROUTINE, DAY_4 + "T10:00:00Z");
        String evidence = "/safe-working/" + practice.odsCode() + "/evidence.csv?from=" + DAY_4 + "&to=" + DAY_4;

        assertThat(body(manager, evidence).strip())
                .as("closed 08:40 to 10:00 and 11:00 to 18:30")
                .endsWith("," + (80 + 450) + ",0");
        counts.foldInOldRequests();
        assertThat(body(manager, evidence).strip()).endsWith("," + (80 + 450) + ",0");
    }

    @Test
    void patientsBookedFromTheWaitingListStayTheWaitingListServedOnceFolded_evenAfterTheRequestTheyServedIsFolded() {
        Http http = new Http(port);
        CapacityTestData data = new CapacityTestData(jdbc, http);
        Practice practice = practiceOpenInTheWorkingWeek(data, 6_000);
        Http manager = signedIn(data, data.staff("PRACTICE_MANAGER", List.of(practice.odsCode()), null));
        String token = data.practiceManagerToken(practice.odsCode());
        // Monday 16 June 2025 (BST): two booked, then two waitlisted for Tuesday. Tuesday: the first served from the
        // list at 09:00 and a new request booked. The second, carried onto Wednesday's list, is served on Wednesday 18
        // June: the first day kept when the fold runs on 18 July 2026, 13 months on, so the request it served goes.
        String monday = "2025-06-16";
        String tuesday = "2025-06-17";
        LocalDate wednesday = LocalDate.parse("2025-06-18");
        route(practice, Channel.RECEPTION, RequestKind.ROUTINE, monday + "T08:00:00Z");
        route(practice, Channel.RECEPTION, RequestKind.ROUTINE, monday + "T08:10:00Z");
        long first = route(practice, Channel.RECEPTION, RequestKind.ROUTINE, monday + "T08:30:00Z");
        long second = route(practice, Channel.RECEPTION, RequestKind.ROUTINE, monday + "T08:40:00Z");
        waitingList.book(practice, first, null, "test", Instant.parse(tuesday + "T08:00:00Z"));
        route(practice, Channel.RECEPTION, RequestKind.ROUTINE, tuesday + "T08:10:00Z");
        long servedKept = waitingList
                .book(practice, second, null, "test", Instant.parse(wednesday + "T09:00:00Z"))
                .id();

        String csvPath = "/safe-working/" + practice.odsCode() + "/evidence.csv?from=" + monday + "&to=" + tuesday;
        String demandPath =
                "/api/capacity/demand?practice=" + practice.odsCode() + "&from=" + monday + "&to=" + tuesday;
        String csv = body(manager, csvPath);
        String demand = body(http, demandPath, token);
        List<String> header =
                List.of(csv.lines().toList().get(0).replace("\uFEFF", "").split(","));
        List<String> mondayRow = List.of(csv.lines().toList().get(1).split(","));
        List<String> tuesdayRow = List.of(csv.lines().toList().get(2).split(","));
        assertThat(mondayRow.get(header.indexOf("requests"))).isEqualTo("4");
        assertThat(mondayRow.get(header.indexOf("waitlisted"))).isEqualTo("2");
        assertThat(tuesdayRow.get(header.indexOf("requests")))
                .as("the patient served from the list is not a second request")
                .isEqualTo("1");
        assertThat(tuesdayRow.get(header.indexOf("booked"))).isEqualTo("1");
        assertThat(tuesdayRow.get(header.indexOf("served_from_waiting_list"))).isEqualTo("1");

        clock.moveTo(Instant.parse("2026-07-18T09:00:00Z"));
        try {
            assertThat(counts.foldInOldRequests()).isGreaterThanOrEqualTo(6);
        } finally {
            MovingClocks.backToNow(clock, jdbc);
        }

        assertThat(jdbc.sql("select id from capacity.contact_request where ods_code = :ods")
                        .param("ods", practice.odsCode())
                        .query(Long.class)
                        .list())
                .as("only Wednesday's booking is kept")
                .containsExactly(servedKept);
        assertThat(body(manager, csvPath)).isEqualTo(csv);
        assertThat(body(http, demandPath, token)).isEqualTo(demand);
        assertThat(jdbc.sql("""
                        select served_from is null and from_waiting_list from capacity.contact_request where id = :id
                        """).param("id", servedKept).query(Boolean.class).single())
                .as("the booking kept says it came from the waiting list once the request it served is folded")
                .isTrue();
        List<String> keptDay = List.of(body(
                        manager,
                        "/safe-working/" + practice.odsCode() + "/evidence.csv?from=" + wednesday + "&to=" + wednesday)
                .lines()
                .toList()
                .get(1)
                .split(","));
        assertThat(keptDay.get(header.indexOf("requests"))).isEqualTo("0");
        assertThat(keptDay.get(header.indexOf("served_from_waiting_list"))).isEqualTo("1");
    }

    @Test
    void thePrivacyNoticeStatesHowLongRequestsAreKept() {
        assertThat(new Http(port).get("/privacy").body())
                .containsPattern(
                        "Safe working: each request a practice recorded [^<]*</th>\\s*<td[^>]*>13 months after the"
                                + " day of the request</td>\\s*<td[^>]*>added into daily counts by practice and deleted<");
    }

    /** Every page, pack, export and count that covers the old week, keyed by what it is. */
    private Map<String, String> evidence(
            Practice practice, Http manager, Http officer, Http api, String token, String lmc) {
        String ods = practice.odsCode();
        Map<String, String> read = new LinkedHashMap<>();
        read.put("day", page(manager, "/safe-working/" + ods + "/evidence?period=day&on=" + DAY_1));
        read.put("week", page(manager, "/safe-working/" + ods + "/evidence?period=week&on=" + DAY_1));
        read.put("month", page(manager, "/safe-working/" + ods + "/evidence?period=month&on=" + DAY_1));
        read.put("pack", page(manager, "/safe-working/" + ods + "/evidence/pack?month=2025-06"));
        read.put("alert state", page(manager, "/safe-working/" + ods + "/alert-state?week=2025-06-09"));
        read.put("csv", body(manager, "/safe-working/" + ods + "/evidence.csv?from=2025-06-01&to=2025-06-30"));
        read.put("json", body(api, "/api/capacity/demand?practice=" + ods + "&from=2025-06-01&to=2025-06-30", token));
        read.put("area", page(officer, "/safe-working/evidence?from=2025-06-01&to=2025-06-30"));
        read.put("sitrep", page(officer, "/safe-working/sitrep?week=2025-06-09"));
        read.put(
                "lmc csv",
                body(
                        api,
                        "/api/capacity/demand?lmc=" + lmc.replace(" ", "%20") + "&from=2025-06-01&to=2025-06-30",
                        token));
        return read;
    }

    private static final Pattern MAIN = Pattern.compile("(?s)<main.*</main>");

    private static String page(Http http, String path) {
        String body = body(http, path);
        Matcher main = MAIN.matcher(body);
        assertThat(main.find()).as(path).isTrue();
        return main.group().replaceAll("name=\"_csrf\" value=\"[^\"]*\"", "");
    }

    private static String body(Http http, String path) {
        Http.Response response = http.get(path);
        assertThat(response.status()).as(path).isEqualTo(200);
        return response.body();
    }

    private static String body(Http http, String path, String token) {
        Http.Response response = http.get(path, token);
        assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    private long route(Practice practice, Channel channel, RequestKind kind, String instant) {
        return routing.route(practice, new Router.Request(channel, kind, null), "test", Instant.parse(instant))
                .id();
    }

    private int oldRequestsOf(Practice... of) {
        return jdbc.sql("select count(*) from capacity.contact_request where ods_code = any (:codes) and day < :day")
                .param(
                        "codes",
                        java.util.Arrays.stream(of).map(Practice::odsCode).toArray(String[]::new))
                .param("day", Date.valueOf(LocalDate.parse("2025-07-01")))
                .query(Integer.class)
                .single();
    }

    /** One GP with room for two a day, open 08:00 to 18:30 Monday to Friday, closing its front door when full. */
    private Practice practiceOpenInTheWorkingWeek(CapacityTestData data, int listSize) {
        String ods = data.practiceTakingActionOne(
                        listSize,
                        CapacityTestData.settings(
                                List.of(CapacityTestData.clinician("GP 1", 2, CapacityTestData.EVERY_DAY)),
                                CapacityTestData.coreHours(CapacityTestData.WEEKDAYS, "08:00", "18:30"),
                                "CLOSE",
                                0))
                .ods();
        return practices.find(ods).orElseThrow();
    }

    private Http signedIn(CapacityTestData data, String email) {
        Http pages = new Http(port);
        assertThat(pages.signIn(email, CapacityTestData.PASSWORD).status()).isLessThan(400);
        return pages;
    }
}
