package org.gpaction.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gpaction.accounts.staff.CreateStaffCommand;
import org.gpaction.accounts.staff.StaffAccounts;
import org.gpaction.common.UkTime;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.MovingClock;
import org.gpaction.support.MovingClocks;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The Prometheus metrics are for administrators and for a Prometheus server holding the scrape token, never for
 * anyone else; the health probes are for anyone and say only UP or DOWN.
 */
@GpActionTest
@Import(MovingClocks.class)
class MetricsTests {

    static final String PASSWORD = "copper meadow lantern";

    @LocalServerPort
    int port;

    @Autowired
    StaffAccounts staffAccounts;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MovingClock clock;

    @Test
    void nobodySignedInCanReadTheMetrics() throws Exception {
        Http.Response anonymous = new Http(port).get("/actuator/prometheus");

        assertThat(anonymous.status()).isEqualTo(302);
        assertThat(anonymous.header("location")).endsWith("/sign-in");
        assertThat(scrape(null).statusCode()).isEqualTo(302);
    }

    @Test
    void staffWhoAreNotAdministratorsCannotReadTheMetrics() {
        String email = StaffApiTests.unique("metrics");
        staffAccounts.create(
                new CreateStaffCommand(email, PASSWORD, "PRACTICE_MANAGER", List.of(TestPractices.add(jdbc)), null),
                TestAdmin.id(staffAccounts),
                "test");
        Http browser = new Http(port);
        browser.signIn(email, PASSWORD);

        assertThat(browser.get("/actuator/prometheus").status()).isEqualTo(403);
    }

