package org.gpaction.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.common.UkTime;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
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

/**
 * Who may act on a practice's safe working, for the endpoints and pages {@link PageAccessTests} and
 * {@link SafeWorkingApiTests} leave out: practice staff act only for their own practices, an LMC officer reads only
 * their LMC's counts, a scrutineer sees no figures, and only administrators change the bank holidays. Each refusal is
 * matched by its reason as well as its status, so a refusal for some other cause (a missing CSRF token, say) cannot
 * pass for it, and leaves the practice's rows exactly as they were; each permitted call has its effect.
 */
@GpActionTest
@Import(MovingClocks.class)
@ExtendWith(OnAWorkingMorning.class)
class CapacityAccessTests {

    static final String NOT_OWN_STAFF = "own staff record its requests";
    /** An LMC officer reading a practice's day or set-up: told where its evidence is, not that they record nothing. */
    static final String NOT_OWN_STAFF_TO_READ =
            "day and set-up are for its own staff and administrators; LMC officers see its evidence at /safe-working/";
    /** An LMC officer opening or changing a practice's set-up or caps: refused by that, and told where its evidence is. */
    static final String NOT_OWN_STAFF_TO_MANAGE =
            "set-up is for its managers and administrators; LMC officers see its evidence at /safe-working/";

    static final String NOT_A_MANAGER = "managers and administrators change its safe working set-up";
    static final String NOT_AN_ADMIN = "Only administrators change the bank holidays";
    static final String NO_FIGURES = "Scrutineers do not see safe working figures";
    /** A button's form kept open after its session ended: a body, so the rules are applied before it is read. */
    static final Map<String, String> STALE_FORM = Map.of("_csrf", "from-a-session-that-ended");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    Http api;
    CapacityTestData data;
    CapacityTestData otherLmc;
    String ods;
    String other;
    long gp;
    String manager;
    String receptionist;
    String otherManager;
    String otherReceptionist;
    String officer;
    String otherOfficer;
    String scrutineer;
    final Map<String, String> tokens = new HashMap<>();
    final Map<String, Http> sessions = new HashMap<>();

    /** A practice and another in the same LMC, both set up; their staff, the LMC's officer and another LMC's. */
    @BeforeEach
    void twoPracticesOfOneLmcAndAnOfficerOfAnother() {
        api = new Http(port);
        data = new CapacityTestData(jdbc, api);
        otherLmc = new CapacityTestData(jdbc, api);
        ods = data.practice(6_000);
        other = data.practice(6_000);
        gp = setUp(ods);
        setUp(other);
        manager = data.staff("PRACTICE_MANAGER", List.of(ods), null);
        receptionist = data.staff("RECEPTIONIST", List.of(ods), null);
        otherManager = data.staff("PRACTICE_MANAGER", List.of(other), null);
        otherReceptionist = data.staff("RECEPTIONIST", List.of(other), null);
        officer = data.staff("LMC_OFFICER", List.of(), data.lmc);
        otherOfficer = otherLmc.staff("LMC_OFFICER", List.of(), otherLmc.lmc);
        scrutineer = data.staff("SCRUTINEER", List.of(), null);
    }

    @Test
    void onlyThePracticesOwnStaffUndoARequestThroughTheApi_andARefusalLeavesItStanding() {
        long booked = record(ods, receptionist);
        String path = "/api/practices/" + ods + "/contacts/" + booked;
        Map<String, Object> before = rowsOf(ods);
        Map<String, Object> otherBefore = rowsOf(other);

        for (String outsider : List.of(otherManager, otherReceptionist, scrutineer, otherOfficer)) {
            assertRefused(api.delete(path, token(outsider)), 404, noPractice(ods));
        }
        assertRefused(api.delete(path, token(officer)), 403, NOT_OWN_STAFF);
        assertRefused(
                api.delete("/api/practices/" + other + "/contacts/" + booked, token(otherManager)),
                404,
                "There is no request " + booked + " at " + other);
        assertThat(rowsOf(ods))
                .as("the request stands and its contact is still used")
                .isEqualTo(before);
        assertThat(rowsOf(other)).isEqualTo(otherBefore);

        assertThat(api.delete(path, token(receptionist)).status()).isEqualTo(204);
        assertThat(undoneAt(booked)).isNotNull();
        assertThat(used(gp)).as("the contact is given back").isZero();
    }

