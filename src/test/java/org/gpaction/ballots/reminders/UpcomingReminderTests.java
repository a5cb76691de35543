package org.gpaction.ballots.reminders;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.gpaction.ballots.OwnBallotDatabase;
import org.gpaction.ballots.ReplacementFixtures;
import org.gpaction.common.UkTime;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The scheduled reminder points still to come are listed beside the rounds that went, with when they will go on the UK
 * clock. On a database of its own, as the points set here would remind the shared database's open ballots.
 */
@TestPropertySource(properties = "gpaction.ballots.reminders.days-before-close=7,2")
class UpcomingReminderTests extends OwnBallotDatabase {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    ReplacementFixtures fixtures;
    Http admin;
    String adminToken;

    @BeforeEach
    void setUp() {
        fixtures = new ReplacementFixtures(jdbc);
        admin = new Http(port);
        assertThat(admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD).status()).isLessThan(400);
        adminToken = new Http(port)
                .postJson("/api/tokens", Map.of("email", TestAdmin.EMAIL, "password", TestAdmin.PASSWORD))
                .json()
                .get("token")
                .asString();
    }

    @Test
    void anOpenBallotsPageAndApiListTheScheduledPointsStillToComeWithWhenTheyWillGo() {
        Instant closes = Instant.now().plus(Duration.ofDays(9)).truncatedTo(ChronoUnit.MINUTES);
        long ballot = fixtures.ballot(Instant.now().minus(Duration.ofHours(1)), closes, closes);
        Instant sevenDays = closes.atZone(UkTime.ZONE).minusDays(7).toInstant();
        Instant twoDays = closes.atZone(UkTime.ZONE).minusDays(2).toInstant();

        Http.Response page = admin.get("/ballots/" + ballot + "/reminders");

        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.body())
                .contains("id=\"upcoming\"")
                .contains("Scheduled reminder (7 days before the close) will go " + UkTime.onOrAt(sevenDays)
                        + " (UK time)")
                .contains("Scheduled reminder (2 days before the close) will go " + UkTime.onOrAt(twoDays)
                        + " (UK time)");
        assertThat(page.body().indexOf("7 days before the close"))
                .as("the next to go first")
                .isLessThan(page.body().indexOf("2 days before the close"));

        JsonNode upcoming = api("/api/ballots/" + ballot + "/reminders/upcoming");
        assertThat(upcoming).hasSize(2);
        assertThat(upcoming.get(0).get("daysBeforeClose").asInt()).isEqualTo(7);
        assertThat(Instant.parse(upcoming.get(0).get("at").asString())).isEqualTo(sevenDays);
        assertThat(upcoming.get(0).get("summary").asString())
                .isEqualTo("Scheduled reminder (7 days before the close) will go " + UkTime.onOrAt(sevenDays)
                        + " (UK time)");
        assertThat(upcoming.get(1).get("daysBeforeClose").asInt()).isEqualTo(2);
        assertThat(Instant.parse(upcoming.get(1).get("at").asString())).isEqualTo(twoDays);
        assertThat(api("/api/ballots/" + ballot + "/reminders"))
                .as("the rounds list keeps to rounds and points that were looked at")
                .isEmpty();
    }

    @Test
    void aPointThatHasPassedOrFallsBeforeTheOpeningIsNotListed_norAnyOnceTheBallotHasClosed() {
        Instant closes = Instant.now().plus(Duration.ofDays(4)).truncatedTo(ChronoUnit.MINUTES);
        long passed = fixtures.ballot(Instant.now().minus(Duration.ofDays(10)), closes, closes);
        assertThat(api("/api/ballots/" + passed + "/reminders/upcoming").findValuesAsString("summary"))
                .singleElement()
                .asString()
                .startsWith("Scheduled reminder (2 days before the close) will go ");
        assertThat(admin.get("/ballots/" + passed + "/reminders").body()).doesNotContain("7 days before the close");

        long opensLater = fixtures.ballot(
                Instant.now().plus(Duration.ofDays(3)),
                closes.plus(Duration.ofDays(5)),
                closes.plus(Duration.ofDays(5)));
        jdbc.sql("update ballots.ballot set status = 'SCHEDULED', opened_at = null where id = :id")
                .param("id", opensLater)
                .update();
        assertThat(api("/api/ballots/" + opensLater + "/reminders/upcoming").findValuesAsString("summary"))
                .as("the 7-day point falls before the opening, so it never goes")
                .singleElement()
                .asString()
                .startsWith("Scheduled reminder (2 days before the close) will go ");

        long closed = fixtures.ballot(Instant.now().minus(Duration.ofDays(10)), closes, closes);
        jdbc.sql("update ballots.ballot set status = 'CLOSED', closed_at = now() where id = :id")
                .param("id", closed)
                .update();
        assertThat(api("/api/ballots/" + closed + "/reminders/upcoming")).isEmpty();
        assertThat(admin.get("/ballots/" + closed + "/reminders").body()).doesNotContain("id=\"upcoming\"");
    }

    private JsonNode api(String path) {
        Http.Response answer = new Http(port).get(path, adminToken);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }
}
