package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.gpaction.support.HeldLocks.holding;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.gpaction.ballots.casting.Casting;
import org.gpaction.ballots.results.Results;
import org.gpaction.ballots.trustees.DecryptionShares;
import org.gpaction.ballots.trustees.ProofChecking;
import org.gpaction.ballots.trustees.Tallying;
import org.gpaction.support.GpActionTest;
import org.gpaction.support.LockWaits;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * While a ballot is open its papers' proofs are checked in the background, when the instance is not busy taking
 * votes, so that the count at the close checks only those that came in since, or that changed since their check.
 */
@GpActionTest
class ProofCheckingTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    Casting casting;

    @Autowired
    ProofChecking checking;

    @Autowired
    Tallying tallying;

    @Autowired
    DecryptionShares shares;

    @Autowired
    Results results;

    @Test
    void papersCheckedWhileTheBallotIsOpenAreNotCheckedAgainUnlessTheyChanged() throws Exception {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        byte[] forged = votesAndAForgedPaperAllChecked(fixtures, ballot, 4, 2);
        assertThat(count(
                        "select count(*) from ballots.checked_paper where ballot_id = :b and problem is not null",
                        ballot))
                .as("the forged paper is found while voting is still open")
                .isEqualTo(1);

        closeWithTheCheckerKeptOff(fixtures, ballot, () -> {
            // After its check, someone with database access changes a paper: it no longer matches what was checked.
            jdbc.sql("""
                            update ballots.ballot_paper
                            set encrypted = overlay(encrypted placing '\\x00'::bytea from length(encrypted) for 1)
                            where paper_id = (select paper_id from ballots.ballot_paper p where p.ballot_id = :b
                                              and p.tracker <> sha256(:forged) order by paper_id limit 1)
                            """).param("b", ballot).param("forged", forged).update();
        });
        TestTrustee.count(jdbc, tallying, shares, ballot);

        Results.Result result = results.result(ballot);
        assertThat(result.returned()).isEqualTo(8);
        assertThat(result.spoilt()).as("the forged paper and the changed one").isEqualTo(2);
        assertThat(result.options().stream()
                        .mapToLong(Results.OptionResult::votes)
                        .sum())
                .isEqualTo(6);
        assertThat(tallied(ballot))
                .contains("6 papers whose proofs held; 2 spoilt")
                .contains("7 papers' proofs were checked while voting was open")
                .as("a paper in the sums kept while checking was changed since, so they are not used")
                .contains("the sums kept as they were checked did not match the papers");
        assertThat(checked(ballot))
                .as("nothing is left that tells which papers came in last")
                .isZero();
    }

    @Test
    void theCountAddsTheSumsKeptWhileTheBallotWasOpenAndOnlyMatchesThePapersInThem() throws Exception {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        votesAndAForgedPaperAllChecked(fixtures, ballot, 5, 2);
        assertThat(count("select coalesce(sum(papers), 0) from ballots.checked_sum where ballot_id = :b", ballot))
                .as("the seven papers whose proofs hold are summed as they are checked; the forged one is not")
                .isEqualTo(7);

        closeWithTheCheckerKeptOff(fixtures, ballot, () -> {});
        TestTrustee.count(jdbc, tallying, shares, ballot);

        Results.Result result = results.result(ballot);
        assertThat(result.returned()).isEqualTo(9);
        assertThat(result.spoilt()).as("the forged paper").isEqualTo(1);
        assertThat(result.options())
                .extracting(Results.OptionResult::votes)
                .as("five for the first option, two checked and one late for the second")
                .containsExactly(5L, 3L);
        assertThat(tallied(ballot))
                .contains("8 papers whose proofs held; 1 spoilt")
                .contains("8 papers' proofs were checked while voting was open")
                .contains("those whose proofs held, 7, were matched to the sums kept as they were checked");
        assertThat(count("select count(*) from ballots.checked_sum where ballot_id = :b", ballot))
                .as("the sums go with the checks at the count")
                .isZero();
    }

    @Test
    void aKeptSumThatCannotBeReadIsSetAsideAndEveryPaperAddedAgain() throws Exception {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        votesAndAForgedPaperAllChecked(fixtures, ballot, 3, 1);

        closeWithTheCheckerKeptOff(
                fixtures,
                ballot,
                () -> jdbc.sql("update ballots.checked_sum set sums = '\\x00'::bytea where ballot_id = :b")
                        .param("b", ballot)
                        .update());
        TestTrustee.count(jdbc, tallying, shares, ballot);

        assertThat(results.result(ballot).options())
                .extracting(Results.OptionResult::votes)
                .containsExactly(3L, 2L);
        assertThat(tallied(ballot)).contains("the sums kept as they were checked did not match the papers");
    }

    @Test
    void aBallotThatCannotBeCountedDoesNotKeepALaterOneWaiting() {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long broken = fixtures.openBallot(Duration.ofHours(1));
        long later = fixtures.openBallot(Duration.ofHours(1));
        casting.cast(fixtures.credential(broken, "BROKEN-" + UUID.randomUUID()), 0);
        casting.cast(fixtures.credential(later, "LATER-" + UUID.randomUUID()), 1);
        // The first ballot's totals cannot be stored, as if the database refused the write.
        jdbc.sql("""
                        create function ballots.refuse_tally_for_test() returns trigger language plpgsql as $$
                        begin
                            raise exception 'refused for the test';
                        end $$
                        """).update();
        jdbc.sql("create trigger refuse_tally_for_test before update of tally on ballots.ballot for each row"
                        + " when (new.id = " + broken + " and new.tally is not null)"
                        + " execute function ballots.refuse_tally_for_test()")
                .update();
        try {
            fixtures.closeNow(broken);
            fixtures.closeNow(later);

            tallying.tick();

            // The scheduled count may hold the later ballot as this tick reaches it (each is claimed with SKIP LOCKED):
            // then it is counted by that one, a moment later, or several on a loaded machine.
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(count(
                                    "select count(*) from ballots.ballot where id = :b and tally is not null", later))
                            .as("the later ballot is counted")
                            .isEqualTo(1));
            assertThat(count("select count(*) from ballots.ballot where id = :b and tally is null", broken))
                    .isEqualTo(1);
        } finally {
            jdbc.sql("drop trigger refuse_tally_for_test on ballots.ballot").update();
            jdbc.sql("drop function ballots.refuse_tally_for_test()").update();
        }
        tallying.tally(broken);
        assertThat(count("select count(*) from ballots.ballot where id = :b and tally is not null", broken))
                .as("counted once it can be")
                .isEqualTo(1);
    }

    @Test
    void aBatchBeingCheckedAsTheBallotClosesIsTakenWholeByTheCountWhichWaitsForIt() throws Exception {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        int papers = ProofChecking.BATCH + 12;
        for (int i = 0; i < papers; i++) {
            casting.cast(fixtures.credential(ballot, "HANDOVER-" + i + "-" + UUID.randomUUID()), i % 3 == 0 ? 1 : 0);
        }
        long seconds = IntStream.range(0, papers).filter(i -> i % 3 == 0).count();
        long firsts = papers - seconds;
        // The batch's first paper is held by a check this connection has written and not committed: the checker checks
        // its whole batch, then waits at recording it, holding the ballot's checking lock (as a slow batch would).
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (Connection holdingOnePaper = dataSource.getConnection()) {
            holdingOnePaper.setAutoCommit(false);
            try (PreparedStatement check = holdingOnePaper.prepareStatement("""
                    insert into ballots.checked_paper (ballot_id, sha256, problem)
                    select ballot_id, tracker, null from ballots.ballot_paper where ballot_id = ?
                    order by tracker limit 1
                    """)) {
                check.setLong(1, ballot);
                assertThat(check.executeUpdate()).isEqualTo(1);
            }
            Future<Integer> batch = threads.submit(() -> checking.checkBatch(ballot));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> LockWaits.waiting(jdbc, "insert into ballots.checked_paper") == 1);

            fixtures.closeNow(ballot);
            Future<?> count = threads.submit(() -> tallying.tally(ballot));
            await("the count waits for the batch begun before the close")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> LockWaits.waiting(jdbc, VotingFixtures.CHECKING_LOCK) >= 1);
            assertThat(count).isNotDone();
            assertThat(checking.checkBatch(ballot))
                    .as("no other batch begins while one is being checked")
                    .isZero();

            holdingOnePaper.rollback();
            assertThat(batch.get(60, TimeUnit.SECONDS))
                    .as("the held batch, recorded once let go")
                    .isEqualTo(ProofChecking.BATCH);
            count.get(60, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
        assertThat(checking.checkBatch(ballot))
                .as("no batch begins after the close")
                .isZero();
        TestTrustee.count(jdbc, tallying, shares, ballot);

        Results.Result result = results.result(ballot);
        assertThat(result.returned()).isEqualTo(papers);
        assertThat(result.spoilt()).isZero();
        assertThat(result.options()).extracting(Results.OptionResult::votes).containsExactly(firsts, seconds);
        assertThat(tallied(ballot))
                .as("the count read the batch's checks and sums, committed while it waited")
                .contains(ProofChecking.BATCH + " papers' proofs were checked while voting was open")
                .contains("those whose proofs held, " + ProofChecking.BATCH
                        + ", were matched to the sums kept as they were checked");
        assertThat(checked(ballot))
                .as("the count removed the batch's checks with the rest")
                .isZero();
        assertThat(count("select count(*) from ballots.checked_sum where ballot_id = :b", ballot))
                .isZero();
    }

    /**
     * Casts votes for the first option and the second, stuffs in a paper whose proofs fail (as someone with the
     * database might), and checks them all as the background check would while the ballot is open; answers the
     * forged paper's bytes.
     */
    private byte[] votesAndAForgedPaperAllChecked(VotingFixtures fixtures, long ballot, int first, int second) {
        for (int i = 0; i < first + second; i++) {
            casting.cast(fixtures.credential(ballot, "CHECK-" + i + "-" + UUID.randomUUID()), i < first ? 0 : 1);
        }
        byte[] forged = TestTrustee.forgedPaper(jdbc, ballot);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            checking.checkBatch(ballot);
            return checked(ballot) == first + second + 1;
        });
        return forged;
    }

    /**
     * Does {@code meanwhile}, casts one last vote (for the second option) and closes the ballot, with the background
     * checker, which runs on its own schedule, kept off the ballot throughout (by the advisory lock it takes per
     * ballot): the late vote is one the count has to check itself.
     */
    private void closeWithTheCheckerKeptOff(VotingFixtures fixtures, long ballot, Runnable meanwhile) throws Exception {
        try (Connection holdingTheCheckersLock = holding(dataSource, ProofChecking.LOCK, ballot)) {
            meanwhile.run();
            casting.cast(fixtures.credential(ballot, "CHECK-late-" + UUID.randomUUID()), 1);
            fixtures.closeNow(ballot);
            holdingTheCheckersLock.commit();
        }
    }

    private String tallied(long ballot) {
        return jdbc.sql("select detail from ballots.ballot_log where ballot_id = :b and action = 'TALLIED'")
                .param("b", ballot)
                .query(String.class)
                .single();
    }

    private long checked(long ballot) {
        return count("select count(*) from ballots.checked_paper where ballot_id = :b", ballot);
    }

    private long count(String sql, long ballot) {
        return jdbc.sql(sql).param("b", ballot).query(Long.class).single();
    }
}