    @Test
    void onlyThePracticesManagersChangeADaysCaps_andEveryoneElseIsRefusedBeforeTheBodyIsRead() {
        record(ods, receptionist);
        String today = api.get("/api/practices/" + ods + "/capacity", token(manager))
                .json()
                .get("day")
                .asString();
        String path = "/api/practices/" + ods + "/capacity/days/" + today;
        Map<String, Object> offSick = Map.of("clinicians", List.of(Map.of("id", gp, "cap", 0)));
        Map<String, Object> before = rowsOf(ods);

        for (Refusal refusal : List.of(
                new Refusal(otherManager, 404, noPractice(ods)),
                new Refusal(otherReceptionist, 404, noPractice(ods)),
                new Refusal(scrutineer, 404, noPractice(ods)),
                new Refusal(otherOfficer, 404, noPractice(ods)),
                new Refusal(officer, 403, NOT_OWN_STAFF_TO_MANAGE + ods + "/evidence"),
                new Refusal(receptionist, 403, NOT_A_MANAGER))) {
            String token = token(refusal.who());
            assertRefused(api.putJson(path, offSick, token), refusal.status(), refusal.reason());
            assertRefused(api.putJson(path, "{not json", token), refusal.status(), refusal.reason());
            assertRefused(
                    api.putJson("/api/practices/" + ods + "/capacity/days/someday", offSick, token),
                    refusal.status(),
                    refusal.reason());
        }
        assertThat(rowsOf(ods)).as("no cap changed, nothing logged").isEqualTo(before);

        Http.Response changed = api.putJson(path, offSick, token(manager));
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().get("clinicians").get(0).get("cap").asInt())
                .as("the contact already booked is kept")
                .isEqualTo(1);
        assertThat(jdbc.sql(
                                "select cap from capacity.clinician_day where clinician_id = :id and day = cast(:day as date)")
                        .param("id", gp)
                        .param("day", today)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
        assertThat(jdbc.sql("select what from capacity.setup_log where ods_code = :ods")
                        .param("ods", ods)
                        .query(String.class)
                        .list())
                .anyMatch(what -> what.startsWith("Caps for ")
                        && what.endsWith(" only: GP 1 off (cap 0), 1 already booked stay, so cap 1"));
    }

    @Test
    void anLmcOfficerReadsItsPracticesCountsButNotTheirDayOrSetUp_andAnotherLmcsCannotTellThePracticeExists() {
        record(ods, receptionist);
        String capacity = "/api/practices/" + ods + "/capacity";
        String settings = capacity + "/settings";

        for (String path : List.of(capacity, settings, "/api/practices/" + ods + "/waiting-list")) {
            Http.Response read = api.get(path, token(officer));
            assertRefused(read, 403, NOT_OWN_STAFF_TO_READ + ods + "/evidence");
            assertThat(read.body()).as(path).doesNotContain("record its requests");
        }
        assertRefused(page(officer).get("/safe-working/" + ods), 403, NOT_OWN_STAFF_TO_READ + ods + "/evidence");
        for (String managersPage : List.of("/setup", "/day-caps")) {
            Http.Response opened = page(officer).get("/safe-working/" + ods + managersPage);
            assertRefused(opened, 403, NOT_OWN_STAFF_TO_MANAGE + ods + "/evidence");
            assertThat(opened.body()).as(managersPage).doesNotContain("record its requests");
        }
        Http.Response counts = api.get("/api/capacity/demand?practice=" + ods, token(officer));
        assertThat(counts.status()).as(counts.body()).isEqualTo(200);
        assertThat(requests(counts.json())).isEqualTo(1);

        String unknown = TestPractices.newCode();
        for (String path : List.of(capacity, settings, "/api/capacity/demand?practice=" + ods)) {
            assertRefused(api.get(path, token(otherOfficer)), 404, noPractice(ods));
            assertRefused(api.get(path.replace(ods, unknown), token(otherOfficer)), 404, noPractice(unknown));
        }
        Http.Response theirs = api.get("/api/capacity/demand", token(otherOfficer));
        assertThat(theirs.json().get("scope").asString()).isEqualTo(otherLmc.lmc);
        assertThat(requests(theirs.json())).isZero();

        assertThat(api.get(capacity, token(receptionist)).json().get("booked").asInt())
                .isEqualTo(1);
        assertThat(api.get(settings, token(receptionist)).json().get("odsCode").asString())
                .isEqualTo(ods);
    }

