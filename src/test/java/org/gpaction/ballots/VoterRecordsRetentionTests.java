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
import org.gpaction.ballots.ballot.BallotEmails;
import org.gpaction.ballots.ballot.BallotLinks;
import org.gpaction.ballots.results.Results;
import org.gpaction.ballots.retention.VoterRecords;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.Http;
import org.gpaction.support.TestAdmin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A year after a ballot's result is published, what it kept about its voters is deleted: the roll, every link,
 * replacement requests, corrected addresses, who was reminded and the member details in its log. The result, the
 * turnout, the scrutineer's figures, the papers and their seal read exactly as before.
 */
@GpActionTest
class VoterRecordsRetentionTests {

    /** The ballot's emails that never went: those the outbox gave up on or withdrew. */
    private static final String UNSENT = """
            select count(*) from notifications.outbox
            where about = 'ballot:' || :b and status in ('FAILED', 'WITHDRAWN')
            """;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Results results;

    @Autowired
    VoterRecords voterRecords;

    @Autowired
    PlatformTransactionManager transactions;

    PublishedResultFixtures fixtures;
    ResultsTestData data;

    @BeforeEach
    void fixtures() {
        fixtures = new PublishedResultFixtures(jdbc, results);
        data = new ResultsTestData(jdbc, new Http(port));
    }

