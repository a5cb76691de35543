package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.gpaction.ballots.ReplacementFixtures.Voter;
import org.gpaction.ballots.roll.RollKeeper;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The ballot log tells each step in words people use: members by membership number, staff by email address, never
 * a database id of the ballot, a credential, a request, a reminder round or an account.
 */
@GpActionTest
@ExtendWith(ForgetReplacementRequests.class)
class BallotLogWordsTests {

    static final Pattern UUID_SHAPE =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RollKeeper rolls;

    ReplacementFixtures fixtures;

    @BeforeEach
    void fixtures() {
        fixtures = new ReplacementFixtures(jdbc);
        // Ids far from any count, day or year the log may mention, so finding one can only mean an id was shown.
        for (String table : List.of(
                "ballots.ballot",
                "ballots.credential",
                "ballots.replacement_request",
                "ballots.reminder_round",
                "ballots.ballot_log",
                "accounts.staff")) {
            jdbc.sql("select setval(pg_get_serial_sequence(:table, 'id'),"
                            + " greatest(nextval(pg_get_serial_sequence(:table, 'id')), 7000000))")
                    .param("table", table)
                    .query()
                    .singleRow();
        }
    }

    @Test
    void theLogNamesEveryStepInWordsAndShowsNoInternalId() throws Exception {
        Http http = new Http(port);
        ResultsTestData data = new ResultsTestData(jdbc, http);
        String admin = data.adminToken();
        String scrutineer = data.scrutineer();
        String scrutineerToken = data.token(scrutineer, ResultsTestData.PASSWORD);
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter voter = fixtures.member(null);
        Voter other = fixtures.member(null);

        rolls.addByScrutineer(ballot, voter.number(), "Left off the roll by mistake", scrutineer);
        rolls.addByScrutineer(ballot, other.number(), "Left off the roll by mistake", scrutineer);
        TestMailbox.awaitMessageTo(voter.email());
        assertThat(http.postJson("/api/ballots/" + ballot + "/reminders", Map.of(), admin)
                        .status())
                .isEqualTo(201);
        assertThat(http.postJson(
                                "/api/ballots/replacement-requests",
                                Map.of(
                                        "membershipNumber",
                                        other.number(),
                                        "gmcNumber",
                                        other.gmc(),
                                        "email",
                                        TestMailbox.uniqueAddress("elsewhere")))
                        .status())
                .isEqualTo(202);
        fixtures.awaitRequestsActedOn();
        long request = jdbc.sql("select id from ballots.replacement_request where ballot_id = :ballot")
                .param("ballot", ballot)
                .query(Long.class)
                .single();
        Http scrutineerPages = data.signedIn(port, scrutineer);
        scrutineerPages.get("/ballots/replacement-requests/" + request);
        assertThat(scrutineerPages
                        .postForm(
                                "/ballots/replacement-requests/" + request + "/decline",
                                Map.of("declineReason", "Could not reach the member"))
                        .status())
                .isEqualTo(302);
        // A reminder logged before reminders were described in words, under its round's key.
        jdbc.sql("""
                        insert into ballots.ballot_log (ballot_id, at, actor, action, detail)
                        values (:ballot, now(), 'admin@example.org', 'REMINDER_SENT', :detail)
                        """)
                .param("ballot", ballot)
                .param(
                        "detail",
                        "Reminder manual-" + UUID.randomUUID()
                                + " sent to 2 members who had not voted, each with a new link; their earlier links"
                                + " still work")
                .update();
        jdbc.sql("""
                        update ballots.ballot set status = 'CLOSED', closes_at = now(), closed_at = now(),
                            log_hash = repeat('ab', 32)
                        where id = :id
                        """).param("id", ballot).update();
        TestTrustee.countNow(jdbc, ballot);
        assertThat(http.postJson("/api/ballots/" + ballot + "/certification", Map.of(), scrutineerToken)
                        .status())
                .isEqualTo(201);
        assertThat(http.postJson("/api/ballots/" + ballot + "/publish", "{}", admin)
                        .status())
                .isEqualTo(200);

        String log = log(ballot);

        assertThat(log)
                .contains("Roll corrected")
                .contains("Added member " + voter.number())
                .contains("Reminder sent by hand to 2 members")
                .contains("Replacement request waiting for a check")
                .contains("Replacement request declined")
                .contains("Report certified")
                .contains("Result published")
                .contains(scrutineer)
                .doesNotContain("REMINDER_SENT")
                .doesNotContain("manual-");
        String withoutAddresses = log.replaceAll("\\S+@\\S+", "");
        assertThat(UUID_SHAPE.matcher(withoutAddresses).find())
                .as("a random id in: " + withoutAddresses)
                .isFalse();
        for (long id : internalIds(ballot, scrutineer)) {
            assertThat(Pattern.compile("\\b" + id + "\\b").matcher(log).find())
                    .as("id " + id + " in: " + log)
                    .isFalse();
        }
    }

    @Test
    void aReminderToOneMemberSaysMemberInTheSingular() {
        Http http = new Http(port);
        String admin = new ResultsTestData(jdbc, http).adminToken();
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        fixtures.enrol(ballot, fixtures.member(null));

        assertThat(http.postJson("/api/ballots/" + ballot + "/reminders", Map.of(), admin)
                        .status())
                .isEqualTo(201);

        assertThat(log(ballot))
                .contains("Reminder sent by hand to 1 member who had not voted, with a new link; the links they had"
                        + " for the same credential still work")
                .doesNotContain("1 members");
    }

    @Test
    void anAddressNotKeptIsToldInAWholeSentence() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        jdbc.sql("""
                        insert into ballots.ballot_log (ballot_id, at, actor, action, detail)
                        values (:ballot, now(), 'member (replacement request)', 'REPLACEMENT_NOT_KEPT',
                            'M9000001 asked for a new link to someone@example.org, not kept for the check')
                        """).param("ballot", ballot).update();

        assertThat(log(ballot))
                .contains("Replacement address not kept: the request had gained as many addresses as it may for now");
    }

    /** The log as the ballot's page shows it to an administrator, in words. */
    private String log(long ballot) {
        Http adminPages = new Http(port);
        adminPages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        String page = adminPages.get("/ballots/" + ballot).body();
        int start = page.indexOf("id=\"ballot-log\"");
        return text(page.substring(start, page.indexOf("</table>", start)));
    }

    private List<Long> internalIds(long ballot, String scrutineer) {
        List<Long> ids = new ArrayList<>(List.of(ballot));
        for (String sql : List.of(
                "select id from ballots.credential where ballot_id = :ballot",
                "select id from ballots.replacement_request where ballot_id = :ballot",
                "select id from ballots.reminder_round where ballot_id = :ballot",
                "select id from ballots.ballot_log where ballot_id = :ballot")) {
            ids.addAll(jdbc.sql(sql).param("ballot", ballot).query(Long.class).list());
        }
        ids.add(jdbc.sql("select id from accounts.staff where email = :email")
                .param("email", scrutineer)
                .query(Long.class)
                .single());
        assertThat(ids).hasSizeGreaterThan(8);
        return ids;
    }

    private static String text(String html) {
        return html.replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ");
    }
}
