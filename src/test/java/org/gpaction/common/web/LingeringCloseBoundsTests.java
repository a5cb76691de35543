package org.gpaction.common.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.AbstractProtocol;
import org.gpaction.accounts.staff.CreateStaffCommand;
import org.gpaction.accounts.staff.StaffAccounts;
import org.gpaction.common.ratelimit.Networks;
import org.gpaction.support.AttemptsFromHere;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.SlowUploads;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What a client still sends of a body refused unread is read after its answer ({@link LingeringClose}) by a request
 * thread, so only for a while, and only for so many at once: clients sending refused bodies slowly would otherwise hold
 * every request thread, and the server would answer nothing else. Each client here is refused at once (its body is
 * over the body limit) and goes on sending it a little at a time.
 */
@GpActionTest
class LingeringCloseBoundsTests {

    static final String REFUSED = "POST /api/tokens HTTP/1.1";
    static final Map<String, String> JSON = Map.of("Content-Type", "application/json", "Accept", "application/json");
    static final long LENGTH = 64 * FullSpeedUploads.MEGABYTE;
    static final String START = "{\"email\":\"";
    static final String PASSWORD = "saucer lichen rowboat";
    static final String NOSNIFF = "X-Content-Type-Options: nosniff";

    /** Soon enough after its answer that the connection was closed once answered, its body unread. */
    static final Duration AT_ONCE = Duration.ofSeconds(5);

    /** Long enough after its answer that the connection was kept open to read the body. */
    static final Duration READ_FOR = LingeringClose.FOR_AT_MOST.minusSeconds(10);

    @LocalServerPort
    int port;

    @Autowired
    RequestLimitsConfiguration.RequestLimits limits;

    @Autowired
    LingeringClose lingeringClose;

    @Autowired
    WebServerApplicationContext context;

    @Autowired
    StaffAccounts staffAccounts;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Networks networks;

    /** Bodies another test (or another test class on this server) left being read do not take this test's places. */
    @BeforeEach
    void nothingReadingYet() {
        awaitNothingReading();
    }

    /** The bodies read by one test are not left taking the places of the next test's. */
    @AfterEach
    void nothingLeftReading() {
        awaitNothingReading();
    }

    @Test
    void moreSlowRefusedUploadsThanRequestThreadsLeaveTheServerAnswering_thoseOverTheBoundClosedUnread()
            throws Exception {
        int bound = limits.maxLingeringCloses();
        assertThat(bound).as("the bound, so that both outcomes are seen").isPositive();
        int requestThreads = requestThreads();
        int uploads = requestThreads + 10;
        double closedUnread = closedUnreadAsScraped().orElse(0);
        try (SlowUploads.Trickling slow = SlowUploads.trickle(port, uploads, REFUSED, JSON, LENGTH, START)) {
            await("as many uploads answered as the server has request threads")
                    .atMost(Duration.ofSeconds(120))
                    .until(() -> slow.answered() >= requestThreads);

            String liveness = liveness();
            int stillSending = slow.stillSending();

            assertThat(liveness)
                    .as("the liveness probe, sent while %d refused uploads were still sending", uploads)
                    .isEqualTo("200");
            assertThat(stillSending)
                    .as("uploads still sending as the probe was answered")
                    .isPositive();
            await("every upload answered").atMost(Duration.ofSeconds(60)).until(() -> slow.answered() == uploads);
            assertThat(slow.statuses()).containsOnly("413");
            assertThat(slow.answering())
                    .as(
                            "the time from the first answer to the last: the machine took too long to set up %d"
                                    + " uploads at once. Over %s, bodies read since the first answers are done and"
                                    + " others read in their places, so which were read says nothing of the bound",
                            uploads, LingeringClose.FOR_AT_MOST)
                    .isLessThan(LingeringClose.FOR_AT_MOST.minus(AT_ONCE));
            await("each upload closed, or open for " + READ_FOR + " after its answer")
                    .atMost(LingeringClose.FOR_AT_MOST.plusSeconds(30))
                    .until(() -> slow.answers().stream()
                            .allMatch(upload -> upload.closed()
                                    || upload.openAfterTheAnswer().compareTo(READ_FOR) >= 0));

            List<Duration> open = slow.answers().stream()
                    .map(SlowUploads.Answered::openAfterTheAnswer)
                    .sorted()
                    .toList();
            assertThat(slow.answers().stream()
                            .filter(upload -> upload.closed()
                                    && upload.openAfterTheAnswer().compareTo(AT_ONCE) <= 0))
                    .as(
                            "closed within %s of their answer, unread (each one's time open after its answer: %s)",
                            AT_ONCE, open)
                    .hasSize(uploads - bound);
            assertThat(slow.answers().stream()
                            .filter(upload -> upload.openAfterTheAnswer().compareTo(READ_FOR) >= 0))
                    .as(
                            "open %s or more after their answer, read and dropped (each one's time open: %s)",
                            READ_FOR, open)
                    .hasSize(bound);
            assertThat(closedUnreadAsScraped())
                    .as("gpaction_web_refusals_closed_unread_total as Prometheus reads it, up by those closed unread")
                    .hasValue(closedUnread + uploads - bound);
        }
    }

