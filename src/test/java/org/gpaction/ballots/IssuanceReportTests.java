package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gpaction.ballots.ReplacementFixtures.Voter;
import org.gpaction.ballots.casting.Casting;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The report counts every link that went out, not only the members sent one: first links, replacements on request
 * and by the scrutineer, reminders, requests declined or made after voting, and mail that could not be delivered.
 */
@GpActionTest
class IssuanceReportTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Casting casting;

    @LocalServerPort
    int port;

    ReplacementFixtures fixtures;

    @BeforeEach
    void fixtures() {
        fixtures = new ReplacementFixtures(jdbc);
        fixtures.forgetRequests();
    }

    @AfterEach
    void forget() {
        fixtures.forgetRequests();
    }

    @Test
    void theReportCountsFirstLinksReplacementsRemindersRefusalsAndUndeliveredMail() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter voted = fixtures.member(null);
        Voter asksAtHome = fixtures.member(null);
        Voter checked = fixtures.member(null);
        Voter declined = fixtures.member(null);
        casting.cast(fixtures.enrol(ballot, voted), 0);
        fixtures.enrol(ballot, asksAtHome);
        fixtures.enrol(ballot, checked);
        fixtures.enrol(ballot, declined);

        Http http = new Http(port);
        ask(http, asksAtHome, asksAtHome.email());
        String checkedElsewhere = TestMailbox.uniqueAddress("checked");
        ask(http, checked, checkedElsewhere);
        ask(http, declined, TestMailbox.uniqueAddress("declined"));
        ask(http, voted, voted.email());
        TestMailbox.awaitMessageTo(asksAtHome.email());
        fixtures.awaitRequestsActedOn();

        ResultsTestData data = new ResultsTestData(jdbc, http);
        Http scrutineer = data.signedIn(port, data.staff("SCRUTINEER", List.of()));
        long checkedRequest = request(ballot, checked);
        scrutineer.get("/ballots/replacement-requests/" + checkedRequest);
        assertThat(scrutineer
                        .postForm(
                                "/ballots/replacement-requests/" + checkedRequest + "/issue",
                                Map.of("sendTo", checkedElsewhere, "reason", "Checked by telephone with the member"))
                        .status())
                .isEqualTo(302);
        long declinedRequest = request(ballot, declined);
        scrutineer.get("/ballots/replacement-requests/" + declinedRequest);
        assertThat(scrutineer
                        .postForm(
                                "/ballots/replacement-requests/" + declinedRequest + "/decline",
                                Map.of("declineReason", "The member could not be reached to check"))
                        .status())
                .isEqualTo(302);
        TestMailbox.awaitMessageTo(checkedElsewhere);

        String admin = data.adminToken();
        Http.Response reminded = http.postJson("/api/ballots/" + ballot + "/reminders", Map.of(), admin);
        assertThat(reminded.json().get("sent").asInt()).isEqualTo(3);
        TestMailbox.awaitMessageTo(declined.email(), "Reminder: vote in " + title(ballot));
        // As the dispatcher leaves a message it gave up on (once it has marked it sent: the mailbox may see the
        // message a moment before the outbox row says so).
        await().until(() -> jdbc.sql("""
                                update notifications.outbox set status = 'FAILED', last_error = '550 mailbox unavailable'
                                where recipient = :to and status = 'SENT'
                                """).param("to", declined.email()).update() == 1);

        jdbc.sql("""
                        update ballots.ballot set status = 'CLOSED', closed_at = now(), log_hash = repeat('ab', 32)
                        where id = :id
                        """).param("id", ballot).update();
        JsonNode issuance =
                http.get("/api/ballots/" + ballot + "/results", admin).json().get("issuance");
        assertThat(issuance.get("firstLinks").asLong()).isEqualTo(4);
        assertThat(issuance.get("replacementsOnRequest").asLong()).isEqualTo(1);
        assertThat(issuance.get("replacementsByScrutineer").asLong()).isEqualTo(1);
        assertThat(issuance.get("reminders").asLong()).isEqualTo(3);
        assertThat(issuance.get("linksInAll").asLong()).isEqualTo(4 + 1 + 1 + 3);
        assertThat(issuance.get("requestsDeclined").asLong()).isEqualTo(1);
        assertThat(issuance.get("requestsAfterVoting").asLong()).isEqualTo(1);
        assertThat(issuance.get("undelivered").asLong()).isEqualTo(1);

        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        assertThat(pages.get("/ballots/" + ballot + "/report").body())
                .contains("id=\"issued\">4<")
                .contains("id=\"first-links\">4<")
                .contains("id=\"replacements-on-request\">1<")
                .contains("id=\"replacements-by-scrutineer\">1<")
                .contains("id=\"reminders\">3<")
                .contains("id=\"links-in-all\">9<")
                .contains("id=\"requests-declined\">1<")
                .contains("id=\"requests-after-voting\">1<")
                .contains("id=\"undelivered\">1<");
        assertThat(pages.get("/ballots/" + ballot + "/results.csv").body())
                .contains(",links_in_all,,9,")
                .contains(",undelivered,,1,");
    }

    void ask(Http http, Voter voter, String email) {
        Http.Response asked = http.postJson(
                "/api/ballots/replacement-requests",
                Map.of("membershipNumber", voter.number(), "gmcNumber", voter.gmc(), "email", email));
        assertThat(asked.status()).isEqualTo(202);
    }

    long request(long ballot, Voter voter) {
        return await().until(
                        () -> jdbc.sql("""
                                        select id from ballots.replacement_request
                                        where ballot_id = :ballot and membership_number = :member and state = 'WAITING'
                                        """)
                                .param("ballot", ballot)
                                .param("member", voter.number())
                                .query(Long.class)
                                .optional(),
                        java.util.Optional::isPresent)
                .orElseThrow();
    }

    String title(long ballot) {
        return jdbc.sql("select title from ballots.ballot where id = :id")
                .param("id", ballot)
                .query(String.class)
                .single();
    }
}
