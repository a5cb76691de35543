package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** "Enter your voting code" takes the code, or the whole link pasted in, and says what to enter for anything else. */
@GpActionTest
class VotingCodeFormTests {

    @Autowired
    JdbcClient jdbc;

    @LocalServerPort
    int port;

    /** The newest failed attempt before the test: what it tried is counted after it. */
    long attemptsBefore;

    @BeforeEach
    void noteTheAttemptsBefore() {
        attemptsBefore = jdbc.sql("select coalesce(max(id), 0) from common.failed_attempt")
                .query(Long.class)
                .single();
    }

    /** Forgets the unknown links this test tried, and only those: another test class's may be there for its checks. */
    @AfterEach
    void forgetUnknownLinks() {
        jdbc.sql("delete from common.failed_attempt where kind = 'VOTING_LINK' and id > :before")
                .param("before", attemptsBefore)
                .update();
    }

    @Test
    void theWholeVotingLinkPastedAsTheCodeOpensTheQuestion() {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        String token = fixtures.credential(ballot, "CODE-" + UUID.randomUUID());
        Http voter = new Http(port);
        voter.get("/vote");
        for (String pasted : List.of(
                "https://gpaction.example/vote/" + token,
                "  https://gpaction.example/vote/" + token + "/ \n",
                "https://gpaction.example/vote/" + token + "?from=email#top",
                "gpaction.example/vote/" + token,
                " " + token + " ")) {
            Http.Response redirected = voter.postForm("/vote", Map.of("code", pasted));
            assertThat(redirected.status()).as(pasted).isEqualTo(302);
            assertThat(redirected.header("location"))
                    .as(pasted)
                    .matches("(http://localhost:" + port + ")?/vote/" + Pattern.quote(token));
            Http.Response question = voter.get("/vote/" + token);
            assertThat(question.status()).isEqualTo(200);
            assertThat(question.body()).contains("Yes or no?");
        }
        assertThat(fixtures.papers(ballot)).as("opening the link never uses it").isZero();
    }

    @Test
    void somethingElseEnteredAsTheCodeGetsTheFormAgainSayingWhatToEnter() {
        Http voter = new Http(port);
        voter.get("/vote");
        for (String entered :
                List.of("https://gpaction.example/vote/", "my code is 1234!", "https://gpaction.example/ballots/7")) {
            Http.Response again = voter.postForm("/vote", Map.of("code", entered));
            assertThat(again.status()).as(entered).isEqualTo(400);
            assertThat(again.body())
                    .as(entered)
                    .contains("<h2 class=\"govuk-error-summary__title\">There is a problem</h2>")
                    .contains("<a href=\"#code\">Enter the code after /vote/ in your link</a>")
                    .contains("id=\"code-error\"")
                    .contains("<h1 class=\"govuk-heading-l\">Enter your voting code</h1>");
        }
    }
}
