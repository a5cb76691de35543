package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.gpaction.ballots.ReplacementFixtures.Voter;
import org.gpaction.ballots.ballot.BallotLinks;
import org.gpaction.ballots.casting.Casting;
import org.gpaction.ballots.casting.VoteRefused;
import org.gpaction.common.SecretTokens;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every way a link can be superseded, and what the older link then does. A reminder sends a newer link for the same
 * credential: the older link still votes, and whichever is used first is the vote. A replacement (asked for by the
 * member, or issued by the scrutineer) ends the old credential: its links answer 410 with when the newer link was
 * sent, and never record a vote.
 */
@GpActionTest
@ExtendWith(ForgetReplacementRequests.class)
class SupersededLinkTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Casting casting;

    @Autowired
    BallotLinks links;

    @LocalServerPort
    int port;

    ReplacementFixtures fixtures;
    ResultsTestData data;
    String admin;

    @BeforeEach
    void fixtures() {
        fixtures = new ReplacementFixtures(jdbc);
        data = new ResultsTestData(jdbc, new Http(port));
        admin = data.adminToken();
    }

    @Test
    void afterAReminderTheFirstLinkStillVotesAndTheReminderLinkThenSaysAlreadyUsed() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter firstLinkVoter = fixtures.member(null);
        String first = fixtures.enrol(ballot, firstLinkVoter);
        Voter reminderVoter = fixtures.member(null);
        String original = fixtures.enrol(ballot, reminderVoter);

        remind(ballot);
        // A second round by hand may go ten minutes after the first.
        jdbc.sql("""
                        update ballots.reminder_round set started_at = started_at - interval '10 minutes'
                        where ballot_id = :ballot
                        """).param("ballot", ballot).update();
        remind(ballot);
        List<TestMailbox.Message> reminders = TestMailbox.awaitMessagesTo(firstLinkVoter.email(), 2);
        assertThat(reminders.get(1).body()).contains("The link in your earlier email about this ballot still works");
        String secondReminder = TestMailbox.tokenIn(reminders.get(1).firstLink());
        String firstReminder = TestMailbox.tokenIn(reminders.get(0).firstLink());

        Http voter = new Http(port);
        assertThat(voter.get("/vote/" + first).status())
                .as("the first link opens the ballot")
                .isEqualTo(200);
        assertThat(vote(first).status()).isEqualTo(201);
        for (String newer : List.of(firstReminder, secondReminder, first)) {
            Http.Response again = vote(newer);
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.body()).contains("already been used");
        }

        List<TestMailbox.Message> other = TestMailbox.awaitMessagesTo(reminderVoter.email(), 2);
        assertThat(vote(TestMailbox.tokenIn(other.get(1).firstLink())).status()).isEqualTo(201);
        assertThat(vote(original).status())
                .as("the original after the reminder was used")
                .isEqualTo(409);
        assertThat(voter.get("/vote/" + original).status()).isEqualTo(409);
        assertThat(fixtures.papers(ballot)).as("one vote per voter").isEqualTo(2);
    }

    /**
     * The outbox makes a message's link as the message goes, in a transaction of its own, and records the message as sent
     * only once the mail server has taken it: an instance that stops in between sends the message again after the
     * restart, with its link made again. The link in the copy already delivered keeps working beside it, as a
     * reminder's does.
     */
    @Test
    void aFirstLinkEmailSentAgainAfterACrashLeavesTheDeliveredLinkWorking_andOnlyOneVoteCounts() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter voter = fixtures.member(null);
        String unsent = fixtures.enrol(ballot, voter);
        // As the roll leaves a credential until its email goes: no link yet.
        String credential = jdbc.sql(
                        "update ballots.credential set token_hash = null where token_hash = :hash returning id::text")
                .param("hash", SecretTokens.hash(unsent))
                .query(String.class)
                .single();

        String delivered = TestMailbox.tokenIn(links.mint(credential).orElseThrow());
        // The instance stops before recording the message as sent; after the restart the outbox sends it again.
        String sentAgain = TestMailbox.tokenIn(links.mint(credential).orElseThrow());

        assertThat(sentAgain).isNotEqualTo(delivered);
        assertThat(new Http(port).get("/vote/" + sentAgain).status())
                .as("the copy sent again opens the ballot on its own")
                .isEqualTo(200);
        assertThat(new Http(port).get("/vote/" + delivered).status())
                .as("the link the voter already had still opens the ballot")
                .isEqualTo(200);
        assertThat(jdbc.sql("select links from ballots.voter_count where ballot_id = :ballot")
                        .param("ballot", ballot)
                        .query(Long.class)
                        .single())
                .as("the report counts one link, not the copy sent again as a further one")
                .isOne();
        assertThat(vote(delivered).status()).isEqualTo(201);
        assertThat(vote(sentAgain).status())
                .as("the copy sent again is the same credential, now used")
                .isEqualTo(409);
        assertThat(fixtures.papers(ballot)).isEqualTo(1);
        assertThat(fixtures.liveCredentials(ballot, voter)).isOne();
    }

    @Test
    void aLinkReplacedOnTheMembersOwnRequestSaysWhenTheNewerOneWasSentAndNeverVotes() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter voter = fixtures.member(null);
        String old = fixtures.enrol(ballot, voter);

        ReplacementFixtures.ask(new Http(port), voter, voter.email());
        String newer =
                TestMailbox.tokenIn(TestMailbox.awaitMessageTo(voter.email()).firstLink());

        assertReplaced(ballot, old);
        assertThat(vote(newer).status()).isEqualTo(201);
        assertThat(vote(old).status()).isEqualTo(410);
        assertThat(fixtures.papers(ballot)).isEqualTo(1);
    }

    @Test
    void aReplacedLinkOpenedAfterTheCloseSaysVotingHasClosedRatherThanSendingTheVoterToTheNewerLink() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter voter = fixtures.member(null);
        String old = fixtures.enrol(ballot, voter);
        ReplacementFixtures.ask(new Http(port), voter, voter.email());
        TestMailbox.awaitMessageTo(voter.email());
        assertReplaced(ballot, old);

        jdbc.sql("update ballots.ballot set closes_at = now() - interval '1 second' where id = :id")
                .param("id", ballot)
                .update();

        Http.Response page = new Http(port).get("/vote/" + old);
        assertThat(page.status()).isEqualTo(403);
        assertThat(page.body())
                .contains("Voting has closed")
                .doesNotContain("Use the link in that email", "Ask for a replacement link");
        Http.Response api = vote(old);
        assertThat(api.status()).isEqualTo(403);
        assertThat(api.body())
                .containsPattern("Voting closed (on \\d{1,2} [A-Z][a-z]+ \\d{4} at |at midnight)")
                .doesNotContain("newer link");
        assertThat(fixtures.papers(ballot)).isZero();
    }

    @Test
    void aLinkReplacedByTheScrutineerSaysWhenTheNewerOneWasSentAndNeverVotes() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter voter = fixtures.member(null);
        String old = fixtures.enrol(ballot, voter);
        String elsewhere = TestMailbox.uniqueAddress("checked");
        ReplacementFixtures.ask(new Http(port), voter, elsewhere);
        long request = fixtures.waitingRequest(ballot, voter);
        ReplacementFixtures.issue(data.signedIn(port, data.scrutineer()), request, elsewhere);
        String newer = TestMailbox.tokenIn(TestMailbox.awaitMessageTo(elsewhere).firstLink());

        assertReplaced(ballot, old);
        assertThat(vote(newer).status()).isEqualTo(201);
        assertThat(fixtures.papers(ballot)).isEqualTo(1);
    }

    @Test
    void aReplacementAfterAReminderEndsTheFirstLinkAndTheRemindersLinkAlike() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter voter = fixtures.member(null);
        String original = fixtures.enrol(ballot, voter);
        remind(ballot);
        String reminder =
                TestMailbox.tokenIn(TestMailbox.awaitMessageTo(voter.email()).firstLink());

        ReplacementFixtures.ask(new Http(port), voter, voter.email());
        String replacement = TestMailbox.tokenIn(
                TestMailbox.awaitMessagesTo(voter.email(), 2).get(1).firstLink());

        assertReplaced(ballot, original);
        assertReplaced(ballot, reminder);
        assertThat(vote(replacement).status()).isEqualTo(201);
        assertThat(fixtures.papers(ballot)).isEqualTo(1);
    }

    @RepeatedTest(3)
    void theFirstLinkAndTheRemindersLinkSubmittedTogetherRecordExactlyOneVote() throws Exception {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter voter = fixtures.member(null);
        String original = fixtures.enrol(ballot, voter);
        remind(ballot);
        String reminder =
                TestMailbox.tokenIn(TestMailbox.awaitMessageTo(voter.email()).firstLink());

        AtomicInteger turn = new AtomicInteger();
        List<Object> outcomes = VotingFixtures.race(() -> {
            String token = turn.getAndIncrement() % 2 == 0 ? original : reminder;
            return casting.cast(token, 0);
        });

        assertThat(outcomes).filteredOn(Casting.Receipt.class::isInstance).hasSize(1);
        assertThat(outcomes)
                .filteredOn(VoteRefused.class::isInstance)
                .hasSize(VotingFixtures.THREADS - 1)
                .allSatisfy(refused ->
                        assertThat(((VoteRefused) refused).reason()).isEqualTo(VoteRefused.Reason.ALREADY_USED));
        assertThat(fixtures.papers(ballot)).isEqualTo(1);
    }

    void assertReplaced(long ballot, String token) {
        long papers = fixtures.papers(ballot);
        Http.Response api = vote(token);
        assertThat(api.status()).isEqualTo(410);
        // A link sent in the minute after midnight is "at midnight at the start of" its day (UkTime.format).
        assertThat(api.body())
                .containsPattern("a newer link was sent to you (on |at midnight at the start of )")
                .contains("(UK time)");
        Http.Response page = new Http(port).get("/vote/" + token);
        assertThat(page.status()).isEqualTo(410);
        assertThat(page.body())
                .contains("id=\"replaced-at\"")
                .containsPattern("A newer link was sent to you\\s+<strong>(on |at midnight at the start of )");
        assertThat(VotingFixtures.refusal(() -> casting.cast(token, 0))).isEqualTo(VoteRefused.Reason.REPLACED);
        assertThat(fixtures.papers(ballot))
                .as("a replaced link never records a vote")
                .isEqualTo(papers);
    }

    void remind(long ballot) {
        Http.Response sent = new Http(port).postJson("/api/ballots/" + ballot + "/reminders", Map.of(), admin);
        assertThat(sent.status()).as(sent.body()).isEqualTo(201);
    }

    Http.Response vote(String token) {
        return new Http(port).postJson("/api/vote", Map.of("token", token, "choice", "Yes"));
    }
}
