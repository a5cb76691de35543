package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.gpaction.ballots.PublishedResultFixtures.ClosedBallot;
import org.gpaction.ballots.ReplacementFixtures.Voter;
import org.gpaction.ballots.results.Results;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestPractices;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The marked register says who was sent which links and who voted, never how, to the scrutineer alone; the history
 * of decided replacement requests is for whoever works the queue.
 */
@GpActionTest
class MarkedRegisterTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Results results;

    PublishedResultFixtures fixtures;
    ResultsTestData data;

    @BeforeEach
    void fixtures() {
        fixtures = new PublishedResultFixtures(jdbc, results);
        data = new ResultsTestData(jdbc, new Http(port));
    }

    @Test
    void theScrutineerDownloadsWhoWasSentLinksAndWhoVotedButNeverHow() {
        ClosedBallot ballot = fixtures.closed("Marked register", 3, 1, 1);
        String practice = TestPractices.add(jdbc);
        Voter voted = ballot.members().get(0);
        Voter replaced = ballot.members().get(2);
        jdbc.sql("update ballots.roll_entry set practice_ods = :practice where ballot_id = :ballot")
                .param("practice", practice)
                .param("ballot", ballot.id())
                .update();
        jdbc.sql("update membership.member set given_name = '=HYPERLINK(\"x\")', family_name = 'Smith, Jr'"
                        + " where membership_number = :number")
                .param("number", voted.number())
                .update();
        jdbc.sql("""
                        update ballots.credential set state = 'REPLACED', ended_at = now() - interval '1 hour',
                            issued_at = timestamptz '2024-07-01 09:00+01'
                        where ballot_id = :ballot and membership_number = :member
                        """)
                .param("ballot", ballot.id())
                .param("member", replaced.number())
                .update();
        jdbc.sql("""
                        insert into ballots.credential (ballot_id, membership_number, issued_at, state)
                        values (:ballot, :member, timestamptz '2024-07-03 10:30+01', 'ACTIVE')
                        """)
                .param("ballot", ballot.id())
                .param("member", replaced.number())
                .update();
        long round =
                jdbc.sql("""
                        insert into ballots.reminder_round (ballot_id, round_key, started_by, started_at, sent)
                        values (:ballot, 'manual-test', 'test', timestamptz '2024-07-05 08:00+01', 1) returning id
                        """).param("ballot", ballot.id()).query(Long.class).single();
        jdbc.sql("insert into ballots.reminder_sent (round_id, membership_number) values (:round, :member)")
                .param("round", round)
                .param("member", replaced.number())
                .update();

        String scrutineer = data.scrutineer();
        Http.Response csv = data.signedIn(port, scrutineer).get("/ballots/" + ballot.id() + "/marked-register.csv");

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("content-type")).startsWith("text/csv");
        assertThat(csv.header("content-disposition")).contains("marked-register.csv");
        List<String> lines = List.of(csv.body().split("\r\n"));
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0))
                .isEqualTo("\uFEFFmembership_number,name,practice_ods,practice_name,first_link_sent,"
                        + "replacement_links,reminders,last_link_sent,voted");
        assertThat(line(lines, voted))
                .as("a name a spreadsheet would run as a formula is quoted, commas kept in the cell")
                .startsWith(voted.number() + ",\"'=HYPERLINK(\"\"x\"\") Smith, Jr\"," + practice + ",TEST PRACTICE "
                        + practice + ",")
                .matches(".*,\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d,0,0,\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d,yes");
        assertThat(line(lines, replaced)).endsWith(",2024-07-01 09:00,1,1,2024-07-05 08:00,no");
        assertThat(csv.body()).doesNotContain("Yes,").doesNotContain(",No").doesNotContain("choice");
        assertThat(jdbc.sql("""
                        select count(*) from membership.audit_log
                        where actor = :actor and action = 'VIEW' and detail like 'Marked register%'
                        """).param("actor", scrutineer).query(Long.class).single())
                .as("each member's name shown is in their audit log")
                .isEqualTo(3);
    }

    @Test
    void nobodyButAScrutineerGetsTheMarkedRegister() {
        ClosedBallot ballot = fixtures.closed("Register refused", 2, 1);
        String path = "/ballots/" + ballot.id() + "/marked-register.csv";

        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        assertThat(admin.get(path).status()).as("administrator").isEqualTo(403);
        Http manager = data.signedIn(port, data.staff("PRACTICE_MANAGER", List.of(TestPractices.add(jdbc))));
        assertThat(manager.get(path).status()).as("practice manager").isEqualTo(403);
        Http.Response anonymous = new Http(port).get(path);
        assertThat(anonymous.status()).as("not signed in").isEqualTo(302);
        assertThat(anonymous.header("location")).endsWith("/sign-in");
        assertThat(data.signedIn(port, data.scrutineer())
                        .get("/ballots/999999999/marked-register.csv")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void decidedReplacementRequestsShowWhoDecidedWhenWhatAndWhy() {
        ClosedBallot ballot = fixtures.closed("Decided requests", 2);
        Voter member = ballot.members().get(0);
        jdbc.sql("""
                        insert into ballots.replacement_request (ballot_id, membership_number, requested_email,
                            received_at, state, sent_to, decided_by, decided_at, reason)
                        values (:ballot, :member, 'typed@mail.test', now() - interval '2 hours', 'ISSUED',
                                'checked@mail.test', 'scrutineer.one@ballots.test', now() - interval '1 hour',
                                'Member confirmed by phone'),
                               (:ballot, :member, 'stranger@mail.test', now() - interval '3 hours', 'DECLINED',
                                null, 'scrutineer.two@ballots.test', now() - interval '90 minutes',
                                'Could not reach the member')
                        """)
                .param("ballot", ballot.id())
                .param("member", member.number())
                .update();

        for (Http staff : List.of(data.signedIn(port, data.scrutineer()), signedInAdmin())) {
            assertThat(staff.get("/ballots/replacement-requests/decided").status())
                    .isEqualTo(200);
            String decided = ReplacementFixtures.everyDecided(staff);
            assertThat(decided)
                    .contains(ballot.title())
                    .contains("checked@mail.test")
                    .contains("scrutineer.one@ballots.test")
                    .contains("Member confirmed by phone")
                    .contains("Link sent")
                    .contains("stranger@mail.test")
                    .contains("Declined")
                    .contains("Could not reach the member");
            assertThat(decided.indexOf("checked@mail.test"))
                    .as("the latest decision first")
                    .isLessThan(decided.indexOf("stranger@mail.test"));
        }
        Http manager = data.signedIn(port, data.staff("PRACTICE_MANAGER", List.of(TestPractices.add(jdbc))));
        assertThat(manager.get("/ballots/replacement-requests/decided").status())
                .isEqualTo(403);
        assertThat(new Http(port).get("/ballots/replacement-requests/decided").status())
                .isEqualTo(302);
    }

    private Http signedInAdmin() {
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        return admin;
    }

    private static String line(List<String> lines, Voter member) {
        return lines.stream()
                .filter(line -> line.startsWith(member.number() + ","))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No line for " + member.number()));
    }
}
