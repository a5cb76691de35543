package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gpaction.ballots.PublishedResultFixtures.ClosedBallot;
import org.gpaction.ballots.ReplacementFixtures.Voter;
import org.gpaction.ballots.ballot.Ballot;
import org.gpaction.ballots.results.Results;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.gpaction.support.TestMailbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishing a result emails everyone on the roll, voted or not, once, from the scrutineer: the mail is written in
 * the publishing transaction, so it exists only if the publication commits, and only one publication can.
 */
@GpActionTest
class ResultPublicationTests {

    static final int THREADS = 4;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Results results;

    @Autowired
    PlatformTransactionManager transactions;

    PublishedResultFixtures fixtures;

    @BeforeEach
    void fixtures() {
        fixtures = new PublishedResultFixtures(jdbc, results);
    }

    @Test
    void everyMemberOnTheRollIsEmailedTheResultFromTheScrutineerWithHowToCheckTheirReceipt() throws Exception {
        ClosedBallot ballot = fixtures.closed("Result mail", 4, 2, 1);
        Voter corrected = ballot.members().get(3);
        String correctedTo = TestMailbox.uniqueAddress("corrected");
        jdbc.sql("""
                        insert into ballots.ballot_address (ballot_id, membership_number, email, set_by, set_at, reason)
                        values (:ballot, :member, :email, 'scrutineer@ballots.test', now(), 'Checked by phone')
                        """)
                .param("ballot", ballot.id())
                .param("member", corrected.number())
                .param("email", correctedTo)
                .update();
        fixtures.certify(ballot.id(), "");

        ResultsTestData data = new ResultsTestData(jdbc, new Http(port));
        Http.Response published =
                new Http(port).postJson("/api/ballots/" + ballot.id() + "/publish", "{}", data.adminToken());
        assertThat(published.status()).as(published.body()).isEqualTo(200);

        List<String> inboxes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            inboxes.add(ballot.members().get(i).email());
        }
        inboxes.add(correctedTo);
        for (String inbox : inboxes) {
            TestMailbox.Message result = TestMailbox.awaitMessageTo(inbox);
            assertThat(result.subject()).isEqualTo("Result: " + ballot.title());
            assertThat(result.body())
                    .contains("Yes: 2 votes (66.7% of valid votes)")
                    .contains("No: 1 vote (33.3% of valid votes)")
                    .contains("3 of the 4 members entitled to vote returned a ballot paper: a turnout of 75.0%")
                    .contains("without qualification")
                    .contains("/results/" + ballot.id())
                    .contains("/receipts/" + ballot.id())
                    .contains("Capitals, spaces and dashes do not matter");
            ScrutineerMailTests.assertFromTheScrutineer(result);
        }
        assertThat(TestMailbox.messagesTo(corrected.email()))
                .as("the address the scrutineer corrected is used, not the registered one")
                .isEmpty();
        assertThat(jdbc.sql("select result_emailed from ballots.ballot where id = :id")
                        .param("id", ballot.id())
                        .query(Integer.class)
                        .single())
                .isEqualTo(4);
        assertThat(jdbc.sql("select detail from ballots.ballot_log where ballot_id = :id and action = 'PUBLISHED'")
                        .param("id", ballot.id())
                        .query(String.class)
                        .single())
                .endsWith("and emailed to 4 members on the roll");
    }

    @Test
    void aRollOfOneIsToldOfInTheSingularInTheLogTheEmailAndThePublicResult() {
        ClosedBallot ballot = fixtures.closed("Result to one", 1, 1);
        fixtures.certify(ballot.id(), "");

        results.publish(ballot.id(), "scrutineer@ballots.test");

        assertThat(jdbc.sql("select detail from ballots.ballot_log where ballot_id = :id and action = 'PUBLISHED'")
                        .param("id", ballot.id())
                        .query(String.class)
                        .single())
                .endsWith("and emailed to 1 member on the roll");
        assertThat(TestMailbox.awaitMessageTo(ballot.members().get(0).email()).body())
                .contains("1 of the 1 member entitled to vote returned a ballot paper: a turnout of 100.0%");
        String page = new Http(port).get("/results/" + ballot.id()).body().replaceAll("\\s+", " ");
        assertThat(page)
                .contains("<span id=\"entitled\">1</span> member entitled to vote returned a ballot paper")
                .contains("(ZIP, 1 paper)");
    }

    @Test
    void theNumberEmailedTheResultIsShownOnTheResultPageAndTheReportOncePublished() {
        ClosedBallot ballot = fixtures.closed("Result mail counted", 3, 1, 1);
        fixtures.certify(ballot.id(), "");
        Http pages = new Http(port);
        pages.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        assertThat(pages.get("/ballots/" + ballot.id() + "/report").body()).doesNotContain("id=\"result-emailed\"");

        results.publish(ballot.id(), "scrutineer@ballots.test");

        for (String page : List.of("/results", "/report")) {
            assertThat(pages.get("/ballots/" + ballot.id() + page).body())
                    .as(page)
                    .contains("Members on the roll emailed the result when it was published")
                    .contains("id=\"result-emailed\">3<");
        }
    }

    @Test
    void publicationsRacingEachOtherPublishOnceAndEmailEachMemberOnce() throws Exception {
        for (int round = 0; round < 3; round++) {
            ClosedBallot ballot = fixtures.closed("Raced publication", 3, 1, 1);
            fixtures.certify(ballot.id(), "");

            List<Object> outcomes = race(() -> results.publish(ballot.id(), "scrutineer@ballots.test"));

            assertThat(outcomes.stream().filter(Ballot.class::isInstance))
                    .as("published once")
                    .hasSize(1);
            assertThat(outcomes.stream().filter(Results.NotPublishable.class::isInstance))
                    .as("every other attempt found it published")
                    .hasSize(THREADS - 1);
            assertThat(fixtures.status(ballot.id())).isEqualTo("PUBLISHED");
            assertThat(fixtures.resultEmailsTo(ballot.members())).isEqualTo(3);
            for (Voter member : ballot.members()) {
                assertThat(TestMailbox.awaitMessagesTo(member.email(), 1)).hasSize(1);
            }
            assertThat(jdbc.sql(
                                    "select count(*) from ballots.ballot_log where ballot_id = :id and action = 'PUBLISHED'")
                            .param("id", ballot.id())
                            .query(Long.class)
                            .single())
                    .isEqualTo(1);
        }
    }

    @Test
    void aPublicationThatDoesNotCommitLeavesNoMail() {
        ClosedBallot ballot = fixtures.closed("Rolled back", 2, 1);
        fixtures.certify(ballot.id(), "");

        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            results.publish(ballot.id(), "scrutineer@ballots.test");
            assertThat(fixtures.resultEmailsTo(ballot.members()))
                    .as("written in the transaction")
                    .isEqualTo(2);
            status.setRollbackOnly();
        });

        assertThat(fixtures.status(ballot.id())).isEqualTo("CLOSED");
        assertThat(fixtures.resultEmailsTo(ballot.members())).isZero();
    }

    @Test
    void aResultNotCertifiedIsNeitherPublishedNorEmailed() {
        ClosedBallot ballot = fixtures.closed("Not certified", 2, 1);

        Http.Response refused = new Http(port)
                .postJson(
                        "/api/ballots/" + ballot.id() + "/publish",
                        "{}",
                        new ResultsTestData(jdbc, new Http(port)).adminToken());

        assertThat(refused.status()).isEqualTo(409);
        assertThat(fixtures.status(ballot.id())).isEqualTo("CLOSED");
        assertThat(fixtures.resultEmailsTo(ballot.members())).isZero();
    }

    interface Attempt {
        Object run();
    }

    static List<Object> race(Attempt attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch ready = new CountDownLatch(THREADS);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    start.await();
                    try {
                        return attempt.run();
                    } catch (Results.NotPublishable e) {
                        return e;
                    }
                }));
            }
            ready.await();
            start.countDown();
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> future : futures) {
                outcomes.add(future.get());
            }
            return outcomes;
        } finally {
            pool.shutdown();
        }
    }
}
