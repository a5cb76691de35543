package org.gpaction.ballots.replacement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.gpaction.ballots.ForgetReplacementRequests;
import org.gpaction.ballots.ReplacementFixtures;
import org.gpaction.ballots.ReplacementFixtures.Voter;
import org.gpaction.ballots.VotingFixtures;
import org.gpaction.ballots.casting.Casting;
import org.gpaction.ballots.casting.VoteRefused;
import org.gpaction.ballots.replacement.ReplacementIntake.ReplacementRequestCommand;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.LockWaits;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A replacement and a vote on the old link, run against each other for real. */
@GpActionTest
@ExtendWith(ForgetReplacementRequests.class)
class ReplacementRaceTests {

    @Autowired
    ReplacementLinks replacements;

    @Autowired
    Casting casting;

    @Autowired
    ReplacementDecisions decisions;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @LocalServerPort
    int port;

    ReplacementFixtures fixtures;

    @BeforeEach
    void fixtures() {
        fixtures = new ReplacementFixtures(jdbc);
    }

    @RepeatedTest(8)
    void aReplacementIssuedWhileTheOldLinkIsSubmittedFromManyThreadsRecordsExactlyOneVote() throws Exception {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter voter = fixtures.member(null);
        String oldToken = fixtures.enrol(ballot, voter);
        AtomicBoolean replacer = new AtomicBoolean();

        List<Object> outcomes = VotingFixtures.race(() -> {
            if (replacer.compareAndSet(false, true)) {
                replacements.answer(new ReplacementRequestCommand(voter.number(), voter.gmc(), voter.email()));
                return "replacement asked for";
            }
            return casting.cast(oldToken, 0);
        });

        long receipts =
                outcomes.stream().filter(o -> o instanceof Casting.Receipt).count();
        assertThat(receipts).isLessThanOrEqualTo(1);
        assertThat(fixtures.liveCredentials(ballot, voter)).isEqualTo(1);
        TestMailbox.Message answer = TestMailbox.awaitMessageTo(voter.email());
        if (receipts == 1) {
            // The vote took the credential first: the replacement found it used and said so.
            assertThat(answer.subject()).startsWith("You have already voted");
            assertThat(answer.body()).doesNotContain("/vote/");
            assertThat(fixtures.count("select count(*) from ballots.credential where ballot_id = :ballot", ballot))
                    .isEqualTo(1);
        } else {
            // The replacement came first: every submission of the old link was refused as replaced, and the new
            // link records the one vote.
            assertThat(outcomes)
                    .filteredOn(o -> o instanceof VoteRefused)
                    .allMatch(o -> ((VoteRefused) o).reason() == VoteRefused.Reason.REPLACED)
                    .hasSize(VotingFixtures.THREADS - 1);
            assertThat(answer.subject()).startsWith("Your new ballot link");
            assertThat(fixtures.papers(ballot)).isZero();
            casting.cast(TestMailbox.tokenIn(answer.firstLink()), 1);
        }
        assertThat(fixtures.papers(ballot)).isEqualTo(1);
        assertThat(fixtures.count(
                        "select count(*) from ballots.roll_entry where ballot_id = :ballot and has_voted", ballot))
                .isEqualTo(1);
        assertThat(VotingFixtures.refusal(() -> casting.cast(oldToken, 0)))
                .isIn(VoteRefused.Reason.ALREADY_USED, VoteRefused.Reason.REPLACED);
    }

    @Test
    void afterAReplacementTheOldLinkAnswersReplacedAndTheNewOneVotes() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter voter = fixtures.member(null);
        String oldToken = fixtures.enrol(ballot, voter);
        Http http = new Http(port);

        ReplacementFixtures.ask(http, voter, voter.email());
        String newLink = TestMailbox.awaitMessageTo(voter.email()).firstLink();

        Http.Response old = http.postJson("/api/vote", java.util.Map.of("token", oldToken, "choice", "Yes"));
        assertThat(old.status()).isEqualTo(410);
        assertThat(old.body()).contains("replaced");
        Http.Response oldPage = http.get("/vote/" + oldToken);
        assertThat(oldPage.status()).isEqualTo(410);
        assertThat(oldPage.body()).contains("This link has been replaced");