    @Test
    void onlyAnAdministratorRemovesABankHolidayThroughTheApi() {
        String day = "2090-01-02";
        try {
            assertThat(api.postJson(
                                    "/api/capacity/bank-holidays",
                                    Map.of("day", day, "name", "Added for a test"),
                                    data.adminToken())
                            .status())
                    .isEqualTo(201);
            List<Map<String, Object>> before = holidays();

            for (String staff : List.of(manager, receptionist, officer, scrutineer)) {
                String token = token(staff);
                assertRefused(api.delete("/api/capacity/bank-holidays/" + day, token), 403, NOT_AN_ADMIN);
                assertRefused(api.delete("/api/capacity/bank-holidays/2090-01-03", token), 403, NOT_AN_ADMIN);
                assertRefused(api.delete("/api/capacity/bank-holidays/not-a-day", token), 403, NOT_AN_ADMIN);
                assertRefused(api.postJson("/api/capacity/bank-holidays", "{not json", token), 403, NOT_AN_ADMIN);
            }
            assertThat(holidays()).isEqualTo(before);

            assertThat(api.delete("/api/capacity/bank-holidays/" + day, data.adminToken())
                            .status())
                    .isEqualTo(204);
            assertThat(holidays())
                    .hasSize(before.size() - 1)
                    .noneMatch(h -> h.get("day").toString().equals(day));
        } finally {
            deleteHolidays(day);
        }
    }

    @Test
    void onlyThePracticesOwnStaffSignpostARequestFromTheBoard() {
        String path = "/safe-working/" + ods + "/diversions";
        Map<String, String> form = Map.of("kind", "URGENT");
        Map<String, Object> before = rowsOf(ods);

        for (String outsider : List.of(otherManager, otherReceptionist)) {
            assertRefused(page(outsider).postForm(path, form), 404, noPractice(ods));
        }
        // Roles that record no practice's requests are refused before the form is read, whichever the practice.
        for (String role : List.of(officer, otherOfficer, scrutineer)) {
            assertRefused(page(role).postForm(path, form), 403, NOT_OWN_STAFF);
        }
        assertSentToSignIn(new Http(port).postFormExactly(path, form));
        assertThat(rowsOf(ods)).as("nothing was recorded").isEqualTo(before);

        Http reception = page(receptionist);
        Http.Response signposted = reception.postForm(path, form);
        assertThat(signposted.status()).isEqualTo(302);
        assertThat(pathOf(signposted)).isEqualTo("/safe-working/" + ods);
        assertThat(reception.get("/safe-working/" + ods).body()).contains("Urgent request signposted elsewhere");
        assertThat(jdbc.sql("""
                        select outcome, reason, kind, recorded_by from capacity.contact_request
                        where ods_code = :ods
                        """).param("ods", ods).query().listOfRows())
                .containsExactly(Map.of(
                        "outcome", "DIVERTED",
                        "reason", "SIGNPOSTED_BY_RECEPTION",
                        "kind", "URGENT",
                        "recorded_by", receptionist));
    }

    @Test
    void onlyThePracticesOwnStaffBookAPatientFromTheWaitingListPage() {
        data.takeActionOne(ods, token(manager));
        for (int i = 0; i < 5; i++) {
            record(ods, receptionist);
        }
        JsonNode waiting = data.contact(ods, "RECEPTION", "ROUTINE", token(receptionist));
        assertThat(waiting.get("outcome").asString()).isEqualTo("WAITLISTED");
        String today = api.get("/api/practices/" + ods + "/capacity", token(manager))
                .json()
                .get("day")
                .asString();
        assertThat(api.putJson(
                                "/api/practices/" + ods + "/capacity/days/" + today,
                                Map.of("clinicians", List.of(Map.of("id", gp, "cap", 6))),
                                token(manager))
                        .status())
                .isEqualTo(200);
        String path =
                "/safe-working/" + ods + "/waiting-list/" + waiting.get("id").asLong() + "/booking";
        Map<String, String> form = Map.of("day", waiting.get("forDay").asString());
        Map<String, Object> before = rowsOf(ods);

        for (String outsider : List.of(otherManager, otherReceptionist)) {
            assertRefused(page(outsider).postForm(path, form), 404, noPractice(ods));
        }
        for (String role : List.of(officer, otherOfficer, scrutineer)) {
            assertRefused(page(role).postFormExactly(path, STALE_FORM), 403, NOT_OWN_STAFF);
        }
        assertSentToSignIn(new Http(port).postFormExactly(path, form));
        assertThat(rowsOf(ods)).as("nobody was booked").isEqualTo(before);

        Http reception = page(receptionist);
        assertThat(reception
                        .get("/safe-working/" + ods + "/waiting-list?day="
                                + waiting.get("forDay").asString())
                        .body())
                .as("the one request waiting, in the singular")
                .contains(">1 request waiting<");
        Http.Response booked = reception.postForm(path, form);
        assertThat(pathOf(booked)).isEqualTo("/safe-working/" + ods + "/waiting-list");
        assertThat(booked.header("location"))
                .endsWith("?day=" + waiting.get("forDay").asString());
        assertThat(reception
                        .get(URI.create(booked.header("location")).getRawPath() + "?day="
                                + waiting.get("forDay").asString())
                        .body())
                .contains("Request " + waiting.get("id").asLong() + " booked with GP 1")
                .contains("Contact 6 of 6 today.");
        assertThat(used(gp)).isEqualTo(6);
    }

