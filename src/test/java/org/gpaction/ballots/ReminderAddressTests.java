package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.gpaction.ballots.ReplacementFixtures.Voter;
import org.gpaction.membership.MemberIdentities;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.LockWaits;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A reminder carries a working link, so it goes only where a replacement link would: never to a registered address
 * someone other than the member set after their first link went, until the scrutineer has checked it.
 */
@GpActionTest
@ExtendWith(ForgetReplacementRequests.class)
class ReminderAddressTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @LocalServerPort
    int port;

    ReplacementFixtures fixtures;

    @BeforeEach
    void fixtures() {
        fixtures = new ReplacementFixtures(jdbc);
    }

    @Test
    void aReminderGoesToNoAddressSomeoneElseSetAfterTheFirstLink_itWaitsForTheScrutineer_whoseLinkThereIsTrusted() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter sentThere = fixtures.member(null);
        fixtures.enrol(ballot, sentThere);
        Voter corrected = fixtures.member(null);
        fixtures.enrol(ballot, corrected);
        Voter changedThemselves = fixtures.member(null);
        fixtures.enrol(ballot, changedThemselves);
        String importedThere = fixtures.moveAddress(sentThere, "admin@union.test");
        String importedCorrected = fixtures.moveAddress(corrected, "admin@union.test");
        String theirOwn = fixtures.moveAddress(changedThemselves, MemberIdentities.SELF_SERVICE);
        Http http = new Http(port);
        ResultsTestData data = new ResultsTestData(jdbc, http);
        String admin = data.adminToken();

        Http.Response first = http.postJson("/api/ballots/" + ballot + "/reminders", Map.of(), admin);

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().get("sent").asInt())
                .as("only the member who changed their own address was reminded")
                .isEqualTo(1);
        assertThat(TestMailbox.awaitMessageTo(theirOwn, "Reminder: vote in " + fixtures.title(ballot))
                        .firstLink())
                .contains("/vote/");
        assertThat(linksTo(importedThere) + linksTo(importedCorrected))
                .as("no reminder, and so no link, went to an address an administrator set")
                .isZero();
        assertThat(remindedIn(ballot))
                .as("the marked register counts only the reminder that went")
                .containsExactly(changedThemselves.number());
        assertThat(logDetails(ballot, "REMINDER_SENT"))
                .containsExactly(
                        "Reminder sent by hand to 1 member who had not voted, with a new link; the links they had for"
                                + " the same credential still work");
        assertThat(logDetails(ballot, "REMINDERS_HELD_BACK"))
                .containsExactly("No reminder sent to 2 members who had not voted: someone other than the member (an"
                        + " administrator or a membership import) changed their registered address after their first"
                        + " link went, so each address waits for the scrutineer's check among the replacement"
                        + " requests");
        assertThat(logDetails(ballot, "REPLACEMENT_QUEUED"))
                .as("nobody asked for a link")
                .isEmpty();
        long waitingThere = fixtures.waitingRequest(ballot, sentThere);
        assertThat(addressesOf(waitingThere)).containsExactly(importedThere);
        long waitingCorrected = fixtures.waitingRequest(ballot, corrected);
        assertThat(addressesOf(waitingCorrected)).containsExactly(importedCorrected);

        Http scrutineer = data.signedIn(port, data.scrutineer());
        String queue = ReplacementFixtures.wholeQueue(scrutineer).replaceAll("\\s+", " ");
        assertThat(queue).contains(sentThere.number(), importedThere + " (held back from a reminder)");
        String check = scrutineer
                .get("/ballots/replacement-requests/" + waitingThere)
                .body()
                .replaceAll("\\s+", " ");
        assertThat(check)
                .contains("Address held back from a reminder", "Not asked for: held back from a reminder round at")
                .contains("A reminder round sent no link to the registered address")
                .doesNotContain("The registered address was asked for");

        ReplacementFixtures.issue(scrutineer, waitingThere, importedThere);
        String elsewhere = TestMailbox.uniqueAddress("elsewhere");
        ReplacementFixtures.issue(scrutineer, waitingCorrected, elsewhere);
        TestMailbox.awaitMessageTo(importedThere);
        TestMailbox.awaitMessageTo(elsewhere);
        jdbc.sql("""
                        update ballots.reminder_round set started_at = started_at - interval '11 minutes'
                        where ballot_id = :ballot
                        """).param("ballot", ballot).update();

        Http.Response second = http.postJson("/api/ballots/" + ballot + "/reminders", Map.of(), admin);

        assertThat(second.status()).as(second.body()).isEqualTo(201);
        assertThat(second.json().get("sent").asInt()).isEqualTo(3);
        assertThat(TestMailbox.awaitMessageTo(importedThere, "Reminder: vote in " + fixtures.title(ballot))
                        .firstLink())
                .as("the address the scrutineer sent a link to is reminded there")
                .contains("/vote/");
        assertThat(TestMailbox.awaitMessageTo(elsewhere, "Reminder: vote in " + fixtures.title(ballot))
                        .firstLink())
                .as("the scrutineer's correction is reminded")
                .contains("/vote/");
        assertThat(remindersTo(importedCorrected))
                .as("the address the scrutineer corrected away from still gets no reminder")
                .isZero();
        assertThat(jdbc.sql("""
                        select count(*) from ballots.replacement_request
                        where ballot_id = :ballot and state = 'WAITING'
                        """).param("ballot", ballot).query(Long.class).single())
                .as("nothing more waits for the scrutineer")
                .isZero();
        assertThat(logDetails(ballot, "REMINDERS_HELD_BACK")).hasSize(1);
    }

    @Test
    void anAddressTheScrutineerDeclinedIsNotQueuedAgainByLaterRounds_norCountedAsARequestDeclined() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter declined = fixtures.member(null);
        fixtures.enrol(ballot, declined);
        Voter waiting = fixtures.member(null);
        fixtures.enrol(ballot, waiting);
        String declinedAddress = fixtures.moveAddress(declined, "admin@union.test");
        String waitingAddress = fixtures.moveAddress(waiting, "admin@union.test");
        Http http = new Http(port);
        ResultsTestData data = new ResultsTestData(jdbc, http);
        String admin = data.adminToken();
        assertThat(http.postJson("/api/ballots/" + ballot + "/reminders", Map.of(), admin)
                        .json()
                        .get("sent")
                        .asInt())
                .isZero();
        Http scrutineer = data.signedIn(port, data.scrutineer());
        long request = fixtures.waitingRequest(ballot, declined);
        scrutineer.get("/ballots/replacement-requests/" + request);
        assertThat(scrutineer
                        .postForm(
                                "/ballots/replacement-requests/" + request + "/decline",
                                Map.of("declineReason", "The member says the address is not theirs"))
                        .status())
                .isEqualTo(302);
        nextRoundMayGo(ballot);

        Http.Response second = http.postJson("/api/ballots/" + ballot + "/reminders", Map.of(), admin);

        assertThat(second.status()).as(second.body()).isEqualTo(201);
        assertThat(second.json().get("sent").asInt()).isZero();
        assertThat(linksTo(declinedAddress) + linksTo(waitingAddress))
                .as("still no link to either address")
                .isZero();
        assertThat(waitingRequests(ballot, declined))
                .as("the address the scrutineer declined does not wait for them again")
                .isZero();
        assertThat(jdbc.sql("""
                        select a.reminders_held_back from ballots.replacement_request_address a
                        join ballots.replacement_request r on r.id = a.request_id
                        where r.ballot_id = :ballot and r.membership_number = :member and r.state = 'WAITING'
                        """)
                        .param("ballot", ballot)
                        .param("member", waiting.number())
                        .query(Integer.class)
                        .single())
                .as("the other address, still undecided, was held back by both rounds")
                .isEqualTo(2);
        assertThat(logDetails(ballot, "REMINDERS_HELD_BACK"))
                .last()
                .asString()
                .startsWith("No reminder sent to 2 members who had not voted")
                .contains("1 address waits for the scrutineer's check", "the scrutineer has declined 1 address");
        assertThat(jdbc.sql("select requests_declined from ballots.voter_count where ballot_id = :ballot")
                        .param("ballot", ballot)
                        .query(Long.class)
                        .single())
                .as("nobody asked for the address the scrutineer declined")
                .isZero();
        assertThat(ReplacementFixtures.everyDecided(scrutineer).replaceAll("\\s+", " "))
                .contains(declinedAddress + " (held back from a reminder)");
    }

    @Test
    void theMembersOwnRequestTrustsAnAddressTheScrutineerSentThemALinkTo_asARoundDoes() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter member = fixtures.member(null);
        fixtures.enrol(ballot, member);
        String imported = fixtures.moveAddress(member, "admin@union.test");
        Http http = new Http(port);
        ResultsTestData data = new ResultsTestData(jdbc, http);
        ReplacementFixtures.ask(http, member, imported);
        long request = fixtures.waitingRequest(ballot, member);
        ReplacementFixtures.issue(data.signedIn(port, data.scrutineer()), request, imported);
        TestMailbox.awaitMessageTo(imported);
        fixtures.forgetRequests();

        ReplacementFixtures.ask(http, member, imported);
        fixtures.awaitRequestsActedOn();

        assertThat(waitingRequests(ballot, member))
                .as("the address the scrutineer sent the member a link to does not wait for them again")
                .isZero();
        assertThat(jdbc.sql("""
                        select count(*) from notifications.outbox
                        where recipient = :to and subject like 'Your new ballot link%'
                        """).param("to", imported).query(Long.class).single())
                .as("the member's own request sent a new link there at once")
                .isEqualTo(2);
    }

    /**
     * The scrutineer sends a link to a held back address while a round runs, after the round read what to trust and
     * before it writes what it held back: the round does not queue that address again, whose request would end the
     * member's fresh link, and still keeps the others it held back.
     */
    @Test
    void anAddressTheScrutineerSentALinkToDuringARoundIsNotQueuedAgainByIt() throws Exception {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter issued = fixtures.member(null);
        fixtures.enrol(ballot, issued);
        Voter waiting = fixtures.member(null);
        fixtures.enrol(ballot, waiting);
        String issuedAddress = fixtures.moveAddress(issued, "admin@union.test");
        fixtures.moveAddress(waiting, "admin@union.test");
        Http http = new Http(port);
        ResultsTestData data = new ResultsTestData(jdbc, http);
        String admin = data.adminToken();
        assertThat(http.postJson("/api/ballots/" + ballot + "/reminders", Map.of(), admin)
                        .status())
                .isEqualTo(201);
        long request = fixtures.waitingRequest(ballot, issued);
        Http scrutineer = data.signedIn(port, data.scrutineer());
        nextRoundMayGo(ballot);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        Http.Response second;
        try (Connection holding = dataSource.getConnection()) {
            // Holds the round at its first write after its reads: who it reminds.
            holding.setAutoCommit(false);
            try (Statement lock = holding.createStatement()) {
                lock.execute("lock table ballots.reminder_sent in share mode");
            }
            int holder = LockWaits.backend(holding);
            Future<Http.Response> round =
                    thread.submit(() -> http.postJson("/api/ballots/" + ballot + "/reminders", Map.of(), admin));
            await("the round waiting to write, its reads done")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> LockWaits.blockedBy(jdbc, holder) == 1);
            ReplacementFixtures.issue(scrutineer, request, issuedAddress);
            holding.rollback();
            second = round.get(30, TimeUnit.SECONDS);
        } finally {
            thread.shutdownNow();
        }

        assertThat(second.status()).as(second.body()).isEqualTo(201);
        assertThat(waitingRequests(ballot, issued))
                .as("the address the scrutineer sent a link to meanwhile does not wait again")
                .isZero();
        assertThat(fixtures.liveCredentials(ballot, issued)).isEqualTo(1);
        assertThat(waitingRequests(ballot, waiting)).isEqualTo(1);
        assertThat(jdbc.sql("""
                        select a.reminders_held_back from ballots.replacement_request_address a
                        join ballots.replacement_request r on r.id = a.request_id
                        where r.ballot_id = :ballot and r.membership_number = :member and r.state = 'WAITING'
                        """)
                        .param("ballot", ballot)
                        .param("member", waiting.number())
                        .query(Integer.class)
                        .single())
                .as("the second round still held the other address back")
                .isEqualTo(2);
        assertThat(logDetails(ballot, "REMINDERS_HELD_BACK"))
                .last()
                .asString()
                .startsWith("No reminder sent to 1 member who had not voted");
    }

    private void nextRoundMayGo(long ballot) {
        jdbc.sql("""
                        update ballots.reminder_round set started_at = started_at - interval '11 minutes'
                        where ballot_id = :ballot
                        """).param("ballot", ballot).update();
    }

    private long waitingRequests(long ballot, Voter voter) {
        return jdbc.sql("""
                        select count(*) from ballots.replacement_request
                        where ballot_id = :ballot and membership_number = :member and state = 'WAITING'
                        """)
                .param("ballot", ballot)
                .param("member", voter.number())
                .query(Long.class)
                .single();
    }

    private long linksTo(String address) {
        return jdbc.sql("select count(*) from notifications.outbox where recipient = :to")
                .param("to", address)
                .query(Long.class)
                .single();
    }

    private long remindersTo(String address) {
        return jdbc.sql("select count(*) from notifications.outbox where recipient = :to and subject like 'Reminder:%'")
                .param("to", address)
                .query(Long.class)
                .single();
    }

    private List<String> remindedIn(long ballot) {
        return jdbc.sql("""
                        select s.membership_number from ballots.reminder_sent s
                        join ballots.reminder_round r on r.id = s.round_id
                        where r.ballot_id = :ballot
                        """).param("ballot", ballot).query(String.class).list();
    }

    private List<String> logDetails(long ballot, String action) {
        return jdbc.sql("select detail from ballots.ballot_log where ballot_id = :ballot and action = :action")
                .param("ballot", ballot)
                .param("action", action)
                .query(String.class)
                .list();
    }

    private List<String> addressesOf(long request) {
        return jdbc.sql("select email from ballots.replacement_request_address where request_id = :id")
                .param("id", request)
                .query(String.class)
                .list();
    }
}
