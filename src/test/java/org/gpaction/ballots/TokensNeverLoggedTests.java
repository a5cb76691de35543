package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.gpaction.ballots.ReplacementFixtures.Voter;
import org.gpaction.common.SecretTokens;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A voting link is a capability: whatever happens to it, it never reaches the log. */
@GpActionTest
@ExtendWith(OutputCaptureExtension.class)
class TokensNeverLoggedTests {

    @Autowired
    JdbcClient jdbc;

    @LocalServerPort
    int port;

    @Test
    void noVotingLinkReachesTheLogWhetherMintedMailedOpenedUsedReusedReplacedOrBroken(CapturedOutput output) {
        ReplacementFixtures fixtures = new ReplacementFixtures(jdbc);
        fixtures.forgetRequests();
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter voter = fixtures.member(null);
        String replaced = fixtures.enrol(ballot, voter);
        Http http = new Http(port);

        http.postJson(
                "/api/ballots/replacement-requests",
                Map.of("membershipNumber", voter.number(), "gmcNumber", voter.gmc(), "email", voter.email()));
        String link = TestMailbox.firstLink(
                        TestMailbox.awaitMessageTo(voter.email()).body())
                .orElseThrow();
        String token = TestMailbox.tokenIn(link);
        assertThat(http.get("/vote/" + token).status()).isEqualTo(200);
        assertThat(http.postJson("/api/vote", Map.of("token", token, "choice", "Maybe"))
                        .status())
                .isEqualTo(400);
        assertThat(http.postJson("/api/vote", Map.of("token", token, "choice", "Yes"))
                        .status())
                .isEqualTo(201);
        assertThat(http.postJson("/api/vote", Map.of("token", token, "choice", "No"))
                        .status())
                .isEqualTo(409);
        assertThat(http.get("/vote/" + token).status()).isEqualTo(409);
        assertThat(http.postJson("/api/vote", Map.of("token", replaced, "choice", "No"))
                        .status())
                .isEqualTo(410);
        String unknown = SecretTokens.generate();
        assertThat(http.postJson("/api/vote", Map.of("token", unknown, "choice", "Yes"))
                        .status())
                .isEqualTo(404);
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        assertThat(admin.get("/test-support/fail-quietly/" + unknown).status()).isEqualTo(503);

        assertThat(output.getAll())
                .as("the server error on a path with a link was logged, with the link blanked")
                .contains("/test-support/fail-quietly/[redacted]")
                .doesNotContain(token, replaced, unknown);
    }
}