    @Test
    void onlyThePracticesOwnStaffUndoARequestFromTheBoard() {
        Http reception = page(receptionist);
        Http.Response recorded = reception.postForm("/safe-working/" + ods + "/requests", Map.of("kind", "ROUTINE"));
        assertThat(reception.get(pathOf(recorded)).body()).contains("Routine request booked with GP 1");
        long id = jdbc.sql("select id from capacity.contact_request where ods_code = :ods")
                .param("ods", ods)
                .query(Long.class)
                .single();
        String path = "/safe-working/" + ods + "/requests/" + id + "/undo";
        Map<String, Object> before = rowsOf(ods);

        for (String outsider : List.of(otherManager, otherReceptionist)) {
            assertRefused(page(outsider).postForm(path, Map.of()), 404, noPractice(ods));
        }
        for (String role : List.of(officer, otherOfficer, scrutineer)) {
            assertRefused(page(role).postForm(path, Map.of()), 403, NOT_OWN_STAFF);
        }
        assertSentToSignIn(new Http(port).postFormExactly(path, STALE_FORM));
        Http theirs = page(otherManager);
        Http.Response throughTheirOwn =
                theirs.postForm("/safe-working/" + other + "/requests/" + id + "/undo", Map.of());
        assertThat(throughTheirOwn.status()).isEqualTo(302);
        assertThat(theirs.get(pathOf(throughTheirOwn)).body())
                .as("another practice's request is not found through one's own board")
                .contains("There is no request " + id + " at " + other);
        assertThat(rowsOf(ods))
                .as("the request stands and its contact is still used")
                .isEqualTo(before);

        Http.Response undone = reception.postForm(path, Map.of());
        assertThat(undone.status()).isEqualTo(302);
        assertThat(reception.get(pathOf(undone)).body()).contains("Request " + id + " was undone.");
        assertThat(undoneAt(id)).isNotNull();
        assertThat(used(gp)).isZero();
    }

    @Test
    void onlyAnAdministratorAddsOrRemovesABankHolidayOnThePage() {
        String added = "2090-01-09";
        String refused = "2090-01-16";
        try {
            Http admin = signedIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
            assertThat(admin.get("/safe-working/bank-holidays").body()).contains("Add the holiday");
            Http.Response adding =
                    admin.postForm("/safe-working/bank-holidays", Map.of("day", added, "name", "Added for a test"));
            assertThat(adding.status()).isEqualTo(302);
            // The page says the day as every other page does; the form's value and the links keep 2090-01-09.
            assertThat(admin.get(pathOf(adding)).body())
                    .contains("Added for a test on 9 January 2090 is not a working day.")
                    .contains("<td class=\"govuk-table__cell\">9 January 2090</td>")
                    .contains("Remove<span class=\"govuk-visually-hidden\"> 9 January 2090</span>")
                    .doesNotContain(">" + added + "<", "on " + added);
            List<Map<String, Object>> before = holidays();
            assertThat(before).anyMatch(h -> h.get("day").toString().equals(added));

            for (String staff : List.of(manager, receptionist, officer, scrutineer)) {
                Http pages = page(staff);
                Http.Response list = pages.get("/safe-working/bank-holidays");
                assertThat(list.status()).isEqualTo(200);
                assertThat(list.body())
                        .contains("<td class=\"govuk-table__cell\">9 January 2090</td>")
                        .doesNotContain("Add the holiday", added);
                assertRefused(
                        pages.postForm("/safe-working/bank-holidays", Map.of("day", refused, "name", "Not allowed")),
                        403,
                        NOT_AN_ADMIN);
                assertRefused(
                        pages.postForm("/safe-working/bank-holidays/" + added + "/remove", Map.of()),
                        403,
                        NOT_AN_ADMIN);
                assertRefused(
                        pages.postForm("/safe-working/bank-holidays/not-a-day/remove", Map.of()), 403, NOT_AN_ADMIN);
            }
            assertSentToSignIn(new Http(port)
                    .postFormExactly("/safe-working/bank-holidays", Map.of("day", refused, "name", "Not allowed")));
            assertSentToSignIn(
                    new Http(port).postFormExactly("/safe-working/bank-holidays/" + added + "/remove", STALE_FORM));
            assertThat(holidays()).isEqualTo(before);

            Http.Response removing = admin.postForm("/safe-working/bank-holidays/" + added + "/remove", Map.of());
            assertThat(removing.status()).isEqualTo(302);
            assertThat(admin.get(pathOf(removing)).body()).contains("9 January 2090 is a working day again.");
            assertThat(holidays()).hasSize(before.size() - 1);
        } finally {
            deleteHolidays(added, refused);
        }
    }