        Http.Response vote =
                http.postJson("/api/vote", java.util.Map.of("token", TestMailbox.tokenIn(newLink), "choice", "No"));
        assertThat(vote.status()).isEqualTo(201);
        assertThat(fixtures.papers(ballot)).isEqualTo(1);
        assertThat(jdbc.sql("""
                        select count(*) from ballots.ballot_log
                        where ballot_id = :ballot and action = 'REPLACEMENT_ISSUED' and detail like :member
                        """)
                        .param("ballot", ballot)
                        .param("member", "%" + voter.number() + "%")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void theScrutineerIssuingTakesTheMembersLinkBeforeTheRequestAsTheMembersOwnAskingDoes() throws Exception {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter voter = fixtures.member(null);
        fixtures.enrol(ballot, voter);
        Http http = new Http(port);
        ReplacementFixtures.ask(http, voter, TestMailbox.uniqueAddress("elsewhere"));
        long request = fixtures.waitingRequest(ballot, voter);
        String checked = TestMailbox.uniqueAddress("checked");
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (Connection askingAgain = dataSource.getConnection()) {
            // The member asks again, to another unregistered address: the answer holds their live link first.
            askingAgain.setAutoCommit(false);
            try (PreparedStatement link = askingAgain.prepareStatement("""
                    select id from ballots.credential
                    where ballot_id = ? and membership_number = ? and ended_at is null for update
                    """)) {
                link.setLong(1, ballot);
                link.setString(2, voter.number());
                link.executeQuery().close();
            }
            int holder = LockWaits.backend(askingAgain);
            Future<ReplacementDecisions.Outcome> issued = thread.submit(() -> decisions.issue(
                    request, checked, "Checked by telephone with the member", "scrutineer@test.example"));
            await("the scrutineer's issue waiting for the member's link")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> LockWaits.blockedBy(jdbc, holder) == 1);
            // Then it queues the request again, as the worker does: the issue must not be holding the request.
            try (PreparedStatement queued = askingAgain.prepareStatement("""
                    update ballots.replacement_request set requested_email = ?, received_at = now()
                    where id = ? and state = 'WAITING'
                    """)) {
                queued.setString(1, TestMailbox.uniqueAddress("again"));
                queued.setLong(2, request);
                assertThat(queued.executeUpdate()).isEqualTo(1);
            }
            askingAgain.commit();

            assertThat(issued.get(30, TimeUnit.SECONDS)).isEqualTo(ReplacementDecisions.Outcome.ISSUED);
        } finally {
            thread.shutdownNow();
        }
        assertThat(jdbc.sql("select state || ' ' || sent_to from ballots.replacement_request where id = :id")
                        .param("id", request)
                        .query(String.class)
                        .single())
                .isEqualTo("ISSUED " + checked);
        assertThat(fixtures.liveCredentials(ballot, voter)).isEqualTo(1);
        assertThat(TestMailbox.awaitMessageTo(checked).subject()).startsWith("Your new ballot link");
    }

    /**
     * The member's live link is replaced (by the scrutineer, or by another instance acting on the member's other
     * request) while the member's own request waits for it: the request looks again and finds the new link, so the
     * address it names waits for the scrutineer rather than being lost without a trace.
     */
    @Test
    void aRequestWaitingForTheMembersLinkWhileItIsReplacedIsActedOnWithTheNewLink() throws Exception {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter voter = fixtures.member(null);
        fixtures.enrol(ballot, voter);
        String elsewhere = TestMailbox.uniqueAddress("elsewhere");
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (Connection replacing = dataSource.getConnection()) {
            replacing.setAutoCommit(false);
            try (PreparedStatement replaced = replacing.prepareStatement("""
                    update ballots.credential set state = 'REPLACED', ended_at = now()
                    where ballot_id = ? and membership_number = ? and ended_at is null
                    """)) {
                replaced.setLong(1, ballot);
                replaced.setString(2, voter.number());
                assertThat(replaced.executeUpdate()).isEqualTo(1);
            }
            try (PreparedStatement successor = replacing.prepareStatement("""
                    insert into ballots.credential (ballot_id, membership_number, issued_at, state)
                    values (?, ?, now(), 'ACTIVE')
                    """)) {
                successor.setLong(1, ballot);
                successor.setString(2, voter.number());
                successor.executeUpdate();
            }
            int holder = LockWaits.backend(replacing);
            Future<?> answered = thread.submit(
                    () -> replacements.answer(new ReplacementRequestCommand(voter.number(), voter.gmc(), elsewhere)));
            await("the member's request waiting for their link")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> LockWaits.blockedBy(jdbc, holder) == 1);
            replacing.commit();
            answered.get(30, TimeUnit.SECONDS);
        } finally {
            thread.shutdownNow();
        }

        assertThat(jdbc.sql("""
                        select a.email from ballots.replacement_request r
                        join ballots.replacement_request_address a on a.request_id = r.id
                        where r.ballot_id = :ballot and r.membership_number = :member and r.state = 'WAITING'
                        """)
                        .param("ballot", ballot)
                        .param("member", voter.number())
                        .query(String.class)
                        .list())
                .as("the address asked for waits for the scrutineer")
                .containsExactly(elsewhere);
        assertThat(fixtures.liveCredentials(ballot, voter)).isEqualTo(1);
    }
}