    /**
     * Once its time is up, the connection closes, though the client still sends: Tomcat would go on reading (up to
     * server.tomcat.max-swallow-size, each read waiting up to its read timeout), which for a client sending a little
     * at a time is for ever.
     */
    @Test
    void aRefusedUploadStillSendingWhenItsTimeIsUpIsClosed_notReadFurther() throws Exception {
        try (SlowUploads.Trickling slow = SlowUploads.trickle(port, 1, REFUSED, JSON, LENGTH, START)) {
            await("the answer").atMost(Duration.ofSeconds(15)).until(() -> slow.answered() == 1);

            await("the connection closed once its time is up")
                    .atMost(LingeringClose.FOR_AT_MOST.plusSeconds(30))
                    .until(() -> slow.closedByTheServer() == 1);

            assertThat(slow.answers()).singleElement().satisfies(upload -> {
                assertThat(upload.status()).isEqualTo("413");
                assertThat(upload.openAfterTheAnswer())
                        .as("open after its answer: read and dropped, not closed at once")
                        .isGreaterThanOrEqualTo(READ_FOR);
            });
        }
    }

    /**
     * A request refused for who sends it is refused before its body is read, when nothing reads the body to decide: a
     * call to the API without a token (401), with a wrong one (401) or with a token whose role may not (403); a body to
     * a staff page sent signed out (sent to sign in, or 401 to htmx), from a role that may not (403) or for a practice
     * the sender does not work at (404); and a body the CSRF check does not read (not a form, 403). What the client
     * still sends is read after the answer only for a while, as for a refused upload, and the connection then closes:
     * Tomcat would otherwise read up to server.tomcat.max-swallow-size of it itself, each read waiting up to its read
     * timeout, and a client sending a little at a time would hold a request thread for as long as it went on. With
     * every place so taken, a form refused for its expired CSRF token, read in full by the check, is answered on a
     * connection kept open, and not counted as closed unread.
     */
    @Test
    void aBodyRefusedForWhoSendsItIsAnsweredAtOnce_andClosedOnceItsTimeIsUp() throws Exception {
        long length = FullSpeedUploads.MEGABYTE;
        String practice = TestPractices.add(jdbc);
        String otherPractice = TestPractices.add(jdbc);
        String receptionist = "reception." + UUID.randomUUID().toString().substring(0, 8) + "@practice.test";
        staffAccounts.create(
                new CreateStaffCommand(receptionist, PASSWORD, "RECEPTIONIST", List.of(practice), null),
                TestAdmin.id(staffAccounts),
                "test");
        String token = new Http(port).apiToken(receptionist, PASSWORD);
        Http browser = new Http(port);
        browser.signIn(receptionist, PASSWORD);
        String session = "GPACTION_SESSION=" + browser.cookie("GPACTION_SESSION");
        Map<String, String> page = Map.of("Content-Type", "application/json", "Accept", "text/html");
        Map<String, String> signedIn =
                Map.of("Content-Type", "application/json", "Accept", "text/html", "Cookie", session);
        Map<String, String> htmx =
                Map.of("Content-Type", "application/json", "Accept", "text/html", "HX-Request", "true");
        Map<String, String> asReceptionist = Map.of(
                "Content-Type", "application/json", "Accept", "application/json", "Authorization", "Bearer " + token);
        Map<String, String> wrongToken = Map.of(
                "Content-Type", "application/json", "Accept", "application/json", "Authorization", "Bearer wrong");
        Map<String, Refused> cases = new LinkedHashMap<>();
        cases.put("no token", new Refused("POST /api/staff", JSON, "401"));
        cases.put("a wrong token", new Refused("POST /api/staff", wrongToken, "401"));
        cases.put("a role that may not, by token", new Refused("POST /api/staff", asReceptionist, "403"));
        cases.put("signed out", new Refused("POST /safe-working/" + practice + "/requests", page, "302"));
        cases.put("signed out, by htmx", new Refused("POST /safe-working/" + practice + "/requests", htmx, "401"));
        cases.put("a role that may not", new Refused("POST /safe-working/" + practice + "/setup", signedIn, "403"));
        cases.put(
                "another practice", new Refused("POST /safe-working/" + otherPractice + "/requests", signedIn, "404"));
        cases.put("no CSRF token, not a form", new Refused("POST /join", page, "403"));
        assertThat(limits.maxLingeringCloses())
                .as("the bound: every case takes a place, and the expired form comes with none left")
                .isEqualTo(cases.size());
        AttemptsFromHere attempts = new AttemptsFromHere(jdbc, networks);
        attempts.forget("API_TOKEN_ADDRESS");
        double closedUnread = closedUnreadAsScraped().orElse(0);
        Map<String, SlowUploads.Trickling> refused = new LinkedHashMap<>();
        try {
            cases.forEach((name, refusal) -> refused.put(
                    name,
                    SlowUploads.trickle(port, 1, refusal.request() + " HTTP/1.1", refusal.headers(), length, START)));
            await("the answers")
                    .atMost(Duration.ofSeconds(15))
                    .until(() -> refused.values().stream().allMatch(slow -> slow.answered() == 1));
            assertThat(refused)
                    .allSatisfy((name, slow) -> assertThat(slow.statuses())
                            .as(name)
                            .containsExactly(cases.get(name).status()));
            // Every case passes Spring Security's header writer (the metrics endpoint's own refusal, made before it, is
            // not among them), the whole-length refusal page too.
            assertThat(refused)
                    .as("each refusal's head: Spring Security's headers are written on refusals made before the body"
                            + " is read as on any answer")
                    .allSatisfy((name, slow) ->
                            assertThat(slow.answers().get(0).head()).as(name).containsIgnoringCase(NOSNIFF));
            await("every place taken")
                    .atMost(Duration.ofSeconds(15))
                    .until(() -> lingeringClose.underWay() == cases.size());

            String form = "email=expired%40example.test";
            String expired = SlowUploads.answerWithoutSendingTheBody(
                    port,
                    "POST /join HTTP/1.1",
                    Map.of("Content-Type", "application/x-www-form-urlencoded", "Accept", "text/html"),
                    form.length(),
                    form);
            assertThat(expired)
                    .as("a form refused for its CSRF token, sent whole and read by the check")
                    .startsWith("HTTP/1.1 403")
                    .containsIgnoringCase(NOSNIFF)
                    .doesNotContainIgnoringCase("Connection: close");
            assertThat(closedUnreadAsScraped())
                    .as("gpaction_web_refusals_closed_unread_total, with the expired form read in full")
                    .hasValue(closedUnread);

            await("each connection closed once its time is up, though its client still sends")
                    .atMost(LingeringClose.FOR_AT_MOST.plusSeconds(30))
                    .untilAsserted(() -> assertThat(refused)
                            .allSatisfy((name, slow) -> assertThat(slow.closedByTheServer())
                                    .as(name)
                                    .isOne()));
            assertThat(refused)
                    .as("open after its answer: read and dropped for a while, not closed at once")
                    .allSatisfy((name, slow) -> assertThat(slow.answers().get(0).openAfterTheAnswer())
                            .as(name)
                            .isGreaterThanOrEqualTo(READ_FOR));
        } finally {
            for (SlowUploads.Trickling slow : refused.values()) {
                slow.close();
            }
            attempts.forget("API_TOKEN_ADDRESS");
        }
    }