    @Test
    void aYearAfterPublicationTheVotersAreForgottenAndEveryFigureReadsTheSame() {
        ClosedBallot ballot = published("Retention", 5, 2, 1);
        Voter replaced = ballot.members().get(3);
        Voter corrected = ballot.members().get(4);
        everyKindOfVoterRecord(ballot, replaced, corrected);
        ClosedBallot recent = published("Retention, published recently", 2, 1);
        undeliveredEmail(ballot, replaced, "FAILED");
        undeliveredEmail(ballot, corrected, "WITHDRAWN");
        undeliveredEmail(recent, recent.members().get(0), "FAILED");

        // A member refused after the scrutineer's check of a role they declared: the check and its log entry name them.
        Voter refused = ballot.members().get(2);
        jdbc.sql("""
                        insert into ballots.roll_check (ballot_id, membership_number, role, practice_ods, evidence,
                            declared_at, waiting_since, state, decided_at, decided_by, reason)
                        values (:b, :m, 'CONTRACTOR_PARTNER', 'A81001', 'evidence', now(), now(), 'REFUSED', now(),
                            'scrutineer@test', 'Not on the GMC register')
                        """).param("b", ballot.id()).param("m", refused.number()).update();
        jdbc.sql("""
                        insert into ballots.ballot_log (ballot_id, at, actor, action, detail)
                        values (:b, now(), 'scrutineer@test', 'ROLL_CHECK_REFUSED', :detail)
                        """)
                .param("b", ballot.id())
                .param("detail", "Refused the role member " + refused.number() + " declared")
                .update();
        Results.Result result = results.result(ballot.id());
        Results.Turnout turnout = results.turnout(ballot.id());
        List<Results.AreaTurnout> byIcb = results.turnoutByIcb(ballot.id());
        List<Results.AreaTurnout> byLmc = results.turnoutByLmc(ballot.id());
        List<Results.DayTurnout> byDay = results.turnoutByDay(ballot.id());
        assertThat(result.eligible()).isEqualTo(5);
        assertThat(result.issuance().replacementsByScrutineer()).isEqualTo(1);
        assertThat(result.issuance().requestsDeclined()).isEqualTo(1);
        assertThat(result.issuance().undelivered()).isEqualTo(1);
        assertThat(byIcb).extracting(Results.AreaTurnout::area).contains("QRV", "QWE");

        assertThat(voterRecords.forgetDue())
                .as("nothing is due a day after publication")
                .isZero();
        assertThat(count("select count(*) from ballots.roll_entry where ballot_id = :b", ballot.id()))
                .isEqualTo(5);

        // Made due and forgotten in one transaction, which the job joins: its scheduled run cannot take it first.
        Integer forgotten = new TransactionTemplate(transactions).execute(due -> {
            publishedDaysAgo(ballot.id(), 367);
            return voterRecords.forgetDue();
        });
        assertThat(forgotten).isEqualTo(1);

        for (String table : List.of("roll_entry", "credential", "replacement_request", "ballot_address")) {
            assertThat(count("select count(*) from ballots." + table + " where ballot_id = :b", ballot.id()))
                    .as(table)
                    .isZero();
        }
        assertThat(count("""
                        select count(*) from ballots.reminder_sent s join ballots.reminder_round r on r.id = s.round_id
                        where r.ballot_id = :b
                        """, ballot.id())).isZero();
        assertThat(count("select count(*) from ballots.earlier_link where token_hash = '\\x0102'::bytea", 0))
                .isZero();
        for (Voter member : ballot.members()) {
            assertThat(count(
                            "select count(*) from ballots.ballot_log where ballot_id = :b and (detail like '%"
                                    + member.number() + "%' or detail like '%" + member.email() + "%')",
                            ballot.id()))
                    .as("no log entry names member %s", member.number())
                    .isZero();
        }
        assertThat(count(UNSENT, ballot.id()))
                .as("the emails to voters that never went go with the roll, their count kept")
                .isZero();
        assertThat(count(UNSENT, recent.id())).isOne();
        assertThat(count(
                        "select count(*) from ballots.ballot_log where ballot_id = :b and action = 'REPLACEMENT_ISSUED'",
                        ballot.id()))
                .as("the entries stay, only who they were about goes")
                .isEqualTo(1);

        assertThat(count("""
                        select count(*) from ballots.roll_check
                        where ballot_id = :b and state = 'REFUSED' and membership_number is null and reason is null
                        """, ballot.id()))
                .as("the check stays to be counted, without whom it was about")
                .isOne();
        assertThat(results.result(ballot.id())).isEqualTo(result);
        assertThat(results.turnout(ballot.id())).isEqualTo(turnout);
        assertThat(results.turnoutByIcb(ballot.id())).isEqualTo(byIcb);
        assertThat(results.turnoutByLmc(ballot.id())).isEqualTo(byLmc);
        assertThat(results.turnoutByDay(ballot.id())).isEqualTo(byDay);
        assertThat(results.checkSeal(ballot.id()).unchanged()).isTrue();
        assertThat(count("select count(*) from ballots.ballot_paper where ballot_id = :b", ballot.id()))
                .isEqualTo(3);

        assertThat(count("select count(*) from ballots.roll_entry where ballot_id = :b", recent.id()))
                .as("a ballot published within the period keeps its roll")
                .isEqualTo(2);
        assertThat(voterRecords.forgetDue()).as("a ballot is forgotten once").isZero();
        assertThat(count(
                        "select count(*) from ballots.ballot_log where ballot_id = :b and action = 'VOTER_RECORDS_DELETED'",
                        ballot.id()))
                .isEqualTo(1);

        Http scrutineer = data.signedIn(port, data.scrutineer());
        Http.Response register = scrutineer.get("/ballots/" + ballot.id() + "/marked-register.csv");
        assertThat(register.status()).isEqualTo(410);
        assertThat(register.body()).contains("The marked register has been deleted");
        assertThat(scrutineer.get("/ballots/" + ballot.id()).body())
                .contains("id=\"voters-forgotten\"")
                .doesNotContain("marked-register.csv");
        assertThat(scrutineer.get("/ballots/" + recent.id()).body()).contains("marked-register.csv");
        Http admin = new Http(port);
        admin.signIn(TestAdmin.EMAIL, TestAdmin.PASSWORD);
        assertThat(admin.get("/ballots/" + ballot.id() + "/report").body())
                .contains("none has changed since the close");
        assertThat(new Http(port).get("/privacy").body()).contains("1 year after the ballot&#39;s result is published");
    }

