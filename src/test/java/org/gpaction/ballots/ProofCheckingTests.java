package org.gpaction.ballots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.gpaction.ballots.casting.Casting;
import org.gpaction.ballots.results.Results;
import org.gpaction.ballots.trustees.DecryptionShares;
import org.gpaction.ballots.trustees.ProofChecking;
import org.gpaction.ballots.trustees.Tallying;
import org.gpaction.support.GpActionTest;
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
        for (int i = 0; i < 6; i++) {
            casting.cast(fixtures.credential(ballot, "CHECK-" + i + "-" + UUID.randomUUID()), i < 4 ? 0 : 1);
        }
        byte[] forged = TestTrustee.election(jdbc, ballot)
                .encrypt(0, new SecureRandom())
                .encode();
        forged[forged.length - 1] ^= 1;
        jdbc.sql("""
                        insert into ballots.ballot_paper (paper_id, ballot_id, encrypted, tracker, cast_on)
                        values (gen_random_uuid(), :ballot, :encrypted, sha256(:encrypted), current_date)
                        """).param("ballot", ballot).param("encrypted", forged).update();

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            checking.checkBatch(ballot);
            return checked(ballot) == 7;
        });
        assertThat(count(
                        "select count(*) from ballots.checked_paper where ballot_id = :b and problem is not null",
                        ballot))
                .as("the forged paper is found while voting is still open")
                .isEqualTo(1);

        // The background checker, which runs on its own schedule, is kept off this ballot from here to the close (by
        // the advisory lock it takes per ballot), so the late vote below is one the count has to check itself.
        try (Connection holdingTheCheckersLock = dataSource.getConnection()) {
            holdingTheCheckersLock.setAutoCommit(false);
            try (PreparedStatement lock = holdingTheCheckersLock.prepareStatement(ProofChecking.LOCK)) {
                lock.setLong(1, ballot);
                lock.execute();
            }
            // After its check, someone with database access changes a paper: it no longer matches what was checked.
            jdbc.sql("""
                            update ballots.ballot_paper
                            set encrypted = overlay(encrypted placing '\\x00'::bytea from length(encrypted) for 1)
                            where paper_id = (select paper_id from ballots.ballot_paper p where p.ballot_id = :b
                                              and p.tracker <> sha256(:forged) order by paper_id limit 1)
                            """).param("b", ballot).param("forged", forged).update();
            casting.cast(fixtures.credential(ballot, "CHECK-late-" + UUID.randomUUID()), 1);
            fixtures.closeNow(ballot);
            holdingTheCheckersLock.commit();
        }
        TestTrustee.count(jdbc, tallying, shares, ballot);

        Results.Result result = results.result(ballot);
        assertThat(result.returned()).isEqualTo(8);
        assertThat(result.spoilt()).as("the forged paper and the changed one").isEqualTo(2);
        assertThat(result.options().stream()
                        .mapToLong(Results.OptionResult::votes)
                        .sum())
                .isEqualTo(6);
        assertThat(jdbc.sql("select detail from ballots.ballot_log where ballot_id = :b and action = 'TALLIED'")
                        .param("b", ballot)
                        .query(String.class)
                        .single())
                .contains("6 papers whose proofs held; 2 spoilt")
                .contains("7 papers' proofs were checked while voting was open");
        assertThat(checked(ballot))
                .as("nothing is left that tells which papers came in last")
                .isZero();
    }

    @Test
    void checkingGivesWayWhileVotesAreComingIn() throws Exception {
        VotingFixtures fixtures = new VotingFixtures(jdbc);
        long ballot = fixtures.openBallot(Duration.ofHours(1));
        AtomicBoolean voting = new AtomicBoolean(true);
        AtomicInteger cast = new AtomicInteger();
        Thread voters = new Thread(() -> {
            while (voting.get()) {
                casting.cast(fixtures.credential(ballot, "BUSY-" + UUID.randomUUID()), cast.get() % 2);
                cast.incrementAndGet();
                // About 20 votes a second: busy by the quiet mark, without thousands of papers to check afterwards.
                LockSupport.parkNanos(40_000_000);
            }
        });
        voters.start();
        try {
            // The checker looks every 5 s and between its batches: let a whole look pass inside the busy spell first.
            Thread.sleep(6_000);
            long before = checked(ballot);
            int castBefore = cast.get();
            Thread.sleep(11_000);
            assertThat(cast.get() - castBefore)
                    .as("votes came in faster than the quiet mark (10 a second)")
                    .isGreaterThan(11 * 10);
            assertThat(checked(ballot))
                    .as("no paper is checked while votes keep coming in")
                    .isEqualTo(before);
        } finally {
            voting.set(false);
            voters.join();
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> checked(ballot)
                        == count("select count(*) from ballots.ballot_paper where ballot_id = :b", ballot));
        assertThat(checked(ballot)).isEqualTo(cast.get());
    }

    private long checked(long ballot) {
        return count("select count(*) from ballots.checked_paper where ballot_id = :b", ballot);
    }

    private long count(String sql, long ballot) {
        return jdbc.sql(sql).param("b", ballot).query(Long.class).single();
    }
}