    @Test
    void theStartReplayAndFindPagesShowEachRoleOnlyWhatIsItsOwn() {
        String board = "href=\"/safe-working/" + ods + "\"";
        String otherBoard = "href=\"/safe-working/" + other + "\"";
        String sitrep = "href=\"/safe-working/sitrep\"";
        String find = "action=\"/safe-working/find\"";

        assertThat(page(manager).get("/safe-working").body()).contains(board).doesNotContain(otherBoard, sitrep, find);
        assertThat(page(receptionist).get("/safe-working").body())
                .contains(board)
                .doesNotContain(otherBoard, sitrep, find);
        assertThat(page(otherManager).get("/safe-working").body())
                .contains(otherBoard)
                .doesNotContain(board);
        assertThat(page(officer).get("/safe-working").body())
                .contains(sitrep, "LMC officers see their practices")
                .doesNotContain(board, otherBoard, find);
        Http.Response scrutineers = page(scrutineer).get("/safe-working");
        assertThat(scrutineers.status()).isEqualTo(200);
        assertThat(scrutineers.body())
                .contains("Your account is not tied to a practice")
                .doesNotContain(board, otherBoard, sitrep, find);
        Http admin = signedIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        assertThat(admin.get("/safe-working").body()).contains(find, sitrep);
        assertSentToSignIn(new Http(port).get("/safe-working"));

        for (String staff : List.of(manager, receptionist, officer, scrutineer)) {
            Http.Response replay = page(staff).get("/safe-working/replay?clinicians=1&cap=25");
            assertThat(replay.status()).as(staff).isEqualTo(200);
            assertThat(replay.body()).as(staff).containsPattern("id=\"replay-requests\">[1-9][0-9]*<");
        }
        assertSentToSignIn(new Http(port).get("/safe-working/replay"));
        Map<String, String> refusedReplays = Map.of(
                "cap=40", "href=\"#cap\">The daily cap must be from 0 to 25",
                "clinicians=0", "href=\"#clinicians\">Clinicians must be a whole number from 1 to 50",
                "reserve=x", "href=\"#reserve\">The urgent reserve must be from 0 to 500",
                "whenFull=bogus", "href=\"#whenFull\">Choose what the online front door does when full (whenFull)",
                "countAdmin=maybe", "href=\"#countAdmin\">");
        for (Map.Entry<String, String> refused : refusedReplays.entrySet()) {
            Http.Response bad = page(manager).get("/safe-working/replay?" + refused.getKey());
            assertThat(bad.status()).as(refused.getKey()).isEqualTo(400);
            assertThat(bad.body())
                    .as(refused.getKey())
                    .contains("<title>Error: ", refused.getValue())
                    .doesNotContain("id=\"replay-requests\"");
        }
        Http.Response typed = page(manager)
                .get("/safe-working/replay?clinicians=3&cap=40&reserve=x&countAdmin=yes&whenFull=STAY_OPEN_SIGNPOST");
        assertThat(typed.status()).isEqualTo(400);
        assertThat(typed.body())
                .as("each field shows what was typed, to be put right, not the defaults")
                .containsPattern("id=\"clinicians\"[^>]*value=\"3\"")
                .containsPattern("id=\"cap\"[^>]*value=\"40\"")
                .containsPattern("id=\"reserve\"[^>]*value=\"x\"")
                .containsPattern("id=\"countAdmin\"[^>]*value=\"yes\"\\s+checked")
                .containsPattern("value=\"STAY_OPEN_SIGNPOST\"\\s+checked");
        assertThat(page(manager).get("/safe-working/replay?whenFull=bogus").body())
                .as("a mode that is neither is not shown as chosen")
                .doesNotContainPattern("value=\"CLOSE\"\\s+checked");
        Http.Response anyCase = page(manager).get("/safe-working/replay?clinicians=1&whenFull=stay_open_signpost");
        assertThat(anyCase.status()).as(anyCase.body()).isEqualTo(200);
        assertThat(anyCase.body())
                .as("the mode is read in any case, as the set-up reads it, not swapped for CLOSE")
                .containsPattern("value=\"STAY_OPEN_SIGNPOST\"\\s+checked");

        Http.Response found = page(manager).get("/safe-working/find?ods=" + encode(" " + ods.toLowerCase() + " "));
        assertThat(pathOf(found)).isEqualTo("/safe-working/" + ods);
        assertThat(page(manager).get(pathOf(found)).status()).isEqualTo(200);
        Http.Response notTheirs = page(otherManager).get("/safe-working/find?ods=" + ods);
        assertThat(pathOf(notTheirs))
                .as("finding is no way round the board's check")
                .isEqualTo("/safe-working/" + ods);
        assertRefused(page(otherManager).get(pathOf(notTheirs)), 404, noPractice(ods));
        Http.Response elsewhere = page(receptionist).get("/safe-working/find?ods=" + encode("//evil.example/x"));
        assertThat(URI.create(elsewhere.header("location")).getHost()).isIn(null, "localhost");
        assertThat(pathOf(elsewhere)).isEqualTo("/safe-working/EVILEXAMPLEX");
        assertThat(pathOf(page(receptionist).get("/safe-working/find?ods="))).isEqualTo("/safe-working");
        assertSentToSignIn(new Http(port).get("/safe-working/find?ods=" + ods));
    }

