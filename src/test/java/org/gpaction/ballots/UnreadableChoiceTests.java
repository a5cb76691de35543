package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A voting page sent a choice that is not the number of one of the ballot's options (a word, a fraction, a number too
 * large to be one) asks for the answer again, as one sent no choice does, rather than answering a bare 400 that says
 * nothing of what to do; nothing is recorded and the link still works.
 */
@GpActionTest
class UnreadableChoiceTests {

    @Autowired
    JdbcClient jdbc;

    @LocalServerPort
    int port;

    @Test
    void aChoiceThatNamesNoOptionIsAskedForAgain_andRecordsNothing() {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(2));
        String token = fixtures.credential(ballot, "CHOICE-" + UUID.randomUUID());
        Http browser = new Http(port);
        browser.get("/vote/" + token);

        for (String sent : List.of("Yes", "1.0", "99999999999")) {
            Http.Response check = browser.postForm("/vote/" + token + "/check", Map.of("choice", sent));
            assertThat(check.status()).as("checked: " + sent).isEqualTo(200);
            assertThat(check.body()).as("checked: " + sent).contains("Select your answer");

            Http.Response confirm = browser.postForm("/vote/" + token + "/confirm", Map.of("choice", sent));
            assertThat(confirm.status()).as("confirmed: " + sent).isEqualTo(200);
            assertThat(confirm.body()).as("confirmed: " + sent).contains("Select your answer");

            Http.Response changed = browser.postForm("/vote/" + token, Map.of("choice", sent));
            assertThat(changed.status())
                    .as("the question again, nothing chosen: " + sent)
                    .isEqualTo(200);
            assertThat(changed.body()).doesNotContain("checked=\"checked\"");
        }
        assertThat(fixtures.papers(ballot)).isZero();

        assertThat(browser.postForm("/vote/" + token + "/check", Map.of("choice", "1"))
                        .status())
                .as("the link still works")
                .isEqualTo(200);
    }
}