    @Test
    void instancesForgettingAtOnceForgetEachBallotOnce() throws Exception {
        boolean shared = false;
        for (int round = 0; round < 5 && !shared; round++) {
            List<Long> due = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                long id = published("Retention race", 3, 1, 1).id();
                publishedDaysAgo(id, 400);
                due.add(id);
            }
            // Only these threads forget ballots: the job is off the schedule on the test database
            // (JobsOffTheSchedule), so between them they forget every ballot due, each once.
            int threads = 3;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    return voterRecords.forgetDue();
                }));
            }
            start.countDown();
            int total = 0;
            int working = 0;
            for (Future<Integer> f : done) {
                int n = f.get();
                total += n;
                working += n > 0 ? 1 : 0;
            }
            pool.shutdown();
            assertThat(total).isEqualTo(due.size());
            for (long id : due) {
                assertThat(count(
                                "select count(*) from ballots.ballot_log where ballot_id = :b"
                                        + " and action = 'VOTER_RECORDS_DELETED'",
                                id))
                        .isEqualTo(1);
                assertThat(count("select count(*) from ballots.roll_entry where ballot_id = :b", id))
                        .isZero();
                assertThat(results.turnout(id).eligible()).isEqualTo(3);
            }
            shared = working > 1;
        }
        assertThat(shared)
                .as("in some round more than one instance forgot ballots")
                .isTrue();
    }

    private ClosedBallot published(String title, int entitled, int... votes) {
        ClosedBallot ballot = fixtures.closed(title, entitled, votes);
        fixtures.certify(ballot.id(), "");
        results.publish(ballot.id(), "scrutineer@ballots.test");
        return ballot;
    }

    private void publishedDaysAgo(long id, int days) {
        jdbc.sql("update ballots.ballot set published_at = now() - make_interval(days => :days) where id = :id")
                .param("days", days)
                .param("id", id)
                .update();
    }

    private void everyKindOfVoterRecord(ClosedBallot ballot, Voter replaced, Voter corrected) {
        jdbc.sql("""
                        update ballots.roll_entry
                        set icb_code = case when membership_number = any(:east) then 'QRV' else 'QWE' end,
                            lmc = case when membership_number = any(:east) then 'East LMC' else null end
                        where ballot_id = :b
                        """)
                .param("east", new String[] {
                    ballot.members().get(0).number(), ballot.members().get(3).number()
                })
                .param("b", ballot.id())
                .update();
        jdbc.sql("""
                        update ballots.credential set state = 'REPLACED', ended_at = now()
                        where ballot_id = :b and membership_number = :m
                        """).param("b", ballot.id()).param("m", replaced.number()).update();
        long credential = jdbc.sql("""
                        insert into ballots.credential (ballot_id, membership_number, issued_at, state)
                        values (:b, :m, now(), 'ACTIVE') returning id
                        """)
                .param("b", ballot.id())
                .param("m", replaced.number())
                .query(Long.class)
                .single();
        jdbc.sql("""
                        insert into ballots.earlier_link (token_hash, credential_id, superseded_at)
                        values ('\\x0102'::bytea, :c, now())
                        """).param("c", credential).update();
        jdbc.sql("""
                        insert into ballots.replacement_request (ballot_id, membership_number, requested_email,
                            received_at, state, sent_to, decided_by, decided_at, reason)
                        values (:b, :m, :email, now(), 'ISSUED', :email, 'scrutineer@ballots.test', now(), 'Phoned'),
                               (:b, :m, 'someone@else.test', now(), 'DECLINED', null, 'scrutineer@ballots.test',
                                now(), 'Not them')
                        """)
                .param("b", ballot.id())
                .param("m", replaced.number())
                .param("email", replaced.email())
                .update();
        jdbc.sql("""
                        insert into ballots.ballot_address (ballot_id, membership_number, email, set_by, set_at, reason)
                        values (:b, :m, 'new@address.test', 'scrutineer@ballots.test', now(), 'Checked by phone')
                        """).param("b", ballot.id()).param("m", corrected.number()).update();
        long round = jdbc.sql("""
                        insert into ballots.reminder_round (ballot_id, round_key, started_by, started_at, sent)
                        values (:b, 'manual-retention', 'test', now(), 1) returning id
                        """).param("b", ballot.id()).query(Long.class).single();
        jdbc.sql("insert into ballots.reminder_sent (round_id, membership_number) values (:r, :m)")
                .param("r", round)
                .param("m", corrected.number())
                .update();
        jdbc.sql("""
                        insert into ballots.ballot_log (ballot_id, at, actor, action, detail)
                        values (:b, now(), 'scrutineer@ballots.test', 'REPLACEMENT_ISSUED', :issued),
                               (:b, now(), 'scrutineer@ballots.test', 'EMAIL_CORRECTED', :corrected)
                        """)
                .param("b", ballot.id())
                .param("issued", "New link for " + replaced.number() + " sent to " + replaced.email())
                .param(
                        "corrected",
                        "Ballot email for " + corrected.number() + " corrected from " + corrected.email()
                                + " to new@address.test: Checked by phone")
                .update();
    }

    /** A voting link's email the outbox gave up on, or withdrew unsent, as it leaves them. */
    private void undeliveredEmail(ClosedBallot ballot, Voter voter, String status) {
        jdbc.sql("""
                        insert into notifications.outbox (recipient, subject, category, status, attempts, next_attempt,
                            created_at, last_attempt, about, last_error)
                        values (:to, 'Your voting link', :category, :status, 1, now(), now(), now(), :about, 'refused')
                        """)
                .param("to", voter.email())
                .param("category", BallotLinks.CATEGORY)
                .param("status", status)
                .param("about", BallotEmails.about(ballot.id()))
                .update();
    }

    private long count(String sql, long ballot) {
        return jdbc.sql(sql).param("b", ballot).query(Long.class).single();
    }
}
