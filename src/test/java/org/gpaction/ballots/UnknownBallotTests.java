package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.method.ControllerAdviceBean;
import tools.jackson.databind.JsonNode;

/** A ballot that does not exist is not found at every address that names one: a page for pages, a problem for the API. */
@GpActionTest
class UnknownBallotTests {

    static final String NONE = "/999999999";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationContext context;

    ResultsTestData data;

    @BeforeEach
    void setUp() {
        data = new ResultsTestData(jdbc, new Http(port));
    }

    @Test
    void everyBallotPageOfABallotThatDoesNotExistIsTheNotFoundPage() {
        Http scrutineer = data.signedIn(port, data.scrutineer());
        for (String path : List.of(
                "/ballots" + NONE,
                "/ballots" + NONE + "/edit",
                "/ballots" + NONE + "/unschedule",
                "/ballots" + NONE + "/trustees",
                "/ballots" + NONE + "/certification",
                "/ballots" + NONE + "/marked-register.csv")) {
            assertNotFoundPage(scrutineer.get(path), path);
        }
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        assertNotFoundPage(admin.get("/ballots" + NONE + "/reminders"), "/ballots" + NONE + "/reminders");
        assertNotFoundPage(new Http(port).get("/results" + NONE), "/results" + NONE);
    }

    @Test
    void aBallotPageAtAnIdThatIsNotANumberIsTheNotFoundPage_andTheApiNamesTheId() {
        Http scrutineer = data.signedIn(port, data.scrutineer());
        for (String path : List.of(
                "/ballots/abc",
                "/ballots/abc/edit",
                "/ballots/abc/unschedule",
                "/ballots/abc/trustees",
                "/ballots/abc/certification",
                "/ballots/abc/marked-register.csv")) {
            assertNotFoundPage(scrutineer.get(path), path);
        }
        assertNotFoundPage(new Http(port).get("/results/abc"), "/results/abc");

        Http.Response api = new Http(port).get("/api/ballots/abc", data.adminToken());
        assertThat(api.status()).as(api.body()).isEqualTo(400);
        assertThat(api.json().get("errors").findValuesAsString("field")).containsExactly("id");
    }

    @Test
    void everyApiAddressOfABallotThatDoesNotExistAnswersAProblemNamingIt() {
        Http api = new Http(port);
        String admin = data.adminToken();
        for (String path : List.of(
                "/api/ballots" + NONE,
                "/api/ballots" + NONE + "/roll-preview",
                "/api/ballots" + NONE + "/trustees",
                "/api/ballots" + NONE + "/reminders")) {
            assertNotFoundProblem(api.get(path, admin), path);
        }
        String path = "/api/ballots" + NONE + "/certification";
        assertNotFoundProblem(api.postJson(path, Map.of(), data.scrutineerToken()), path);
    }

    @Test
    void theNotFoundAnswerIsGivenOnlyForBallotsControllers() throws ClassNotFoundException {
        ControllerAdviceBean advice = ControllerAdviceBean.findAnnotatedBeans(context).stream()
                .filter(bean -> bean.getBeanType().getName().equals("org.gpaction.ballots.ballot.BallotErrors"))
                .findFirst()
                .orElseThrow();
        for (String ballots : List.of(
                "org.gpaction.ballots.ballot.BallotApiController",
                "org.gpaction.ballots.casting.ReceiptCheckController",
                "org.gpaction.ballots.results.PublicResultsController")) {
            assertThat(advice.isApplicableToBeanType(Class.forName(ballots)))
                    .as(ballots)
                    .isTrue();
        }
        for (String elsewhere : List.of(
                "org.gpaction.events.listing.EventsApiController",
                "org.gpaction.practices.imports.PracticeImportsController")) {
            assertThat(advice.isApplicableToBeanType(Class.forName(elsewhere)))
                    .as(elsewhere)
                    .isFalse();
        }
    }

    private static void assertNotFoundPage(Http.Response page, String path) {
        assertThat(page.status()).as(path).isEqualTo(404);
        assertThat(page.header("content-type")).as(path).startsWith("text/html");
        assertThat(page.body()).as(path).contains("Page not found").doesNotContain("There is no ballot");
    }

    private static void assertNotFoundProblem(Http.Response answer, String path) {
        assertThat(answer.status()).as(path).isEqualTo(404);
        assertThat(answer.header("content-type")).as(path).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.get("status").asInt()).as(path).isEqualTo(404);
        assertThat(problem.get("title").asString()).as(path).isEqualTo("Not Found");
        assertThat(problem.get("detail").asString()).as(path).isEqualTo("There is no ballot 999999999");
        assertThat(problem.get("instance").asString()).as(path).isEqualTo(path);
    }
}
