package org.gpaction.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.gpaction.common.ratelimit.FailedAttempts;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestMailbox;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every events endpoint answers only those it is for: the public pages and registration anyone, hosting
 * administrators and the host LMC's officers, whatever links a page offered. The API decides before reading a body.
 */
@GpActionTest
class EventAccessTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    FailedAttempts attempts;

    EventsTestData data;
    long event;

    @BeforeEach
    void setUp() {
        data = new EventsTestData(jdbc, port, attempts);
        event = data.roadshowInTwoWeeks(20);
    }

    @Test
    void thePublicPagesCalendarsAndRegistrationAnswerAnyone() {
        Http anyone = new Http(port);
        for (String path : List.of("/events", "/events/" + event, "/events/" + event + "/event.ics", "/events.ics")) {
            assertThat(anyone.get(path).status()).as(path).isEqualTo(200);
        }
        assertThat(anyone.get("/api/events").status()).isEqualTo(200);
        assertThat(data.register(event, "Ana Silva", TestMailbox.uniqueAddress("anyone"))
                        .status())
                .isEqualTo(202);
        assertThat(anyone.get("/events/999999999").status()).isEqualTo(404);
        assertThat(anyone.get("/events/confirm/" + "x".repeat(43)).status()).isEqualTo(404);
        assertThat(anyone.get("/events/cancel/" + "x".repeat(43)).status()).isEqualTo(404);
        data.forgetUnknownLinksFromHere();
    }

    /**
     * An event's page at an id that is not a number, or too long to be one, names no event, so it is the not-found page
     * as an address leading nowhere is, rather than a generic refusal; the API names the id to fix.
     */
    @Test
    void anEventPageAtAnIdThatIsNotANumberIsTheNotFoundPage_andTheApiNamesTheId() {
        Http anyone = new Http(port);
        Http host = data.signedInHost();
        for (String id : List.of("abc", "99999999999999999999")) {
            for (String path : List.of("/events/" + id, "/events/" + id + "/event.ics")) {
                assertNotFoundPage(anyone.get(path), path);
            }
            for (String path : List.of(
                    "/hosting/events/" + id,
                    "/hosting/events/" + id + "/edit",
                    "/hosting/events/" + id + "/cancel",
                    "/hosting/events/" + id + "/registrations.csv",
                    "/hosting/events/" + event + "/registrations/" + id + "/cancel")) {
                assertNotFoundPage(host.get(path), path);
            }
        }
        Http.Response api = new Http(port).get("/api/events/99999999999999999999", data.adminToken());
        assertThat(api.status()).as(api.body()).isEqualTo(400);
        assertThat(api.json().get("errors").findValuesAsString("field")).containsExactly("id");

        host.get("/hosting/events/" + event);
        Http.Response form = host.postForm("/hosting/events/" + event + "/attendance", Map.of("attended", "abc"));
        assertThat(form.status())
                .as("a form's field that is not a number is no address: still refused 400, " + form.body())
                .isEqualTo(400);
    }

    private static void assertNotFoundPage(Http.Response page, String path) {
        assertThat(page.status()).as(path + ": " + page.body()).isEqualTo(404);
        assertThat(page.header("content-type")).as(path).startsWith("text/html");
        assertThat(page.body()).as(path).contains("Page not found");
    }

    @Test
    void theHostApiRefusesStrangersBeforeReadingTheirBody() {
        Http api = new Http(port);
        String notJson = "this is not JSON and would be a 400 if it were read";
        Http.Response anonymous = api.postJson("/api/events", notJson);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.body())
                .contains("Send Authorization: Bearer <token>")
                .doesNotContain("Sign in");
        Http.Response revoked = api.postJson("/api/events", notJson, "x".repeat(43));
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.body()).contains("The bearer token is not valid").contains("POST /api/tokens");
        String receptionist = data.apiToken(data.staff("RECEPTIONIST", List.of(practice()), null));
        assertThat(api.postJson("/api/events", notJson, receptionist).status()).isEqualTo(403);
        String scrutineer = data.apiToken(data.staff("SCRUTINEER", List.of(), null));
        assertThat(api.postJson("/api/events", notJson, scrutineer).status()).isEqualTo(403);

        assertThat(api.get("/api/events/" + event, receptionist).status()).isEqualTo(403);
        assertThat(new Http(port).get("/api/events/" + event).status()).isIn(401);
    }

    @Test
    void lmcOfficersHostOnlyTheirOwnLmcsEvents() {
        Http api = new Http(port);
        String own = data.apiToken(data.staff("LMC_OFFICER", List.of(), data.lmc));
        EventsTestData elsewhere = new EventsTestData(jdbc, port, attempts);
        String other = data.apiToken(data.staff("LMC_OFFICER", List.of(), elsewhere.lmc));

        assertThat(api.get("/api/events/" + event, own).status()).isEqualTo(200);
        assertThat(api.get("/api/events/" + event, other).status()).isEqualTo(404);

        Map<String, Object> theirs =
                data.roadshow(EventsTestData.title("Not theirs"), Instant.now().plus(Duration.ofDays(3)), 10);
        Http.Response refused = api.postJson("/api/events", theirs, other);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("lmc");
        theirs.remove("lmc");
        Http.Response published = api.postJson("/api/events", theirs, other);
        assertThat(published.status()).as(published.body()).isEqualTo(201);
        assertThat(published.json().get("lmc").asString()).isEqualTo(elsewhere.lmc);
    }

    @Test
    void anAdministratorsHostLmcMustBeOneInThePracticesDirectory_andIsStoredAsItSpellsIt() {
        Http api = new Http(port);
        String title = EventsTestData.title("Misspelt LMC");
        Map<String, Object> misspelt = data.roadshow(title, Instant.now().plus(Duration.ofDays(3)), 10);
        misspelt.put("lmc", "No Such LMC");

        Http.Response refused = api.postJson("/api/events", misspelt, data.adminToken());

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("lmc");
        assertThat(refused.json().get("errors").toString())
                .contains("There is no LMC called 'No Such LMC' in the practices directory");
        assertThat(jdbc.sql("select count(*) from events.event where title = :title")
                        .param("title", title)
                        .query(Long.class)
                        .single())
                .isZero();

        misspelt.put("lmc", data.lmc.toLowerCase());
        Http.Response published = api.postJson("/api/events", misspelt, data.adminToken());
        assertThat(published.status()).as(published.body()).isEqualTo(201);
        assertThat(published.json().get("lmc").asString()).isEqualTo(data.lmc);
    }

    /**
     * An LMC the host may not use is one more field to fix: it is named with the others the details got wrong, not
     * alone, so the host does not correct it only to be told of the rest.
     */
    @Test
    void anLmcTheHostMayNotUseIsNamedWithEveryOtherFieldToFix() {
        Http api = new Http(port);
        Map<String, Object> unknownLmc = data.roadshow("", Instant.now().plus(Duration.ofDays(3)), 0);
        unknownLmc.put("lmc", "No Such LMC");
        EventsTestData elsewhere = new EventsTestData(jdbc, port, attempts);
        String other = data.apiToken(data.staff("LMC_OFFICER", List.of(), elsewhere.lmc));
        Map<String, Object> notTheirs = data.roadshow("", Instant.now().plus(Duration.ofDays(3)), 0);

        Http.Response byAdmin = api.postJson("/api/events", unknownLmc, data.adminToken());
        Http.Response byOfficer = api.postJson("/api/events", notTheirs, other);

        assertThat(byAdmin.status()).as(byAdmin.body()).isEqualTo(400);
        assertThat(byAdmin.json().get("errors").findValuesAsString("field"))
                .containsExactly("title", "lmc", "capacity");
        assertThat(byAdmin.body()).contains("There is no LMC called 'No Such LMC' in the practices directory");
        assertThat(byOfficer.status()).as(byOfficer.body()).isEqualTo(400);
        assertThat(byOfficer.json().get("errors").findValuesAsString("field"))
                .containsExactly("title", "lmc", "capacity");
        assertThat(byOfficer.body()).contains("LMC officers host events for their own LMC, " + elsewhere.lmc);
    }

    @Test
    void hostingPagesAnswerOnlyAdministratorsAndTheHostLmcsOfficers() {
        String base = "/hosting/events/" + event;
        List<String> eventPages = List.of(base, base + "/edit", base + "/cancel", base + "/registrations.csv");
        List<String> eventPosts = List.of(base + "/edit", base + "/cancel", base + "/attendance");

        Http anonymous = new Http(port);
        for (String page : concat(List.of("/hosting/events", "/hosting/events/new"), eventPages)) {
            Http.Response answer = anonymous.get(page);
            assertThat(answer.status()).as(page).isEqualTo(302);
            assertThat(answer.header("location")).as(page).endsWith("/sign-in");
        }
        for (String post : concat(List.of("/hosting/events/new"), eventPosts)) {
            assertThat(anonymous.postForm(post, Map.of("title", "x")).status())
                    .as(post)
                    .isEqualTo(302);
        }

        for (String role : List.of("RECEPTIONIST", "SCRUTINEER", "PRACTICE_MANAGER")) {
            Http staff = signedIn(data.staff(role, role.equals("SCRUTINEER") ? List.of() : List.of(practice()), null));
            for (String page : concat(List.of("/hosting/events", "/hosting/events/new"), eventPages)) {
                assertThat(staff.get(page).status()).as(role + " " + page).isEqualTo(403);
            }
            for (String post : concat(List.of("/hosting/events/new"), eventPosts)) {
                staff.get("/events");
                Http.Response refused = staff.postForm(post, Map.of("title", "x"));
                assertThat(refused.status()).as(role + " " + post).isEqualTo(403);
                assertThat(refused.body())
                        .as("refused before the form is read: " + role + " " + post)
                        .isEqualTo("Only administrators and LMC officers host events");
            }
        }

        EventsTestData elsewhere = new EventsTestData(jdbc, port, attempts);
        Http otherOfficer = signedIn(data.staff("LMC_OFFICER", List.of(), elsewhere.lmc));
        assertThat(otherOfficer.get("/hosting/events").body()).doesNotContain(title());
        for (String page : eventPages) {
            assertThat(otherOfficer.get(page).status()).as(page).isEqualTo(404);
        }
        for (String post : eventPosts) {
            otherOfficer.get("/hosting/events");
            assertThat(otherOfficer.postForm(post, Map.of("title", "x")).status())
                    .as(post)
                    .isEqualTo(404);
        }
        assertThat(data.count(event, "CONFIRMED")).isZero();
        assertThat(jdbc.sql("select status from events.event where id = :id")
                        .param("id", event)
                        .query(String.class)
                        .single())
                .isEqualTo("SCHEDULED");

        Http ownOfficer = signedIn(data.staff("LMC_OFFICER", List.of(), data.lmc));
        assertThat(ownOfficer.get("/hosting/events").body()).contains(title());
        for (String page : eventPages) {
            assertThat(ownOfficer.get(page).status()).as(page).isEqualTo(200);
        }
    }

    private String practice() {
        return TestPractices.add(jdbc, "ENGLAND", "ACTIVE", "GMS", null);
    }

    private String title() {
        return jdbc.sql("select title from events.event where id = :id")
                .param("id", event)
                .query(String.class)
                .single();
    }

    private Http signedIn(String email) {
        Http http = new Http(port);
        http.signIn(email, EventsTestData.PASSWORD);
        return http;
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }
}