    @Test
    void aWrongTokenIsRefused() throws Exception {
        HttpResponse<String> wrong = scrape("Bearer " + TestAdmin.METRICS_TOKEN.replace('3', '4'));
        HttpResponse<String> staffPassword = scrape("Bearer " + TestAdmin.PASSWORD);

        for (HttpResponse<String> response : List.of(wrong, staffPassword)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).contains("not the metrics token").doesNotContain("jvm_");
        }
    }

    @Test
    void anAdministratorReadsTheNamedMetrics() {
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);

        Http.Response metrics = admin.get("/actuator/prometheus");

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("gpaction_ballots_votes_cast ")
                .contains("gpaction_ballots_open ")
                .contains("gpaction_mail_queued ")
                .contains("gpaction_mail_failed ")
                .contains("gpaction_mail_oldest_queued_age_seconds ")
                .contains("gpaction_capacity_decisions_today{outcome=\"booked\"}")
                .contains("gpaction_capacity_decisions_today{outcome=\"diverted\"}")
                .contains("gpaction_capacity_decisions_today{outcome=\"waitlisted\"}")
                .contains("jvm_memory_used_bytes")
                .contains("hikaricp_connections_active");
    }

    @Test
    void thePrometheusServerReadsTheMetricsWithTheToken() throws Exception {
        HttpResponse<String> response = scrape("Bearer " + TestAdmin.METRICS_TOKEN);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("gpaction_mail_queued ").contains("jvm_threads_live_threads");
        assertThat(response.headers().firstValue("set-cookie")).isEmpty();
    }

    @Test
    void capacityDecisionsAreReadFromTheStoredRequests() throws Exception {
        // Midday of today (UK time) on the application's clock: its "today" stays one day however close to midnight
        // this runs, and a request stored for that day is too recent for the job folding old requests to take.
        LocalDate today = LocalDate.now(UkTime.ZONE);
        clock.moveTo(today.atTime(12, 0).atZone(UkTime.ZONE).toInstant());
        try {
            double before = value(scrapeBody(), "gpaction_capacity_decisions_today{outcome=\"booked\"}");

            jdbc.sql("""
                            insert into capacity.contact_request (ods_code, day, received_at, channel, kind, outcome)
                            values (:ods, :day, :now, 'RECEPTION', 'ROUTINE', 'BOOKED')
                            """)
                    .param("ods", TestPractices.add(jdbc))
                    .param("day", Date.valueOf(today))
                    .param("now", Timestamp.from(clock.instant()))
                    .update();

            assertThat(value(scrapeBody(), "gpaction_capacity_decisions_today{outcome=\"booked\"}"))
                    .isEqualTo(before + 1);
        } finally {
            MovingClocks.backToNow(clock, jdbc);
        }
    }

    @Test
    void capacityDecisionsAreCountedForTheUkDay_inTheHourAfterMidnightInSummer() throws Exception {
        // 23:30 UTC on 14 July is 00:30 on 15 July in the UK (BST): the practices' today is the 15th.
        clock.moveTo(Instant.parse("2027-07-14T23:30:00Z"));
        LocalDate ukToday = LocalDate.of(2027, 7, 15);
        String ods = TestPractices.add(jdbc);
        try {
            double before = value(scrapeBody(), "gpaction_capacity_decisions_today{outcome=\"booked\"}");

            jdbc.sql("""
                            insert into capacity.contact_request (ods_code, day, received_at, channel, kind, outcome)
                            values (:ods, :day, :now, 'RECEPTION', 'ROUTINE', 'BOOKED')
                            """)
                    .param("ods", ods)
                    .param("day", Date.valueOf(ukToday))
                    .param("now", Timestamp.from(clock.instant()))
                    .update();

            assertThat(value(scrapeBody(), "gpaction_capacity_decisions_today{outcome=\"booked\"}"))
                    .as("a request booked at 00:30 UK time counts in the UK day's figure")
                    .isEqualTo(before + 1);
        } finally {
            jdbc.sql("delete from capacity.contact_request where ods_code = :ods")
                    .param("ods", ods)
                    .update();
            MovingClocks.backToNow(clock, jdbc);
        }
    }

    @Test
    void mailFailuresAreReadFromTheOutbox() throws Exception {
        // The outbox is every test's: a dispatcher in any test context may fail another test's message for good while
        // this one reads, so the figure scraped is the count on one side of it or the other.
        long before = failedMessages();
        double scraped = value(scrapeBody(), "gpaction_mail_failed");
        long after = failedMessages();

        assertThat(scraped).isBetween((double) Math.min(before, after), (double) Math.max(before, after));
    }

    private long failedMessages() {
        return jdbc.sql("select count(*) from notifications.outbox where status = 'FAILED'")
                .query(Long.class)
                .single();
    }

    @Test
    void importsAreTimedByKindAndOutcome() throws Exception {
        String token = new Http(port)
                .postJson("/api/tokens", Map.of("email", TestAdmin.EMAIL, "password", TestAdmin.PASSWORD))
                .json()
                .get("token")
                .asString();

        HttpResponse<String> refused = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port
                                        + "/api/practices/imports?format=contracts&fileName=metrics.csv"))
                                .header("Content-Type", "text/csv")
                                .header("Authorization", "Bearer " + token)
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "ods_code,contract_type\nNOT A CODE,NOT A TYPE\n", StandardCharsets.UTF_8))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);

        assertThat(value(
                        scrapeBody(),
                        "gpaction_imports_seconds_count{kind=\"contracts\",module=\"practices\",outcome=\"refused\"}"))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void theHealthProbesAnswerAnyoneWithoutDetails() {
        Http anyone = new Http(port);

        for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
            Http.Response health = anyone.get(probe);
            assertThat(health.status()).as(probe).isEqualTo(200);
            assertThat(health.body()).as(probe).isEqualTo("{\"status\":\"UP\"}");
        }
        Http.Response overall = anyone.get("/actuator/health");
        assertThat(overall.status()).isEqualTo(200);
        assertThat(overall.body()).contains("\"status\":\"UP\"").doesNotContain("components", "db", "details");
    }

    private String scrapeBody() throws Exception {
        HttpResponse<String> response = scrape("Bearer " + TestAdmin.METRICS_TOKEN);
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private HttpResponse<String> scrape(String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/prometheus"))
                .header("Accept", "text/plain");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double value(String metrics, String series) {
        Matcher line = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE)
                .matcher(metrics);
        assertThat(line.find()).as(series + " in\n" + metrics).isTrue();
        return Double.parseDouble(line.group(1));
    }
}