    /** A request refused for who sends it, and the status it is refused with. */
    record Refused(String request, Map<String, String> headers, String status) {}

    private void awaitNothingReading() {
        await("refused bodies still being read")
                .atMost(LingeringClose.FOR_AT_MOST.plusSeconds(60))
                .until(() -> lingeringClose.underWay() == 0);
    }

    /** The count of refusals closed unread as the metrics endpoint gives it to a Prometheus server, if it does. */
    private OptionalDouble closedUnreadAsScraped() throws IOException, InterruptedException {
        String metrics = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
                                .header("Authorization", "Bearer " + TestAdmin.METRICS_TOKEN)
                                .timeout(Duration.ofSeconds(15))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher count = Pattern.compile("(?m)^gpaction_web_refusals_closed_unread_total(?:\\{[^}]*})? (\\S+)$")
                .matcher(metrics);
        return count.find() ? OptionalDouble.of(Double.parseDouble(count.group(1))) : OptionalDouble.empty();
    }

    private String liveness() throws IOException, InterruptedException {
        try {
            return String.valueOf(HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/liveness"))
                                    .timeout(Duration.ofSeconds(15))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .statusCode());
        } catch (HttpTimeoutException e) {
            return "no answer within 15 s";
        }
    }

    private int requestThreads() {
        Tomcat tomcat = ((TomcatWebServer) context.getWebServer()).getTomcat();
        return ((AbstractProtocol<?>) tomcat.getConnector().getProtocolHandler()).getMaxThreads();
    }
}
