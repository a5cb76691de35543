package org.gpaction.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.gpaction.capacity.CapacityTestData.EVERY_DAY;
import static org.gpaction.capacity.CapacityTestData.allDay;
import static org.gpaction.capacity.CapacityTestData.clinician;
import static org.gpaction.capacity.CapacityTestData.coreHours;
import static org.gpaction.capacity.CapacityTestData.settings;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.gpaction.capacity.CapacityTestData.SafeWorkingPractice;
import org.gpaction.common.UkTime;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.HeldLocks;
import org.gpaction.support.Http;
import org.gpaction.support.LockWaits;
import org.gpaction.support.MovingClock;
import org.gpaction.support.MovingClocks;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@GpActionTest
@Import(MovingClocks.class)
@ExtendWith(OnAWorkingMorning.class)
class EvidenceTests {

    /** The working day {@link OnAWorkingMorning} starts each test on, in UK time. */
    private static final LocalDate DAY = LocalDate.ofInstant(CapacityTestData.A_WORKING_MORNING, UkTime.ZONE);

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MovingClock clock;

    @Autowired
    DataSource dataSource;

    Http http;
    CapacityTestData data;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        data = new CapacityTestData(jdbc, http);
    }

    @Test
    void anIcbsEvidenceIsHeadedWithItsNameBesideItsCode() {
        // QHM is in the directory whichever tests ran before this one.
        TestPractices.add(jdbc);
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        assertThat(pages.get("/safe-working/evidence?icb=qhm").body())
                .contains("<span class=\"govuk-caption-l\">NHS North East and North Cumbria ICB (QHM)</span>");
    }

    /**
     * The practices directory takes a practice in Wales's health board as its ICB filter, as its list shows it there
     * (ODS holds the practice under Q99): the evidence takes the same codes.
     */
    @Test
    void anIcbFilterTakesAWelshPracticesHealthBoard_asThePracticesDirectoryDoes() {
        String welsh = TestPractices.add(jdbc, "WALES", "ACTIVE", "GMS", null, "Q99", "7A3");
        String english = TestPractices.add(jdbc);
        String admin = data.adminToken();
        for (String healthBoard : List.of("7A3", "7a3")) {
            Http.Response board = http.get("/api/capacity/demand?icb=" + healthBoard, admin);
            assertThat(board.status()).as(board.body()).isEqualTo(200);
            assertThat(board.json().get("scope").asString()).isEqualTo("Health board 7A3");
            Http.Response practice = http.get("/api/capacity/demand?icb=" + healthBoard + "&practice=" + welsh, admin);
            assertThat(practice.status()).as(practice.body()).isEqualTo(200);
        }
        Http.Response elsewhere = http.get("/api/capacity/demand?icb=7A3&practice=" + english, admin);
        assertThat(elsewhere.status()).as(elsewhere.body()).isEqualTo(400);
        assertThat(elsewhere.json().get("detail").asString()).contains(english + " is not in Health board 7A3");

        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        for (String address : List.of("/safe-working/evidence?icb=7A3", "/safe-working/evidence.csv?icb=7a3")) {
            Http.Response page = pages.get(address);
            assertThat(page.status()).as(address + ": " + page.body()).isEqualTo(200);
        }
        assertThat(pages.get("/safe-working/evidence?icb=7A3").body())
                .contains("<span class=\"govuk-caption-l\">Health board 7A3</span>");
    }

    @Test
    void anLmcOrIcbNotInThePracticesDirectoryIsAQuestionToFixNotZeros() {
        String ods = practiceWithRoutineRequests(data, 2);
        String manager = data.token(data.staff("PRACTICE_MANAGER", List.of(ods), null));
        for (String token : List.of(data.adminToken(), manager)) {
            Http.Response lmc = http.get("/api/capacity/demand?lmc=Clevland", token);
            assertThat(lmc.status()).as(lmc.body()).isEqualTo(400);
            assertThat(lmc.json().get("errors").get(0).get("field").asString()).isEqualTo("lmc");
            assertThat(lmc.json().get("detail").asString())
                    .startsWith("Clevland is not an LMC in the practices directory");
            Http.Response icb = http.get("/api/capacity/demand?icb=Q99ZZ", token);
            assertThat(icb.status()).as(icb.body()).isEqualTo(400);
            assertThat(icb.json().get("errors").get(0).get("field").asString()).isEqualTo("icb");
            assertThat(icb.json().get("detail").asString())
                    .startsWith("Q99ZZ is not an ICB in the practices directory");
        }
        assertThat(http.get("/api/capacity/demand?lmc=" + encode(data.lmc.toLowerCase(java.util.Locale.ROOT)), manager)
                        .status())
                .isEqualTo(200);

        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        for (String address : List.of(
                "/safe-working/evidence?lmc=Clevland",
                "/safe-working/evidence.csv?icb=Q99ZZ",
                "/safe-working/sitrep?lmc=Clevland")) {
            Http.Response page = pages.get(address);
            assertThat(page.status()).as(address).isEqualTo(400);
            assertThat(page.body()).as(address).contains("is not an");
        }
    }

    @Test
    void theDaysDemandIsCountedByChannelKindAndOutcome_forThePracticeItsLmcAndAdministrators() throws Exception {
        SafeWorkingPractice practice =
                data.practiceTakingActionOne(settings(List.of(clinician("GP 1", 2, EVERY_DAY)), allDay(), "CLOSE", 0));
        String ods = practice.ods();
        String manager = practice.managerToken();
        for (String channel : List.of("RECEPTION", "ONLINE", "RECEPTION", "ONLINE")) {
            data.contact(ods, channel, "ROUTINE", manager);
        }

        JsonNode mine =
                http.get("/api/capacity/demand?practice=" + ods, manager).json();
        JsonNode today = mine.get("days").get(mine.get("days").size() - 1);
        assertThat(today.get("requests").asInt()).isEqualTo(4);
        assertThat(today.get("booked").asInt()).isEqualTo(2);
        assertThat(today.get("diverted").asInt() + today.get("waitlisted").asInt())
                .isEqualTo(2);
        assertThat(today.get("reception").asInt()).isEqualTo(2);
        assertThat(today.get("online").asInt()).isEqualTo(2);

        String officer = data.token(data.staff("LMC_OFFICER", List.of(), data.lmc));
        JsonNode lmc = http.get("/api/capacity/demand", officer).json();
        assertThat(lmc.get("scope").asString()).isEqualTo(data.lmc);
        assertThat(lmc.get("days").findValues("requests").stream()
                        .mapToInt(JsonNode::asInt)
                        .sum())
                .isEqualTo(4);
        assertThat(http.get("/api/capacity/demand?lmc=Another%20LMC", officer).status())
                .isEqualTo(403);

        JsonNode national = http.get("/api/capacity/demand?icb=" + data.icb(), data.adminToken())
                .json();
        assertThat(national.get("days").findValues("requests").stream()
                        .mapToInt(JsonNode::asInt)
                        .sum())
                .isEqualTo(4);

        String otherManager = data.practiceManagerToken(data.practice(6_000));
        assertThat(http.get("/api/capacity/demand?practice=" + ods, otherManager)
                        .status())
                .isEqualTo(404);
        String scrutineer = data.token(data.staff("SCRUTINEER", List.of(), null));
        assertThat(http.get("/api/capacity/demand", scrutineer).status()).isEqualTo(403);
        assertThat(http.get("/api/capacity/demand?from=2026-13-01", manager).status())
                .isEqualTo(400);

        HttpResponse<String> csv = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(
                                        URI.create("http://localhost:" + port + "/api/capacity/demand?practice=" + ods))
                                .header("Authorization", "Bearer " + manager)
                                .header("Accept", "text/csv")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).contains("day,practices,requests,reception,online");
        assertThat(lines.get(lines.size() - 1)).contains(",1,4,2,2,0,0,4,0,2,");
    }

    @Test
    void anLmcOfficerSignedInDownloadsTheAreaPagesDailyFiguresForTheirOwnLmcOnly() throws Exception {
        String ods = practiceWithRoutineRequests(data, 3);
        CapacityTestData elsewhere = new CapacityTestData(jdbc, http);
        practiceWithRoutineRequests(elsewhere, 2);
        String officerEmail = data.staff("LMC_OFFICER", List.of(), data.lmc);
        Http officer = new Http(port);
        assertThat(officer.signIn(officerEmail, CapacityTestData.PASSWORD).status())
                .isLessThan(400);

        Matcher link = Pattern.compile("id=\"area-evidence-csv\"[^>]*href=\"([^\"]+)\"")
                .matcher(officer.get("/safe-working/evidence").body());
        assertThat(link.find()).as("the area page links to its CSV").isTrue();
        String download = link.group(1).replace("&amp;", "&");
        assertThat(download).startsWith("/safe-working/evidence.csv?from=");
        Http.Response csv = officer.get(download);
        assertThat(csv.status()).as(csv.body()).isEqualTo(200);
        assertThat(csv.header("content-type")).startsWith("text/csv");
        assertThat(csv.header("content-disposition"))
                .startsWith("attachment; filename=\"demand-"
                        + data.lmc.toLowerCase().replace(' ', '-') + "-")
                .endsWith(".csv\"");
        assertThat(csv.body())
                .as("the same file as the API's CSV of the same days")
                .isEqualTo(HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create("http://localhost:" + port
                                                + download.replace(
                                                        "/safe-working/evidence.csv", "/api/capacity/demand")))
                                        .header("Authorization", "Bearer " + data.token(officerEmail))
                                        .header("Accept", "text/csv")
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).startsWith("\uFEFFday,practices,requests,");
        List<List<String>> days = lines.subList(1, lines.size()).stream()
                .map(l -> List.of(l.split(",")))
                .toList();
        assertThat(days.stream().mapToInt(d -> Integer.parseInt(d.get(2))).sum())
                .as("requests: the LMC's practice's three, none of the other LMC's two")
                .isEqualTo(3);
        assertThat(days.stream().mapToInt(d -> Integer.parseInt(d.get(1))).max())
                .as("practices recording")
                .hasValue(1);

        Http otherOfficer = new Http(port);
        otherOfficer.signIn(elsewhere.staff("LMC_OFFICER", List.of(), elsewhere.lmc), CapacityTestData.PASSWORD);
        String notTheirs = "?lmc=" + URLEncoder.encode(data.lmc, StandardCharsets.UTF_8);
        assertThat(otherOfficer.get("/safe-working/evidence" + notTheirs).status())
                .isEqualTo(403);
        Http.Response refused = otherOfficer.get("/safe-working/evidence.csv" + notTheirs);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("content-type")).startsWith("text/html");
        assertThat(refused.body())
                .contains("LMC officers see only their own LMC")
                .doesNotContain("day,practices");

        Http.Response stranger = new Http(port).get(download);
        assertThat(stranger.status()).isEqualTo(302);
        assertThat(stranger.header("location")).endsWith("/sign-in");
    }

    @Test
    void aPracticeManagerAskingForAnotherLmcGetsNoneOfTheirPracticesFigures_filtersNarrowNeverWiden() {
        String ods = practiceWithRoutineRequests(data, 3);
        String other = new CapacityTestData(jdbc, http).lmc;
        String managerEmail = data.staff("PRACTICE_MANAGER", List.of(ods), null);
        String lmcAsked = URLEncoder.encode(other, StandardCharsets.UTF_8);

        JsonNode own = http.get(
                        "/api/capacity/demand?lmc=" + URLEncoder.encode(data.lmc, StandardCharsets.UTF_8),
                        data.token(managerEmail))
                .json();
        assertThat(own.get("days").findValues("requests").stream()
                        .mapToInt(JsonNode::asInt)
                        .sum())
                .as("their own LMC asked for: their practice's figures")
                .isEqualTo(3);
        JsonNode elsewhere = http.get("/api/capacity/demand?lmc=" + lmcAsked, data.token(managerEmail))
                .json();
        assertThat(elsewhere.get("days").findValues("requests").stream()
                        .mapToInt(JsonNode::asInt)
                        .sum())
                .as("another LMC asked for: none of their practice's figures")
                .isZero();
        assertThat(elsewhere.get("scope").asString()).contains(other);

        Http manager = new Http(port);
        assertThat(manager.signIn(managerEmail, CapacityTestData.PASSWORD).status())
                .isLessThan(400);
        Http.Response csv = manager.get("/safe-working/evidence.csv?lmc=" + lmcAsked);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body()
                        .lines()
                        .skip(1)
                        .mapToInt(line -> Integer.parseInt(line.split(",")[2]))
                        .sum())
                .as("the area page's CSV alike")
                .isZero();
    }

    /**
     * A practice of this LMC's set up with one clinician, action 1 in force, and that many routine requests at reception
     * today; its ODS code.
     */
    private String practiceWithRoutineRequests(CapacityTestData lmc, int requests) {
        SafeWorkingPractice practice = lmc.practiceTakingActionOne(settings(oneGp(EVERY_DAY), allDay(), "CLOSE", 0));
        for (int i = 0; i < requests; i++) {
            lmc.contact(practice.ods(), "RECEPTION", "ROUTINE", practice.managerToken());
        }
        return practice.ods();
    }

    @Test
    void thePracticesPageAndCsvShowKindsUnmetDemandAndTheMinutesTheFrontDoorWasClosed() {
        SafeWorkingPractice practice = data.practiceTakingActionOne(
                settings(List.of(clinician("GP 1", 2, EVERY_DAY)), coreHours(EVERY_DAY, "00:00", "23:59"), "CLOSE", 0));
        String ods = practice.ods();
        String email = practice.managerEmail();
        String manager = practice.managerToken();
        // Booked, booked (admin counts), then full: urgent signposted, online signposted, reception waitlisted.
        for (List<String> request : List.of(
                List.of("RECEPTION", "ROUTINE"),
                List.of("RECEPTION", "ADMIN"),
                List.of("RECEPTION", "URGENT"),
                List.of("ONLINE", "ROUTINE"),
                List.of("RECEPTION", "ROUTINE"))) {
            data.contact(ods, request.get(0), request.get(1), manager);
        }
        // Full from the admin booking that left no routine room, before anyone was turned away.
        Instant firstTurnedAway =
                jdbc.sql("""
                        select min(received_at) from capacity.contact_request
                        where ods_code = :ods and (reason = 'FULL' or outcome = 'WAITLISTED' or filled)
                        """).param("ods", ods).query(Instant.class).single();
        // Spans are counted to the minute, and only up to the time the page is seen: the door is closed until the
        // end of core hours, but the minutes still to come are no evidence yet.
        LocalTime from = firstTurnedAway.atZone(UkTime.ZONE).toLocalTime().truncatedTo(ChronoUnit.MINUTES);
        LocalDate day = firstTurnedAway.atZone(UkTime.ZONE).toLocalDate();
        long least = Duration.between(from, LocalTime.ofInstant(clock.instant(), UkTime.ZONE))
                        .toMinutes()
                - 1;

        Http pages = new Http(port);
        assertThat(pages.signIn(email, CapacityTestData.PASSWORD).status()).isLessThan(400);
        String page = pages.get("/safe-working/" + ods + "/evidence?period=day&on=" + day)
                .body();
        assertThat(page)
                .contains("id=\"total-requests\">5<")
                .contains("id=\"total-booked\">2<")
                .contains("id=\"total-diverted\">2<")
                .contains("id=\"total-waitlisted\">1<")
                .contains("id=\"total-unmet\">60.0%<");
        Matcher shown = Pattern.compile("id=\"total-closed-minutes\">(\\d+)<").matcher(page);
        assertThat(shown.find()).isTrue();
        long closedMinutes = Long.parseLong(shown.group(1));
        assertThat(section(page, "evidence-kinds")).contains(">1<", ">3<");
        assertThat(section(page, "evidence-channels")).contains(">4<", ">1<");
        assertThat(section(page, "evidence-reasons")).contains("The practice was full", ">2<");

        String csv = pages.get("/safe-working/" + ods + "/evidence.csv?from=" + day + "&to=" + day)
                .body();
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0))
                .endsWith(",practices_full_before_10,front_door_closed_minutes,served_from_waiting_list");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith(day + ",1,5,4,1,0,1,3,1,2,2,1,2,").endsWith(",0");
        String[] cells = lines.get(1).split(",");
        long most = Duration.between(from, LocalTime.ofInstant(clock.instant(), UkTime.ZONE))
                .toMinutes();
        assertThat(List.of(closedMinutes, Long.parseLong(cells[cells.length - 2])))
                .as("closed from the booking that filled the practice until now, on the page and in the CSV")
                .allSatisfy(minutes -> assertThat(minutes).isBetween(least, most));
    }

    @Test
    void anAreasWeeksCountPracticesNotPracticeDays_andItsSitrepCountsThoseThatRecordedAndDidNotConfirm() {
        String full = data.practice(6_000);
        String quiet = data.practice(6_000);
        String confirmedOnly = data.practice(6_000);
        // Week of Monday 10 November 2025 (UK time is UTC then): one practice full before 10:00 on three days, another
        // recording on two other days, a third recording nothing but confirming a state.
        for (String day : List.of("2025-11-10", "2025-11-11", "2025-11-12")) {
            request(full, day, day + "T09:00:00Z", "DIVERTED", "FULL");
        }
        for (String day : List.of("2025-11-13", "2025-11-14")) {
            request(quiet, day, day + "T11:00:00Z", "BOOKED", null);
        }
        jdbc.sql("""
                        insert into capacity.alert_state (ods_code, week_of, suggested, confirmed, confirmed_by,
                            confirmed_at)
                        values (:ods, date '2025-11-10', 'GREEN', 'GREEN', 'manager@capacity.test', now())
                        """).param("ods", confirmedOnly).update();

        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        String weeks = section(
                admin.get("/safe-working/evidence?lmc=" + encode(data.lmc) + "&from=2025-11-10&to=2025-11-16")
                        .body(),
                "area-weeks");
        assertThat(weeks.replaceAll("\\s+", " "))
                .as("two practices recorded that week, one of them full before 10:00 (on three days)")
                .containsPattern(">2025-11-10</th> <td[^>]*>2</td> <td[^>]*>5</td> <td[^>]*>3</td> <td[^>]*>0</td>"
                        + " <td[^>]*>60.0</td> <td[^>]*>1</td>");

        String sitrep = admin.get("/safe-working/sitrep?week=2025-11-10&lmc=" + encode(data.lmc))
                .body();
        assertThat(sitrep).containsPattern("Green</th>\\s*<td[^>]*>1<");
        assertThat(sitrep)
                .as("both practices that recorded are yet to confirm, whoever else confirmed")
                .containsPattern("not yet confirmed</th>\\s*<td[^>]*>2<");
        assertThat(sitrep).as("the week before is the same LMC's").containsPattern("week=2025-11-03&amp;lmc=[^\"&]+\"");
    }

    @Test
    void aSitrepForAnIcbCountsOnlyItsPractices_headedWithIt_andItsLinksAndFormKeepIt() {
        CapacityTestData elsewhere = new CapacityTestData(jdbc, http);
        String icb = data.icb();
        String asked = icb.toLowerCase(java.util.Locale.ROOT);
        confirmed(data.practice(6_000), "2025-11-10", "RED");
        confirmed(data.practice(6_000), "2025-11-10", "AMBER");
        confirmed(elsewhere.practice(6_000), "2025-11-10", "RED");
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        Http.Response sitrep = admin.get("/safe-working/sitrep?week=2025-11-10&icb=" + asked);
        assertThat(CapacityAccessTests.practicesIn(sitrep, "Red"))
                .as("the other ICB's Red practice is not counted")
                .isEqualTo(1);
        assertThat(CapacityAccessTests.practicesIn(sitrep, "Amber")).isEqualTo(1);
        assertThat(sitrep.body())
                .contains("<span class=\"govuk-caption-l\">ICB " + icb + "</span>")
                .contains("href=\"/safe-working/sitrep?week=2025-11-03&amp;icb=" + asked + "\"")
                .contains("href=\"/safe-working/evidence?icb=" + asked + "\"")
                .containsPattern("<input[^>]*name=\"icb\"[^>]*value=\"" + asked + "\"");

        Http.Response bothAreas =
                admin.get("/safe-working/sitrep?week=2025-11-10&lmc=" + encode(data.lmc) + "&icb=" + elsewhere.icb());
        assertThat(CapacityAccessTests.practicesIn(bothAreas, "Red"))
                .as("an ICB narrows an LMC, never widens it")
                .isZero();
        assertThat(bothAreas.body())
                .contains("<span class=\"govuk-caption-l\">" + data.lmc + ", ICB " + elsewhere.icb() + "</span>")
                .contains("week=2025-11-03&amp;lmc=" + encode(data.lmc).replace("+", "%20") + "&amp;icb="
                        + elsewhere.icb() + "\"");

        Http.Response unknown = admin.get("/safe-working/sitrep?icb=Q99ZZ");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("Q99ZZ is not an ICB in the practices directory");
    }

    /** The practice confirmed the state for the week of that Monday. */
    void confirmed(String ods, String monday, String state) {
        jdbc.sql("""
                        insert into capacity.alert_state (ods_code, week_of, suggested, confirmed, confirmed_by,
                            confirmed_at)
                        values (:ods, cast(:week as date), :state, :state, 'manager@capacity.test', now())
                        """)
                .param("ods", ods)
                .param("week", monday)
                .param("state", state)
                .update();
    }

    @Test
    void anAreasPracticesLinkToTheirEvidenceForTheDaysAndFilterTheAreaShows_notThisWeek() {
        String ods = data.practice(6_000);
        request(ods, "2025-11-12", "2025-11-12T11:00:00Z", "BOOKED", null);
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        String filter = "lmc=" + data.lmc.replace(" ", "%20") + "&icb=" + data.icb();

        String area = admin.get("/safe-working/evidence?" + filter + "&from=2025-11-10&to=2025-11-16")
                .body();
        Matcher link = Pattern.compile("href=\"([^\"]+)\"[^>]*>[^<]*\\(" + ods + "\\)</a>")
                .matcher(area);
        assertThat(link.find()).as("the area lists %s: %s", ods, area).isTrue();
        String href = link.group(1).replace("&amp;", "&");
        assertThat(href).isEqualTo("/safe-working/" + ods + "/evidence?from=2025-11-10&to=2025-11-16&" + filter);
        String practice = admin.get(href).body();
        assertThat(practice)
                .contains("Mon 10 Nov 2025 to Sun 16 Nov 2025")
                .doesNotContain("No requests were recorded in this period.");

        Http.Response both = admin.get("/safe-working/" + ods + "/evidence?period=week&from=2025-11-10");
        assertThat(both.status()).as(both.body()).isEqualTo(400);
        assertThat(both.body()).contains("ask for a period and on, or for from and to, not both");
    }

    @Test
    void aWeekCutByTheDaysAskedForSaysWhichDaysItCounts() {
        String ods = data.practice(6_000);
        // Monday 2 and Wednesday 4 November 2026 (UK time is UTC then).
        request(ods, "2026-11-02", "2026-11-02T11:00:00Z", "BOOKED", null);
        request(ods, "2026-11-04", "2026-11-04T11:00:00Z", "DIVERTED", "FULL");

        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        String cut = section(
                        admin.get("/safe-working/evidence?lmc=" + encode(data.lmc) + "&from=2026-11-04&to=2026-11-08")
                                .body(),
                        "area-weeks")
                .replaceAll("\\s+", " ");
        assertThat(cut)
                .as("Wednesday's request only, in a row that says it holds Wednesday to Sunday")
                .containsPattern(">2026-11-02 \\(4 to 8 Nov only\\)</th> <td[^>]*>1</td> <td[^>]*>1</td>")
                .doesNotContain(">2026-11-02</th>");
        String whole = section(
                        admin.get("/safe-working/evidence?lmc=" + encode(data.lmc) + "&from=2026-11-02&to=2026-11-08")
                                .body(),
                        "area-weeks")
                .replaceAll("\\s+", " ");
        assertThat(whole).containsPattern(">2026-11-02</th> <td[^>]*>1</td> <td[^>]*>2</td>");
        String ending = section(
                        admin.get("/safe-working/evidence?lmc=" + encode(data.lmc) + "&from=2026-10-26&to=2026-11-03")
                                .body(),
                        "area-weeks")
                .replaceAll("\\s+", " ");
        assertThat(ending).containsPattern(">2026-11-02 \\(2 to 3 Nov only\\)</th> <td[^>]*>1</td> <td[^>]*>1</td>");
    }

    @Test
    void aPracticeOutsideTheAreaAskedForAndDatesBeyondAnyFiguresAreQuestionsToFix() {
        String ods = data.practice(6_000);
        String admin = data.adminToken();
        String another = encode(new CapacityTestData(jdbc, http).lmc);
        Http.Response elsewhere = http.get("/api/capacity/demand?lmc=" + another + "&practice=" + ods, admin);
        assertThat(elsewhere.status()).as(elsewhere.body()).isEqualTo(400);
        assertThat(elsewhere.json().get("errors").findValuesAsString("field")).containsExactly("practice");
        assertThat(http.get("/api/capacity/demand?lmc=" + encode(data.lmc) + "&practice=" + ods, admin)
                        .status())
                .isEqualTo(200);
        for (String query : List.of("to=-999999999-01-01", "from=%2B999999999-12-31&to=2026-01-01", "to=1850-01-01")) {
            Http.Response refused = http.get("/api/capacity/demand?" + query, admin);
            assertThat(refused.status()).as(query + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.json().get("detail").asString()).contains("2000-01-01 to 2099-12-31");
        }
        Http.Response longest = http.get("/api/capacity/demand?from=2025-01-01&to=2026-02-04", admin);
        assertThat(longest.status())
                .as("400 days, 1 January 2025 to 4 February 2026")
                .isEqualTo(200);
        assertThat(http.get("/api/capacity/demand?from=2025-01-01&to=2026-02-05", admin)
                        .status())
                .as("401 days")
                .isEqualTo(400);

        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        assertThat(pages.get("/safe-working/evidence?to=2025-06-30").status())
                .as("a past end without a start: the twelve weeks before it")
                .isEqualTo(200);
        assertThat(pages.get("/safe-working/" + ods + "/evidence?on=%2B999999999-12-31")
                        .status())
                .isEqualTo(400);
        Map<String, String> farOff = new LinkedHashMap<>();
        farOff.put(
                "/safe-working/" + ods + "/evidence/pack?month=%2B999999999-12",
                "month must be a month from January 2000 to December 2099");
        farOff.put(
                "/safe-working/" + ods + "/evidence/pack?month=1850-01",
                "month must be a month from January 2000 to December 2099");
        farOff.put(
                "/safe-working/" + ods + "/evidence?on=1850-01-01",
                "on must be a date from 1 January 2000 to 31 December 2099");
        farOff.put(
                "/safe-working/" + ods + "/evidence?from=2026-01-01&to=2100-01-01",
                "to must be a date from 1 January 2000 to 31 December 2099");
        farOff.put(
                "/safe-working/evidence?from=1850-01-01&to=2026-01-01",
                "from must be a date from 1 January 2000 to 31 December 2099");
        farOff.put("/safe-working/" + ods + "/alert-state?week=%2B999999999-12-31", "week must be a date from");
        farOff.put("/safe-working/sitrep?week=%2B999999999-12-31", "week must be a date from");
        farOff.put("/safe-working/sitrep?week=-999999999-01-01", "week must be a date from");
        farOff.forEach((path, message) -> {
            Http.Response refused = pages.get(path);
            assertThat(refused.status()).as(path).isEqualTo(400);
            assertThat(refused.body()).as(path).contains(message);
        });

        Http.Response nul = http.get("/api/capacity/demand?practice=%00", admin);
        assertThat(nul.status())
                .as("a code no practice can have is no practice you can see: " + nul.body())
                .isEqualTo(404);
        assertThat(http.get("/api/capacity/demand?practice=" + ods + "%00", admin)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aToNearTheEarliestDayWithNoFromShowsTheDaysThereAre_notARefusalOfAFromNobodyGave() {
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        Http.Response area = pages.get("/safe-working/evidence?to=2000-01-10");
        assertThat(area.status()).as(area.body()).isEqualTo(200);
        assertThat(area.body()).contains("id=\"from\" name=\"from\" type=\"text\" value=\"2000-01-01\"");

        String admin = data.adminToken();
        Http.Response api = http.get("/api/capacity/demand?to=2000-01-10", admin);
        assertThat(api.status()).as(api.body()).isEqualTo(200);
        assertThat(api.json().get("from").asString()).isEqualTo("2000-01-01");

        Http.Response aheadOnThePage = pages.get("/safe-working/evidence?from=2099-12-01");
        assertThat(aheadOnThePage.status()).isEqualTo(400);
        assertThat(aheadOnThePage.body())
                .as("the page says today in words, as the form's days are read")
                .containsPattern("from must be on or before today \\([1-9][0-9]? [A-Z][a-z]+ 20[0-9]{2}\\), or give a"
                        + " to on or after it");

        Http.Response ahead = http.get("/api/capacity/demand?from=2099-12-01", admin);
        assertThat(ahead.status()).as(ahead.body()).isEqualTo(400);
        assertThat(ahead.json().get("detail").asString())
                .as("to was left out: today is the end it is after")
                .contains("from must be on or before today (")
                .contains("or give a to on or after it");
    }

    /**
     * A day of 100 requests (UK time is UTC in November): 48 booked and 12 waitlisted in core hours, after 10:00, and
     * 40 sent online in the evening, turned away as outside core hours. Demand not met is the 12 of the 60 requests
     * made in core hours, 20%: the 40 the practice was never open for neither add to it nor dilute it.
     */
    @Test
    void theShareNotMetIsOfTheRequestsMadeInCoreHours_thoseOutsideThemDiluteNothing() {
        String ods = data.practiceSetUpWith(settings(oneGp(EVERY_DAY), allDay(), "CLOSE", 0))
                .ods();
        requests(ods, "2026-11-04", "2026-11-04T11:00:00Z", "BOOKED", null, 48, null);
        requests(ods, "2026-11-04", "2026-11-04T12:00:00Z", "WAITLISTED", null, 12, null);
        requests(ods, "2026-11-04", "2026-11-04T19:00:00Z", "DIVERTED", "OUTSIDE_CORE_HOURS", 40, null);

        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        assertThat(admin.get("/safe-working/" + ods + "/evidence?period=day&on=2026-11-04")
                        .body())
                .contains("id=\"total-requests\">100<")
                .contains("id=\"total-unmet\">20.0%<");
        String area = admin.get("/safe-working/evidence?lmc=" + encode(data.lmc) + "&from=2026-11-02&to=2026-11-08")
                .body();
        assertThat(area).contains("id=\"area-unmet\">20.0%<");
        assertThat(section(area, "area-weeks").replaceAll("\\s+", " "))
                .containsPattern(">2026-11-02</th> <td[^>]*>1</td> <td[^>]*>100</td> <td[^>]*>40</td>"
                        + " <td[^>]*>12</td> <td[^>]*>20.0</td>");
        assertThat(admin.get("/safe-working/" + ods + "/alert-state?week=2026-11-02")
                        .body())
                .as("full that day, never before 10:00: 20% not met makes the week Red, not the Amber of 12%")
                .contains("id=\"suggested\">Red<");
    }

    /**
     * A day's signposted and waitlisted requests, each offered {@code firstPlace} first when given: a waitlisted
     * request is shown places to go if it cannot wait, though nobody sent it there.
     */
    @Test
    void whereThePracticeSentPatientsCountsOnlyThoseSignposted_notThoseWaitlisted() {
        String ods = data.practiceSetUpWith(settings(oneGp(EVERY_DAY), allDay(), "CLOSE", 0))
                .ods();
        requests(ods, "2026-11-04", "2026-11-04T11:00:00Z", "WAITLISTED", null, 3, "Riverside UTC");
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        String waitlistedOnly = admin.get("/safe-working/" + ods + "/evidence?period=day&on=2026-11-04")
                .body();
        assertThat(waitlistedOnly)
                .contains("Nobody was signposted in this period.")
                .doesNotContain("id=\"evidence-places\"");

        requests(ods, "2026-11-04", "2026-11-04T11:30:00Z", "DIVERTED", "FULL", 2, "NHS 111");
        String both = section(
                admin.get("/safe-working/" + ods + "/evidence?period=day&on=2026-11-04")
                        .body(),
                "evidence-places");
        assertThat(both.replaceAll("\\s+", " "))
                .containsPattern(">NHS 111</th> <td[^>]*>2</td>")
                .doesNotContain("Riverside UTC");
    }

    /** {@code count} reception routine requests on {@code day}, a waitlisted one waiting for the day after. */
    private void requests(
            String ods, String day, String at, String outcome, String reason, int count, String firstPlace) {
        jdbc.sql("""
                        insert into capacity.contact_request (ods_code, day, received_at, channel, kind, outcome, reason,
                            waitlisted_for, signposts)
                        select :ods, cast(:day as date), cast(:at as timestamptz), 'RECEPTION', 'ROUTINE', :outcome,
                            :reason,
                            case when :outcome = 'WAITLISTED' then cast(:day as date) + 1 end,
                            case when cast(:place as text) is null then '{}'::text[] else array[cast(:place as text)] end
                        from generate_series(1, :count)
                        """)
                .param("ods", ods)
                .param("day", day)
                .param("at", at)
                .param("outcome", outcome)
                .param("reason", reason)
                .param("place", firstPlace)
                .param("count", count)
                .update();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private void request(String ods, String day, String at, String outcome, String reason) {
        jdbc.sql("""
                        insert into capacity.contact_request (ods_code, day, received_at, channel, kind, outcome, reason)
                        values (:ods, cast(:day as date), cast(:at as timestamptz), 'RECEPTION', 'ROUTINE', :outcome,
                            :reason)
                        """)
                .param("ods", ods)
                .param("day", day)
                .param("at", at)
                .param("outcome", outcome)
                .param("reason", reason)
                .update();
    }

    /** The page's table with this id, from its opening tag to its end. */
    private static String section(String page, String tableId) {
        int start = page.indexOf("id=\"" + tableId + "\"");
        assertThat(start).as("table " + tableId).isPositive();
        return page.substring(start, page.indexOf("</table>", start));
    }

    @Test
    void aPracticeCountsAsFullFromTheBookingThatFilledIt_notOnlyFromTheFirstRequestItTurnedAway() {
        SafeWorkingPractice practice =
                data.practiceTakingActionOne(settings(List.of(clinician("GP 1", 2, EVERY_DAY)), allDay(), "CLOSE", 0));
        String ods = practice.ods();
        for (int i = 0; i < 2; i++) {
            assertThat(routineRequestAtReception(practice)).isEqualTo("BOOKED");
        }
        assertThat(frontDoorFull(ods))
                .as("the second booking left no routine room, so the online front door is closed as full")
                .isTrue();

        Http pages = signedIn(practice);
        String page = pages.get("/safe-working/" + ods + "/alert-state").body();
        Instant filled = jdbc.sql("""
                        select max(received_at) from capacity.contact_request where ods_code = :ods
                        """).param("ods", ods).query(Instant.class).single();
        boolean before10 = filled.atZone(UkTime.ZONE).toLocalTime().isBefore(LocalTime.of(10, 0));
        assertThat(page)
                .as("full from the booking that filled it, though nobody was turned away")
                .containsPattern("Days full</dt><dd[^>]*>1<")
                .containsPattern("Days full before 10:00</dt><dd[^>]*>" + (before10 ? 1 : 0) + "<")
                .contains("id=\"suggested\">" + (before10 ? "Red" : "Amber") + "<");
    }

    @Test
    void aDaysCapsChangedToLeaveNoRoutineRoomMakeThePracticeFullFromThatChange_thoughNobodyIsTurnedAway() {
        SafeWorkingPractice practice = oneGpClosingWhenFullSetUpAt(8, 30);
        String ods = practice.ods();
        firstClinicianCap(practice, DAY, 0);
        assertThat(frontDoorFull(ods))
                .as("the only clinician off sick leaves no routine room, so the front door is closed as full")
                .isTrue();

        clockAt(DAY, 9, 30);
        Http pages = signedIn(practice);
        assertThat(fullBefore10AndClosedMinutes(pages, ods, DAY))
                .as("full before 10:00, and closed from 08:30 until now, though nobody asked")
                .containsExactly(1L, 60L);
        assertThat(pages.get("/safe-working/" + ods + "/alert-state").body())
                .containsPattern("Days full</dt><dd[^>]*>1<")
                .containsPattern("Days full before 10:00</dt><dd[^>]*>1<");

        // The clinician back at 09:40: as when room comes back any other way, the span runs on until a routine
        // booking shows the room.
        clockAt(DAY, 9, 40);
        firstClinicianCap(practice, DAY, 25);
        clockAt(DAY, 9, 50);
        assertThat(routineRequestAtReception(practice)).isEqualTo("BOOKED");
        clockAt(DAY, 10, 30);
        assertThat(fullBefore10AndClosedMinutes(pages, ods, DAY))
                .as("closed from 08:30 to the booking at 09:50")
                .containsExactly(1L, 80L);
    }

    @Test
    void aDaysClosedMinutesStayAsTheyWereWhenThePracticeLaterChangesItsCoreHoursAndStaysOpenWhenFull() {
        SafeWorkingPractice practice = oneGpClosingWhenFullSetUpAt(8, 0);
        List<Map<String, Object>> gp = oneGp(EVERY_DAY);
        String ods = practice.ods();
        // Closed as full from 08:30, the only clinician off sick, to the routine booking at 09:50 once back.
        clockAt(DAY, 8, 30);
        firstClinicianCap(practice, DAY, 0);
        clockAt(DAY, 9, 40);
        firstClinicianCap(practice, DAY, 25);
        clockAt(DAY, 9, 50);
        assertThat(routineRequestAtReception(practice)).isEqualTo("BOOKED");
        clockAt(DAY.plusDays(1), 8, 0);
        Http pages = signedIn(practice);
        assertThat(fullBefore10AndClosedMinutes(pages, ods, DAY)).containsExactly(1L, 80L);

        // The next morning the practice opens at 09:00 from now on, and then stays open when full.
        data.setUp(ods, practice.managerToken(), settings(gp, coreHours(EVERY_DAY, "09:00", "18:30"), "CLOSE", 0));
        assertThat(fullBefore10AndClosedMinutes(pages, ods, DAY))
                .as("the day was counted with the core hours it had, from 08:00, not the 09:00 of today")
                .containsExactly(1L, 80L);
        clockAt(DAY.plusDays(1), 8, 5);
        data.setUp(
                ods,
                practice.managerToken(),
                settings(gp, coreHours(EVERY_DAY, "09:00", "18:30"), "STAY_OPEN_SIGNPOST", 0));
        assertThat(fullBefore10AndClosedMinutes(pages, ods, DAY))
                .as("the front door closed when full that day, though it stays open when full today")
                .containsExactly(1L, 80L);
        String page = pages.get("/safe-working/" + ods + "/evidence/pack?month=" + YearMonth.from(DAY))
                .body();
        assertThat(page).as("and so in the month's pack").contains("id=\"total-closed-minutes\">80<");
        Matcher rule = Pattern.compile("id=\"closed-minutes-rule\">(.*?)</p>", Pattern.DOTALL)
                .matcher(page);
        assertThat(rule.find())
                .as("the pack says how closed minutes are counted")
                .isTrue();
        assertThat(rule.group(1).replaceAll("\\s+", " "))
                .as("and says so as they are counted")
                .contains("when full in force at each time of the day")
                .contains("days before GP Action kept them, as they were set up on upgrading")
                .contains("bank holidays as they are set up now")
                .doesNotContain("when full as they are set up now");
    }

    /** Rows of what was in force written outside the application can be missing: then the set-up as it is now counts. */
    @Test
    void aPracticeWithNothingKeptOfWhatWasInForceCountsItsClosedMinutesWithItsSetUpAsItIsNow() {
        SafeWorkingPractice practice = oneGpClosingWhenFullSetUpAt(8, 0);
        List<Map<String, Object>> gp = oneGp(EVERY_DAY);
        String ods = practice.ods();
        // Closed as full from 08:30 to 09:30, the only clinician off sick for the hour.
        clockAt(DAY, 8, 30);
        firstClinicianCap(practice, DAY, 0);
        clockAt(DAY, 9, 30);
        firstClinicianCap(practice, DAY, 25);
        assertThat(routineRequestAtReception(practice)).isEqualTo("BOOKED");
        clockAt(DAY.plusDays(1), 8, 0);
        data.setUp(ods, practice.managerToken(), settings(gp, coreHours(EVERY_DAY, "09:00", "18:30"), "CLOSE", 0));
        Http pages = signedIn(practice);
        assertThat(fullBefore10AndClosedMinutes(pages, ods, DAY))
                .as("with the core hours in force that day, from 08:00")
                .containsExactly(1L, 60L);

        jdbc.sql("delete from capacity.setup_in_force where ods_code = :ods")
                .param("ods", ods)
                .update();
        assertThat(fullBefore10AndClosedMinutes(pages, ods, DAY))
                .as("with nothing kept, the core hours as they are now, from 09:00")
                .containsExactly(1L, 30L);
    }

    @Test
    void aDayOnWhichThePracticeChoseToStayOpenWhenFullAndThenToCloseCountsOnlyTheTimeItClosed() {
        SafeWorkingPractice practice = oneGpClosingWhenFullSetUpAt(8, 0);
        List<Map<String, Object>> gp = oneGp(EVERY_DAY);
        Map<String, Object> hours = eightToHalfSix();
        String ods = practice.ods();
        clockAt(DAY, 8, 30);
        firstClinicianCap(practice, DAY, 0);

        // Full all morning: closed from 08:30, open and signposting from 09:00, closed again from 09:30.
        clockAt(DAY, 9, 0);
        data.setUp(ods, practice.managerToken(), settings(gp, hours, "STAY_OPEN_SIGNPOST", 0));
        clockAt(DAY, 9, 30);
        data.setUp(ods, practice.managerToken(), settings(gp, hours, "CLOSE", 0));
        assertThat(frontDoorFull(ods))
                .as("still full: the day's cap of 0 outlasts the saves")
                .isTrue();

        clockAt(DAY, 10, 0);
        Http pages = signedIn(practice);
        assertThat(fullBefore10AndClosedMinutes(pages, ods, DAY))
                .as("closed 08:30 to 09:00 and 09:30 to now, not the half hour it stayed open")
                .containsExactly(1L, 60L);
    }

    @Test
    void aSetUpSavedSoThatNobodyWorksTheRestOfTheDayMakesThePracticeFullFromTheSave() {
        SafeWorkingPractice practice = oneGpClosingWhenFullSetUpAt(8, 0);
        Map<String, Object> hours = eightToHalfSix();
        String ods = practice.ods();

        clockAt(DAY, 8, 30);
        data.setUp(ods, practice.managerToken(), settings(oneGp(everyDayBut(DAY)), hours, "CLOSE", 0));
        assertThat(frontDoorFull(ods))
                .as("nobody works the rest of today, so the front door is closed as full")
                .isTrue();

        clockAt(DAY, 9, 30);
        Http pages = signedIn(practice);
        assertThat(fullBefore10AndClosedMinutes(pages, ods, DAY))
                .as("full before 10:00, and closed from the save at 08:30 until now")
                .containsExactly(1L, 60L);
    }

    @Test
    void aSetUpSaveThatWaitedForTheDaysLockMakesThePracticeFullFromWhenItHadTheLock_notFromWhenItBegan()
            throws Exception {
        SafeWorkingPractice practice = oneGpClosingWhenFullSetUpAt(8, 0);
        Map<String, Object> hours = eightToHalfSix();
        String ods = practice.ods();
        Map<String, Object> nobodyToday = settings(oneGp(everyDayBut(DAY)), hours, "CLOSE", 0);

        // The test holds the day's row (as a request being decided would) while a patient's routine request comes at
        // 08:30 and the save at 08:35, each waiting for the day in turn (the request writing its booking, the save
        // taking the day), and lets go at 08:40: the request is booked with room, and the save then finds the day as
        // that booking left it, at 08:40.
        ExecutorService clients = Executors.newFixedThreadPool(2);
        Future<JsonNode> booking;
        Future<JsonNode> save;
        try (Connection holder = HeldLocks.holding(
                dataSource,
                "select 1 from capacity.practice_day where ods_code = ? and day = ? for update",
                ods,
                java.sql.Date.valueOf(DAY))) {
            // Only this test's own waiters are counted: a scheduled job of another cached context may wait too.
            int held = LockWaits.backend(holder);
            clockAt(DAY, 8, 30);
            booking = clients.submit(() -> data.contact(ods, "RECEPTION", "ROUTINE", practice.managerToken()));
            await().atMost(Duration.ofSeconds(30)).until(() -> LockWaits.waitingBehind(jdbc, held) == 1);
            clockAt(DAY, 8, 35);
            save = clients.submit(() -> data.setUp(ods, practice.managerToken(), nobodyToday));
            await().atMost(Duration.ofSeconds(30)).until(() -> LockWaits.waitingBehind(jdbc, held) == 2);
            assertThat(booking.isDone() || save.isDone())
                    .as("both wait while the day is held")
                    .isFalse();
            clockAt(DAY, 8, 40);
            holder.commit();
            assertThat(booking.get(30, TimeUnit.SECONDS).get("outcome").asString())
                    .as("the request waiting first was booked with room")
                    .isEqualTo("BOOKED");
            save.get(30, TimeUnit.SECONDS);
        } finally {
            clients.shutdownNow();
        }
        assertThat(jdbc.sql("select filled_at from capacity.day_filled where ods_code = :ods")
                        .param("ods", ods)
                        .query((rs, row) -> rs.getTimestamp(1).toInstant().truncatedTo(ChronoUnit.MINUTES))
                        .list())
                .as("the save that followed it took the last of the room, and the day was full from then")
                .containsExactly(ukTime(DAY, 8, 40));

        clockAt(DAY, 9, 30);
        Http pages = signedIn(practice);
        assertThat(fullBefore10AndClosedMinutes(pages, ods, DAY))
                .as("closed from 08:40, when the save had the day to itself, not from 08:30")
                .containsExactly(1L, 50L);
    }

    @Test
    void aSetUpSavedOnADayThatBeganWithNoRoutineRoomRecordsNoMomentItBecameFull() {
        clockAt(DAY, 8, 0);
        Map<String, Object> nobodyToday = settings(oneGp(everyDayBut(DAY)), eightToHalfSix(), "CLOSE", 0);
        SafeWorkingPractice practice = data.practiceTakingActionOne(nobodyToday);
        String ods = practice.ods();

        clockAt(DAY, 8, 30);
        data.setUp(ods, practice.managerToken(), nobodyToday);

        assertThat(momentsFull(ods))
                .as("neither save took room away: the day had none from its start")
                .isZero();
    }

    @Test
    void aSetUpSavedBeforeCoreHoursMakesThePracticeFullFromItsOpening_notFromTheSave() {
        clockAt(DAY, 8, 0);
        Map<String, Object> hours = coreHours(EVERY_DAY, "10:00", "18:30");
        SafeWorkingPractice practice = data.practiceTakingActionOne(settings(oneGp(EVERY_DAY), hours, "CLOSE", 0));
        String ods = practice.ods();

        clockAt(DAY, 8, 30);
        data.setUp(ods, practice.managerToken(), settings(oneGp(everyDayBut(DAY)), hours, "CLOSE", 0));

        clockAt(DAY, 10, 30);
        Http pages = signedIn(practice);
        assertThat(fullBefore10AndClosedMinutes(pages, ods, DAY))
                .as("full from the opening at 10:00, not before it, and closed since")
                .containsExactly(0L, 30L);
    }

    @Test
    void aSetUpSavedBeforeCoreHoursThatMovesTheOpeningMovesTheMomentTheDayIsFullFrom() {
        SafeWorkingPractice practice = oneGpClosingWhenFullSetUpAt(6, 30);
        String ods = practice.ods();
        List<Map<String, Object>> nobodyToday = oneGp(everyDayBut(DAY));

        // 07:00: nobody today, so full from the opening at 08:00; 07:30: still nobody, and the practice opens at 09:00.
        clockAt(DAY, 7, 0);
        data.setUp(ods, practice.managerToken(), settings(nobodyToday, eightToHalfSix(), "CLOSE", 0));
        clockAt(DAY, 7, 30);
        data.setUp(
                ods,
                practice.managerToken(),
                settings(nobodyToday, coreHours(EVERY_DAY, "09:00", "18:30"), "CLOSE", 0));

        assertThat(jdbc.sql("select filled_at from capacity.day_filled where ods_code = :ods")
                        .param("ods", ods)
                        .query((rs, row) -> rs.getTimestamp(1).toInstant())
                        .list())
                .as("full from the opening as it now is, 09:00, not the 08:00 it no longer opens at")
                .containsExactly(ukTime(DAY, 9, 0));

        // 07:45: still nobody, and today is no longer a working day: it is never full.
        clockAt(DAY, 7, 45);
        data.setUp(
                ods,
                practice.managerToken(),
                settings(nobodyToday, coreHours(everyDayBut(DAY), "09:00", "18:30"), "CLOSE", 0));

        assertThat(momentsFull(ods))
                .as("a day that does not open is full at no moment")
                .isZero();
    }

    @Test
    void aCapGivenBackBeforeCoreHoursWithdrawsTheOpeningTheDayWouldHaveBeenFullFrom() {
        SafeWorkingPractice practice = oneGpClosingWhenFullSetUpAt(6, 30);
        String ods = practice.ods();
        // 07:00: the only clinician off for the day, so the day would be full from its opening at 08:00; 07:30: back
        // after all, before the practice opened, so it never was.
        clockAt(DAY, 7, 0);
        firstClinicianCap(practice, DAY, 0);
        clockAt(DAY, 7, 30);
        firstClinicianCap(practice, DAY, 25);

        clockAt(DAY, 10, 15);
        assertThat(routineRequestAtReception(practice)).isEqualTo("BOOKED");
        clockAt(DAY, 10, 30);
        Http pages = signedIn(practice);
        assertThat(fullBefore10AndClosedMinutes(pages, ods, DAY))
                .as("room all day from its opening: never full, never closed")
                .containsExactly(0L, 0L);
        assertThat(pages.get("/safe-working/" + ods + "/alert-state").body())
                .containsPattern("Days full</dt><dd[^>]*>0<")
                .containsPattern("Days full before 10:00</dt><dd[^>]*>0<");
    }

    @Test
    void aDayFullFromItsOpeningStillToComeIsNotYetFull_andIsFromTheOpeningOn() {
        SafeWorkingPractice practice = oneGpClosingWhenFullSetUpAt(6, 30);
        String ods = practice.ods();

        // 07:00: the only clinician off for the day, so the day is full from its opening at 08:00, still to come.
        clockAt(DAY, 7, 0);
        firstClinicianCap(practice, DAY, 0);

        clockAt(DAY, 7, 5);
        Http pages = signedIn(practice);
        assertThat(pages.get("/safe-working/" + ods + "/evidence.csv?from=" + DAY + "&to=" + DAY)
                        .body()
                        .lines()
                        .toList())
                .as("at 07:05 the practice has not opened: no request, not full yet, so no row for the day")
                .hasSize(1);

        clockAt(DAY, 8, 30);
        assertThat(fullBefore10AndClosedMinutes(pages, ods, DAY))
                .as("full from the opening at 08:00, once it came, and closed since")
                .containsExactly(1L, 30L);
    }

    @Test
    void aPracticeWhoseOnlyRecordInAWeekIsACapChangeLeavingItFullIsRecordingInItsWeekAsOnItsDay() {
        LocalDate monday = DAY.with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
        SafeWorkingPractice practice = oneGpClosingWhenFullSetUpAt(8, 0);
        String ods = practice.ods();
        clockAt(DAY, 9, 0);
        firstClinicianCap(practice, DAY, 0);

        clockAt(DAY, 10, 30);
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        String area = admin.get("/safe-working/evidence?lmc=" + encode(data.lmc) + "&from=" + monday + "&to=" + DAY)
                .body();
        assertThat(section(area, "area-weeks").replaceAll("\\s+", " "))
                .as("the week: one practice recording, full before 10:00, with no request")
                .containsPattern(">" + monday + "[^<]*</th> <td[^>]*>1</td> <td[^>]*>0</td> <td[^>]*>0</td>"
                        + " <td[^>]*>0</td> <td[^>]*>[^<]*</td> <td[^>]*>1</td>");
        assertThat(area)
                .as("listed among the practices recording, linked to its evidence")
                .contains("href=\"/safe-working/" + ods + "/evidence?");
        List<String> lines = admin.get(
                        "/safe-working/evidence.csv?lmc=" + encode(data.lmc) + "&from=" + monday + "&to=" + DAY)
                .body()
                .lines()
                .toList();
        List<String> header = List.of(lines.get(0).split(","));
        assertThat(lines).as("one row, the day's").hasSize(2);
        String[] cells = lines.get(1).split(",");
        assertThat(List.of(
                        cells[0],
                        cells[header.indexOf("practices")],
                        cells[header.indexOf("practices_full_before_10")]))
                .as("the day: one practice recording, full before 10:00, as in its week")
                .containsExactly(DAY.toString(), "1", "1");
    }

    private static List<String> everyDayBut(LocalDate day) {
        return EVERY_DAY.stream()
                .filter(weekday -> !weekday.equals(day.getDayOfWeek().name()))
                .toList();
    }

    /** The practice's CSV row for the day: whether it was full before 10:00, and the front door's closed minutes. */
    private static List<Long> fullBefore10AndClosedMinutes(Http pages, String ods, LocalDate day) {
        List<String> lines = pages.get("/safe-working/" + ods + "/evidence.csv?from=" + day + "&to=" + day)
                .body()
                .lines()
                .toList();
        assertThat(lines.get(0))
                .endsWith(",practices_full_before_10,front_door_closed_minutes,served_from_waiting_list");
        assertThat(lines).as("the day's row").hasSize(2);
        String[] cells = lines.get(1).split(",");
        return List.of(Long.parseLong(cells[cells.length - 3]), Long.parseLong(cells[cells.length - 2]));
    }

    @Test
    void theWeeklyAlertStateIsSuggestedFromTheFiguresAndConfirmedByThePractice() {
        SafeWorkingPractice practice =
                data.practiceTakingActionOne(settings(List.of(clinician("GP 1", 0, EVERY_DAY)), allDay(), "CLOSE", 0));
        String ods = practice.ods();
        String email = practice.managerEmail();
        String manager = practice.managerToken();
        http.postJson("/api/practices/" + ods + "/contacts", Map.of("channel", "ONLINE", "kind", "ROUTINE"), manager);

        Http pages = new Http(port);
        assertThat(pages.signIn(email, CapacityTestData.PASSWORD).status()).isLessThan(400);
        Http.Response page = pages.get("/safe-working/" + ods + "/alert-state");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"suggested\"").containsPattern("id=\"suggested\">(Red|Black)<");
        pages.get("/safe-working/" + ods + "/alert-state");
        Http.Response nul = pages.postForm(
                "/safe-working/" + ods + "/alert-state", Map.of("state", "AMBER", "comment", "Two GPs\u0000on leave"));
        assertThat(nul.status()).as(nul.body()).isEqualTo(400);
        assertThat(nul.body()).contains("The comment must be text, without control characters");
        assertThat(jdbc.sql("select count(*) from capacity.alert_state where ods_code = :ods")
                        .param("ods", ods)
                        .query(Long.class)
                        .single())
                .as("refused, so nothing was confirmed")
                .isZero();
        pages.get("/safe-working/" + ods + "/alert-state");
        Http.Response confirmed = pages.postForm(
                "/safe-working/" + ods + "/alert-state",
                Map.of("state", "AMBER", "comment", "Two GPs on leave\r\nand a locum"));
        assertThat(confirmed.status()).isIn(302, 303);
        assertThat(pages.get("/safe-working/" + ods + "/alert-state").body())
                .contains("id=\"confirmed-state\">Amber<")
                .contains("Two GPs on leave");
        assertThat(jdbc.sql("select comment from capacity.alert_state where ods_code = :ods")
                        .param("ods", ods)
                        .query(String.class)
                        .single())
                .as("a comment may run over lines, each break kept as one character")
                .isEqualTo("Two GPs on leave\nand a locum");

        String officerEmail = data.staff("LMC_OFFICER", List.of(), data.lmc);
        Http officer = new Http(port);
        officer.signIn(officerEmail, CapacityTestData.PASSWORD);
        Http.Response sitrep = officer.get("/safe-working/sitrep");
        assertThat(sitrep.status()).isEqualTo(200);
        assertThat(sitrep.body()).containsPattern("Amber</th>\\s*<td[^>]*>1<");
        assertThat(officer.postForm("/safe-working/" + ods + "/alert-state", Map.of("state", "GREEN"))
                        .status())
                .as("LMC officers read the state; only the practice confirms it")
                .isEqualTo(403);
    }

    /** One GP with a cap of 25 a day, working on these days. */
    private static List<Map<String, Object>> oneGp(List<String> days) {
        return List.of(clinician("GP 1", 25, days));
    }

    private static Map<String, Object> eightToHalfSix() {
        return coreHours(EVERY_DAY, "08:00", "18:30");
    }

    /**
     * A practice taking action 1, set up at that time of {@link #DAY} with one GP at 25 every day, open 08:00 to 18:30
     * and closing its front door when full.
     */
    private SafeWorkingPractice oneGpClosingWhenFullSetUpAt(int hour, int minute) {
        clockAt(DAY, hour, minute);
        return data.practiceTakingActionOne(settings(oneGp(EVERY_DAY), eightToHalfSix(), "CLOSE", 0));
    }

    private static Instant ukTime(LocalDate day, int hour, int minute) {
        return day.atTime(hour, minute).atZone(UkTime.ZONE).toInstant();
    }

    private void clockAt(LocalDate day, int hour, int minute) {
        clock.moveTo(ukTime(day, hour, minute));
    }

    /** The practice's manager, signed in to its pages. */
    private Http signedIn(SafeWorkingPractice practice) {
        Http pages = new Http(port);
        assertThat(pages.signIn(practice.managerEmail(), CapacityTestData.PASSWORD)
                        .status())
                .isLessThan(400);
        return pages;
    }

    /** Whether the practice's online front door says it is closed as full. */
    private boolean frontDoorFull(String ods) {
        return http.get("/api/practices/" + ods + "/front-door")
                .json()
                .get("full")
                .asBoolean();
    }

    /** The outcome of a routine request the practice's manager records at reception. */
    private String routineRequestAtReception(SafeWorkingPractice practice) {
        return data.contact(practice.ods(), "RECEPTION", "ROUTINE", practice.managerToken())
                .get("outcome")
                .asString();
    }

    /** How many moments the practice's days were recorded as becoming full. */
    private int momentsFull(String ods) {
        return jdbc.sql("select count(*) from capacity.day_filled where ods_code = :ods")
                .param("ods", ods)
                .query(Integer.class)
                .single();
    }

    /** The practice's first clinician's cap for that day alone, changed through the API by the practice manager. */
    private void firstClinicianCap(SafeWorkingPractice practice, LocalDate day, int cap) {
        Http.Response changed = http.putJson(
                "/api/practices/" + practice.ods() + "/capacity/days/" + day,
                Map.of("clinicians", List.of(Map.of("id", practice.clinicianId(0), "cap", cap))),
                practice.managerToken());
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    }
}