    @Test
    void practiceStaffSeeOnlyTheirOwnPracticesInTheSitrepAndAreaEvidence_andScrutineersSeeNeither() {
        record(ods, receptionist);
        record(ods, receptionist);
        for (int i = 0; i < 3; i++) {
            record(other, otherReceptionist);
        }
        confirm(manager, ods, "AMBER");
        confirm(otherManager, other, "RED");
        String elsewhere = encode(otherLmc.lmc);

        for (String staff : List.of(manager, receptionist)) {
            Http pages = page(staff);
            Http.Response sitrep = pages.get("/safe-working/sitrep");
            assertThat(sitrep.body()).contains("Your practices");
            assertThat(practicesIn(sitrep, "Amber")).isEqualTo(1);
            assertThat(practicesIn(sitrep, "Red")).isZero();
            Http.Response sitrepElsewhere = pages.get("/safe-working/sitrep?lmc=" + elsewhere);
            assertThat(sitrepElsewhere.body()).contains("Your practices in " + otherLmc.lmc);
            assertThat(practicesIn(sitrepElsewhere, "Amber"))
                    .as("a filter narrows, never widens: none of their practices is in the other LMC")
                    .isZero();
            assertThat(practicesIn(sitrepElsewhere, "Red")).isZero();
            Http.Response area = pages.get("/safe-working/evidence");
            assertThat(area.body()).contains("Your practices");
            assertThat(requestsIn(area)).isEqualTo(2);
            Http.Response areaElsewhere = pages.get("/safe-working/evidence?lmc=" + elsewhere);
            assertThat(areaElsewhere.body()).contains("Your practices in " + otherLmc.lmc);
            assertThat(requestsIn(areaElsewhere))
                    .as("a filter narrows, never widens: none of their practices is in the other LMC")
                    .isZero();
            TestPractices.add(jdbc); // QHM is in the directory whichever tests ran before this one
            assertThat(requestsIn(pages.get("/safe-working/evidence?icb=QHM"))).isZero();
        }
        Http theirs = page(otherManager);
        assertThat(practicesIn(theirs.get("/safe-working/sitrep"), "Red")).isEqualTo(1);
        assertThat(practicesIn(theirs.get("/safe-working/sitrep"), "Amber")).isZero();
        assertThat(requestsIn(theirs.get("/safe-working/evidence"))).isEqualTo(3);

        Http lmc = page(officer);
        assertThat(practicesIn(lmc.get("/safe-working/sitrep"), "Amber")).isEqualTo(1);
        assertThat(practicesIn(lmc.get("/safe-working/sitrep"), "Red")).isEqualTo(1);
        assertThat(requestsIn(lmc.get("/safe-working/evidence"))).isEqualTo(5);
        Http anotherLmc = page(otherOfficer);
        assertThat(practicesIn(anotherLmc.get("/safe-working/sitrep"), "Amber")).isZero();
        assertThat(practicesIn(anotherLmc.get("/safe-working/sitrep"), "Red")).isZero();
        assertThat(requestsIn(anotherLmc.get("/safe-working/evidence"))).isZero();
        assertRefused(anotherLmc.get("/safe-working/sitrep?lmc=" + encode(data.lmc)), 403, "only their own LMC");

        Http scrutiny = page(scrutineer);
        for (String path : List.of(
                "/safe-working/sitrep",
                "/safe-working/sitrep?lmc=" + encode(data.lmc),
                "/safe-working/evidence",
                "/safe-working/evidence?lmc=" + encode(data.lmc))) {
            assertRefused(scrutiny.get(path), 403, NO_FIGURES);
        }
    }

