package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The ballots' own forms (a draft made, changed or deleted; a ballot scheduled, unscheduled or published; a
 * replacement link issued or declined) are for administrators and scrutineers, and a replacement link's decision for
 * the scrutineer alone: anyone else signed in is refused before the form's body is read, not only once a controller
 * has been given it.
 */
@GpActionTest
class BallotFormAccessTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void practiceStaffAreRefusedTheBallotFormsBeforeTheyAreRead_andAdministratorsAndScrutineersAreNot() {
        ResultsTestData data = new ResultsTestData(jdbc, new Http(port));
        long ballot = new VotingFixtures(jdbc).openBallot(Duration.ofHours(1));
        String practice = TestPractices.add(jdbc);
        String large = "x".repeat(200_000);
        List<String> forms = List.of(
                "/ballots",
                "/ballots/" + ballot + "/edit",
                "/ballots/" + ballot + "/delete",
                "/ballots/" + ballot + "/schedule",
                "/ballots/" + ballot + "/unschedule",
                "/ballots/" + ballot + "/publish",
                "/ballots/replacement-requests/1/issue",
                "/ballots/replacement-requests/1/decline");
        for (String role : List.of("RECEPTIONIST", "PRACTICE_MANAGER")) {
            Http staff = data.signedIn(port, data.staff(role, List.of(practice)));
            for (String form : forms) {
                Http.Response refused = staff.postForm(form, Map.of("title", large, "reason", large));
                assertThat(refused.status()).as(role + " " + form).isEqualTo(403);
                assertThat(refused.body())
                        .as(role + " " + form)
                        .isEqualTo(TrusteeFormAccessTests.REFUSED_BEFORE_THE_BODY);
            }
        }

        Http admin = data.signedIn(port, TestAdmin.EMAIL, TestAdmin.PASSWORD);
        admin.get("/ballots/replacement-requests");
        for (String decision :
                List.of("/ballots/replacement-requests/1/issue", "/ballots/replacement-requests/1/decline")) {
            Http.Response refused = admin.postForm(
                    decision, Map.of("sendTo", "elsewhere@example.org", "reason", large, "declineReason", large));
            assertThat(refused.status())
                    .as("an administrator cannot send a member's link elsewhere: " + decision)
                    .isEqualTo(403);
            assertThat(refused.body()).isEqualTo(TrusteeFormAccessTests.REFUSED_BEFORE_THE_BODY);
        }
        admin.get("/ballots/new");
        Http.Response read = admin.postForm("/ballots", Map.of("title", ""));
        assertThat(read.status())
                .as("an administrator's form is read, and answered by the page with its refusal")
                .isEqualTo(400);
        assertThat(read.body()).contains("Enter a title");
        Http scrutineer = data.signedIn(port, data.scrutineer());
        scrutineer.get("/ballots/replacement-requests");
        Http.Response decided = scrutineer.postForm(
                "/ballots/replacement-requests/999999999/decline", Map.of("declineReason", "Not the member"));
        assertThat(decided.status())
                .as("a scrutineer's form is read, and answered by the page")
                .isEqualTo(302);
    }
}
