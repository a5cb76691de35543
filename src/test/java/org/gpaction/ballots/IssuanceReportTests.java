package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.gpaction.ballots.PublishedResultFixtures.ClosedBallot;
import org.gpaction.ballots.ReplacementFixtures.Voter;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.ballot.BallotEmails;
import org.gpaction.ballots.ballot.BallotRepository;
import org.gpaction.ballots.casting.Casting;
import org.gpaction.ballots.results.Results;
import org.gpaction.ballots.roll.RollKeeper;
import org.gpaction.notifications.Email;
import org.gpaction.notifications.Outbox;
import org.gpaction.notifications.internal.OutboxDispatcher;
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
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The report counts every link that went out, not only the members sent one: first links, replacements on request
 * and by the scrutineer, reminders, requests declined or made after voting, and mail that could not be delivered.
 */
@GpActionTest
@ExtendWith(ForgetReplacementRequests.class)
class IssuanceReportTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Casting casting;

    @Autowired
    Results results;

    @Autowired
    BallotRepository ballots;

    @Autowired
    Outbox outbox;

    @Autowired
    PlatformTransactionManager transactions;

    @LocalServerPort
    int port;

    ReplacementFixtures fixtures;
    PublishedResultFixtures closed;

    @BeforeEach
    void fixtures() {
        fixtures = new ReplacementFixtures(jdbc);
        closed = new PublishedResultFixtures(jdbc, results);
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
        ReplacementFixtures.ask(http, asksAtHome, asksAtHome.email());
        String checkedElsewhere = TestMailbox.uniqueAddress("checked");
        ReplacementFixtures.ask(http, checked, checkedElsewhere);
        ReplacementFixtures.ask(http, declined, TestMailbox.uniqueAddress("declined"));
        ReplacementFixtures.ask(http, voted, voted.email());
        TestMailbox.awaitMessageTo(asksAtHome.email());
        fixtures.awaitRequestsActedOn();

        ResultsTestData data = new ResultsTestData(jdbc, http);
        Http scrutineer = data.signedIn(port, data.scrutineer());
        ReplacementFixtures.issue(scrutineer, fixtures.waitingRequest(ballot, checked), checkedElsewhere);
        long declinedRequest = fixtures.waitingRequest(ballot, declined);
        scrutineer.get("/ballots/replacement-requests/" + declinedRequest);
        Http.Response nul = scrutineer.postForm(
                "/ballots/replacement-requests/" + declinedRequest + "/decline",
                Map.of("declineReason", "Could not\u0000 reach the member"));
        assertThat(nul.status())
                .as("a NUL in the reason is a question, not a server error")
                .isEqualTo(400);
        assertThat(nul.body()).contains("The reason must not contain control characters");
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
        TestMailbox.awaitMessageTo(declined.email(), "Reminder: vote in " + fixtures.title(ballot));
        undeliverable(declined.email());

        jdbc.sql("""
                        update ballots.ballot set status = 'CLOSED', closed_at = now(), log_hash = repeat('ab', 32)
                        where id = :id
                        """).param("id", ballot).update();
        TestTrustee.countNow(jdbc, ballot);
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
        // A reminder's link works beside the member's earlier ones; only a replacement stops them: the report the
        // scrutineer certifies says so, on the result page too.
        for (String page : List.of("/report", "/results")) {
            assertThat(pages.get("/ballots/" + ballot + page).body())
                    .doesNotContain("Each new link replaced the member's earlier one")
                    .contains("A replacement link stopped the member's earlier links working; a reminder's link"
                            + " worked beside them.");
        }
        assertThat(pages.get("/ballots/" + ballot + "/results.csv").body())
                .contains(",links_in_all,,9,")
                .contains(",undelivered,,1,");
    }

    @Test
    void aRequestStillWaitingAtTheCloseIsNoLongerOfferedForDecision_theQueueListsItAsClosedUndecided() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter asksElsewhere = fixtures.member(null);
        fixtures.enrol(ballot, asksElsewhere);
        Http http = new Http(port);
        ReplacementFixtures.ask(http, asksElsewhere, TestMailbox.uniqueAddress("elsewhere"));
        fixtures.awaitRequestsActedOn();
        long request = fixtures.waitingRequest(ballot, asksElsewhere);
        ResultsTestData data = new ResultsTestData(jdbc, http);
        Http scrutineer = data.signedIn(port, data.scrutineer());
        String check = "href=\"/ballots/replacement-requests/" + request + "\"";
        assertThat(ReplacementFixtures.wholeQueue(scrutineer))
                .as("offered while voting is open")
                .contains(check);

        jdbc.sql("""
                        update ballots.ballot set status = 'CLOSED', closes_at = now() - interval '1 minute',
                            closed_at = now(), log_hash = repeat('ab', 32)
                        where id = :id
                        """).param("id", ballot).update();

        String queue = ReplacementFixtures.wholeQueue(scrutineer);
        assertThat(queue).as("no longer offered for a decision").doesNotContain(check);
        assertThat(queue).contains("id=\"closed-requests\"");
        assertThat(queue.substring(queue.indexOf("id=\"closed-requests\"")))
                .as("listed as not decided before the close")
                .contains(asksElsewhere.number());
        Http.Response opened = scrutineer.get("/ballots/replacement-requests/" + request);
        assertThat(opened.status()).as("the check page is not shown").isEqualTo(302);
        assertThat(scrutineer.get("/ballots/replacement-requests").body())
                .contains("Voting has closed: the request can no longer be decided");
        assertThat(jdbc.sql("select state from ballots.replacement_request where id = :id")
                        .param("id", request)
                        .query(String.class)
                        .single())
                .isEqualTo("WAITING");
    }

    @Test
    void aRequestStillWaitingAtTheCloseCannotBeDeclinedAfterIt_soTheReportsDeclinedFigureDoesNotMove() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter asksElsewhere = fixtures.member(null);
        fixtures.enrol(ballot, asksElsewhere);
        Http http = new Http(port);
        ReplacementFixtures.ask(http, asksElsewhere, TestMailbox.uniqueAddress("elsewhere"));
        fixtures.awaitRequestsActedOn();
        long request = fixtures.waitingRequest(ballot, asksElsewhere);
        jdbc.sql("""
                        update ballots.ballot set status = 'CLOSED', closes_at = now() - interval '1 minute',
                            closed_at = now(), log_hash = repeat('ab', 32)
                        where id = :id
                        """).param("id", ballot).update();
        TestTrustee.countNow(jdbc, ballot);
        ResultsTestData data = new ResultsTestData(jdbc, http);
        String admin = data.adminToken();
        assertThat(http.get("/api/ballots/" + ballot + "/results", admin)
                        .json()
                        .get("issuance")
                        .get("requestsDeclined")
                        .asLong())
                .isZero();

        Http scrutineer = data.signedIn(port, data.scrutineer());
        // Its check page is no longer shown after the close; a decline posted all the same is refused.
        scrutineer.get("/ballots/replacement-requests");
        Http.Response declined = scrutineer.postForm(
                "/ballots/replacement-requests/" + request + "/decline",
                Map.of("declineReason", "The member could not be reached to check"));

        assertThat(declined.status()).isEqualTo(302);
        assertThat(scrutineer.get("/ballots/replacement-requests").body())
                .contains("Voting has closed: the request can no longer be decided");
        assertThat(jdbc.sql("select state from ballots.replacement_request where id = :id")
                        .param("id", request)
                        .query(String.class)
                        .single())
                .isEqualTo("WAITING");
        assertThat(http.get("/api/ballots/" + ballot + "/results", admin)
                        .json()
                        .get("issuance")
                        .get("requestsDeclined")
                        .asLong())
                .as("the figure the scrutineer certifies, fixed at the close")
                .isZero();
        assertThat(fixtures.count(
                        "select count(*) from ballots.ballot_log where ballot_id = :ballot"
                                + " and action = 'REPLACEMENT_DECLINED'",
                        ballot))
                .isZero();
    }

    @Autowired
    RollKeeper rolls;

    @Autowired
    OutboxDispatcher dispatcher;

    @Test
    void aLinkTheScrutineerIssuedInPlaceOfAFirstThatNeverWentIsTheFirstLinkSent_noCountGoesBelowZero() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter member = fixtures.member(null);
        // The first credential's email was withdrawn unsent (so it never had a link), after the scrutineer issued a
        // link to a corrected address in its place, which went.
        for (String statement : List.of("""
                        insert into ballots.roll_entry (ballot_id, membership_number, added_at, added_by, evidence)
                        values (:ballot, :member, now(), 'test', 'test')
                        """, """
                        insert into ballots.credential (ballot_id, membership_number, issued_at, state, ended_at)
                        values (:ballot, :member, now() - interval '1 hour', 'REPLACED', now())
                        """, """
                        insert into ballots.credential (ballot_id, membership_number, issued_at, state, token_hash)
                        values (:ballot, :member, now(), 'ACTIVE', decode(md5(:member), 'hex'))
                        """, """
                        insert into ballots.replacement_request (ballot_id, membership_number, requested_email,
                            received_at, state, sent_to, decided_by, decided_at, reason)
                        values (:ballot, :member, 'typed@mail.test', now() - interval '30 minutes', 'ISSUED',
                                'checked@mail.test', 'scrutineer@ballots.test', now(), 'Member confirmed by phone')
                        """)) {
            jdbc.sql(statement)
                    .param("ballot", ballot)
                    .param("member", member.number())
                    .update();
        }

        jdbc.sql("""
                        update ballots.ballot set status = 'CLOSED', closed_at = now(), log_hash = repeat('ab', 32)
                        where id = :id
                        """).param("id", ballot).update();
        TestTrustee.countNow(jdbc, ballot);
        Results.Issuance issuance = results.result(ballot).issuance();
        assertThat(issuance.linksInAll()).as("one link went").isEqualTo(1);
        assertThat(issuance.firstLinks()).isEqualTo(1);
        assertThat(issuance.replacementsByScrutineer())
                .as("it replaced no link that went")
                .isZero();
        assertThat(issuance.replacementsOnRequest()).isZero();
    }

    @Test
    void aFirstLinkWithdrawnUnsentBecauseItWasReplacedFirstIsNotCountedAsALinkSent() {
        long ballot = fixtures.openBallot(Duration.ofHours(2), Duration.ofMinutes(-1));
        Voter member = fixtures.member(null);
        Ballot open = ballots.find(ballot).orElseThrow();
        // The first link is queued as the roll keeper queues it, and held back (a slow mail server)...
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            jdbc.sql("""
                            insert into ballots.roll_entry (ballot_id, membership_number, added_at, added_by, evidence)
                            values (:ballot, :member, now(), 'test', 'test')
                            """)
                    .param("ballot", ballot)
                    .param("member", member.number())
                    .update();
            long first = jdbc.sql("""
                            insert into ballots.credential (ballot_id, membership_number, issued_at, state)
                            values (:ballot, :member, now(), 'ACTIVE') returning id
                            """)
                    .param("ballot", ballot)
                    .param("member", member.number())
                    .query(Long.class)
                    .single();
            outbox.sendWithSecretLink(rolls.votingEmail(open, member.email()), String.valueOf(first));
            jdbc.sql("update notifications.outbox set next_attempt = now() + interval '1 hour' where recipient = :to")
                    .param("to", member.email())
                    .update();
        });
        // ...until the member, who has had nothing, asks for a link, which replaces it and goes at once.
        ReplacementFixtures.ask(new Http(port), member, member.email());
        TestMailbox.awaitMessageTo(member.email(), "Your new ballot link: " + fixtures.title(ballot));
        jdbc.sql("update notifications.outbox set next_attempt = now() where recipient = :to and status = 'PENDING'")
                .param("to", member.email())
                .update();
        dispatcher.wakeUp();
        await().atMost(TestMailbox.DEFAULT_WAIT)
                .until(() -> jdbc.sql("""
                                select status from notifications.outbox where recipient = :to and subject like 'Your ballot:%'
                                """)
                        .param("to", member.email())
                        .query(String.class)
                        .single()
                        .equals("WITHDRAWN"));

        jdbc.sql("""
                        update ballots.ballot set status = 'CLOSED', closed_at = now(), log_hash = repeat('ab', 32)
                        where id = :id
                        """).param("id", ballot).update();
        TestTrustee.countNow(jdbc, ballot);
        Results.Issuance issuance = results.result(ballot).issuance();
        assertThat(issuance.linksInAll()).as("one link went").isEqualTo(1);
        assertThat(issuance.firstLinks()).isEqualTo(1);
        assertThat(issuance.replacementsOnRequest()).isZero();
        ResultsTestData data = new ResultsTestData(jdbc, new Http(port));
        String register = data.signedIn(port, data.scrutineer())
                .get("/ballots/" + ballot + "/marked-register.csv")
                .body();
        assertThat(register.lines().filter(line -> line.startsWith(member.number() + ",")))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .matches(".*,0,0,\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d,no");
    }

    @Test
    void anEmailThatCouldNotBeDeliveredCountsForItsOwnBallotOnly() {
        ClosedBallot bounced = closed.closed("Bounced", 3, 1);
        ClosedBallot delivered = closed.closed("Delivered", 3, 1);
        Voter bouncing = bounced.members().get(2);
        Voter reached = delivered.members().get(2);
        // The emails went while the ballots were open: a link email still unsent at the close is withdrawn instead.
        whileOpen(bounced.id(), () -> {
            send(bounced.id(), ballot -> BallotEmails.replacementLink(ballot, bouncing.email()), bouncing);
            TestMailbox.awaitMessagesTo(bouncing.email(), 1);
        });
        whileOpen(delivered.id(), () -> {
            send(delivered.id(), ballot -> BallotEmails.replacementLink(ballot, reached.email()), reached);
            send(delivered.id(), ballot -> BallotEmails.alreadyVoted(ballot, reached.email()), null);
            TestMailbox.awaitMessagesTo(reached.email(), 2);
        });

        undeliverable(bouncing.email());
        undeliverable(reached.email(), "You have already voted: " + delivered.title());

        assertThat(results.result(bounced.id()).issuance().undelivered()).isEqualTo(1);
        assertThat(results.result(delivered.id()).issuance().undelivered())
                .as("an answer without a link is not a link undelivered")
                .isZero();
    }

    /** Runs {@code sending} with the ballot open until tomorrow, then closes it again as it was. */
    void whileOpen(long ballotId, Runnable sending) {
        record Window(String status, Timestamp closesAt) {}
        Window closedAs = jdbc.sql("select status, closes_at from ballots.ballot where id = :id")
                .param("id", ballotId)
                .query((rs, n) -> new Window(rs.getString(1), rs.getTimestamp(2)))
                .single();
        jdbc.sql("update ballots.ballot set status = 'OPEN', closes_at = now() + interval '1 day' where id = :id")
                .param("id", ballotId)
                .update();
        try {
            sending.run();
        } finally {
            jdbc.sql("update ballots.ballot set status = :status, closes_at = :closesAt where id = :id")
                    .param("status", closedAs.status())
                    .param("closesAt", closedAs.closesAt())
                    .param("id", ballotId)
                    .update();
        }
    }

    /** Queues a ballot's email as its senders do: with a link made for the voter's credential, if there is a voter. */
    void send(long ballotId, Function<Ballot, Email> email, Voter voter) {
        Ballot ballot = ballots.find(ballotId).orElseThrow();
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            if (voter == null) {
                outbox.send(email.apply(ballot));
            } else {
                outbox.sendWithSecretLink(email.apply(ballot), String.valueOf(credential(ballotId, voter)));
            }
        });
    }

    long credential(long ballot, Voter voter) {
        return jdbc.sql("select id from ballots.credential where ballot_id = :ballot and membership_number = :member")
                .param("ballot", ballot)
                .param("member", voter.number())
                .query(Long.class)
                .single();
    }

    void undeliverable(String to) {
        undeliverable(to, null);
    }

    /**
     * As the dispatcher leaves a message it gave up on (once it has marked it sent: the mailbox may see the message a
     * moment before the outbox row says so, and longer on a loaded machine, as the dispatcher marks its batch of up to
     * a hundred, other tests' mail among them, once the whole batch has gone).
     */
    void undeliverable(String to, String subject) {
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        jdbc.sql("""
                                update notifications.outbox set status = 'FAILED', last_error = '550 mailbox unavailable'
                                where recipient = :to and status = 'SENT'
                                  and (cast(:subject as text) is null or subject = :subject)
                                """).param("to", to).param("subject", subject).update() == 1);
    }
}