    @Test
    void onlyThePracticesManagersConfirmItsAlertState() {
        String path = "/safe-working/" + ods + "/alert-state";
        Map<String, String> form = Map.of("state", "BLACK", "comment", "Not theirs to say");
        Map<String, Object> before = rowsOf(ods);

        assertRefused(page(otherManager).postForm(path, form), 404, noPractice(ods));
        // Roles that manage no practice are refused before the form is read, whichever the practice.
        for (String role : List.of(receptionist, otherReceptionist, officer, otherOfficer, scrutineer)) {
            assertRefused(page(role).postForm(path, form), 403, NOT_A_MANAGER);
        }
        assertSentToSignIn(new Http(port).postFormExactly(path, form));
        assertThat(rowsOf(ods)).as("no state was confirmed").isEqualTo(before);

        confirm(manager, ods, "GREEN");
        assertThat(jdbc.sql("select confirmed, confirmed_by from capacity.alert_state where ods_code = :ods")
                        .param("ods", ods)
                        .query()
                        .listOfRows())
                .containsExactly(Map.of("confirmed", "GREEN", "confirmed_by", manager));
    }

    @Test
    void anLmcOfficerReadsAPracticesAlertStateAndWhenItWasConfirmed_notWhoConfirmedItOrTheComment() {
        String path = "/safe-working/" + ods + "/alert-state";
        String comment = "Two GPs on leave and a locum who cancelled";
        assertThat(page(manager)
                        .postForm(path, Map.of("state", "AMBER", "comment", comment))
                        .status())
                .isEqualTo(302);

        Map<String, Http> practiceOwn = new LinkedHashMap<>();
        practiceOwn.put("manager", page(manager));
        practiceOwn.put("receptionist", page(receptionist));
        practiceOwn.put("administrator", signedIn(TestAdmin.EMAIL, TestAdmin.PASSWORD));
        practiceOwn.forEach((who, pages) -> {
            Http.Response seen = pages.get(path);
            assertThat(seen.status()).as(who).isEqualTo(200);
            assertThat(seen.body())
                    .as("the %s reads who confirmed it and why", who)
                    .contains("id=\"confirmed-state\">Amber<")
                    .contains("id=\"confirmed-by\">" + manager + "<")
                    .contains("id=\"confirmed-comment\">" + comment + "<");
        });

        // The words for the very moment stored, as UkTime writes it: a pattern of h:mma misses midday, midnight and the
        // hour the clocks pass twice, whichever moment the clock is put at.
        Instant confirmedAt = jdbc.sql("select confirmed_at from capacity.alert_state where ods_code = :ods")
                .param("ods", ods)
                .query(Timestamp.class)
                .single()
                .toInstant();
        Http.Response officers = page(officer).get(path);
        assertThat(officers.status()).isEqualTo(200);
        assertThat(officers.body())
                .contains("id=\"confirmed-state\">Amber<")
                .contains("id=\"confirmed-by\">the practice<")
                .contains("id=\"confirmed-at\">" + UkTime.onOrAt(confirmedAt) + "</span> (UK time)")
                .doesNotContain(manager)
                .doesNotContain("Two GPs on leave")
                .doesNotContain("confirmed-comment")
                .doesNotContain("Confirm the alert state");
        assertRefused(page(otherOfficer).get(path), 404, noPractice(ods));
        assertRefused(page(otherManager).get(path), 404, noPractice(ods));
    }

    record Refusal(String who, int status, String reason) {}

    long setUp(String practice) {
        return data.setUp(
                        practice,
                        data.adminToken(),
                        CapacityTestData.settings(
                                List.of(CapacityTestData.clinician("GP 1", 5, CapacityTestData.EVERY_DAY)),
                                CapacityTestData.allDay(),
                                "CLOSE",
                                0))
                .get("clinicians")
                .get(0)
                .get("id")
                .asLong();
    }

    long record(String practice, String staff) {
        return data.contact(practice, "RECEPTION", "ROUTINE", token(staff))
                .get("id")
                .asLong();
    }

    void confirm(String staff, String practice, String state) {
        Http pages = page(staff);
        Http.Response confirmed = pages.postForm("/safe-working/" + practice + "/alert-state", Map.of("state", state));
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(302);
    }

    String token(String email) {
        return tokens.computeIfAbsent(email, data::token);
    }

    /** A signed-in session for the member of staff, holding a page's CSRF token as a browser would. */
    Http page(String email) {
        return sessions.computeIfAbsent(email, e -> signedIn(e, CapacityTestData.PASSWORD));
    }

    Http signedIn(String email, String password) {
        Http http = new Http(port);
        assertThat(http.signIn(email, password).status()).isLessThan(400);
        assertThat(http.get("/safe-working").status()).isEqualTo(200);
        return http;
    }

    /** The refusal came from the access check (its reason is in the answer), not from something else first. */
    static void assertRefused(Http.Response response, int status, String reason) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).contains(reason);
    }

    static void assertSentToSignIn(Http.Response response) {
        assertThat(response.status())
                .as("not signed in: sent to sign in, the form unread")
                .isEqualTo(302);
        assertThat(pathOf(response)).isEqualTo("/sign-in");
    }

    static String noPractice(String code) {
        return "There is no practice " + code + " you can see";
    }

    static String pathOf(Http.Response redirect) {
        assertThat(redirect.status()).as(redirect.body()).isIn(302, 303);
        return URI.create(redirect.header("location")).getPath();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static int requests(JsonNode demand) {
        return demand.get("days").findValues("requests").stream()
                .mapToInt(JsonNode::asInt)
                .sum();
    }

    static int requestsIn(Http.Response area) {
        assertThat(area.status()).as(area.body()).isEqualTo(200);
        return number(area, Pattern.compile("id=\"area-requests\">(\\d+)<"));
    }

    static int practicesIn(Http.Response sitrep, String state) {
        assertThat(sitrep.status()).as(sitrep.body()).isEqualTo(200);
        return number(sitrep, Pattern.compile(state + "</th>\\s*<td[^>]*>(\\d+)<"));
    }

    private static int number(Http.Response page, Pattern pattern) {
        Matcher found = pattern.matcher(page.body());
        assertThat(found.find()).as(pattern + " in " + page.body()).isTrue();
        return Integer.parseInt(found.group(1));
    }

    /** Every row a practice's day, requests, set-up log and alert states have, to compare before and after. */
    Map<String, Object> rowsOf(String practice) {
        Map<String, Object> rows = new LinkedHashMap<>();
        rows.put("requests", rows("""
                select id, day, channel, kind, outcome, reason, clinician_id, undone_at from capacity.contact_request
                where ods_code = :ods order by id
                """, practice));
        rows.put("clinician days", rows("""
                select d.clinician_id, d.day, d.cap, d.used, d.changed_for_day
                from capacity.clinician_day d join capacity.clinician c on c.id = d.clinician_id
                where c.ods_code = :ods order by d.clinician_id, d.day
                """, practice));
        rows.put(
                "practice days",
                rows("select * from capacity.practice_day where ods_code = :ods order by day", practice));
        rows.put(
                "set-up log",
                rows("select id, what from capacity.setup_log where ods_code = :ods order by id", practice));
        rows.put("alert states", rows("select * from capacity.alert_state where ods_code = :ods", practice));
        return rows;
    }

    private List<Map<String, Object>> rows(String sql, String practice) {
        return jdbc.sql(sql).param("ods", practice).query().listOfRows();
    }

    List<Map<String, Object>> holidays() {
        return jdbc.sql("select day, name from capacity.bank_holiday order by day")
                .query()
                .listOfRows();
    }

    void deleteHolidays(String... days) {
        for (String day : days) {
            jdbc.sql("delete from capacity.bank_holiday where day = cast(:day as date)")
                    .param("day", day)
                    .update();
        }
    }

    Object undoneAt(long id) {
        return jdbc.sql("select undone_at from capacity.contact_request where id = :id")
                .param("id", id)
                .query()
                .singleValue();
    }

    int used(long clinician) {
        return jdbc.sql("select coalesce(sum(used), 0) from capacity.clinician_day where clinician_id = :id")
                .param("id", clinician)
                .query(Integer.class)
                .single();
    }
}
